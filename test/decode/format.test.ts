/** Byte-to-text formatting: the table and native paths must agree with Node's own encoders at every length. */
import { describe, expect, it } from 'vitest';
import { formatCString, formatHex, formatText } from '../../src/decode/format.js';

const BYTES = Uint8Array.from({ length: 300 }, (_, i) => (i * 167 + 13) & 0xff);

describe('formatHex', () => {
  it('is lowercase hex of exactly the bytes asked for, short (by table) or long (natively)', () => {
    for (let len = 0; len <= 40; len++) {
      for (const at of [0, 1, 7]) {
        expect(formatHex(BYTES, at, len)).toBe(Buffer.from(BYTES.subarray(at, at + len)).toString('hex'));
      }
    }
    expect(formatHex(BYTES, 0, 256)).toBe(Buffer.from(BYTES.subarray(0, 256)).toString('hex'));
  });
});

describe('formatText', () => {
  const text = (s: string | number[], before = 3, after = 3): string => {
    const bytes = typeof s === 'string' ? Buffer.from(s, 'utf8') : Uint8Array.from(s);
    const buf = new Uint8Array(before + bytes.length + after).fill(0x41);
    buf.set(bytes, before);
    return formatText(buf, before, bytes.length);
  };

  it('reads ASCII as is, control characters included, and nothing past its end', () => {
    expect(text('android-5f2a.lan')).toBe('android-5f2a.lan');
    expect(text('a\x1b[31mb\x7f')).toBe('a\x1b[31mb\x7f');
    expect(text('')).toBe('');
  });

  it('reads UTF-8 as UTF-8: invalid sequences become U+FFFD, a leading BOM is dropped', () => {
    expect(text('Jürgens-iPhone')).toBe('Jürgens-iPhone');
    expect(text('пк-1')).toBe('пк-1');
    expect(text([0x61, 0xff, 0x62, 0xc3])).toBe('a\ufffdb\ufffd');
    expect(text([0xef, 0xbb, 0xbf, 0x68, 0x69])).toBe('hi');
    expect(text([0xe9, 0x74, 0xe9])).toBe(new TextDecoder().decode(Uint8Array.from([0xe9, 0x74, 0xe9])));
  });

  it('formatCString stops at the first NUL', () => {
    expect(formatCString(Uint8Array.from([0x68, 0x69, 0, 0x78]), 0, 4)).toBe('hi');
  });
});
