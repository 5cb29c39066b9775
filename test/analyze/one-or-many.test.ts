import { describe, expect, it } from 'vitest';
import { firstOf, has, lastOf, lastWhere, listOf, withLast, withOnce, type OneOrMany } from '../../src/analyze/one-or-many.js';

describe('OneOrMany', () => {
  it('keeps a lone value as itself and grows into an array from the second', () => {
    let v: OneOrMany<string> = undefined;
    expect(listOf(v)).toEqual([]);
    v = withOnce(v, 'a');
    expect(v).toBe('a');
    v = withOnce(v, 'a');
    expect(v).toBe('a');
    v = withOnce(v, 'b');
    v = withOnce(v, 'a');
    expect(v).toEqual(['a', 'b']);
    expect([firstOf(v), lastOf(v), has(v, 'b'), has(v, 'c')]).toEqual(['a', 'b', true, false]);
  });

  it('withLast skips only a repeat of the last value', () => {
    let v: OneOrMany<string> = undefined;
    for (const x of ['T1', 'T1', 'T2', 'T1', 'T1']) v = withLast(v, x);
    expect(v).toEqual(['T1', 'T2', 'T1']);
  });

  it('finds the last match in one value or many', () => {
    expect(lastWhere(undefined, () => true)).toBeUndefined();
    expect(lastWhere(5, (n) => n > 3)).toBe(5);
    expect(lastWhere(5, (n) => n > 6)).toBeUndefined();
    expect(lastWhere([1, 7, 3, 9, 2], (n) => n > 5)).toBe(9);
    const copy = listOf([1, 2]);
    expect(copy).toEqual([1, 2]);
  });
});
