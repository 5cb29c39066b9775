/** Times filled into marked timeline text: the same text as written directly, in pieces of bounded size. */
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
