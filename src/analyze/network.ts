/**
 * Which kind of network a DHCP service most likely serves: a hypervisor's NAT, host-only or shared network, a
 * physical LAN with bridged guests, or a plain LAN. Built on `hypervisorOf` (vendors.ts): that says whose
 * service it is, this says which of its networks, from the vendors' documented defaults (FIELD-NOTES.md:
 * VMware's .1 host / .2 NAT device / .254 DHCP; VirtualBox's 10.0.2.2/.3 NAT engine, NAT Network's 10.0.2.3 DHCP
 * with gateway 10.0.2.1, host-only 192.168.56.100; QEMU slirp; libvirt's 192.168.122.1; Hyper-V's ICS Default
 * Switch on 172.16/12 with domain mshome.net; Parallels' 10.211.55.1). Defaults can all be changed, so each
 * answer says "looks like", lists what matched, and its confidence grows only with independent matches.
 */
import type { HypervisorGuess } from './vendors.js';
import { virtualizationOf } from './vendors.js';

export type NetworkKind =
  | 'vmware-nat'
  | 'vmware-host-only'
  | 'virtualbox-nat'
  | 'virtualbox-nat-network'
  | 'virtualbox-host-only'
  | 'libvirt-default'
  | 'qemu-user'
  | 'hyperv-default-switch'
  | 'parallels-shared'
  | 'bridged'
  | 'lan';

export type NetworkMode = 'nat' | 'nat-network' | 'host-only' | 'bridged' | 'user' | 'shared' | 'default-switch' | 'lan';
export type Confidence = 'low' | 'medium' | 'high';

export interface ServerNetwork {
  readonly kind: NetworkKind;
  readonly hypervisor: string | null;
  readonly mode: NetworkMode;
  /** A human line, e.g. "VMware NAT network (vmnet8)". */
  readonly label: string;
  readonly confidence: Confidence;
  readonly evidence: readonly string[];
  /** Where the service's roles sit, e.g. "NAT gateway and DNS at .2, DHCP at .254" (for one-line summaries). */
  readonly roles?: string;
}

export interface NetworkFacts {
  readonly ip: string;
  readonly mac: string;
  readonly router?: string | undefined;
  readonly dns?: readonly string[] | undefined;
  readonly domain?: string | undefined;
  /** Lease time (51) of its first ACK or OFFER. */
  readonly leaseSeconds?: number | undefined;
  /** Addresses it offered or acked (the first few). */
  readonly offered: readonly string[];
  /** Virtualisation platforms of the clients it answered. */
  readonly clientPlatforms: ReadonlySet<string>;
  /** It answered through a relay (giaddr): then it is not on the guests' segment at all. */
  readonly relayed?: boolean;
}

const octets = (ip: string): number[] => ip.split('.').map(Number);
const last = (ip: string): number => octets(ip)[3] ?? -1;
const net24 = (ip: string): string => ip.split('.').slice(0, 3).join('.');
const same24 = (a: string, b: string): boolean => net24(a) === net24(b);
const in172_16 = (ip: string): boolean => {
  const [a, b] = octets(ip);
  return a === 172 && b !== undefined && b >= 16 && b <= 31;
};

/** Confidence from the number of independent default matches: one is a hint, three or more a pattern. */
function confidenceOf(matches: number): Confidence {
  return matches >= 4 ? 'high' : matches >= 2 ? 'medium' : 'low';
}

type Judge = (f: NetworkFacts, hv: HypervisorGuess | undefined) => ServerNetwork | undefined;

