/** The pool of append-only frame lists behind leases' and clients' exchanges reads back what was appended. */
import { describe, expect, it } from 'vitest';
import { FrameLists, type FrameList } from '../../src/analyze/frame-lists.js';

describe('FrameLists', () => {
  it('reads a list back as none, one frame, or the frames in order', () => {
    const pool = new FrameLists();
    let list: FrameList = undefined;
    expect(pool.read(list)).toBeUndefined();
    list = pool.append(list, 7);
    expect(pool.read(list)).toBe(7);
    list = pool.append(list, 9);
    list = pool.append(list, 12);
    expect(pool.read(list)).toEqual([7, 9, 12]);
    expect([pool.last(list), pool.has(list, 9), pool.has(list, 8)]).toEqual([12, true, false]);
  });

  it('keeps many interleaved lists apart across chunks of the pool, frame 0 and frames past 2^32 included', () => {
    const pool = new FrameLists();
    const lists: FrameList[] = Array.from({ length: 5000 }, () => undefined);
    for (let round = 0; round < 8; round++) {
      for (let i = 0; i < lists.length; i++) lists[i] = pool.append(lists[i], i * 10 + round + (i === 4999 ? 2 ** 40 : 0));
    }
    expect(pool.read(lists[0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(pool.read(lists[1234])).toEqual([12340, 12341, 12342, 12343, 12344, 12345, 12346, 12347]);
    expect(pool.last(lists[4999])).toBe(2 ** 40 + 49997);
  });

  it('appends a frame once (appendOnce) or unless it is the last (appendLast)', () => {
    const pool = new FrameLists();
    let once: FrameList = undefined;
    for (const f of [3, 5, 3, 8, 5]) once = pool.appendOnce(once, f);
    let last: FrameList = undefined;
    for (const f of [3, 3, 5, 5, 3]) last = pool.appendLast(last, f);
    expect([pool.read(once), pool.read(last)]).toEqual([[3, 5, 8], [3, 5, 3]]);
  });
});
