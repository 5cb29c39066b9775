import { describe, expect, it } from 'vitest';
import { hexBytes, hexLine, locateFields } from '../../../src/render/tui/hex.js';
import { packetFields } from '../../../src/render/tui/packet-fields.js';
import { buildSampleReport } from '../../helpers/sample-report.js';

const packets = new Map((buildSampleReport().packets ?? []).map((p) => [p.frame, p]));
const packet = (frame: number) => {
  const p = packets.get(frame);
  if (!p) throw new Error(String(frame));
  return p;
};
const text = (segments: readonly { text: string }[]): string => segments.map((s) => s.text).join('');

describe('hex dump', () => {
  it('locates header fields, IP/UDP and options, checked against the decoded values', () => {
    const p = packet(11); // relayed DISCOVER: Ethernet, IPv4 (20 bytes), UDP, BOOTP
    const found = locateFields(p, hexBytes(p.hex));
    expect(found['eth.dst']).toEqual([0, 6]);
    expect(found['ip.src']).toEqual([26, 30]);
    expect(found['udp']).toEqual([34, 42]);
    expect(found['dhcp.xid']).toEqual([46, 50]);
    expect(found['dhcp.giaddr']).toEqual([66, 70]);
    expect(found['option.53']).toEqual([282, 285]);
    expect(found['option.82']?.[0]).toBeGreaterThan(285);
  });

  it('locates ARP fields', () => {
    const p = packet(23);
    const found = locateFields(p, hexBytes(p.hex));
    expect(found['arp.senderMac']).toEqual([22, 28]);
    expect(found['arp.targetIp']).toEqual([38, 42]);
  });

  it('does not highlight what it cannot verify', () => {
    const p = packet(11);
    expect(locateFields({ ...p, hex: 'ffff' }, hexBytes('ffff'))).toEqual({});
  });

  it('draws 16 bytes a line with ASCII, bracketing the selected range without colour', () => {
    const bytes = hexBytes('000102030405060708090a0b0c0d0e0f41424344');
    expect(text(hexLine(bytes, 0, undefined, true))).toBe('0000 00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f  ................');
    expect(text(hexLine(bytes, 0, [2, 4], true))).toBe('0000 00 01[02 03]04 05 06 07  08 09 0a 0b 0c 0d 0e 0f  ................');
    expect(text(hexLine(bytes, 16, [14, 18], true))).toBe('0010[41 42]43 44                                       ABCD');
    const coloured = hexLine(bytes, 0, [2, 4], false);
    expect(coloured.filter((s) => s.hi).map((s) => s.text)).toEqual(['02 03', '..']);
  });

  it('packet fields name their ranges and nest option 82 sub-options', () => {
    const rows = packetFields(packet(11));
    expect(rows.find((r) => r.label === 'xid')).toMatchObject({ value: '0x0badf00d', range: 'dhcp.xid' });
    const relay = rows.findIndex((r) => r.label === '82 Relay Agent Information');
    expect(rows[relay + 1]).toMatchObject({ depth: 2, label: '1 Agent Circuit ID', value: 'eth0/1/3', range: 'option.82' });
    expect(rows[relay + 2]).toMatchObject({ depth: 2, label: '2 Agent Remote ID', value: '00:1b:21:aa:00:01' });
  });
});
