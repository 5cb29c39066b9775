/**
 * Who made a NIC (IEEE registry), which hypervisor a virtual NIC belongs to, and whether a DHCP server is a
 * hypervisor's built-in service (VMware NAT/host-only, VirtualBox NAT) or just a server that runs in a VM.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { findLine, hypervisorOf, vendorOf, virtualizationOf } from '../../src/analyze/vendors.js';
import { analyze } from '../../src/index.js';
import { scenario } from '../helpers/scenario.js';


/** A DISCOVER, the server's OFFER, the REQUEST for it and the ACK, 10 ms apart. */
function doraWith(reply: { readonly server: string; readonly mac: string; readonly xid: number; readonly yiaddr: string } & Parameters<ReturnType<typeof scenario>['offer']>[0]) {
  return scenario()
    .at(0).discover({ mac: reply.mac, xid: reply.xid })
    .at(0.01).offer(reply)
    .at(0.02).request({ mac: reply.mac, xid: reply.xid, server: reply.server, requested: reply.yiaddr })
    .at(0.03).ack(reply);
}

describe('virtualizationOf', () => {
  it.each([
    ['00:0c:29:4f:8e:35', 'VMware'],
    ['00:50:56:c0:00:08', 'VMware'],
    ['08:00:27:d4:1c:9e', 'VirtualBox'],
    ['52:54:00:ab:cd:ef', 'QEMU/KVM'],
    ['00:15:5d:01:02:03', 'Hyper-V'],
    ['00:16:3e:11:22:33', 'Xen'],
    ['00:1c:42:aa:bb:cc', 'Parallels'],
  ])('%s is a %s virtual NIC', (mac, platform) => {
    expect(virtualizationOf(mac)).toBe(platform);
  });

  it.each([['3c:28:6d:01:02:03'], ['00:1b:21:aa:00:01'], ['02:00:c0:a8:01:01']])('%s is not a virtual NIC', (mac) => {
    expect(virtualizationOf(mac)).toBeUndefined();
  });
});

describe('vendorOf (IEEE OUI registry)', () => {
  it.each([
    ['00:0c:29:4f:8e:35', 'VMware, Inc.'],
    ['00:50:56:c0:00:08', 'VMware, Inc.'],
    ['08:00:27:d4:1c:9e', 'PCS Systemtechnik GmbH'],
    ['00:15:5d:01:02:03', 'Microsoft Corporation'],
    ['00:1c:42:aa:bb:cc', 'Parallels, Inc.'],
    ['3c:28:6d:01:02:03', 'Google, Inc.'],
  ])('%s → %s', (mac, vendor) => {
    expect(vendorOf(mac)).toBe(vendor);
  });

  it('answers for every MA-L entry of the registry what the registry parsed whole says', () => {
    // The lookup reads single lines of the registry's file: check it against the file parsed as JSON, every entry.
    const registry = createRequire(import.meta.url)('oui-data') as Record<string, string>;
    const keys = Object.keys(registry).filter((k) => /^[0-9A-F]{6}$/.test(k));
    expect(keys.length).toBeGreaterThan(30_000);
    let compared = 0;
    for (const key of keys) {
      const mac = `${key.slice(0, 2)}:${key.slice(2, 4)}:${key.slice(4, 6)}:00:00:01`.toLowerCase();
      if (parseInt(key.slice(0, 2), 16) & 0x02) continue;
      expect(vendorOf(mac), key).toBe(registry[key]!.split('\n')[0]!.trim());
      compared++;
    }
    expect(compared).toBeGreaterThan(30_000);
    expect(vendorOf('00:0c:29:4f:8e:35')).toBe('VMware, Inc.');
  });

  it('has no vendor for an OUI the registry does not list', () => {
    // 00:00:00 is listed (Xerox); 3c:28:6e is not in oui-data 2.x.
    const registry = createRequire(import.meta.url)('oui-data') as Record<string, string>;
    expect(registry['3C286E']).toBeUndefined();
    expect(vendorOf('3c:28:6e:01:02:03')).toBeUndefined();
  });

  it('has no vendor for a locally administered MAC (QEMU 52:54:00, made-up 02:…)', () => {
    expect(vendorOf('52:54:00:ab:cd:ef')).toBeUndefined();
    expect(vendorOf('02:00:c0:a8:01:01')).toBeUndefined();
  });
});