function vmware(f: NetworkFacts, hv: HypervisorGuess | undefined): ServerNetwork | undefined {
  if (hv?.kind !== 'VMware') return undefined;
  const ev = [...hv.evidence];
  const dns = f.dns ?? [];
  const gw2 = f.router !== undefined && same24(f.router, f.ip) && last(f.router) === 2;
  const dns2 = dns.some((d) => same24(d, f.ip) && last(d) === 2);
  if (f.leaseSeconds === 1800) ev.push('30-minute leases (VMware DHCP default)');
  const pool = f.offered.filter((a) => same24(a, f.ip) && last(a) >= 128 && last(a) <= 253);
  if (pool.length > 0 && pool.length === f.offered.length) ev.push(`addresses from .128–.253 (VMware's default pool): ${pool.slice(0, 3).join(', ')}`);
  if (gw2 || dns2) {
    const at2 = [gw2 ? 'NAT gateway' : '', dns2 ? 'DNS' : ''].filter(Boolean).join(' and ');
    return { kind: 'vmware-nat', hypervisor: 'VMware', mode: 'nat', label: 'VMware NAT network (vmnet8)', confidence: confidenceOf(ev.length), evidence: ev, roles: `${at2} at .2, DHCP at .${last(f.ip)}` };
  }
  if (f.router === undefined) ev.push('no router option (host-only networks have no gateway)');
  return {
    kind: 'vmware-host-only',
    hypervisor: 'VMware',
    mode: 'host-only',
    label: 'VMware host-only network (vmnet1)',
    // Without a router the NAT and host-only services look alike but for the missing gateway: never "high".
    confidence: confidenceOf(Math.min(ev.length, 3)),
    evidence: ev,
    roles: `DHCP at .${last(f.ip)}${f.router === undefined ? ', no gateway' : `, gateway ${f.router}`}`,
  };
}

function virtualbox(f: NetworkFacts, hv: HypervisorGuess | undefined): ServerNetwork | undefined {
  const dns = f.dns ?? [];
  if (hv?.kind === 'VirtualBox' && f.ip === '192.168.56.100') {
    const ev = [...hv.evidence];
    const pool = f.offered.filter((a) => same24(a, f.ip) && last(a) >= 101);
    if (pool.length > 0 && pool.length === f.offered.length) ev.push(`addresses from .101–.254 (the host-only default pool): ${pool.slice(0, 3).join(', ')}`);
    if (f.router === undefined) ev.push('no router option (host-only networks have no gateway)');
    return { kind: 'virtualbox-host-only', hypervisor: 'VirtualBox', mode: 'host-only', label: 'VirtualBox host-only network (vboxnet0)', confidence: confidenceOf(ev.length), evidence: ev, roles: 'host at .1, DHCP at .100' };
  }
  if (hv?.kind === 'VirtualBox' && /^10\.0\.\d+\.2$/.test(f.ip)) {
    const ev = [...hv.evidence];
    if (f.offered.includes(`${net24(f.ip)}.15`)) ev.push(`guest given ${net24(f.ip)}.15 (the NAT engine's first address)`);
    return { kind: 'virtualbox-nat', hypervisor: 'VirtualBox', mode: 'nat', label: 'VirtualBox NAT (per-VM)', confidence: confidenceOf(ev.length), evidence: ev, roles: 'gateway and DHCP at .2, DNS at .3' };
  }
  // NAT Network: VBoxNetDHCP at .3 and the NAT service's gateway at .1 (not recognised by hypervisorOf, which
  // knows the per-VM NAT engine only): VirtualBox guests are required, the addresses alone are too common.
  if (/^10\.0\.\d+\.3$/.test(f.ip) && f.router !== undefined && f.router === `${net24(f.ip)}.1` && f.clientPlatforms.has('VirtualBox')) {
    const ev = [`server at ${f.ip} with gateway ${f.router} (NAT Network defaults: DHCP .3, gateway .1)`, 'guests have VirtualBox MACs (08:00:27)'];
    if (dns.includes(f.router)) ev.push(`DNS at ${f.router} (the NAT service's DNS proxy)`);
    const shared = f.offered.filter((a) => same24(a, f.ip) && last(a) >= 4);
    if (shared.length > 1) ev.push(`several guests in one subnet (${shared.slice(0, 3).join(', ')}): a shared NAT network, not per-VM NAT`);
    return { kind: 'virtualbox-nat-network', hypervisor: 'VirtualBox', mode: 'nat-network', label: 'VirtualBox NAT Network', confidence: confidenceOf(ev.length), evidence: ev, roles: 'gateway at .1, DHCP at .3' };
  }
  return undefined;
}

