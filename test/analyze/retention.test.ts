/**
 * A streamed report lets each transaction go as it closes (retainTransactions: false). Everything else in the
 * report must come out the same as when every transaction is kept: findings, leases, servers, clients.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TxState } from '../../src/analyze/types.js';
import { transactionOfState } from '../../src/report/build.js';
import { AnalysisSession } from '../../src/session.js';
import { allCaptureFiles, nonEmpty, skipNoteWhenNoShared } from '../helpers/shared-captures.js';

const files = allCaptureFiles();

describe('letting closed transactions go', () => {
  skipNoteWhenNoShared('retention');
  nonEmpty('captures', files);
  it.each(files.map((f) => [path.basename(f), f]))('changes nothing but the transaction list: %s', async (_name, file) => {
    const kept = new AnalysisSession({});
    await kept.read([file], [file]);
    const closed: TxState[] = [];
    const streamed = new AnalysisSession({ retainTransactions: false, hooks: { onTransaction: (tx) => closed.push(tx) } });
    await streamed.read([file], [file]);
    const full = kept.report();
    const lean = streamed.report();
    expect(lean.transactions).toEqual([]);
    expect({ ...lean, transactions: full.transactions }).toEqual(full);
    // What the hook handed over, put back in order of first frame, is the transaction list of the full report.
    const handed = closed.filter((t) => t.kept).sort((a, b) => a.steps[0]!.frame - b.steps[0]!.frame);
    expect(handed.map((t) => transactionOfState(t))).toEqual(full.transactions);
  });
});
