import { describe, expect, it } from 'vitest';
import { decodeOptionValue } from '../../src/decode/dhcp/option-decoders.js';
import { messageTypeName } from '../../src/decode/dhcp/names.js';
import { optionName, optionSpec, registeredOptionCodes } from '../../src/decode/dhcp/options.js';
import type { OptionValue } from '../../src/decode/frame.js';
import { problemText, type DecodeProblem } from '../../src/decode/problems.js';
import { hexBytes } from '../helpers/frames.js';

function value(code: number, hex: string): { value: OptionValue; problems: string[] } {
  const problems: DecodeProblem[] = [];
  return { value: decodeOptionValue(code, hexBytes(hex), problems, 100), problems: problems.map(problemText) };
}

function ok(code: number, hex: string): OptionValue {
  const r = value(code, hex);
  expect(r.problems).toEqual([]);
  return r.value;
}

describe('option names', () => {
  it('names the common options as RFC 2132 does', () => {
    expect(optionName(1)).toBe('Subnet Mask');
    expect(optionName(3)).toBe('Router');
    expect(optionName(6)).toBe('Domain Name Server');
    expect(optionName(12)).toBe('Host Name');
    expect(optionName(53)).toBe('DHCP Message Type');
    expect(optionName(61)).toBe('Client Identifier');
    expect(optionName(82)).toBe('Relay Agent Information');
  });

  it('has a row for every IANA-registered code, and a fallback for the rest', () => {
    const registered = [
      ...Array.from({ length: 84 }, (_, i) => i), // 0-83
      ...[85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 97, 98, 99, 100, 101, 108, 109, 112, 113, 114],
      ...Array.from({ length: 10 }, (_, i) => 116 + i), // 116-125
      ...Array.from({ length: 21 }, (_, i) => 128 + i), // 128-148
      ...Array.from({ length: 13 }, (_, i) => 150 + i), // 150-162
      ...[175, 176, 177, 208, 209, 210, 211, 212, 213, 220, 221, 255],
    ];
    const rows = new Set(registeredOptionCodes());
    for (const code of registered) expect(rows.has(code), `code ${code}`).toBe(true);
    for (const code of registered) expect(optionName(code)).not.toMatch(/^Option \d+$/);
    expect(optionName(200)).toBe('Option 200');
    expect(optionName(84)).toBe('Option 84');
    expect(optionSpec(200).type).toBe('hex');
  });

  it('names message types, with TYPE_<n> for unknown ones', () => {
    const names = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18].map(messageTypeName);
    expect(names).toEqual([
      'DISCOVER', 'OFFER', 'REQUEST', 'DECLINE', 'ACK', 'NAK', 'RELEASE', 'INFORM', 'FORCERENEW', 'LEASEQUERY',
      'LEASEUNASSIGNED', 'LEASEUNKNOWN', 'LEASEACTIVE', 'BULKLEASEQUERY', 'LEASEQUERYDONE', 'ACTIVELEASEQUERY',
      'LEASEQUERYSTATUS', 'TLS',
    ]);
    expect(messageTypeName(0)).toBe('TYPE_0');
    expect(messageTypeName(19)).toBe('TYPE_19');
    expect(messageTypeName(255)).toBe('TYPE_255');
  });
});

