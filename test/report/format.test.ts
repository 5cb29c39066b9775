/** Times and ids as the report writes them. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { epochOf, isoTime, writeIsoTime, writeXidHex, xidHex } from '../../src/report/format.js';
import { Bytes } from '../../src/report/json-bytes.js';

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

  it('writes what Date writes, cut to the digits, whatever the second, the day or the precision', () => {
    // The time of day is put together from a table and the date remembered per day: compare with the plain way.
    const plain = (sec: number, nanos: number, digits: number): string => {
      const base = new Date(Math.min(Math.max(sec, 0), 253_402_300_799) * 1000).toISOString().slice(0, 19);
      return digits <= 0 ? `${base}Z` : `${base}.${String(nanos).padStart(9, '0').slice(0, Math.min(9, digits))}Z`;
    };
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: -5, max: 253_402_300_810 }), fc.integer({ min: 1_600_000_000, max: 1_800_000_000 })),
        fc.integer({ min: 0, max: 999_999_999 }),
        fc.integer({ min: -1, max: 12 }),
        (sec, nanos, digits) => {
          expect(isoTime({ sec, nanos, digits })).toBe(plain(sec, nanos, digits));
        },
      ),
      { numRuns: 3000 },
    );
    expect(isoTime({ sec: 86_399, nanos: 999_999_999, digits: 3 })).toBe('1970-01-01T23:59:59.999Z');
    expect(isoTime({ sec: 86_400, nanos: 1, digits: 9 })).toBe('1970-01-02T00:00:00.000000001Z');
  });

  it('writes the same text into bytes as writeIsoTime, odd nanoseconds included', () => {
    const written = (ts: { sec: number; nanos: number; digits: number }): string => {
      const w = new Bytes(4);
      writeIsoTime(w, ts);
      return w.bytes().toString('latin1');
    };
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: -5, max: 253_402_300_810 }), fc.integer({ min: 1_600_000_000, max: 1_800_000_000 }), fc.double({ min: 0, max: 2e9, noNaN: true })),
        fc.oneof(fc.integer({ min: 0, max: 999_999_999 }), fc.constantFrom(-1, 1e9, 1.5, NaN)),
        fc.integer({ min: -1, max: 12 }),
        (sec, nanos, digits) => {
          expect(written({ sec, nanos, digits })).toBe(isoTime({ sec, nanos, digits }));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('writes the same text into bytes as isoTime when times come back to seconds and days written before', () => {
    const w = new Bytes(4);
    // Around midnight, back and forth over more seconds than are remembered, some days apart.
    const secs = [86_399, 86_400, 86_401, 86_399, 86_416, 86_400, 3 * 86_400 + 15, 86_415, 86_399, 1_700_000_000, 1_700_000_016, 1_700_000_000, 86_401];
    const all = [...secs, ...Array.from({ length: 200 }, (_, i) => 1_700_000_000 + ((i * 7919) % 97) - 40)];
    for (const sec of all) {
      w.reset();
      writeIsoTime(w, { sec, nanos: 250_000_000, digits: 6 });
      expect(w.bytes().toString('latin1')).toBe(isoTime({ sec, nanos: 250_000_000, digits: 6 }));
    }
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
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 32 - 1 }), (xid) => {
        expect(xidHex(xid)).toBe(`0x${(xid >>> 0).toString(16).padStart(8, '0')}`);
        const w = new Bytes(4);
        writeXidHex(w, xid);
        expect(w.bytes().toString('latin1')).toBe(xidHex(xid));
      }),
    );
  });
});
