/** The report look-ups the filters and the TUI share: an exchange by frame number. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lookup, prepareLookup, transactionsByFrame } from '../../src/query/context.js';
import type { Report } from '../../src/report/types.js';
import type { Transaction } from '../../src/report/types.js';
import { AnalysisSession } from '../../src/session.js';
import { nonEmpty, repoCaptureFiles } from '../helpers/shared-captures.js';

/** Just what the look-up reads. */
const tx = (id: string, steps: readonly number[], arpFrames: readonly number[] = []) => ({ id, steps: steps.map((frame) => ({ frame })), arpFrames }) as unknown as Transaction;
const idAt = (list: readonly Transaction[], frame: number) => transactionsByFrame(list).get(frame)?.id;

describe('transactionsByFrame', () => {
  it('gives a step frame to the last exchange listing it, an ARP frame to the first unless a step claims it', () => {
    const list = [tx('a', [1, 2], [3, 4]), tx('b', [2, 5], [3, 6]), tx('c', [4], [6, 7])];
    expect([1, 2, 3, 4, 5, 6, 7].map((f) => idAt(list, f))).toEqual(['a', 'b', 'a', 'c', 'b', 'b', 'c']);
  });

  it('finds nothing for frames of no exchange, past the last, negative or not whole', () => {
    const list = [tx('a', [2, 4])];
    expect([0, 1, 3, 5, 1e9, -2, 2.5, Number.NaN].map((f) => idAt(list, f))).toEqual(new Array(8).fill(undefined));
  });

  it('finds exchanges whose frame numbers are far apart (a filtered report of a huge capture)', () => {
    const list = [tx('a', [3]), tx('b', [4_000_000_000], [4_000_000_001]), tx('c', [2 ** 40])];
    expect([3, 4_000_000_000, 4_000_000_001, 2 ** 40, 4].map((f) => idAt(list, f))).toEqual(['a', 'b', 'b', 'c', undefined]);
  });

  it.each(nonEmpty('repository captures', repoCaptureFiles()).map((f) => [path.basename(f), f]))('finds the exchange of every frame of %s', async (_name, file) => {
    const session = new AnalysisSession({});
    await session.read([file]);
    const list = session.report().transactions;
    const want = new Map<number, string>();
    for (const t of list) {
      for (const s of t.steps) want.set(s.frame, t.id);
      for (const f of t.arpFrames) if (!want.has(f)) want.set(f, t.id);
    }
    const index = transactionsByFrame(list);
    const last = Math.max(0, ...want.keys());
    for (let f = 0; f <= last + 1; f++) expect(index.get(f)?.id).toBe(want.get(f));
  });
});

describe('prepareLookup', () => {
  // 5 000 exchanges of two steps and an ARP frame each: frames 1–15000.
  const transactions = Array.from({ length: 5000 }, (_, i) => tx(`T${i + 1}`, [3 * i + 1, 3 * i + 2], [3 * i + 3]));
  const report = () => ({ transactions, clients: [], servers: [], findings: [] }) as unknown as Report;

  it.each(['transactionByFrame', 'transactionById'] as const)('builds %s a slice at a time when time is up, then whole', (key) => {
    const r = report();
    let calls = 1;
    // A deadline already past: one slice per call.
    while (!prepareLookup(r, key, 0)) calls++;
    expect(calls).toBeGreaterThan(1);
    const built = lookup(r, key);
    expect(prepareLookup(r, key, 0)).toBe(true);
    expect(lookup(r, key)).toBe(built);
    if (key === 'transactionById') expect([...(built as ReadonlyMap<string, Transaction>).keys()]).toEqual(transactions.map((t) => t.id));
    else expect([1, 2, 3, 14999, 15000, 15001].map((f) => (built as ReturnType<typeof transactionsByFrame>).get(f)?.id)).toEqual(['T1', 'T1', 'T1', 'T5000', 'T5000', undefined]);
  });

  it('gives the whole look-up to a caller that needs it before the slices are done', () => {
    const r = report();
    expect(prepareLookup(r, 'transactionByFrame', 0)).toBe(false);
    expect(lookup(r, 'transactionByFrame').get(14998)?.id).toBe('T5000');
    expect(prepareLookup(r, 'transactionByFrame', 0)).toBe(true);
  });
});
