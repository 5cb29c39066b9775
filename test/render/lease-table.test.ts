/** The lease table's short times: the cut without a regular expression is the one the expression makes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shortTime } from '../../src/render/lease-table.js';
import { isoTime } from '../../src/report/format.js';

const byExpression = (iso: string): string => iso.replace('T', ' ').replace(/(\.\d{3})\d*Z$/, '$1');

describe('a short time', () => {
  it('is the ISO time without its T and Z, cut to the millisecond, at any precision', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253_402_300_799 }), fc.integer({ min: 0, max: 999_999_999 }), fc.integer({ min: 0, max: 9 }), (sec, nanos, digits) => {
        const iso = isoTime({ sec, nanos, digits });
        expect(shortTime(iso)).toBe(byExpression(iso));
      }),
      { numRuns: 5000 },
    );
    expect(shortTime('2026-12-05T03:04:05.123456Z')).toBe('2026-12-05 03:04:05.123');
    expect(shortTime('2026-12-05T03:04:05Z')).toBe('2026-12-05 03:04:05Z');
  });

  it('is what the expression makes of any other text', () => {
    for (const s of ['', 'T', '2026-12-05T03:04:05.12Z', '2026-T2-05T03:04:05.123456Z', '2026-12-05T03:04:05.123a56Z', '2026-12-05T03:04:05,123456Z', '2026-12-05X03:04:05.123456Z', '2026-12-05T03:04:05.123456']) {
      expect(shortTime(s)).toBe(byExpression(s));
    }
    fc.assert(fc.property(fc.string({ maxLength: 30 }), (s) => shortTime(s) === byExpression(s)), { numRuns: 2000 });
  });
});
