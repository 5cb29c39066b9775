/** Times filled into marked timeline text: the same text as written directly, in pieces of bounded size. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Bytes } from '../../src/report/json-bytes.js';
import { fillTimes, markTime, sinceZero, type TimeWriter } from '../../src/render/text-block.js';

/** Lines [from, to) of a text, each with its time written by `time`. */
function lines(from: number, to: number, time: TimeWriter): Buffer {
  const out = new Bytes(16);
  for (let i = from; i < to; i++) {
    out.text(`  #${i} é `);
    time(out, 1_700_000_000 + i * 0.0137);
    out.text(`  DISCOVER ${'x'.repeat(i % 90)}\n`);
  }
  return Buffer.from(out.bytes());
}

describe('times filled into marked text', () => {
  const t0 = 1_699_999_990.5;
  const n = 40_000;
  const direct = lines(0, n, sinceZero(t0)).toString('utf8');

  it.each([
    ['one piece of megabytes', () => [lines(0, n, markTime)]],
    // A spool's pieces hold whole items: a mark is never cut in two.
    ['many pieces of a few lines', () => Array.from({ length: n / 8 }, (_, i) => lines(i * 8, (i + 1) * 8, markTime))],
  ])('is the text written directly, handed on in pieces of at most about 256 KB: %s', (_, pieces) => {
    const read = pieces();
    expect(read.reduce((sum, p) => sum + p.length, 0)).toBeGreaterThan(2 << 20);
    const out = Array.from(fillTimes(read, t0), (p) => Buffer.from(p));
    expect(out.length).toBeGreaterThan(8);
    for (const p of out) expect(p.length).toBeLessThanOrEqual((1 << 18) + 256);
    expect(Buffer.concat(out).toString('utf8')).toBe(direct);
  });
});

describe('a time since the zero', () => {
  const written = (t0: number, epoch: number): string => {
    const out = new Bytes(4);
    sinceZero(t0)(out, epoch);
    return out.bytes().toString('latin1');
  };
  const expected = (t0: number, epoch: number): string => {
    const s = (epoch - t0).toFixed(3);
    return `${' '.repeat(Math.max(0, 9 - s.length))}${s} s`;
  };

  it('is toFixed(3) right-aligned, whatever the capture times and their precision', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 0, max: 2 ** 32 }), fc.constantFrom(0, 1_700_000_000, 2 ** 31)),
        fc.oneof(fc.integer({ min: 0, max: 999_999_999 }), fc.constantFrom(0, 500_000, 999_500_000, 1_500_000, 999_999_999)),
        fc.oneof(fc.integer({ min: 0, max: 2 ** 32 }), fc.constantFrom(0, 1, 86_400, 1e9)),
        fc.oneof(fc.integer({ min: 0, max: 999_999_999 }), fc.constantFrom(0, 500_000, 499_999, 500_001, 1_000_500)),
        (s0, n0, ds, n1) => {
          const t0 = s0 + n0 / 1e9;
          const epoch = Math.round((s0 + ds + n1 / 1e9) * 1e6) / 1e6;
          expect(written(t0, epoch)).toBe(expected(t0, epoch));
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('is toFixed(3) for halves, negative, huge and odd values too', () => {
    const odd = [0, -0, 0.0005, 0.0015, 0.0025, 1.0005, 2.5e-4, 1e-9, 0.9995, 9.9995, 999_999.9995, 1e9, 1.1e9, 1e12, 1e21, 1e22, -0.0004, -0.0005, -1, -123.4565, NaN, Infinity, -Infinity];
    for (const x of odd) for (const t0 of [0, 1_700_000_000.25]) expect(written(t0, t0 + x)).toBe(expected(t0, t0 + x));
    fc.assert(
      fc.property(fc.double(), fc.double(), (t0, epoch) => {
        expect(written(t0, epoch)).toBe(expected(t0, epoch));
      }),
      { numRuns: 20_000 },
    );
  });
});
