/**
 * The lab's VXLAN capture (fixtures/lab/scenarios/21-vxlan.sh: the kernel's own vxlan device, real dnsmasq and
 * dhclient): the same traffic captured on the underlay, inside VXLAN, and plainly on the client's bridge gives
 * the same exchanges; the underlay's name their tunnel.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/index.js';
import type { Report } from '../../src/report/types.js';

const dir = path.resolve(import.meta.dirname, '../../fixtures/captures');
const underlay = path.join(dir, '21-vxlan-underlay.pcap');
const inner = path.join(dir, '21-vxlan-inner.pcap');
const present = existsSync(underlay) && existsSync(inner);
if (!present) console.warn('overlay: fixtures/captures/21-vxlan-*.pcap missing; run the lab scenario 21 to make them');

/** What an exchange is, apart from where and when it was captured. */
function exchanges(r: Report) {
  return r.transactions.map((t) => ({
    kind: t.kind, outcome: t.outcome, xid: t.xid, clientMac: t.clientMac, server: t.server, assignedIp: t.assignedIp, leaseSeconds: t.leaseSeconds,
    offers: t.offers.map((o) => [o.server, o.yiaddr]),
    steps: t.steps.map((s) => [s.messageType, s.direction, s.from, s.to, s.l2, s.l3, s.broadcastFlag, s.expectedDelivery, s.deliveryOk]),
    arp: t.arp.map((a) => [a.kind, a.senderMac, a.senderIp, a.targetIp]),
  }));
}

describe.skipIf(!present)('DHCP over the kernel\'s VXLAN (lab scenario 21)', () => {
  it('gives the same exchanges, leases, servers and findings on the underlay as on the inner bridge', async () => {
    const [u, i] = await Promise.all([analyze(underlay, { packets: true }), analyze(inner)]);
    expect(exchanges(u)).toEqual(exchanges(i));
    expect(exchanges(u)).toHaveLength(1);
    expect(u.leases.map((l) => [l.ip, l.mac, l.state])).toEqual(i.leases.map((l) => [l.ip, l.mac, l.state]));
    expect(u.servers.map((s) => [s.ip, s.mac, s.subnets])).toEqual(i.servers.map((s) => [s.ip, s.mac, s.subnets]));
    expect(u.findings.map((f) => f.code)).toEqual(i.findings.map((f) => f.code));
    // The same ARP claims; the underlay's in their segment, VNI 42 (both directions of the tunnel are one segment).
    const claims = (r: Report) => r.arp.map((b) => [b.ip, b.claims.map((c) => [c.mac, c.count, c.kinds]), b.conflict]);
    expect(claims(u)).toEqual(claims(i));
    expect(u.arp.map((b) => b.segment)).toEqual(u.arp.map(() => 'VXLAN VNI 42'));
    expect(i.arp.every((b) => b.segment === undefined)).toBe(true);
    // Only the underlay names the tunnel: VNI 42 between the two VTEPs.
    expect(u.transactions[0]!.segment).toEqual({
      label: 'VXLAN 10.9.98.2 → 10.9.98.1 VNI 42',
      tunnel: [{ type: 'vxlan', src: '10.9.98.2', dst: '10.9.98.1', vni: 42 }],
    });
    expect(i.transactions[0]!.segment).toBeUndefined();
    const dhcpPackets = (u.packets ?? []).filter((p) => p.dhcp);
    expect(dhcpPackets.length).toBe(4);
    for (const p of dhcpPackets) expect(p.tunnel?.map((t) => [t.type, t.vni])).toEqual([['vxlan', 42]]);
  });
});

const tenants = path.join(dir, '23-vxlan-tenants.pcap');
if (!existsSync(tenants)) console.warn('overlay: fixtures/captures/23-vxlan-tenants.pcap missing; run the lab scenario 23 to make it');

describe.skipIf(!existsSync(tenants))('two tenants with one address plan in two kernel VXLAN networks (lab scenario 23)', () => {
  it('keeps their ARP claims, leases and servers per VNI: no conflict, no double assignment, no competing servers', async () => {
    const r = await analyze(tenants);
    expect(r.transactions.map((t) => [t.clientMac, t.assignedIp, t.segment?.tunnel.map((x) => x.vni)])).toEqual([
      ['02:00:00:00:23:01', '10.9.23.50', [10]],
      ['02:00:00:00:23:11', '10.9.23.50', [20]],
    ]);
    expect(r.arp.map((b) => [b.ip, b.segment, b.claims.map((c) => c.mac), b.conflict])).toEqual([
      ['10.9.23.1', 'VXLAN VNI 10', ['02:00:00:00:23:0a'], false],
      ['10.9.23.1', 'VXLAN VNI 20', ['02:00:00:00:23:1a'], false],
      ['10.9.23.50', 'VXLAN VNI 10', ['02:00:00:00:23:01'], false],
      ['10.9.23.50', 'VXLAN VNI 20', ['02:00:00:00:23:11'], false],
    ]);
    expect(r.leases.map((l) => [l.ip, l.mac, l.state])).toEqual([
      ['10.9.23.50', '02:00:00:00:23:01', 'active'],
      ['10.9.23.50', '02:00:00:00:23:11', 'active'],
    ]);
    expect(r.findings).toEqual([]);
  });
});
