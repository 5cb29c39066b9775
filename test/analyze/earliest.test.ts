import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Earliest } from '../../src/analyze/earliest.js';

/** The plain answer: each key at its smallest position, the `limit` smallest, in position order. */
function reference(items: readonly [string, number][], limit: number): string[] {
  const best = new Map<string, number>();
  for (const [k, p] of items) if (!best.has(k) || p < best.get(k)!) best.set(k, p);
  return [...best].sort((a, b) => a[1] - b[1]).slice(0, limit).map(([k]) => k);
}

describe('Earliest', () => {
  it('keeps the first keys by position whatever order they are added in', () => {
    const e = new Earliest<string>(3);
    for (const [k, p] of [['d', 40], ['b', 20], ['e', 50], ['a', 10], ['c', 30], ['b', 5]] as const) e.add(k, p);
    expect(e.values()).toEqual(['b', 'a', 'c']);
    expect(e.first()).toBe(5);
  });

  it('agrees with sorting everything, for any additions (positions unique per key and shared alike)', () => {
    const items = fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'), fc.integer({ min: 0, max: 30 })), { maxLength: 60 });
    fc.assert(
      fc.property(items, fc.integer({ min: 1, max: 5 }), (list, limit) => {
        const e = new Earliest<string>(limit);
        for (const [k, p] of list) e.add(k, p);
        const got = e.values();
        const want = reference(list, limit);
        // Ties in position may come out in either order: compare the positions they stand for.
        const best = new Map<string, number>();
        for (const [k, p] of list) if (!best.has(k) || p < best.get(k)!) best.set(k, p);
        expect(got.map((k) => best.get(k))).toEqual(want.map((k) => best.get(k)));
        expect(new Set(got).size).toBe(got.length);
      }),
      { seed: 20261123, numRuns: 500 },
    );
  });

  it('copies without sharing', () => {
    const e = new Earliest<number>(2);
    e.add(7, 7);
    const c = e.copy();
    c.add(1, 1);
    expect([e.values(), c.values()]).toEqual([[7], [1, 7]]);
  });
});
