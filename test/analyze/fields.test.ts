import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientIdOf, colonHex, intToIp, ipToInt, isDottedQuad, maskToPrefix, option, relayIdsOf, subnetOf } from '../../src/analyze/fields.js';
import type { DhcpOption } from '../../src/decode/frame.js';
import type { DhcpMessage } from '../../src/decode/frame.js';
import { decodeDhcp } from '../../src/decode/dhcp/message.js';
import { buildDhcpMessage, opt, rawOpt } from '../helpers/dhcp-builder.js';
import { hexBytes } from '../helpers/frames.js';

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
    // A full mask names a one-address subnet (point-to-point links hand it out).
    expect(maskToPrefix('255.255.255.255')).toBe(32);
    expect(subnetOf('10.0.0.7', '255.255.255.255')).toBe('10.0.0.7/32');
    expect(maskToPrefix('255.255.255.254')).toBe(31);
    expect(subnetOf('10.0.0.1', '255.0.255.0')).toBeUndefined();
  });

  it('tells apart one network number under two prefix lengths, asked again and again', () => {
    for (let i = 0; i < 3; i++) {
      expect(subnetOf('10.0.0.1', '255.0.0.0')).toBe('10.0.0.0/8');
      expect(subnetOf('10.0.0.1', '255.255.0.0')).toBe('10.0.0.0/16');
      expect(subnetOf('192.168.1.77', '255.255.255.252')).toBe('192.168.1.76/30');
    }
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

describe('relay agent ids', () => {
  const relayIds = (hex: string): ReturnType<typeof relayIdsOf> => {
    const { message } = decodeDhcp(buildDhcpMessage({ options: [opt(53, 'REQUEST'), rawOpt(82, hexBytes(hex))] }), 0, Infinity, 0);
    return relayIdsOf(message);
  };

  it('takes the circuit and remote ids from the decoded sub-options: text when printable, else colon hex', () => {
    // 1 "eth1", 2 = 00:1b:21:aa, and a Link Selection (5) that is neither.
    expect(relayIds('0104' + '65746831' + '0204' + '001b21aa' + '05040a000001')).toEqual({ circuitId: 'eth1', remoteId: '00:1b:21:aa' });
  });

  it('keeps what came before a sub-option that runs past the end, and nothing of it', () => {
    expect(relayIds('0102' + '6131' + '0209' + '00')).toEqual({ circuitId: 'a1' });
  });

  it('a message without option 82 has none', () => {
    const { message } = decodeDhcp(buildDhcpMessage({ options: [opt(53, 'REQUEST')] }), 0, Infinity, 0);
    expect(relayIdsOf(message)).toEqual({});
  });
});

describe('colonHex', () => {
  it('shows hex bytes colon-separated, dropping a trailing odd digit', () => {
    expect(colonHex('')).toBe('');
    expect(colonHex('0')).toBe('');
    expect(colonHex('01')).toBe('01');
    expect(colonHex('01aabbccddeeff')).toBe('01:aa:bb:cc:dd:ee:ff');
    expect(colonHex('abc')).toBe('ab');
    expect(colonHex('aé12x')).toBe('aé:12');
    expect(colonHex('ab'.repeat(300))).toBe(Array(300).fill('ab').join(':'));
  });

  it('agrees with splitting into pairs for any hex text', () => {
    fc.assert(fc.property(fc.stringMatching(/^[0-9a-f]{0,40}$/), (hex) => colonHex(hex) === (hex.match(/../g)?.join(':') ?? '')));
  });
});

describe('option look-up', () => {
  const o = (code: number, value: string): DhcpOption => ({ code, name: `o${code}`, length: value.length, value, hex: '' });

  it('finds the first option of a code, message after message, as a scan of the list would', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 30 }), { minLength: 1, maxLength: 6 }), (lists) => {
        const messages = lists.map((codes) => ({ options: codes.map((c, i) => o(c, `${c}#${i}`)) }) as unknown as DhcpMessage);
        // Asked in turns, back and forth between messages, for codes present and absent.
        for (const m of [...messages, ...messages.slice().reverse()]) {
          for (const code of [0, 12, 50, 53, 54, 61, 255, ...m.options.map((x) => x.code)]) {
            expect(option(m, code)).toBe(m.options.find((x) => x.code === code));
          }
        }
      }),
      { seed: 20261205, numRuns: 300 },
    );
  });

  it('sees an option added to a list it indexed already', () => {
    const options = [o(53, 'a')];
    const m = { options } as unknown as DhcpMessage;
    expect(option(m, 54)).toBeUndefined();
    options.push(o(54, '10.0.0.1'));
    expect(option(m, 54)?.value).toBe('10.0.0.1');
  });
});

describe('dotted quads', () => {
  const REGEX = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

  it('are told apart from other text as the regular expression does', () => {
    for (const s of ['1.2.3.4', '192.168.100.255', '999.0.0.1', '1.2.3', '1.2.3.4.', '.1.2.3', '1..2.3', '1.2.3.4.5', '1234.1.1.1', '1.2.3.4\n', ' 1.2.3.4', '', 'a.b.c.d', '1.2.3.04']) {
      expect(isDottedQuad(s), s).toBe(REGEX.test(s));
    }
    fc.assert(
      fc.property(fc.array(fc.constantFrom('0', '1', '9', '.', '.', 'x', '/', ':'), { maxLength: 17 }), (chars) => {
        const s = chars.join('');
        expect(isDottedQuad(s)).toBe(REGEX.test(s));
      }),
      { seed: 20261205, numRuns: 5000 },
    );
  });
});
