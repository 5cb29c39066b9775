/** The frame → exchange look-up a live session notes as exchanges close, against the one built over a report's list. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lookup, prepareLookup, transactionsByFrame } from '../../src/query/context.js';
import { ClosedExchangeFrames } from '../../src/query/frame-index.js';
import type { Transaction } from '../../src/report/types.js';
import { AnalysisSession } from '../../src/session.js';
import { allCaptureFiles, nonEmpty, skipNoteWhenNoShared } from '../helpers/shared-captures.js';

/** Just what the look-up reads. */
const tx = (id: string, steps: readonly number[], arpFrames: readonly number[] = []) => ({ id, steps: steps.map((frame) => ({ frame })), arpFrames }) as unknown as Transaction;

function closedInOrder(list: readonly Transaction[]): ClosedExchangeFrames {
  const frames = new ClosedExchangeFrames();
  for (const t of list) frames.add(t);
  return frames;
}

describe('ClosedExchangeFrames', () => {
  it('gives a frame the owner the report order gives it, whatever order the exchanges closed in', () => {
    // Report order (by first frame, then closing): a, b, b2 (same first frame as b, closed after it), c.
    const [a, b, b2, c] = [tx('a', [1, 2], [3, 4]), tx('b', [2, 5], [3, 6]), tx('b2', [2, 8], [6, 9]), tx('c', [4], [6, 7, 9])];
    const want = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((f) => transactionsByFrame([a, b, b2, c]).get(f)?.id);
    expect(want).toEqual(['a', 'b2', 'a', 'c', 'b', 'b', 'c', 'b2', 'b2']);
    for (const closing of [[c, b, a, b2], [b, b2, c, a], [a, b, b2, c]]) {
      const index = closedInOrder(closing).build();
      expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((f) => index.get(f)?.id)).toEqual(want);
    }
  });

  it('finds nothing for frames of no exchange, past the last, negative or not whole, and far-apart frames in a map', () => {
    const index = closedInOrder([tx('a', [2, 4]), tx('b', [4_000_000_000], [4_000_000_001])]).build();
    expect([2, 4, 4_000_000_000, 4_000_000_001].map((f) => index.get(f)?.id)).toEqual(['a', 'a', 'b', 'b']);
    expect([0, 1, 3, 5, 1e9, -2, 2.5, Number.NaN].map((f) => index.get(f))).toEqual(new Array(8).fill(undefined));
    const dense = closedInOrder([tx('a', [2, 4])]).build();
    expect([0, 1, 3, 5, 1e9, -2, 2.5, Number.NaN, 2].map((f) => dense.get(f)?.id)).toEqual([...new Array(8).fill(undefined), 'a']);
  });
});

describe("a live session's finished report", () => {
  skipNoteWhenNoShared('the live frame look-up');
  const files = nonEmpty('captures', allCaptureFiles());
  it.each(files.map((f) => [path.basename(f), f]))('has the frame look-up of its own list, ready, on %s', async (_name, file) => {
    const session = new AnalysisSession({ live: true });
    await session.read([file]);
    const report = session.report();
    const list = [...report.transactions];
    // Noted as exchanges closed: ready without visiting the report's list (emptied here to show it).
    (report.transactions as Transaction[]).length = 0;
    expect(prepareLookup(report, 'transactionByFrame', 0)).toBe(true);
    const given = lookup(report, 'transactionByFrame');
    const built = transactionsByFrame(list);
    const last = Math.max(0, ...list.flatMap((t) => [...t.steps.map((s) => s.frame), ...t.arpFrames]));
    for (let f = 0; f <= last + 1; f++) expect(given.get(f)).toBe(built.get(f));
  });
});
