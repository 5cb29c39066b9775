/**
 * Which network a DHCP service serves (servers[].network): every hypervisor mode from built exchanges with the
 * vendors' defaults, and the cases that must stay a LAN (a physical router, a DHCP server in a guest, bridged
 * guests on a physical LAN).
 */
import { describe, expect, it } from 'vitest';
import { networkOf } from '../../src/analyze/network.js';
import { analyze } from '../../src/index.js';
import type { Server } from '../../src/report/types.js';
import { scenario } from '../helpers/scenario.js';

interface Service {
  readonly server: string;
  readonly serverMac: string;
  readonly guests: readonly (readonly [mac: string, ip: string])[];
  readonly router?: string;
  readonly dns?: readonly string[];
  readonly domain?: string;
  readonly lease?: number;
}

/** Each guest's DORA with the service, one after another. */
async function serverOf(s: Service): Promise<Server> {
  let sc = scenario();
  s.guests.forEach(([mac, yiaddr], i) => {
    const reply = {
      server: s.server, serverMac: s.serverMac, mac, xid: 100 + i, yiaddr, lease: s.lease ?? 3600, mask: '255.255.255.0',
      ...(s.router !== undefined ? { router: s.router } : {}),
      ...(s.dns !== undefined ? { dns: s.dns } : {}),
      ...(s.domain !== undefined ? { domain: s.domain } : {}),
    };
    const t = i * 1;
    sc = sc.at(t).discover({ mac, xid: 100 + i }).at(t + 0.01).offer(reply).at(t + 0.02).request({ mac, xid: 100 + i, server: s.server, requested: yiaddr }).at(t + 0.03).ack(reply);
  });
  const r = await analyze(sc.build());
  expect(r.servers).toHaveLength(1);
  return r.servers[0]!;
}

describe('servers[].network: hypervisor networks from their defaults', () => {
  it('VMware NAT (vmnet8): .254 with a 00:50:56 MAC, gateway and DNS at .2, localdomain, 30 min leases', async () => {
    const s = await serverOf({ server: '192.168.157.254', serverMac: '00:50:56:f2:1d:9c', guests: [['00:0c:29:4f:8a:11', '192.168.157.128']], router: '192.168.157.2', dns: ['192.168.157.2'], domain: 'localdomain', lease: 1800 });
    expect(s.network).toMatchObject({ kind: 'vmware-nat', hypervisor: 'VMware', mode: 'nat', label: 'VMware NAT network (vmnet8)', confidence: 'high', roles: 'NAT gateway and DNS at .2, DHCP at .254' });
    expect(s.network!.evidence).toEqual(expect.arrayContaining(['router at .2 (VMware NAT gateway)', '30-minute leases (VMware DHCP default)']));
  });

  it('VMware host-only (vmnet1): .254 with a 00:50:56 MAC and no router, never with high confidence', async () => {
    const s = await serverOf({ server: '192.168.80.254', serverMac: '00:50:56:e0:00:01', guests: [['00:0c:29:11:22:33', '192.168.80.130']], lease: 1800 });
    expect(s.network).toMatchObject({ kind: 'vmware-host-only', hypervisor: 'VMware', mode: 'host-only', label: 'VMware host-only network (vmnet1)', confidence: 'medium' });
    expect(s.network!.evidence).toContain('no router option (host-only networks have no gateway)');
  });

  it('VirtualBox NAT: 10.0.2.2 with DNS 10.0.2.3 giving 10.0.2.15 to an 08:00:27 guest', async () => {
    const s = await serverOf({ server: '10.0.2.2', serverMac: '52:54:00:12:35:02', guests: [['08:00:27:a1:b2:c3', '10.0.2.15']], router: '10.0.2.2', dns: ['10.0.2.3'], lease: 86400 });
    expect(s.network).toMatchObject({ kind: 'virtualbox-nat', hypervisor: 'VirtualBox', mode: 'nat', confidence: 'high' });
  });

  it('VirtualBox NAT Network: DHCP at 10.0.2.3, gateway 10.0.2.1, several 08:00:27 guests in one subnet', async () => {
    const s = await serverOf({ server: '10.0.2.3', serverMac: '08:00:27:6e:0c:01', guests: [['08:00:27:00:00:01', '10.0.2.4'], ['08:00:27:00:00:02', '10.0.2.5']], router: '10.0.2.1', dns: ['10.0.2.1'] });
    expect(s.network).toMatchObject({ kind: 'virtualbox-nat-network', hypervisor: 'VirtualBox', mode: 'nat-network', label: 'VirtualBox NAT Network', confidence: 'high' });
  });

  it('VirtualBox host-only: 192.168.56.100 giving .101 to an 08:00:27 guest, no router', async () => {
    const s = await serverOf({ server: '192.168.56.100', serverMac: '08:00:27:f0:0d:01', guests: [['08:00:27:aa:00:01', '192.168.56.101']] });
    expect(s.network).toMatchObject({ kind: 'virtualbox-host-only', hypervisor: 'VirtualBox', mode: 'host-only', confidence: 'high' });
  });

  it('QEMU user-mode networking (slirp): 10.0.2.2 with DNS 10.0.2.3 giving 10.0.2.15 to a 52:54:00 guest', async () => {
    const s = await serverOf({ server: '10.0.2.2', serverMac: '52:54:00:12:35:02', guests: [['52:54:00:12:34:56', '10.0.2.15']], router: '10.0.2.2', dns: ['10.0.2.3'] });
    expect(s.network).toMatchObject({ kind: 'qemu-user', hypervisor: 'QEMU', mode: 'user', label: 'QEMU user-mode networking (slirp)' });
  });

  it("libvirt's default network: dnsmasq at 192.168.122.1 on virbr0 (52:54:00), gateway and DNS itself", async () => {
    const s = await serverOf({ server: '192.168.122.1', serverMac: '52:54:00:3a:9f:01', guests: [['52:54:00:c4:11:02', '192.168.122.57']], router: '192.168.122.1', dns: ['192.168.122.1'] });
    expect(s.network).toMatchObject({ kind: 'libvirt-default', mode: 'nat', label: 'libvirt default network (virbr0)', confidence: 'high' });
  });

  it('Hyper-V Default Switch: ICS at .1 of a 172.16/12 subnet with a 00:15:5d MAC, domain mshome.net', async () => {
    const s = await serverOf({ server: '172.27.96.1', serverMac: '00:15:5d:7a:01:01', guests: [['00:15:5d:7a:01:09', '172.27.99.20']], router: '172.27.96.1', dns: ['172.27.96.1'], domain: 'mshome.net' });
    expect(s.network).toMatchObject({ kind: 'hyperv-default-switch', hypervisor: 'Hyper-V', mode: 'default-switch', confidence: 'high' });
  });

  it("Parallels shared network: 10.211.55.1 answering 00:1c:42 guests", async () => {
    const s = await serverOf({ server: '10.211.55.1', serverMac: '00:1c:42:00:00:18', guests: [['00:1c:42:9b:2e:11', '10.211.55.3']], router: '10.211.55.1', dns: ['10.211.55.1'] });
    expect(s.network).toMatchObject({ kind: 'parallels-shared', hypervisor: 'Parallels', mode: 'shared', label: 'Parallels shared network' });
  });
});

