/** A capture's exchanges as a live session (the TUI's) keeps them and as a batch report holds them, in report order. */
import type { Transaction } from '../../src/report/types.js';
import { AnalysisSession } from '../../src/session.js';

async function transactions(file: string, live: boolean): Promise<readonly Transaction[]> {
  const session = new AnalysisSession({ live });
  await session.read([file]);
  return session.report().transactions;
}

export async function liveAndBatch(file: string): Promise<{ live: readonly Transaction[]; batch: readonly Transaction[] }> {
  return { live: await transactions(file, true), batch: await transactions(file, false) };
}
