/**
 * Each DHCP service explained: what kind of network it serves (servers[].network, or a cautious reading of the
 * hypervisor guess when the report has no network), where the server really runs, who routes and answers DNS,
 * and how the mode differs from its neighbours, quoting this capture's options and addresses. With several
 * services in one report (several captures given at once), a comparison says what differs between them.
 */
import type { Report, Server, Transaction } from '../../report/types.js';
import { sanitize } from '../sanitize.js';
import { networkOf, type NetworkInfo, type NetworkKind, type NetworkMode } from './contract.js';
import { MODE_TEMPLATES } from './network-modes.js';
import { Draft, type Explanation } from './types.js';
import { and, leaseLength, plural } from './words.js';

const HYPERVISOR_KINDS: Readonly<Record<string, (s: Server) => NetworkKind>> = {
  VMware: (s) => (s.options.router && s.options.router !== s.ip ? 'vmware-nat' : 'vmware-host-only'),
  VirtualBox: (s) => (/^192\.168\.56\./.test(s.ip) ? 'virtualbox-host-only' : /\.3$/.test(s.ip) ? 'virtualbox-nat-network' : 'virtualbox-nat'),
  QEMU: (s) => (s.ip === '192.168.122.1' ? 'libvirt-default' : 'qemu-user'),
  'Hyper-V': () => 'hyperv-default-switch',
  Parallels: () => 'parallels-shared',
};

const LABELS: Readonly<Record<NetworkKind, string>> = {
  'vmware-nat': 'VMware NAT network',
  'vmware-host-only': 'VMware host-only network',
  'virtualbox-nat': 'VirtualBox NAT',
  'virtualbox-nat-network': 'VirtualBox NAT Network',
  'virtualbox-host-only': 'VirtualBox host-only network',
  'libvirt-default': 'libvirt default network (NAT)',
  'qemu-user': 'QEMU user networking (slirp)',
  'hyperv-default-switch': 'Hyper-V Default Switch',
  'parallels-shared': 'Parallels shared network',
  bridged: 'a physical LAN with bridged virtual machines',
  lan: 'an ordinary LAN',
};

const MODES: Readonly<Record<NetworkKind, NetworkMode>> = {
  'vmware-nat': 'nat',
  'vmware-host-only': 'host-only',
  'virtualbox-nat': 'nat',
  'virtualbox-nat-network': 'nat-network',
  'virtualbox-host-only': 'host-only',
  'libvirt-default': 'nat',
  'qemu-user': 'user',
  'hyperv-default-switch': 'default-switch',
  'parallels-shared': 'shared',
  bridged: 'bridged',
  lan: 'lan',
};

/** One line per mode, for comparing services side by side. */
const MODE_SUMMARY: Readonly<Record<NetworkMode, string>> = {
  nat: 'a NAT network (the hypervisor or host translates the guests\' traffic to the host\'s own network)',
  'nat-network': 'a NAT Network (NAT shared by several VMs on one subnet)',
  'host-only': 'a host-only network (a private switch between the host and its guests, with no way out)',
  bridged: 'a LAN with bridged guests (they sit on the physical LAN and its DHCP server answers them)',
  user: 'user networking (the emulator itself answers DHCP and turns connections into the host\'s)',
  shared: 'a shared network (the host shares its connection by NAT)',
  'default-switch': 'the Hyper-V Default Switch (Windows shares the host\'s connection by NAT)',
  lan: 'an ordinary LAN (a real server on the network)',
};

const served = (report: Report, s: Server): Transaction[] => report.transactions.filter((t) => t.server === s.ip || t.offers.some((o) => o.server === s.ip));

