import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { intToIp, ipToInt, maskToPrefix, subnetOf } from '../../src/analyze/fields.js';

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
