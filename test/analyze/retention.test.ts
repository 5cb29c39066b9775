/**
 * A streamed report lets each transaction go as it closes (retainTransactions: false). Everything else in the
 * report must come out the same as when every transaction is kept: findings, leases, servers, clients.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { transactionOfState } from '../../src/report/build.js';
import type { Transaction } from '../../src/report/types.js';
import { AnalysisSession } from '../../src/session.js';
import { allCaptureFiles, nonEmpty, projectRoot, skipNoteWhenNoShared } from '../helpers/shared-captures.js';

const files = allCaptureFiles();

describe('letting closed transactions go', () => {
  skipNoteWhenNoShared('retention');
  nonEmpty('captures', files);
  it.each(files.map((f) => [path.basename(f), f]))('changes nothing but the transaction list: %s', async (_name, file) => {
    const kept = new AnalysisSession({});
    await kept.read([file], [file]);
    // Converted as handed over: a transaction let go keeps its steps only for the call.
    const closed: Transaction[] = [];
    const streamed = new AnalysisSession({ retainTransactions: false, hooks: { onTransaction: (tx) => void (tx.kept && closed.push(transactionOfState(tx))) } });
    await streamed.read([file], [file]);
    const full = kept.report();
    const lean = streamed.report();
    expect(lean.transactions).toEqual([]);
    expect({ ...lean, transactions: full.transactions }).toEqual(full);
    // What the hook handed over, put back in order of first frame, is the transaction list of the full report.
    const handed = closed.sort((a, b) => a.steps[0]!.frame - b.steps[0]!.frame);
    expect(handed).toEqual(full.transactions);
  });
});

/** The transaction lists of reports taken after every `every`-th DHCP/ARP frame and at the end. */
async function transactionLists(file: string, live: boolean, every: number): Promise<string[]> {
  const lists: string[] = [];
  let n = 0;
  const session: AnalysisSession = new AnalysisSession({
    live,
    onPacket: () => {
      if (++n % every === 0) lists.push(JSON.stringify(session.report().transactions));
    },
  });
  await session.read([file], [file]);
  lists.push(JSON.stringify(session.report().transactions));
  return lists;
}

describe('a live session (the TUI) converting each exchange once as it closes', () => {
  skipNoteWhenNoShared('retention');
  nonEmpty('captures', files);
  it.each(files.map((f) => [path.basename(f), f]))('reports, while reading and at the end, the transactions a session keeping them does: %s', async (_name, file) => {
    const kept = await transactionLists(file, false, 5);
    const live = await transactionLists(file, true, 5);
    expect(live).toEqual(kept);
  });

  it('reports the open exchanges as they stand, between the closed ones (the demo capture, after every frame)', async () => {
    const demo = path.join(projectRoot, 'fixtures/demo.pcapng');
    const kept = await transactionLists(demo, false, 1);
    const live = await transactionLists(demo, true, 1);
    expect(live).toEqual(kept);
    // Mid-read lists hold exchanges in a form the final list no longer has (still open, since grown).
    const final = JSON.parse(live[live.length - 1]!) as { steps: unknown[] }[];
    const grown = live.slice(0, -1).some((l) => (JSON.parse(l) as { steps: unknown[] }[]).some((t, i) => t.steps.length !== final[i]?.steps.length));
    expect(grown).toBe(true);
  });
});