describe('typed values', () => {
  it('addresses, numbers and text', () => {
    expect(ok(1, 'ffffff00')).toBe('255.255.255.0');
    expect(ok(3, 'c0a80101c0a801fe')).toEqual(['192.168.1.1', '192.168.1.254']);
    expect(ok(6, '08080808')).toEqual(['8.8.8.8']);
    expect(ok(2, 'ffff8f80')).toBe(-28800);
    expect(ok(12, '6c6170746f70')).toBe('laptop');
    expect(ok(12, '6c6170746f7000')).toBe('laptop'); // trailing NUL some clients send
    expect(ok(15, '6578616d706c652e6f7267')).toBe('example.org');
    expect(ok(28, 'c0a801ff')).toBe('192.168.1.255');
    expect(ok(42, '0a0000010a000002')).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(ok(43, '0104c0a80101ff')).toBe('0104c0a80101ff');
    expect(ok(50, '0a000005')).toBe('10.0.0.5');
    expect(ok(51, 'ffffffff')).toBe(4294967295);
    expect(ok(52, '03')).toBe(3);
    expect(ok(53, '01')).toBe('DISCOVER');
    expect(ok(53, '63')).toBe('TYPE_99');
    expect(ok(54, '0a000001')).toBe('10.0.0.1');
    expect(ok(55, '01030f062a')).toEqual([1, 3, 15, 6, 42]);
    expect(ok(56, '6e6f2061646472657373')).toBe('no address');
    expect(ok(57, '05dc')).toBe(1500);
    expect(ok(58, '00000708')).toBe(1800);
    expect(ok(59, '00000c4e')).toBe(3150);
    expect(ok(60, '4d53465420352e30')).toBe('MSFT 5.0');
    expect(ok(66, '746674702e6c616e')).toBe('tftp.lan');
    expect(ok(67, '70786c696e75782e30')).toBe('pxlinux.0');
    expect(ok(80, '')).toBe(true);
    expect(ok(108, '00000708')).toBe(1800);
    expect(ok(114, '68747470733a2f2f63702e6578616d706c65')).toBe('https://cp.example');
    expect(ok(116, '01')).toBe(1);
    expect(ok(118, 'c0a80a00')).toBe('192.168.10.0');
    expect(ok(252, '687474703a2f2f7770616400')).toBe('http://wpad');
    expect(ok(200, 'beef')).toBe('beef');
    expect(ok(19, '01')).toBe(true);
    expect(ok(26, '05dc')).toBe(1500);
    expect(ok(25, '0044023c')).toEqual([68, 572]);
  });

  it('33 static routes as pairs', () => {
    expect(ok(33, '0a0000000a0000fe c0a80000c0a80001')).toEqual([
      { destination: '10.0.0.0', router: '10.0.0.254' },
      { destination: '192.168.0.0', router: '192.168.0.1' },
    ]);
  });

  it('61 client identifier', () => {
    expect(ok(61, '01000c291f7406')).toEqual({ type: 1, id: '00:0c:29:1f:74:06' });
    expect(ok(61, '00636973636f2d636330302e306163342e303030302d4661302f30')).toEqual({
      type: 0,
      id: 'cisco-cc00.0ac4.0000-Fa0/0',
      text: 'cisco-cc00.0ac4.0000-Fa0/0',
    });
    expect(ok(61, 'ff12345678000100011c39cf88080027fe8f95')).toEqual({
      type: 255,
      iaid: 0x12345678,
      duid: '000100011c39cf88080027fe8f95',
      id: '12345678000100011c39cf88080027fe8f95',
    });
    expect(ok(61, '060a0b')).toEqual({ type: 6, id: '0a:0b' });
    expect(value(61, '01')).toEqual({ value: null, problems: ['option 61 (Client Identifier): expected at least 2 bytes, got 1'] });
  });

  it('77 user class (RFC 3004), and the bare-string form some clients send', () => {
    expect(ok(77, '0474657374 09626c61682d626c6168')).toEqual(['test', 'blah-blah']);
    expect(ok(77, '4d53465420352e30')).toEqual(['MSFT 5.0']);
    const bad = value(77, '0474657374ff00');
    expect(bad.value).toEqual(['test']);
    expect(bad.problems).toHaveLength(1);
  });

  it('81 client FQDN, wire format (E) and ASCII', () => {
    expect(ok(81, '0500000662726f6b656e076578616d706c6500')).toEqual({
      flags: 5,
      s: true,
      o: false,
      e: true,
      n: false,
      rcode1: 0,
      rcode2: 0,
      name: 'broken.example',
    });
    expect(ok(81, '01ffff6c6170746f702e6c616e')).toMatchObject({ flags: 1, e: false, rcode1: 255, rcode2: 255, name: 'laptop.lan' });
    expect(ok(81, '000000')).toMatchObject({ name: '' });
    expect(value(81, '0500')).toMatchObject({ value: null });
  });

  it('82 relay agent information sub-options', () => {
    expect(ok(82, '0106657468302f31 0206001122334455 0504c0a80a00 0b040a000001 0606737562736372 97020001')).toEqual([
      { code: 1, name: 'Agent Circuit ID', length: 6, hex: '657468302f31', text: 'eth0/1' },
      { code: 2, name: 'Agent Remote ID', length: 6, hex: '001122334455' },
      { code: 5, name: 'Link Selection', length: 4, hex: 'c0a80a00', ip: '192.168.10.0' },
      { code: 11, name: 'Server Identifier Override', length: 4, hex: '0a000001', ip: '10.0.0.1' },
      { code: 6, name: 'Subscriber ID', length: 6, hex: '737562736372', text: 'subscr' },
      { code: 151, name: 'Virtual Subnet Selection', length: 2, hex: '0001' },
    ]);
    const r = value(82, '0106657468302f31 0209aa');
    expect(r.value).toEqual([{ code: 1, name: 'Agent Circuit ID', length: 6, hex: '657468302f31', text: 'eth0/1' }]);
    expect(r.problems).toEqual(['option 82 (Relay Agent Information): sub-option 2 at offset 8 runs past the end of the option']);
  });

  it('93 client architecture, 94 NDI, 97 UUID', () => {
    expect(ok(93, '00000007000b')).toEqual([
      { type: 0, name: 'x86 BIOS' },
      { type: 7, name: 'x64 UEFI' },
      { type: 11, name: 'ARM 64-bit UEFI' },
    ]);
    expect(ok(94, '010201')).toEqual({ type: 1, major: 2, minor: 1 });
    // GUID byte order (as Wireshark and dmidecode show it): first three fields little-endian.
    expect(ok(97, '00 12345678 9abc def0 1234 56789abcdef0')).toEqual({ type: 0, uuid: '78563412-bc9a-f0de-1234-56789abcdef0' });
    expect(value(97, '0001')).toEqual({ value: { type: 0, id: '01' }, problems: ['option 97 (Client Machine Identifier): expected 17 bytes, got 2'] });
  });

  it('119 domain search with compression (pointers relative to the option data)', () => {
    // eng.apple.com, marketing.apple.com (RFC 3397 §2 example).
    const hex = '03656e67056170706c6503636f6d00 096d61726b6574696e67c004';
    expect(ok(119, hex)).toEqual(['eng.apple.com', 'marketing.apple.com']);
  });

  it('119 guards against pointer loops and forward pointers', () => {
    const loop = value(119, '03616263c000'); // "abc" then a pointer back to itself
    expect(loop.value).toEqual([]);
    expect(loop.problems[0]).toMatch(/does not point backwards/);
    const self = value(119, 'c000');
    expect(self.value).toEqual([]);
    expect(self.problems).toHaveLength(1);
    const forward = value(119, '016100 c006 016200');
    expect(forward.problems[0]).toMatch(/does not point backwards/);
    const unterminated = value(119, '03616263');
    expect(unterminated.value).toEqual(['abc']);
    expect(unterminated.problems[0]).toMatch(/runs past the end/);
  });

  it('121 classless static routes', () => {
    expect(ok(121, '08 0a c0a80101 00 c0a801fe 18 c0a864 c0a80102 20 0a000001 0a0000fe')).toEqual([
      { destination: '10.0.0.0/8', router: '192.168.1.1' },
      { destination: '0.0.0.0/0', router: '192.168.1.254' },
      { destination: '192.168.100.0/24', router: '192.168.1.2' },
      { destination: '10.0.0.1/32', router: '10.0.0.254' },
    ]);
    const bad = value(121, '21 0a000000 0a000001');
    expect(bad.value).toEqual([]);
    expect(bad.problems[0]).toMatch(/prefix length 33/);
    expect(value(121, '18 c0a864 c0a8').problems[0]).toMatch(/runs past the end/);
  });

  it('124 and 125 vendor-identifying options', () => {
    expect(ok(124, '00000de9 07 06646f63736973')).toEqual([{ enterprise: 3561, data: ['docsis'] }]);
    expect(ok(125, '00000de9 0c 0104c0a80101 02046669726d')).toEqual([
      { enterprise: 3561, options: [{ code: 1, hex: 'c0a80101' }, { code: 2, hex: '6669726d', text: 'firm' }] },
    ]);
  });

  it('120 SIP servers in either encoding', () => {
    expect(ok(120, '01 0a000001')).toEqual({ encoding: 'addresses', addresses: ['10.0.0.1'] });
    expect(ok(120, '00 03736970076578616d706c6500')).toEqual({ encoding: 'domains', domains: ['sip.example'] });
  });

  it('list and fixed-size mismatches are reported, the complete part kept', () => {
    expect(value(3, '0a0000010a00')).toEqual({ value: ['10.0.0.1'], problems: ['option 3 (Router): length 6 is not a non-zero multiple of 4'] });
    expect(value(1, '')).toEqual({ value: null, problems: ['option 1 (Subnet Mask): expected 4 bytes, got 0'] });
    expect(value(57, '05')).toEqual({ value: null, problems: ['option 57 (Maximum DHCP Message Size): expected 2 bytes, got 1'] });
    expect(value(33, '0a000000').problems).toHaveLength(1);
  });
});
