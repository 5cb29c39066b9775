import { describe, expect, it } from 'vitest';
import { diffMs, timestampOf, toEpoch } from '../../src/analyze/time.js';

describe('timestampOf', () => {
  it('keeps every second, nanosecond and precision as the capture gave it, small or past 2038', () => {
    const frames = [
      { tsSec: 1_700_000_000, tsNanos: 123_456_000, tsDigits: 6 },
      { tsSec: 0, tsNanos: 0, tsDigits: 9 },
      { tsSec: 0x7fffffff, tsNanos: 999_999_999, tsDigits: 9 },
      { tsSec: 5_000_000_000, tsNanos: 1, tsDigits: 9 },
    ];
    for (const f of frames) expect({ ...timestampOf(f) }).toEqual({ sec: f.tsSec, nanos: f.tsNanos, digits: f.tsDigits });
    expect(toEpoch(timestampOf(frames[3]!))).toBeCloseTo(5_000_000_000, 3);
    expect(diffMs(timestampOf(frames[3]!), timestampOf(frames[2]!))).toBeCloseTo((5_000_000_000 - 0x7fffffff) * 1000 - 999.999998, 3);
  });

  it('makes one timestamp per frame', () => {
    const f = { tsSec: 10, tsNanos: 5, tsDigits: 6 };
    expect(timestampOf(f)).toBe(timestampOf(f));
    expect(timestampOf({ ...f })).not.toBe(timestampOf(f));
  });
});