describe('findLine (binary search of the registry file)', () => {
  const lines = (...keys: string[]): Buffer => Buffer.from(`{\n${keys.map((k) => ` "${k}": "maker of ${k}\\nsomewhere"`).join(',\n')}\n}\n`);
  const keyAt = (text: Buffer, at: number | undefined): string | undefined => (at === undefined ? undefined : text.toString('latin1', at + 1, at + 7));

  it('finds the line of every MA-L key of the registry, and none that it does not list', () => {
    const text = readFileSync(createRequire(import.meta.url).resolve('oui-data'));
    const keys = [...text.toString('latin1').matchAll(/^ "([0-9A-F]{6})":/gm)].map((m) => m[1]!);
    expect(keys.length).toBeGreaterThan(30_000);
    for (const key of keys) expect(keyAt(text, findLine(text, parseInt(key, 16))), key).toBe(key);
    expect(findLine(text, 0x3c286e)).toBeUndefined();
  });

  it('finds keys first, middle and last, among longer MA-M and MA-S keys after them', () => {
    const text = lines('000001', '00AB00', 'FFFFFF', '0050C20', '0050C2000');
    for (const key of ['000001', '00AB00', 'FFFFFF']) expect(keyAt(text, findLine(text, parseInt(key, 16)))).toBe(key);
    expect(findLine(text, 0x0050c2)).toBeUndefined();
    expect(findLine(text, 0)).toBeUndefined();
  });

  it('gives up (the caller then builds the index) on lines that are not entries or not in order', () => {
    expect(findLine(Buffer.from('not json at all\n'), 1)).toBeUndefined();
    expect(findLine(Buffer.alloc(0), 1)).toBeUndefined();
    const outOfOrder = lines('FFFFFF', '000001', '00AB00');
    expect(findLine(outOfOrder, 0xffffff)).toBeUndefined();
  });
});

