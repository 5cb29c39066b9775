/**
 * The decoder's first test on plain Ethernet frames decides "not DHCP or ARP" from a few bytes. It must agree
 * with the full decode on every frame it settles, and leave everything else to it.
 */
import { describe, expect, it } from 'vitest';
import { Decoder } from '../../src/decode/decoder.js';
import { buildDhcpMessage } from '../helpers/dhcp-builder.js';
import { buildEthernet, buildIpv4, buildUdp, record } from '../helpers/frames.js';

const udp = (srcPort: number, dstPort: number, extra: Partial<Parameters<typeof buildIpv4>[0]> = {}) =>
  buildEthernet({
    type: 0x0800,
    payload: buildIpv4({ src: '10.0.0.1', dst: '10.0.0.2', protocol: 17, payload: buildUdp({ srcPort, dstPort, payload: new Uint8Array(300) }), ...extra }),
  });

function kindOf(frame: Uint8Array): string {
  return new Decoder().decode(record(frame))?.kind ?? 'other';
}

describe('the plain-Ethernet shortcut', () => {
  it('settles ordinary traffic as other', () => {
    expect(kindOf(udp(53, 40000))).toBe('other');
    expect(kindOf(buildEthernet({ type: 0x86dd, payload: new Uint8Array(60) }))).toBe('other');
    expect(kindOf(buildEthernet({ type: 0x0800, payload: buildIpv4({ src: '1.1.1.1', dst: '2.2.2.2', protocol: 6, payload: new Uint8Array(40) }) }))).toBe('other');
  });

  it('lets DHCP ports through on either side, with IP options too', () => {
    const dhcp = buildDhcpMessage({ op: 1, xid: 7, chaddr: '02:00:00:00:00:01', options: [] });
    const withPayload = (srcPort: number, dstPort: number, options?: Uint8Array) =>
      buildEthernet({
        type: 0x0800,
        payload: buildIpv4({ src: '0.0.0.0', dst: '255.255.255.255', protocol: 17, payload: buildUdp({ srcPort, dstPort, payload: dhcp }), ...(options ? { options } : {}) }),
      });
    expect(kindOf(withPayload(68, 67))).toBe('dhcp');
    expect(kindOf(withPayload(40000, 67))).toBe('dhcp');
    expect(kindOf(withPayload(67, 4011))).toBe('dhcp');
    expect(kindOf(withPayload(68, 67, new Uint8Array([0x94, 0x04, 0x00, 0x00])))).toBe('dhcp');
  });

  it('never mistakes a later fragment whose bytes look like DHCP ports for DHCP', () => {
    expect(kindOf(udp(68, 67, { fragOffset: 1480 }))).toBe('other');
  });
});
