/** Times and ids as the report writes them. */
import { describe, expect, it } from 'vitest';
import { epochOf, isoTime, xidHex } from '../../src/report/format.js';

describe('isoTime', () => {
  it('writes as many fractional digits as the capture has', () => {
    expect(isoTime({ sec: 1_700_000_000, nanos: 123_456_789, digits: 9 })).toBe('2023-11-14T22:13:20.123456789Z');
    expect(isoTime({ sec: 1_700_000_000, nanos: 123_456_000, digits: 6 })).toBe('2023-11-14T22:13:20.123456Z');
    expect(isoTime({ sec: 1_700_000_000, nanos: 0, digits: 0 })).toBe('2023-11-14T22:13:20Z');
  });

  it('keeps consecutive times of different seconds apart (the per-second cache)', () => {
    expect(isoTime({ sec: 10, nanos: 5, digits: 9 })).toBe('1970-01-01T00:00:10.000000005Z');
    expect(isoTime({ sec: 11, nanos: 5, digits: 9 })).toBe('1970-01-01T00:00:11.000000005Z');
    expect(isoTime({ sec: 10, nanos: 0, digits: 6 })).toBe('1970-01-01T00:00:10.000000Z');
  });

  it('clamps a damaged timestamp past year 9999 instead of failing', () => {
    expect(isoTime({ sec: 2 ** 45, nanos: 0, digits: 6 })).toBe('9999-12-31T23:59:59.000000Z');
  });
});

describe('epochOf and xidHex', () => {
  it('rounds the epoch to the capture precision', () => {
    expect(epochOf({ sec: 1_700_000_000, nanos: 123_456_789, digits: 6 })).toBe(1_700_000_000.123457);
  });

  it('writes xids as 0x and eight lowercase hex digits', () => {
    expect(xidHex(0x7c0)).toBe('0x000007c0');
    expect(xidHex(0xa42cec51)).toBe('0xa42cec51');
  });
});