describe('hypervisor DHCP services, from a capture', () => {
  it('recognises VMware NAT: server .254 with a 00:50:56 MAC, router and DNS at .2, domain localdomain', async () => {
    const guest = '00:0c:29:4f:8e:35';
    const server = '192.168.80.254';
    const serverMac = '00:50:56:f5:aa:01';
    const reply = { server, serverMac, mac: guest, xid: 1, yiaddr: '192.168.80.128', lease: 1800, mask: '255.255.255.0', router: '192.168.80.2', dns: ['192.168.80.2'], domain: 'localdomain' };
    const s = doraWith(reply);
    const r = await analyze(s.build());
    expect(r.servers).toEqual([
      {
        ip: server,
        mac: serverMac,
        offers: 1,
        acks: 1,
        naks: 0,
        subnets: ['192.168.80.0/24'],
        options: { router: '192.168.80.2', dns: ['192.168.80.2'], domain: 'localdomain' },
        hypervisor: {
          kind: 'VMware',
          evidence: [
            'server MAC 00:50:56:f5:aa:01 is a VMware virtual NIC',
            'server at .254, where VMware runs its NAT/host-only DHCP service',
            'router at .2 (VMware NAT gateway)',
            'DNS at .2 (VMware NAT DNS forwarder)',
            'domain "localdomain" (VMware default)',
          ],
        },
        virtualization: 'VMware',
        network: expect.objectContaining({ kind: 'vmware-nat', label: 'VMware NAT network (vmnet8)' }),
      },
    ]);
    expect(r.clients).toEqual([
      { mac: guest, vendor: 'VMware, Inc.', virtualization: 'VMware', hostnames: [], vendorClasses: [], ips: ['192.168.80.128'], transactions: ['T1'] },
    ]);
  });

  it('recognises VirtualBox NAT: 10.0.2.2 with DNS 10.0.2.3 answering 08:00:27 guests', async () => {
    const guest = '08:00:27:d4:1c:9e';
    const server = '10.0.2.2';
    const serverMac = '52:54:00:12:35:02';
    const reply = { server, serverMac, mac: guest, xid: 7, yiaddr: '10.0.2.15', lease: 86400, mask: '255.255.255.0', router: '10.0.2.2', dns: ['10.0.2.3'] };
    const s = doraWith(reply);
    const r = await analyze(s.build());
    const hv = r.servers[0]!.hypervisor;
    expect(hv?.kind).toBe('VirtualBox');
    expect(hv?.evidence).toEqual(expect.arrayContaining([
      'server 10.0.2.2 with DNS 10.0.2.3 (the NAT engine\'s fixed addresses)',
      'server MAC 52:54:00:12:35:02 (NAT engine default)',
      'guests have VirtualBox MACs (08:00:27)',
    ]));
    expect(r.clients.map((c) => [c.mac, c.vendor, c.virtualization])).toEqual([[guest, 'PCS Systemtechnik GmbH', 'VirtualBox']]);
  });

  it('does not call the VirtualBox NAT engine a QEMU/KVM NIC in its evidence', async () => {
    // VirtualBox's NAT engine answers from QEMU's default MAC (52:54:00:12:35:02).
    const hv = hypervisorOf({ ip: '10.0.2.2', mac: '52:54:00:12:35:02', dns: ['10.0.2.3'], clientPlatforms: new Set(['VirtualBox']) });
    expect(hv?.kind).toBe('VirtualBox');
    expect(hv?.evidence.filter((e) => e.includes('QEMU'))).toEqual([]);
  });

  it('recognises QEMU user networking (slirp) when the guests have QEMU MACs', () => {
    const hv = hypervisorOf({ ip: '10.0.2.2', mac: '52:54:00:12:35:02', dns: ['10.0.2.3'], clientPlatforms: new Set(['QEMU/KVM']) });
    expect(hv?.kind).toBe('QEMU');
  });

  it('does not call an ordinary DHCP server that merely runs in a VM (00:0c:29 at .1) a hypervisor service', async () => {
    const guest = '00:0c:29:11:22:33';
    const server = '192.168.1.1';
    const serverMac = '00:0c:29:aa:bb:01';
    const reply = { server, serverMac, mac: guest, xid: 3, yiaddr: '192.168.1.100', lease: 3600, mask: '255.255.255.0', router: '192.168.1.1', dns: ['192.168.1.1'] };
    const s = doraWith(reply);
    const r = await analyze(s.build());
    expect(r.servers.map((x) => [x.ip, x.mac, x.hypervisor, x.virtualization])).toEqual([[server, serverMac, undefined, 'VMware']]);
  });

  it('does not call a physical router at .254 with bridged VMware guests a VMware service', () => {
    expect(hypervisorOf({ ip: '192.168.1.254', mac: '3c:28:6d:01:02:03', router: '192.168.1.254', dns: ['192.168.1.254'], clientPlatforms: new Set(['VMware']) })).toBeUndefined();
  });

  it('does not call a router with a physical NIC a VMware service even with VMware-like addresses', () => {
    expect(hypervisorOf({ ip: '192.168.1.254', mac: '3c:28:6d:01:02:03', router: '192.168.1.2', dns: ['192.168.1.2'], domain: 'localdomain', clientPlatforms: new Set(['VMware']) })).toBeUndefined();
  });

  it('recognises VMware host-only: 00:50:56 server at .254 with no router', () => {
    expect(hypervisorOf({ ip: '192.168.56.254', mac: '00:50:56:e0:00:01', clientPlatforms: new Set(['VMware']) })).toEqual({
      kind: 'VMware',
      evidence: ['server MAC 00:50:56:e0:00:01 is a VMware virtual NIC', 'server at .254, where VMware runs its NAT/host-only DHCP service'],
    });
  });
});
