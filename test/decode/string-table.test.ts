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

  it('stays bounded: once full at its largest size it forgets, and what it still finds is right', () => {
    const t = new StringTable(10); // 1024 slots, 512 strings
    for (let k = 0; k < 5000; k++) t.add(k & 0xff, k, `a${k}`);
    let found = 0;
    for (let k = 0; k < 5000; k++) {
      const s = t.get(k & 0xff, k);
      if (s !== undefined) found++;
      expect([undefined, `a${k}`]).toContain(s);
    }
    expect(found).toBeGreaterThan(0);
    expect(found).toBeLessThan(5000);
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
