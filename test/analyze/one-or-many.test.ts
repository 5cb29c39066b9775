import { describe, expect, it } from 'vitest';
import { firstOf, grown, has, lastOf, lastWhere, listOf, withLast, withOnce, type OneOrMany } from '../../src/analyze/one-or-many.js';
import { flat } from '../../src/analyze/flat.js';

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

  it('grows short lists by an exact copy and long ones in place, keeping every value in order', () => {
    const short = ['a', 'b'];
    const longer = grown(short, 'c');
    expect(longer).not.toBe(short);
    expect(longer).toEqual(['a', 'b', 'c']);
    expect(short).toEqual(['a', 'b']);
    let v: OneOrMany<number> = undefined;
    for (let i = 0; i < 40; i++) v = withLast(withOnce(v, i), i);
    expect(v).toEqual(Array.from({ length: 40 }, (_, i) => i));
    const long = v as number[];
    expect(grown(long, 40)).toBe(long);
    expect(long.length).toBe(41);
  });

  it('keeps a flattened text as it was', () => {
    const parts = ['aa:bb', 'host', 7];
    const built = `${parts[0]} (${parts[1]}) sent ${parts[2]} REQUESTs`;
    expect(flat(built)).toBe('aa:bb (host) sent 7 REQUESTs');
    expect(flat('')).toBe('');
  });
});
