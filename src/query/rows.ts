/**
 * What each field means for each kind of row: the values a row holds for a field (a field may hold several;
 * a comparison holds when any value satisfies it). A field a row kind does not have holds no value.
 * README.md's "Filter language" table says the same in words: keep them together.
 */
import type { ArpBinding, Finding, Lease, PacketRecord, Report, Server, Transaction, TunnelLayer } from '../report/types.js';
import { lookup } from './context.js';
import type { FieldName } from './fields.js';

export type Value = string | number;
export type Values = readonly (Value | null | undefined)[];
/** A row kind's fields; `C` is what they may look things up in (the Report here; the HTML page passes its own data). */
export type RowFields<T, C = Report> = { readonly [F in FieldName]?: (row: T, context: C) => Values };

const NONE: Values = [];

const tunnelTypes = (layers: readonly TunnelLayer[] | undefined): Values => (layers ?? []).map((l) => l.type);
const tunnelIds = (layers: readonly TunnelLayer[] | undefined): Values => (layers ?? []).map((l) => l.vni ?? l.key ?? l.session);

const clientOf = (report: Report, mac: string | null | undefined) => (mac ? lookup(report, 'clientByMac').get(mac) : undefined);
const serverVm = (report: Report, ip: string | null | undefined): Values => {
  const s = ip ? lookup(report, 'serverByIp').get(ip) : undefined;
  return s ? [s.hypervisor?.kind, s.virtualization] : NONE;
};
const findingsOfTx = (report: Report, t: Transaction) => lookup(report, 'findingsByTransaction').get(t.id) ?? [];
const txsOf = (report: Report, ids: readonly string[] | undefined): Transaction[] => {
  const byId = lookup(report, 'transactionById');
  return (ids ?? []).flatMap((id) => byId.get(id) ?? []);
};

/** Fields every row linked to exchanges reads through them (a lease's or finding's transactions). */
function viaTransactions<T>(txs: (row: T, report: Report) => readonly Transaction[]): RowFields<T> {
  const through = (field: FieldName) => (row: T, report: Report) =>
    txs(row, report).flatMap((t) => TRANSACTION[field]?.(t, report) ?? NONE);
  return {
    kind: through('kind'),
    outcome: through('outcome'),
    xid: through('xid'),
    delivery: through('delivery'),
    latency: through('latency'),
    type: through('type'),
    vlan: through('vlan'),
    tunnel: through('tunnel'),
    vni: through('vni'),
    segment: through('segment'),
  };
}

export const TRANSACTION: RowFields<Transaction> = {
  id: (t) => [t.id],
  kind: (t) => [t.kind],
  outcome: (t) => [t.outcome],
  mac: (t) => [t.clientMac, ...t.steps.map((s) => s.from.mac)],
  ip: (t) => [t.assignedIp, t.requestedIp, t.server, t.relay?.giaddr, ...t.offers.flatMap((o) => [o.yiaddr, o.server])],
  xid: (t) => [t.xid],
  server: (t) => [t.server, t.selectedServer, ...t.offers.map((o) => o.server), ...t.steps.map((s) => s.server)],
  hostname: (t, r) => [t.hostname, ...(clientOf(r, t.clientMac)?.hostnames ?? [])],
  vendor: (t, r) => [clientOf(r, t.clientMac)?.vendor, t.vendorClass],
  vm: (t, r) => [clientOf(r, t.clientMac)?.virtualization, ...serverVm(r, t.server ?? t.offers[0]?.server)],
  code: (t, r) => findingsOfTx(r, t).map((f) => f.code),
  severity: (t, r) => findingsOfTx(r, t).map((f) => f.severity),
  delivery: (t) => [t.steps.every((s) => s.deliveryOk) ? 'ok' : 'wrong'],
  latency: (t) => [t.latencyMs.offer, t.latencyMs.ack],
  lease: (t) => [t.leaseSeconds === undefined ? undefined : t.leaseSeconds * 1000],
  vlan: (t) => t.vlan ?? NONE,
  frame: (t) => [...t.steps.map((s) => s.frame), ...t.arpFrames],
  type: (t) => {
    // Asked of every exchange by a filter on type: one array, no intermediate ones.
    const values: Value[] = [];
    for (const s of t.steps) values.push(s.messageType);
    for (const a of t.arp) values.push(a.kind);
    return values;
  },
  proto: (t) => (t.arp.length > 0 ? ['DHCP', 'ARP'] : ['DHCP']),
  message: (t) => [t.nakMessage],
  tunnel: (t) => tunnelTypes(t.segment?.tunnel),
  vni: (t) => tunnelIds(t.segment?.tunnel),
  segment: (t) => [t.segment?.label],
};

export const LEASE: RowFields<Lease> = {
  ...viaTransactions<Lease>((l, r) => txsOf(r, l.transactions)),
  id: (l) => l.transactions,
  state: (l) => [l.state],
  mac: (l) => [l.mac],
  ip: (l) => [l.ip, l.server],
  server: (l) => [l.server],
  hostname: (l, r) => [l.hostname, ...(clientOf(r, l.mac)?.hostnames ?? [])],
  vendor: (l, r) => [clientOf(r, l.mac)?.vendor, ...(clientOf(r, l.mac)?.vendorClasses ?? [])],
  vm: (l, r) => [clientOf(r, l.mac)?.virtualization, ...serverVm(r, l.server)],
  code: (l, r) => findingsOfIp(r, l.ip, l.mac).map((f) => f.code),
  severity: (l, r) => findingsOfIp(r, l.ip, l.mac).map((f) => f.severity),
  lease: (l) => [l.leaseSeconds === null ? undefined : l.leaseSeconds * 1000],
  frame: (l, r) => txsOf(r, l.transactions).flatMap((t) => t.steps.map((s) => s.frame)),
};

