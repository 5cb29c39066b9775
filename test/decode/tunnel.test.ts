/**
 * DHCP and ARP inside overlays (VXLAN, Geneve with options, GRE with key/sequence and TEB or IPv4 inside,
 * ERSPAN I/II/III), built from the published layouts by test/helpers/tunnels.ts: the inner frame decodes as it
 * would plainly, and the record names the outer path. Overlay traffic carrying anything else stays "other",
 * and the plain-Ethernet pre-test lets through only the overlay ports and GRE beyond what it did.
 */
import { describe, expect, it } from 'vitest';
import { Decoder, plainlyOther } from '../../src/decode/decoder.js';
import { buildDhcpMessage, rawOpt } from '../helpers/dhcp-builder.js';
import { buildArp, buildDhcpEthernet, buildEthernet, buildIpv4, buildUdp, record } from '../helpers/frames.js';
import { buildErspan, buildGeneve, buildGre, buildVxlan } from '../helpers/tunnels.js';

const CLIENT = '02:00:00:00:0c:01';
const discover = buildDhcpEthernet({
  srcMac: CLIENT,
  dstMac: 'ff:ff:ff:ff:ff:ff',
  vlans: [{ id: 30 }],
  payload: buildDhcpMessage({ op: 1, xid: 0x1234, chaddr: CLIENT, options: [rawOpt(53, '01')] }),
});
const arp = buildEthernet({
  src: CLIENT,
  dst: 'ff:ff:ff:ff:ff:ff',
  type: 0x0806,
  payload: buildArp({ opcode: 1, senderMac: CLIENT, senderIp: '10.1.0.5', targetMac: '00:00:00:00:00:00', targetIp: '10.1.0.1' }),
});
const outer = { src: '192.0.2.1', dst: '192.0.2.2' };

function decode(bytes: Uint8Array) {
  return new Decoder().decode(record(bytes));
}

