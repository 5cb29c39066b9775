import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ActivityQueue } from '../../src/analyze/activity-queue.js';

interface Item {
  readonly name: number;
  queuedAt: number;
}

const item = (name: number): Item => ({ name, queuedAt: -1 });
const names = (q: ActivityQueue<Item>): number[] => q.values().map((x) => x.name);

describe('ActivityQueue', () => {
  it('keeps items least recently touched first, a touch moving an item to the end', () => {
    const q = new ActivityQueue<Item>();
    const [a, b, c] = [item(1), item(2), item(3)];
    q.touch(a);
    q.touch(b);
    q.touch(c);
    q.touch(a);
    expect(names(q)).toEqual([2, 3, 1]);
    expect(q.oldest()).toBe(b);
    expect(q.size).toBe(3);
  });

  it('takes an item out once, and says whether it was in', () => {
    const q = new ActivityQueue<Item>();
    const [a, b] = [item(1), item(2)];
    q.touch(a);
    q.touch(b);
    expect(q.remove(a)).toBe(true);
    expect(q.remove(a)).toBe(false);
    expect(q.has(a)).toBe(false);
    expect(q.oldest()).toBe(b);
    expect(q.remove(b)).toBe(true);
    expect(q.oldest()).toBeUndefined();
    expect(q.size).toBe(0);
  });

  it('stops visiting when told to', () => {
    const q = new ActivityQueue<Item>();
    for (let i = 0; i < 5; i++) q.touch(item(i));
    const seen: number[] = [];
    q.each((x) => (seen.push(x.name), x.name < 2));
    expect(seen).toEqual([0, 1, 2]);
  });

  it('orders items as a Set re-added at each touch does, through any touches and removals (and its compactions)', () => {
    const op = fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 40 }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 2000 }), (ops) => {
        const q = new ActivityQueue<Item>();
        const model = new Set<number>();
        const items = Array.from({ length: 41 }, (_, i) => item(i));
        for (const [touch, n] of ops) {
          if (touch) {
            q.touch(items[n]!);
            model.delete(n);
            model.add(n);
          } else {
            expect(q.remove(items[n]!)).toBe(model.delete(n));
          }
          expect(q.oldest()?.name).toBe(model.values().next().value);
        }
        expect(names(q)).toEqual([...model]);
        expect(q.size).toBe(model.size);
      }),
    );
  });

  it('holds about twice its live items however many touches it has seen', () => {
    const q = new ActivityQueue<Item>();
    const items = Array.from({ length: 10 }, (_, i) => item(i));
    for (let i = 0; i < 100_000; i++) q.touch(items[i % 10]!);
    expect(Math.max(...items.map((x) => x.queuedAt))).toBeLessThan(2 * 10 + 64 + 1);
    expect(names(q)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
