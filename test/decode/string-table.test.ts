import { describe, expect, it } from 'vitest';
import { StringTable } from '../../src/decode/string-table.js';
import { formatIpv4, formatMac } from '../../src/decode/format.js';

describe('StringTable', () => {
  it('finds every string it was given, by both halves of its key, as it grows', () => {
    const t = new StringTable(14);
    for (let k = 0; k < 5000; k++) {
      expect(t.get(k >> 3, -(k & 7))).toBeUndefined();
      t.add(k >> 3, -(k & 7), `s${k}`);
    }
    for (let k = 0; k < 5000; k++) expect(t.get(k >> 3, -(k & 7))).toBe(`s${k}`);
    expect(t.get(1, 1)).toBeUndefined();
    expect(t.get(0, 0)).toBe('s0');
    expect(t.get(1, 0)).toBe('s8');
  });

  it('starts over when full at its largest size, and stays correct after', () => {
    const t = new StringTable(10); // 1024 slots, 512 strings
    for (let k = 0; k < 512; k++) t.add(0, k, `a${k}`);
    expect(t.get(0, 511)).toBe('a511');
    t.add(0, 512, 'a512');
    expect(t.get(0, 511)).toBeUndefined();
    expect(t.get(0, 512)).toBe('a512');
  });
});

describe('cached address formatting', () => {
  it('tells apart MACs and addresses that differ in one byte, high bits included', () => {
    const seen = new Map<string, string>();
    for (const bytes of [
      [0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
      [0xff, 0xff, 0xff, 0xff, 0xff, 0xfe],
      [0x7f, 0xff, 0xff, 0xff, 0xff, 0xff],
      [0x00, 0x00, 0x00, 0x00, 0x00, 0x00],
      [0x00, 0x00, 0x00, 0x80, 0x00, 0x00],
      [0x80, 0x00, 0x00, 0x00, 0x00, 0x00],
    ]) {
      const b = Uint8Array.from(bytes);
      const mac = bytes.map((x) => x.toString(16).padStart(2, '0')).join(':');
      expect(formatMac(b, 0)).toBe(mac);
      expect(formatMac(b, 0)).toBe(mac); // from the cache
      expect(formatIpv4(b, 2)).toBe(bytes.slice(2).join('.'));
      expect(formatIpv4(b, 2)).toBe(bytes.slice(2).join('.'));
      seen.set(mac, formatIpv4(b, 0));
    }
    expect([...seen.values()]).toEqual(['255.255.255.255', '255.255.255.255', '127.255.255.255', '0.0.0.0', '0.0.0.128', '128.0.0.0']);
  });
});