describe('servers[].network: a LAN is never called virtual', () => {
  it('a home router (physical MAC) answering physical clients is a plain LAN', async () => {
    const s = await serverOf({ server: '192.168.1.1', serverMac: '3c:28:6d:01:02:03', guests: [['3c:28:6d:aa:00:01', '192.168.1.23']], router: '192.168.1.1', dns: ['192.168.1.1'] });
    expect(s.network).toMatchObject({ kind: 'lan', hypervisor: null, mode: 'lan' });
  });

  it('a physical router at .254 with a .2 gateway answering a VMware guest is bridged, not VMware NAT', async () => {
    // The VMware-looking addresses alone do not make it VMware's service: its MAC is a physical NIC's.
    const s = await serverOf({ server: '192.168.1.254', serverMac: '3c:28:6d:01:02:03', guests: [['00:0c:29:4f:8a:11', '192.168.1.130']], router: '192.168.1.2', dns: ['192.168.1.2'], domain: 'localdomain', lease: 1800 });
    expect(s.network).toMatchObject({ kind: 'bridged', mode: 'bridged', hypervisor: 'VMware' });
    expect(s.network!.evidence.join(' ')).toContain('bridged onto this LAN');
  });

  it('tells a bridged guest (physical router) apart from a guest on a NAT network', async () => {
    const bridged = await serverOf({ server: '192.168.1.1', serverMac: '3c:28:6d:01:02:03', guests: [['00:0c:29:4f:8a:11', '192.168.1.40']], router: '192.168.1.1', dns: ['192.168.1.1'] });
    const nat = await serverOf({ server: '192.168.157.254', serverMac: '00:50:56:f2:1d:9c', guests: [['00:0c:29:4f:8a:11', '192.168.157.128']], router: '192.168.157.2', dns: ['192.168.157.2'] });
    expect([bridged.network?.kind, nat.network?.kind]).toEqual(['bridged', 'vmware-nat']);
  });

  it('a DHCP server running inside a VMware guest (00:0c:29 at .1) is a LAN server, not a hypervisor network', async () => {
    const s = await serverOf({ server: '192.168.1.1', serverMac: '00:0c:29:aa:bb:01', guests: [['00:0c:29:11:22:33', '192.168.1.100']], router: '192.168.1.1', dns: ['192.168.1.1'] });
    expect(s.network).toMatchObject({ kind: 'lan', hypervisor: null });
    expect(s.network!.evidence[0]).toContain('DHCP server running in a guest');
  });

  it('10.0.2.3 with gateway 10.0.2.1 answering physical NICs is not a VirtualBox NAT Network', () => {
    const n = networkOf({ ip: '10.0.2.3', mac: '3c:28:6d:01:02:03', router: '10.0.2.1', offered: ['10.0.2.4'], clientPlatforms: new Set() }, undefined);
    expect(n.kind).toBe('lan');
  });

  it('never gives "high" confidence to a LAN judgement without a MAC', () => {
    const n = networkOf({ ip: '10.1.1.1', mac: '', offered: [], clientPlatforms: new Set(), relayed: true }, undefined);
    expect(n).toMatchObject({ kind: 'lan', confidence: 'low', evidence: ['server seen only through a relay', expect.any(String)] });
  });
});