/** The network as the report gives it, or read cautiously off the hypervisor guess (reports made before networks were classified). */
export function networkFor(report: Report, s: Server): NetworkInfo {
  const given = networkOf(s);
  if (given) return given;
  const kindOf = s.hypervisor ? HYPERVISOR_KINDS[s.hypervisor.kind] : undefined;
  if (kindOf && s.hypervisor) {
    const kind = kindOf(s);
    const routerFact = s.options.router ? `a router handed out (${s.options.router})` : 'no router handed out';
    return { kind, hypervisor: s.hypervisor.kind, mode: MODES[kind], label: LABELS[kind], confidence: 'low', evidence: [...s.hypervisor.evidence, routerFact] };
  }
  const vms = new Set(served(report, s).map((t) => report.clients.find((c) => c.mac === t.clientMac)?.virtualization).filter((v): v is string => Boolean(v)));
  if (vms.size > 0 && !s.virtualization) return { kind: 'bridged', hypervisor: null, mode: 'bridged', label: LABELS.bridged, confidence: 'low', evidence: [`clients with ${and([...vms])} virtual NICs`, `server MAC ${s.mac ?? 'not seen'} is not a hypervisor's`] };
  return { kind: 'lan', hypervisor: null, mode: 'lan', label: LABELS.lan, confidence: 'low', evidence: [] };
}

function optionsSentence(s: Server): string {
  const o = s.options;
  const parts = [
    o.router ? `the router ${o.router} (option 3)` : 'no router (no option 3)',
    o.dns && o.dns.length > 0 ? `the DNS server${o.dns.length > 1 ? 's' : ''} ${and([...o.dns])} (option 6)` : 'no DNS server (no option 6)',
    o.domain ? `the domain "${sanitize(o.domain)}"` : '',
  ].filter(Boolean);
  return `It hands its clients ${and(parts)}.`;
}

function leasesOf(report: Report, s: Server): string {
  const lengths = [...new Set(served(report, s).map((t) => t.leaseSeconds).filter((n): n is number => n !== undefined))];
  return lengths.length > 0 ? ` Its leases last ${and(lengths.map(leaseLength))}.` : '';
}

export function explainServer(report: Report, s: Server): Explanation {
  return serverExplanation(report, s, undefined);
}

/** `sameAs`: an earlier service of the same kind already explained the mode, so only the facts are said. */
function serverExplanation(report: Report, s: Server, sameAs: string | undefined): Explanation {
  const net = networkFor(report, s);
  const t = MODE_TEMPLATES[net.kind];
  const d = new Draft();
  const clients = new Set(served(report, s).map((x) => x.clientMac));
  d.say(`${s.ip}${s.mac ? ` (${s.mac})` : ''} answered ${plural(clients.size, 'client')} in this capture: ${plural(s.offers, 'offer')}, ${plural(s.acks, 'ACK')}, ${plural(s.naks, 'NAK')}${s.subnets.length > 0 ? `, for ${and([...s.subnets])}` : ''}.${leasesOf(report, s)}`);
  d.say(optionsSentence(s));
  const given = networkOf(s) !== undefined;
  const evidence = net.evidence.length > 0 ? `: ${and(net.evidence.map(sanitize))}` : '';
  d.say(
    given
      ? `dorascope reads this as: ${sanitize(net.label)} (${net.confidence} confidence)${net.evidence.length > 0 ? `, from ${and(net.evidence.map(sanitize))}` : ''}.${net.roles ? ` Roles: ${sanitize(net.roles)}.` : ''}`
      : net.kind === 'lan'
        ? 'Nothing here points to a hypervisor: this looks like an ordinary LAN.'
        : net.hypervisor
          ? `This looks like this kind of network: ${LABELS[net.kind]} (a cautious reading: dorascope recognised ${net.hypervisor}'s DHCP service, and the mode follows from its options)${evidence}.`
          : `This looks like this kind of network: ${LABELS[net.kind]} (a cautious reading of the facts)${evidence}.`,
  );
  if (sameAs) d.say(`It is the same kind of network as ${sameAs}, explained above.`);
  else {
    d.say(t.where);
    d.say(routesSentence(s, net.kind, t.routes));
    d.say(dnsSentence(s, t.dns));
    d.say(t.neighbours);
  }
  return d.done(`${s.ip}: ${given ? sanitize(net.label) : LABELS[net.kind]}`);
}

function routesSentence(s: Server, kind: NetworkKind, general: string): string {
  const r = s.options.router;
  const hostOnly = kind === 'vmware-host-only' || kind === 'virtualbox-host-only';
  if (hostOnly && r) return `${general} This server does hand out a router, ${r}, so someone set one up.`;
  if (!hostOnly && !r) return `${general} Here, though, the server handed out no router, so its clients have no way off the subnet from DHCP alone.`;
  return r ? `${general} Here the router is ${r}${r === s.ip ? ', the DHCP server\'s own address' : ''}.` : general;
}

