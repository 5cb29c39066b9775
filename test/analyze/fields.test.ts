import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientIdOf, intToIp, ipToInt, maskToPrefix, subnetOf } from '../../src/analyze/fields.js';
import type { DhcpMessage } from '../../src/decode/frame.js';

describe('address arithmetic', () => {
  it('reads a dotted quad as the unsigned number it stands for, and back', () => {
    expect(ipToInt('0.0.0.0')).toBe(0);
    expect(ipToInt('255.255.255.255')).toBe(0xffffffff);
    expect(ipToInt('192.168.136.254')).toBe(0xc0a888fe);
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), (n) => {
        expect(ipToInt(intToIp(n))).toBe(n);
      }),
      { seed: 20261123, numRuns: 2000 },
    );
  });

  it('names the subnet of an address under a mask, and no subnet for a mask that is not one', () => {
    expect(subnetOf('192.168.136.129', '255.255.255.0')).toBe('192.168.136.0/24');
    expect(subnetOf('10.20.30.40', '255.240.0.0')).toBe('10.16.0.0/12');
    expect(subnetOf('10.20.30.40', '0.0.0.0')).toBe('0.0.0.0/0');
    expect(maskToPrefix('255.0.255.0')).toBeUndefined();
    expect(subnetOf('10.0.0.1', '255.0.255.0')).toBeUndefined();
  });
});

describe('client identifier', () => {
  const withId = (hex: string): DhcpMessage =>
    ({ options: hex === '' ? [] : [{ code: 61, name: 'Client identifier', length: hex.length / 2, value: null, hex }] }) as unknown as DhcpMessage;

  it('writes each id as colon-separated hex, the same text however often and in whatever order ids come', () => {
    // Ids are formatted once and remembered: a remembered one must never stand in for another.
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 1, maxLength: 20 }), { minLength: 1, maxLength: 30 }), (ids) => {
        for (const bytes of [...ids, ...ids.reverse()]) {
          const hex = Buffer.from(bytes).toString('hex');
          expect(clientIdOf(withId(hex))).toBe([...bytes].map((b) => b.toString(16).padStart(2, '0')).join(':'));
        }
      }),
      { seed: 20261204, numRuns: 300 },
    );
    expect(clientIdOf(withId('01005056c00008'))).toBe('01:00:50:56:c0:00:08');
    expect(clientIdOf(withId(''))).toBeUndefined();
  });
});
