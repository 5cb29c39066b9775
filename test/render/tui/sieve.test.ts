import { describe, expect, it } from 'vitest';
import { Sieve } from '../../../src/render/tui/sieve.js';

const rows = Array.from({ length: 2000 }, (_, i) => i);
const even = (n: number): boolean => n % 2 === 0;

describe('Sieve', () => {
  it('keeps the rows rows.filter keeps, in order, when finished at once', () => {
    expect(new Sieve(rows, even).finish()).toEqual(rows.filter(even));
  });

  it('stops at the deadline and goes on where it stopped: a slice at a time, the same rows in the end', () => {
    let looked = 0;
    const sieve = new Sieve(rows, (n) => {
      looked += 1;
      return even(n);
    });
    // A deadline already past: one slice per call.
    expect(sieve.advance(0, () => 1)).toBe(false);
    const firstSlice = looked;
    expect(firstSlice).toBeGreaterThan(0);
    expect(firstSlice).toBeLessThan(rows.length);
    expect(sieve.done).toBe(false);
    sieve.advance(0, () => 1);
    expect(looked).toBe(2 * firstSlice);
    expect(sieve.finish()).toEqual(rows.filter(even));
    // Every row was looked at once.
    expect(looked).toBe(rows.length);
    expect(sieve.done).toBe(true);
  });

  it('is done at once on an empty list', () => {
    const sieve = new Sieve([], even);
    expect(sieve.done).toBe(true);
    expect(sieve.advance(0, () => 1)).toBe(true);
    expect(sieve.finish()).toEqual([]);
  });
});