function dnsSentence(s: Server, general: string): string {
  const dns = s.options.dns ?? [];
  return dns.length > 0 ? `${general} Here DNS is ${dns.join(', ')}${dns.includes(s.ip) ? ', the DHCP server itself' : ''}.` : general;
}

/** One explanation per DHCP service that answered, then a comparison when there are several. */
export function explainNetworks(report: Report): Explanation[] {
  const services = report.servers.filter((s) => s.offers + s.acks + s.naks > 0);
  const first = new Map<NetworkKind, string>();
  const out = services.map((s) => {
    const kind = networkFor(report, s).kind;
    const sameAs = first.get(kind);
    if (!sameAs) first.set(kind, s.ip);
    return serverExplanation(report, s, sameAs);
  });
  if (services.length > 1) out.push(compare(report, services));
  return out;
}

/** "10.0.2.2 and 10.9.3.1 hand out no router; 192.168.157.254 hands out …": services grouped by what they do. */
function grouped(services: readonly Server[], what: (s: Server) => string): string {
  const groups = new Map<string, string[]>();
  for (const s of services) groups.set(what(s), [...(groups.get(what(s)) ?? []), s.ip]);
  if (groups.size === 1) return `all of them ${[...groups.keys()][0]}`;
  return [...groups].map(([phrase, ips]) => `${and(ips)} ${ips.length === 1 ? singular(phrase) : phrase}`).join('; ');
}

/** The verb phrases above are written for several servers; one server takes the singular. */
function singular(phrase: string): string {
  return phrase.replace(/^hand /, 'hands ').replace(/^name /, 'names ').replace(/^serve /, 'serves ').replace(/^are machines/, 'is a machine').replace(/^are /, 'is ').replace(/their own/, 'its own').replace(/themselves/, 'itself');
}

/** What differs between the services of one report, fact by fact, and what each difference means. */
function compare(report: Report, services: readonly Server[]): Explanation {
  const d = new Draft();
  const nets = services.map((s) => ({ s, net: networkFor(report, s) }));
  d.say(`This report holds ${services.length} DHCP services: ${and(nets.map(({ s, net }) => `${s.ip} (${networkOf(s) ? sanitize(net.label) : LABELS[net.kind]})`))}.`);
  const router = (s: Server): string => (!s.options.router ? 'hand out no router' : s.options.router === s.ip ? 'hand out their own address as the router' : `hand out the router ${s.options.router}`);
  d.say(`Router: ${grouped(services, router)}. A router means the clients can leave their subnet (through NAT when the router is the hypervisor's); no router means they reach only their own subnet, as on a host-only network.`);
  const dns = (s: Server): string => (!s.options.dns?.length ? 'name no DNS server' : s.options.dns.includes(s.ip) ? 'name themselves as DNS server' : `name the DNS server ${and([...s.options.dns])}`);
  d.say(`DNS: ${grouped(services, dns)}.`);
  const where = (s: Server): string => {
    const net = networkFor(report, s);
    // A bridged network names its guests' platforms, but its server is a machine on the LAN.
    return net.hypervisor && net.mode !== 'bridged' && net.mode !== 'lan' ? `are ${net.hypervisor}'s own service on the host` : 'are machines on the network';
  };
  d.say(`Where the server runs: ${grouped(services, where)}.`);
  const modes = (s: Server): string => `serve ${MODE_SUMMARY[networkFor(report, s).mode]}`;
  d.say(`Kind of network: ${grouped(services, modes)}.`);
  const kinds = new Set(nets.map(({ net }) => net.kind));
  if (kinds.size === 1) d.say('All of them are the same kind of network; they differ only in the addresses above.');
  const sameSubnet = new Set(services.flatMap((s) => s.subnets)).size < services.reduce((n, s) => n + s.subnets.length, 0);
  if (sameSubnet) d.say('Some of them serve the same subnet: if they share one segment, see MULTIPLE_SERVERS.');
  return d.done('Comparing the DHCP services');
}