describe('overlays: the inner DHCP and ARP, the outer path named', () => {
  it.each([
    ['VXLAN (4789)', buildVxlan({ ...outer, vni: 5001, inner: discover }), { type: 'vxlan', vni: 5001 }],
    ['VXLAN on Linux\'s old port 8472', buildVxlan({ ...outer, vni: 42, port: 8472, inner: discover }), { type: 'vxlan', vni: 42 }],
    ['Geneve with options', buildGeneve({ ...outer, vni: 0xabcdef, options: [{ optClass: 0x0104, type: 0x80, data: [1, 2, 3, 4, 5, 6, 7, 8] }], inner: discover }), { type: 'geneve', vni: 0xabcdef }],
    ['GRE TEB with checksum, key and sequence', buildGre({ ...outer, protocol: 0x6558, checksum: true, key: 0xfffffffe, seq: 9, inner: discover }), { type: 'gre', key: 0xfffffffe }],
    ['ERSPAN type I', buildErspan({ ...outer, type: 1, inner: discover }), { type: 'erspan' }],
    ['ERSPAN type II', buildErspan({ ...outer, type: 2, session: 513, inner: discover }), { type: 'erspan', session: 513 }],
    ['ERSPAN type III with platform sub-header', buildErspan({ ...outer, type: 3, session: 1023, platform: true, inner: discover }), { type: 'erspan', session: 1023 }],
  ])('%s', (_name, bytes, layer) => {
    const r = record(bytes);
    expect(plainlyOther(r.linkType, r.buf, r.offset, r.caplen)).toBe(false);
    const f = new Decoder().decode(r);
    expect(f?.kind).toBe('dhcp');
    if (f?.kind !== 'dhcp') return;
    expect([f.srcMac, f.dstMac, f.vlan, f.l2, f.ip.src, f.ip.dst, f.udp.dstPort, f.dhcp.xid, f.dhcp.chaddr]).toEqual([
      CLIENT, 'ff:ff:ff:ff:ff:ff', [30], 'broadcast', '0.0.0.0', '255.255.255.255', 67, 0x1234, CLIENT,
    ]);
    expect(f.tunnel).toEqual([{ src: outer.src, dst: outer.dst, ...layer }]);
    // The hex view still shows the whole captured frame, outer headers included.
    expect(f.bytes.length).toBe(bytes.length);
  });

  it('decodes ARP inside Geneve, and a VXLAN inside GRE names both layers, outermost first', () => {
    const a = decode(buildGeneve({ ...outer, vni: 7, inner: arp }));
    expect(a?.kind === 'arp' ? [a.arp.senderIp, a.arp.targetIp, a.tunnel] : a).toEqual(['10.1.0.5', '10.1.0.1', [{ type: 'geneve', ...outer, vni: 7 }]]);
    const vx = buildVxlan({ src: '10.0.0.1', dst: '10.0.0.2', vni: 9, inner: arp });
    const nested = decode(buildGre({ ...outer, protocol: 0x6558, key: 3, inner: vx }));
    expect(nested?.tunnel).toEqual([
      { type: 'gre', ...outer, key: 3 },
      { type: 'vxlan', src: '10.0.0.1', dst: '10.0.0.2', vni: 9 },
    ]);
  });

  it('follows GRE with IPv4 inside (no inner Ethernet): the outer MACs stay', () => {
    const ip = buildIpv4({ src: '0.0.0.0', dst: '255.255.255.255', protocol: 17, payload: buildUdp({ srcPort: 68, dstPort: 67, payload: buildDhcpMessage({ op: 1, xid: 5, chaddr: CLIENT, options: [] }) }) });
    const f = decode(buildGre({ ...outer, protocol: 0x0800, inner: ip }));
    expect(f?.kind === 'dhcp' ? [f.dhcp.xid, f.srcMac, f.tunnel] : f).toEqual([5, '02:aa:00:00:00:01', [{ type: 'gre', ...outer }]]);
  });

  it('keeps the outer frame\'s VLAN tags in its tunnel layer; the frame\'s own vlan stays the inner frame\'s', () => {
    const qinq = { ...outer, vlans: [{ id: 200, tpid: 0x88a8 }, { id: 100 }] };
    const vx = decode(buildVxlan({ ...qinq, vni: 5001, inner: discover }));
    expect(vx?.kind === 'dhcp' ? [vx.vlan, vx.tunnel] : vx).toEqual([[30], [{ type: 'vxlan', ...outer, vni: 5001, vlan: [200, 100] }]]);
    // Each layer its own: a tagged GRE carrying an untagged VXLAN frame.
    const inGre = decode(buildGre({ ...outer, vlans: [{ id: 7 }], protocol: 0x6558, key: 3, inner: buildVxlan({ src: '10.0.0.1', dst: '10.0.0.2', vni: 9, inner: arp }) }));
    expect(inGre?.tunnel).toEqual([
      { type: 'gre', ...outer, key: 3, vlan: [7] },
      { type: 'vxlan', src: '10.0.0.1', dst: '10.0.0.2', vni: 9 },
    ]);
    expect(inGre?.vlan).toEqual([]);
    // IPv4 inside GRE has no link layer of its own, so no VLAN tags: the outer frame's go to the tunnel.
    const ip = buildIpv4({ src: '0.0.0.0', dst: '255.255.255.255', protocol: 17, payload: buildUdp({ srcPort: 68, dstPort: 67, payload: buildDhcpMessage({ op: 1, xid: 5, chaddr: CLIENT, options: [] }) }) });
    const greIp = decode(buildGre({ ...outer, vlans: [{ id: 100 }], protocol: 0x0800, inner: ip }));
    expect(greIp?.kind === 'dhcp' ? [greIp.vlan, greIp.tunnel] : greIp).toEqual([[], [{ type: 'gre', ...outer, vlan: [100] }]]);
    // Untagged underlay: no vlan field at all (the record stays as it was).
    expect(decode(buildVxlan({ ...outer, vni: 1, inner: discover }))?.tunnel?.[0]).not.toHaveProperty('vlan');
  });

  it('leaves overlays carrying other traffic, broken headers and endless nesting as other', () => {
    const dns = buildEthernet({ type: 0x0800, payload: buildIpv4({ src: '1.1.1.1', dst: '2.2.2.2', protocol: 17, payload: buildUdp({ srcPort: 53, dstPort: 5353, payload: new Uint8Array(40) }) }) });
    expect(decode(buildVxlan({ ...outer, vni: 1, inner: dns }))).toBeUndefined();
    // VXLAN without the I flag, Geneve of another version, GRE version 1 (PPTP), ERSPAN II of the wrong version.
    const noI = buildVxlan({ ...outer, vni: 1, inner: discover });
    noI[14 + 20 + 8] = 0;
    expect(decode(noI)).toBeUndefined();
    const pptp = buildGre({ ...outer, protocol: 0x6558, inner: discover });
    pptp[14 + 20 + 1] = 1;
    expect(decode(pptp)).toBeUndefined();
    const truncated = buildVxlan({ ...outer, vni: 1, inner: discover }).subarray(0, 14 + 20 + 8 + 8 + 6);
    expect(decode(truncated)).toBeUndefined();
    let deep: Uint8Array = discover;
    for (let i = 0; i < 10; i++) deep = buildVxlan({ ...outer, vni: i, inner: deep });
    expect(decode(deep)).toBeUndefined();
  });

  it('keeps the pre-test: ordinary UDP and other IP protocols are still settled as other at once', () => {
    const udp = (dstPort: number) => record(buildEthernet({ type: 0x0800, payload: buildIpv4({ src: '1.1.1.1', dst: '2.2.2.2', protocol: 17, payload: buildUdp({ srcPort: 40000, dstPort, payload: new Uint8Array(40) }) }) }));
    for (const port of [53, 443, 4790, 6082]) {
      const r = udp(port);
      expect(plainlyOther(r.linkType, r.buf, r.offset, r.caplen), `port ${port}`).toBe(true);
    }
    const tcp = record(buildEthernet({ type: 0x0800, payload: buildIpv4({ src: '1.1.1.1', dst: '2.2.2.2', protocol: 6, payload: new Uint8Array(40) }) }));
    expect(plainlyOther(tcp.linkType, tcp.buf, tcp.offset, tcp.caplen)).toBe(true);
    for (const port of [4789, 8472, 6081]) {
      const r = udp(port);
      expect(plainlyOther(r.linkType, r.buf, r.offset, r.caplen), `port ${port}`).toBe(false);
    }
  });
});
