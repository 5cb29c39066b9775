/**
 * Networks explained: the lab's VMware NAT and VirtualBox NAT captures, a VMware host-only network built the way
 * vmnet1 answers (no lab capture has one), the comparison a learner gets when one report holds a NAT and a
 * host-only network, and every network kind of the servers[].network contract.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/index.js';
import { explainNetworks, explainServer } from '../../../src/render/explain/index.js';
import type { NetworkInfo, NetworkKind } from '../../../src/render/explain/contract.js';
import { MODE_TEMPLATES } from '../../../src/render/explain/network-modes.js';
import type { Report, Server } from '../../../src/report/types.js';
import { scenario } from '../../helpers/scenario.js';
import { lab, text } from './lab.js';

const HOST_ONLY = { server: '192.168.80.254', serverMac: '00:50:56:e1:22:33', guest: '00:0c:29:77:88:99', ip: '192.168.80.128' };

/** vmnet1 as VMware sets it up: the DHCP service at .254 with a VMware MAC, no router, no DNS, 30 min leases. */
function hostOnlyCapture(): Uint8Array {
  const h = HOST_ONLY;
  const reply = { server: h.server, serverMac: h.serverMac, mac: h.guest, xid: 0x51, yiaddr: h.ip, lease: 1800, mask: '255.255.255.0', to: 'unicast' as const };
  return scenario()
    .at(0).discover({ mac: h.guest, xid: 0x51 })
    .at(0.001).offer(reply)
    .at(0.002).request({ mac: h.guest, xid: 0x51, server: h.server, requested: h.ip })
    .at(0.003).ack(reply)
    .build();
}

const server = (r: Report, ip: string): Server => r.servers.find((s) => s.ip === ip)!;

describe('network explanations', () => {
  it('VMware NAT (lab capture): the DHCP service on the host, NAT at .2, the DNS forwarder, the neighbouring modes', async () => {
    const r = await lab('15-virtual-lab-vmware.pcap');
    const e = explainServer(r, server(r, '192.168.157.254'));
    const all = text(e);
    expect(e.title).toBe('192.168.157.254: VMware NAT network (vmnet8)');
    for (const fact of ['00:50:56:f2:1d:9c', '2 clients', 'the router 192.168.157.2 (option 3)', 'the DNS server 192.168.157.2 (option 6)', '"localdomain"', '30 min (1800 s)', 'vmnetdhcp', 'running on the host', 'NAT to the host\'s network', 'DNS forwarder', "host's own resolver", 'host-only (vmnet1)', 'bridged', 'Here the router is 192.168.157.2']) {
      expect(all).toContain(fact);
    }
  });

  it('a report without servers[].network (made before networks were classified) is read cautiously from the hypervisor guess', async () => {
    const r = await lab('15-virtual-lab-vmware.pcap');
    const { network: _n, ...bare } = server(r, '192.168.157.254');
    const e = explainServer({ ...r, servers: [bare] }, bare);
    expect(e.title).toBe('192.168.157.254: VMware NAT network');
    const all = text(e);
    expect(all).toContain("a cautious reading: dorascope recognised VMware's DHCP service, and the mode follows from its options");
    expect(all).toContain('a router handed out (192.168.157.2)');
    expect(all).toContain(MODE_TEMPLATES['vmware-nat'].where);
  });

  it('VirtualBox NAT (lab capture): the NAT engine at 10.0.2.2, DNS 10.0.2.3, each VM alone', async () => {
    const r = await lab('15-virtual-lab-virtualbox.pcap');
    const all = text(explainServer(r, server(r, '10.0.2.2')));
    for (const fact of ['VirtualBox NAT', '52:54:00:12:35:02', 'NAT engine', 'the DNS server 10.0.2.3', "the DHCP server's own address", '24 h (86400 s)', 'host-only (192.168.56.0/24']) expect(all).toContain(fact);
  });

  it('VMware host-only (built): no router, so guests reach only the host; the DHCP service is not the one the host uses', async () => {
    const r = await analyze(hostOnlyCapture());
    const e = explainServer(r, server(r, HOST_ONLY.server));
    const all = text(e);
    expect(e.title).toBe(`${HOST_ONLY.server}: VMware host-only network (vmnet1)`);
    for (const fact of ['no router (no option 3)', 'no DNS server (no option 6)', 'vmnet1', 'not the DHCP server the host itself uses', 'Nobody routes']) expect(all).toContain(fact);
  });

  it('a NAT capture and a host-only capture read together: the comparison says what differs, from the captures', async () => {
    const r = await analyze(['fixtures/captures/15-virtual-lab-vmware.pcap', hostOnlyCapture()]);
    const networks = explainNetworks(r);
    const comparison = networks.at(-1)!;
    expect(comparison.title).toBe('Comparing the DHCP services');
    const all = text(comparison);
    expect(all).toContain(`${HOST_ONLY.server} hands out no router`);
    expect(all).toContain('192.168.157.254 hands out the router 192.168.157.2');
    expect(all).toContain(`${HOST_ONLY.server} names no DNS server`);
    expect(all).toContain('192.168.157.254 serves a NAT network');
    expect(all).toContain(`${HOST_ONLY.server} serves a host-only network (a private switch between the host and its guests, with no way out)`);
    expect(all).toMatch(/all of them are VMware's own service on the host/);
  });

  it('one service of each kind is explained in full once; a second of the same kind points back to it', async () => {
    const r = await lab('03-two-servers.pcap');
    const [first, second] = explainNetworks(r);
    expect(text(first!)).toContain(MODE_TEMPLATES.lan.where);
    expect(text(second!)).toContain('same kind of network as 10.9.3.1');
    expect(text(second!)).not.toContain(MODE_TEMPLATES.lan.where);
  });

  describe('every kind of servers[].network (report objects as the virtual-networks analysis produces them)', () => {
    for (const kind of Object.keys(MODE_TEMPLATES) as NetworkKind[]) {
      it(kind, async () => {
        const r = await lab('15-virtual-lab-vmware.pcap');
        const network: NetworkInfo = { kind, hypervisor: null, mode: 'lan', label: `label of ${kind}`, confidence: 'medium', evidence: [`evidence \u001b[31m of ${kind}`] };
        const s = { ...server(r, '192.168.157.254'), network } as Server;
        const e = explainServer({ ...r, servers: [s] }, s);
        const all = text(e);
        expect(e.title).toBe(`192.168.157.254: label of ${kind}`);
        expect(all).toContain(`dorascope reads this as: label of ${kind} (medium confidence), from evidence \uFFFD[31m of ${kind}.`);
        for (const part of Object.values(MODE_TEMPLATES[kind])) expect(all).toContain(part);
      });
    }
  });
});