function qemu(f: NetworkFacts, hv: HypervisorGuess | undefined): ServerNetwork | undefined {
  if (hv?.kind !== 'QEMU') return undefined;
  const ev = [...hv.evidence];
  if (f.ip === '192.168.122.1') {
    if (f.router === f.ip) ev.push('router is the server itself (libvirt NATs on the host bridge virbr0)');
    if ((f.dns ?? []).includes(f.ip)) ev.push('DNS is the server itself (libvirt\'s dnsmasq)');
    return { kind: 'libvirt-default', hypervisor: 'libvirt (QEMU/KVM)', mode: 'nat', label: 'libvirt default network (virbr0)', confidence: confidenceOf(ev.length), evidence: ev, roles: 'gateway, DNS and DHCP at .1 (dnsmasq on virbr0)' };
  }
  if (f.offered.includes(`${net24(f.ip)}.15`)) ev.push(`guest given ${net24(f.ip)}.15 (slirp's first address)`);
  return { kind: 'qemu-user', hypervisor: 'QEMU', mode: 'user', label: 'QEMU user-mode networking (slirp)', confidence: confidenceOf(ev.length), evidence: ev, roles: 'gateway and DHCP at .2, DNS at .3' };
}

function hyperv(f: NetworkFacts, hv: HypervisorGuess | undefined): ServerNetwork | undefined {
  if (hv?.kind !== 'Hyper-V') return undefined;
  const ev = [...hv.evidence];
  if (in172_16(f.ip)) ev.push(`subnet in 172.16.0.0/12 (where the Default Switch picks its subnet)`);
  if (f.domain === 'mshome.net') ev.push('domain "mshome.net" (Internet Connection Sharing)');
  if (f.router === f.ip) ev.push('router is the server itself (ICS NATs on the host)');
  return { kind: 'hyperv-default-switch', hypervisor: 'Hyper-V', mode: 'default-switch', label: 'Hyper-V Default Switch (ICS)', confidence: confidenceOf(ev.length), evidence: ev, roles: `gateway and DHCP at .${last(f.ip)}` };
}

function parallels(f: NetworkFacts, hv: HypervisorGuess | undefined): ServerNetwork | undefined {
  if (hv?.kind !== 'Parallels') return undefined;
  const ev = [...hv.evidence];
  if (f.router === f.ip) ev.push('router is the server itself (Parallels NATs on the host)');
  return { kind: 'parallels-shared', hypervisor: 'Parallels', mode: 'shared', label: 'Parallels shared network', confidence: confidenceOf(ev.length), evidence: ev, roles: `gateway and DHCP at .${last(f.ip)}` };
}

/** Judged in order; the first that recognises the service wins. */
const JUDGES: readonly Judge[] = [vmware, virtualbox, qemu, hyperv, parallels];

/**
 * The network a DHCP service most likely serves. A service no judge recognises is a LAN's: 'bridged' when guests
 * with virtual NICs were among its clients (their adapter is bridged onto that LAN), 'lan' otherwise. A server
 * whose own NIC is virtual but that matches no hypervisor default is a DHCP server running in a guest: a LAN.
 */
export function networkOf(f: NetworkFacts, hv: HypervisorGuess | undefined): ServerNetwork {
  for (const judge of JUDGES) {
    const n = judge(f, hv);
    if (n) return n;
  }
  const own = f.mac ? virtualizationOf(f.mac) : undefined;
  const ev: string[] = [];
  if (own) ev.push(`server NIC ${f.mac} is a ${own} virtual NIC, but none of ${own}'s DHCP-service defaults match: a DHCP server running in a guest`);
  else if (f.mac) ev.push(`server NIC ${f.mac} is not a known virtual NIC`);
  else ev.push(f.relayed ? 'server seen only through a relay' : 'server MAC not seen');
  ev.push('no hypervisor DHCP-service default matches (address, gateway, DNS, MAC)');
  const guests = [...f.clientPlatforms].sort();
  if (guests.length > 0 && !own) {
    ev.push(`clients with virtual NICs: ${guests.join(', ')} (their adapters are bridged onto this LAN)`);
    return {
      kind: 'bridged',
      hypervisor: guests.length === 1 ? guests[0]! : guests.join(', '),
      mode: 'bridged',
      label: `physical LAN with bridged guests (${guests.join(', ')})`,
      confidence: f.mac ? 'medium' : 'low',
      evidence: ev,
    };
  }
  return { kind: 'lan', hypervisor: null, mode: 'lan', label: 'plain LAN DHCP server', confidence: f.mac ? 'medium' : 'low', evidence: ev };
}
