/**
 * The test builder encodes what the decoder reads: every option given by its decoded value must come back
 * as that value, through the whole decoder (Ethernet, IPv4, UDP, DHCP).
 */
import { describe, expect, it } from 'vitest';
import { Decoder } from '../../src/decode/decoder.js';
import { getOption } from '../../src/decode/dhcp/message.js';
import type { OptionValue } from '../../src/decode/frame.js';
import { buildDhcpMessage, opt } from '../helpers/dhcp-builder.js';
import { buildDhcpEthernet, record } from '../helpers/frames.js';
import { OPTION_ENCODINGS, SAMPLE_VALUES } from '../helpers/option-encodings.js';

const VALUES: readonly [number, OptionValue][] = [
  [53, 'ACK'],
  [1, '255.255.255.0'],
  [2, -3600],
  [3, ['192.168.1.1', '192.168.1.2']],
  [6, ['1.1.1.1', '9.9.9.9']],
  [12, 'workstation-7'],
  [15, 'corp.example'],
  [19, false],
  [21, [{ address: '10.0.0.0', mask: '255.0.0.0' }]],
  [23, 64],
  [26, 1500],
  [28, '192.168.1.255'],
  [33, [{ destination: '172.16.0.0', router: '192.168.1.3' }]],
  [42, ['10.1.1.1']],
  [43, '0104deadbeef'],
  [50, '192.168.1.77'],
  [51, 86400],
  [54, '192.168.1.1'],
  [55, [1, 3, 6, 15, 119, 121, 252]],
  [56, 'address in use'],
  [57, 1500],
  [58, 43200],
  [59, 75600],
  [60, 'android-dhcp-14'],
  [61, { type: 1, id: '02:11:22:33:44:55' }],
  [66, 'tftp.example'],
  [67, 'pxelinux.0'],
  [77, ['iPXE', 'lab-class']],
  [80, true],
  [81, { flags: 5, s: true, o: false, e: true, n: false, rcode1: 0, rcode2: 0, name: 'ws7.corp.example' }],
  [82, [
    { code: 1, name: 'Agent Circuit ID', length: 8, hex: '76 6c 61 6e 31 30 3a 33'.replace(/ /g, ''), text: 'vlan10:3' },
    { code: 2, name: 'Agent Remote ID', length: 6, hex: '001b21aabbcc' },
  ]],
  [93, [{ type: 7, name: 'x64 UEFI' }]],
  [97, { type: 0, uuid: '12345678-9abc-def0-1234-56789abcdef0' }],
  [108, 1800],
  [114, 'https://portal.example/'],
  [116, 1],
  [118, '192.168.1.0'],
  [119, ['corp.example', 'lab.corp.example', 'example']],
  [120, { encoding: 'addresses', addresses: ['10.0.0.5'] }],
  [121, [
    { destination: '0.0.0.0/0', router: '192.168.1.1' },
    { destination: '10.20.0.0/16', router: '192.168.1.5' },
  ]],
  [124, [{ enterprise: 4491, data: ['docsis3.0'] }]],
  [125, [{ enterprise: 4491, options: [{ code: 2, hex: '4543', text: 'EC' }] }]],
  [150, ['10.0.0.69']],
  [252, 'http://wpad.corp.example/wpad.dat'],
  [250, 'c0ffee'],
];

describe('builder → decoder round trip', () => {
  it('reads back every option value it was given, in order, without problems', () => {
    const payload = buildDhcpMessage({
      op: 2,
      xid: 0xa1b2c3d4,
      yiaddr: '192.168.1.77',
      chaddr: '02:11:22:33:44:55',
      options: VALUES.map(([code, value]) => opt(code, value)),
      padTo: 300,
    });
    const frame = new Decoder().decode(record(buildDhcpEthernet({ payload, srcPort: 67, dstPort: 68, srcIp: '192.168.1.1', dstIp: '192.168.1.77' })));
    expect(frame?.kind).toBe('dhcp');
    if (frame?.kind !== 'dhcp') return;
    expect(frame.problems).toEqual([]);
    const m = frame.dhcp;
    expect(m.options.map((o) => o.code)).toEqual(VALUES.map(([c]) => c));
    for (const [code, value] of VALUES) expect(getOption(m, code)?.value, `option ${code}`).toEqual(value);
    expect(m).toMatchObject({ op: 2, xid: 0xa1b2c3d4, yiaddr: '192.168.1.77', chaddr: '02:11:22:33:44:55', messageType: 5 });
  });

  it('reads every plainly typed option as the RFCs encode it (the builder\'s own table, not the decoder\'s)', () => {
    // 52 (overload) changes how the message is read: the test below covers it.
    const codes = [...OPTION_ENCODINGS.keys()].filter((c) => c !== 52).sort((a, b) => a - b);
    expect(codes.length).toBeGreaterThan(100);
    for (const code of codes) {
      const value = SAMPLE_VALUES[OPTION_ENCODINGS.get(code)!];
      const payload = buildDhcpMessage({ op: 1, options: [opt(53, 'DISCOVER'), opt(code, value)], padTo: 300 });
      const frame = new Decoder().decode(record(buildDhcpEthernet({ payload })));
      if (frame?.kind !== 'dhcp') throw new Error(`option ${code}: not decoded as DHCP`);
      expect(frame.problems, `option ${code}`).toEqual([]);
      expect(getOption(frame.dhcp, code)?.value, `option ${code} (${OPTION_ENCODINGS.get(code)})`).toEqual(value);
    }
  });

  it('round-trips through RFC 3396 splitting and overload', () => {
    const long = Array.from({ length: 40 }, (_, i) => `d${i}.search.example`);
    const payload = buildDhcpMessage({
      overload: 3,
      options: [opt(53, 'OFFER'), opt(119, long, 50)],
      fileOptions: [opt(3, ['10.0.0.1']), opt(12, 'in-file')],
      snameOptions: [opt(6, ['10.0.0.53'])],
    });
    const frame = new Decoder().decode(record(buildDhcpEthernet({ payload })));
    if (frame?.kind !== 'dhcp') throw new Error('not dhcp');
    expect(frame.problems).toEqual([]);
    expect(getOption(frame.dhcp, 119)?.value).toEqual(long);
    expect(frame.dhcp.options.map((o) => [o.code, o.source ?? 'options'])).toEqual([
      [52, 'options'],
      [53, 'options'],
      [119, 'options'],
      [3, 'file'],
      [12, 'file'],
      [6, 'sname'],
    ]);
  });
});