/** Findings about an address (and, when given, naming this MAC or none). */
function findingsOfIp(report: Report, ip: string, mac?: string): readonly Finding[] {
  const all = lookup(report, 'findingsByIp').get(ip) ?? [];
  return mac === undefined ? all : all.filter((f) => f.macs.length === 0 || f.macs.includes(mac));
}

export const ARP: RowFields<ArpBinding> = {
  kind: (b) => [b.conflict ? 'conflict' : 'arp'],
  mac: (b) => b.claims.map((c) => c.mac),
  ip: (b) => [b.ip],
  hostname: (b, r) => b.claims.flatMap((c) => clientOf(r, c.mac)?.hostnames ?? []),
  vendor: (b, r) => b.claims.map((c) => clientOf(r, c.mac)?.vendor),
  vm: (b, r) => b.claims.map((c) => clientOf(r, c.mac)?.virtualization),
  code: (b, r) => findingsOfIp(r, b.ip).map((f) => f.code),
  severity: (b, r) => findingsOfIp(r, b.ip).map((f) => f.severity),
  frame: (b) => b.claims.flatMap((c) => [c.firstFrame, c.lastFrame]),
  type: (b) => b.claims.flatMap((c) => c.kinds),
  proto: () => ['ARP'],
};

export const FINDING: RowFields<Finding> = {
  ...viaTransactions<Finding>((f, r) => txsOf(r, f.transactions)),
  id: (f) => [f.id],
  code: (f) => [f.code],
  message: (f) => [f.message],
  severity: (f) => [f.severity],
  mac: (f) => f.macs,
  ip: (f) => f.ips,
  server: (f, r) => txsOf(r, f.transactions).map((t) => t.server),
  hostname: (f, r) => f.macs.flatMap((m) => clientOf(r, m)?.hostnames ?? []),
  vendor: (f, r) => f.macs.map((m) => clientOf(r, m)?.vendor),
  vm: (f, r) => [...f.macs.map((m) => clientOf(r, m)?.virtualization), ...f.ips.flatMap((ip) => serverVm(r, ip))],
  frame: (f) => f.frames,
};

const txOfPacket = (p: PacketRecord, r: Report) => lookup(r, 'transactionByFrame').get(p.frame);
const stepOf = (p: PacketRecord, r: Report) => txOfPacket(p, r)?.steps.find((s) => s.frame === p.frame);
const findingsOfFrame = (p: PacketRecord, r: Report) => lookup(r, 'findingsByFrame').get(p.frame) ?? [];

export const PACKET: RowFields<PacketRecord> = {
  id: (p, r) => [txOfPacket(p, r)?.id],
  kind: (p, r) => [txOfPacket(p, r)?.kind],
  outcome: (p, r) => [txOfPacket(p, r)?.outcome],
  mac: (p) => [p.src.mac, p.dst.mac, p.dhcp?.chaddr, p.arp?.senderMac, p.arp?.targetMac],
  ip: (p) => [p.src.ip, p.dst.ip, p.dhcp?.ciaddr, p.dhcp?.yiaddr, p.dhcp?.giaddr, p.arp?.senderIp, p.arp?.targetIp],
  xid: (p) => [p.dhcp?.xid],
  server: (p, r) => [stepOf(p, r)?.server],
  hostname: (p, r) => [txOfPacket(p, r)?.hostname, ...(clientOf(r, p.dhcp?.chaddr ?? p.arp?.senderMac)?.hostnames ?? [])],
  vendor: (p, r) => [clientOf(r, p.dhcp?.chaddr ?? p.arp?.senderMac)?.vendor, txOfPacket(p, r)?.vendorClass],
  vm: (p, r) => [clientOf(r, p.src.mac)?.virtualization, ...serverVm(r, p.src.ip)],
  code: (p, r) => findingsOfFrame(p, r).map((f) => f.code),
  severity: (p, r) => findingsOfFrame(p, r).map((f) => f.severity),
  delivery: (p, r) => {
    const s = stepOf(p, r);
    return s ? [s.deliveryOk ? 'ok' : 'wrong'] : NONE;
  },
  vlan: (p) => p.vlan,
  frame: (p) => [p.frame],
  type: (p) => [p.dhcp?.messageType, p.arp?.kind],
  proto: (p) => [p.dhcp ? 'DHCP' : p.arp ? 'ARP' : undefined],
  tunnel: (p) => tunnelTypes(p.tunnel),
  vni: (p) => tunnelIds(p.tunnel),
  segment: (p, r) => [txOfPacket(p, r)?.segment?.label],
};

export const SERVER: RowFields<Server> = {
  mac: (s) => [s.mac],
  ip: (s) => [s.ip, ...s.subnets.map((n) => n.split('/')[0]), s.options.router],
  server: (s) => [s.ip],
  vm: (s) => [s.hypervisor?.kind, s.virtualization],
  code: (s, r) => (lookup(r, 'findingsByIp').get(s.ip) ?? []).map((f) => f.code),
  severity: (s, r) => (lookup(r, 'findingsByIp').get(s.ip) ?? []).map((f) => f.severity),
};
