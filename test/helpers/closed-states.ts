/**
 * The analyser's closed transactions of a capture, as the batch outputs receive them (kept ones, in closing
 * order). Retained, so that their steps stay readable after the hook (a transaction let go keeps them only for
 * the call).
 */
import type { TxState } from '../../src/analyze/types.js';
import type { CaptureInput } from '../../src/capture/reader.js';
import { AnalysisSession, type SessionOptions } from '../../src/session.js';

export async function closedStates(source: CaptureInput | readonly CaptureInput[], options: SessionOptions = {}): Promise<TxState[]> {
  const states: TxState[] = [];
  const session = new AnalysisSession({ ...options, retainTransactions: true, hooks: { onTransaction: (tx) => void (tx.kept && states.push(tx)) } });
  await session.read(Array.isArray(source) ? source : [source as CaptureInput]);
  return states;
}
