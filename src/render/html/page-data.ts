/**
 * What the page carries, built from the Report alone: every exchange with its ladder already laid out, the
 * leases on the capture's clock, the findings with the exchanges that hold their evidence, and (up to a cap)
 * each packet's fields and bytes. Short keys: a capture of 90 000 exchanges makes a page of tens of MB.
 */
import type { Finding, Lease, PacketRecord, Report, Server, Transaction } from '../../report/types.js';
import { buildLadder, type Ladder } from '../ladder/index.js';
import { packetFields } from '../tui/packet-fields.js';

/**
 * A ladder column: kind, title, name (IP or MAC), ip, mac, tag (VM platform or vendor). In the page's data the
 * name is left out when it is the column's MAC (client, other host) or address (the rest): see unpackTx.
 */
export interface ColumnData {
  readonly k: string;
  readonly t: string;
  readonly n?: string;
  readonly ip?: string;
  readonly mac?: string;
  readonly tag?: string;
}

/** A ladder row. Flags: 1 broadcast, 2 delivery not as RFC 2131 expects, 4 retransmission, 8 conflict. */
export interface RowData {
  readonly k: 'step' | 'arp' | 'check';
  readonly f: number;
  /** Seconds since the exchange's first step; null when unknown. */
  readonly r: number | null;
  readonly l: string;
  readonly a: number;
  readonly b: number;
  readonly x: number;
  readonly ms?: number;
  readonly n?: string;
  readonly e?: string;
  /** A DHCP step's explanation (render/explain's explainStep): its title, then its sentences. */
  readonly w?: readonly string[];
}

export const ROW_BROADCAST = 1;
export const ROW_BAD_DELIVERY = 2;
export const ROW_RETRANSMISSION = 4;
export const ROW_CONFLICT = 8;

/** A row as the page's data carries it: kind (0 step, 1 arp, 2 check), then the fields of RowData in order. */
export type RowTuple = readonly [k: 0 | 1 | 2, f: number, r: number | null, l: string, a: number, b: number, x: number, ms: number | null, n: string, e: string, w?: readonly string[]];

export interface TxData {
  readonly id: string;
  readonly xid: string;
  readonly mac: string;
  readonly host?: string;
  readonly kind: string;
  readonly out: string;
  readonly srv?: string;
  readonly ip?: string;
  readonly time: string;
  readonly ms: number;
  /** Lines under the title: offers, relay, overlay or VLAN, NAK message, lease time. */
  readonly info: readonly string[];
  readonly cols: readonly ColumnData[];
  readonly rows: readonly RowData[];
  /** Explanation sentences (render/explain), when that module provides them. */
  readonly why?: readonly string[];
}

/** An exchange in the page's data: columns as indices into the page's column table, rows as tuples. */
export interface PackedTx extends Omit<TxData, 'cols' | 'rows'> {
  readonly cols: readonly number[];
  readonly rows: readonly RowTuple[];
}

export interface LeaseData {
  readonly mac: string;
  readonly host?: string;
  readonly srv: string;
  /** Epoch seconds; end null when infinite. */
  readonly s: number;
  readonly e: number | null;
  readonly st: string;
  readonly tx: readonly string[];
}

export interface FindingData {
  readonly id: string;
  readonly code: string;
  readonly sev: string;
  readonly msg: string;
  readonly time: string;
  readonly frames: readonly number[];
  readonly tx: readonly string[];
  readonly ips: readonly string[];
  readonly macs: readonly string[];
  readonly why?: readonly string[];
}

/** A packet: one-line summary, field rows [depth, label, value, 1 heading | 2 problem], hex bytes. */
export interface PacketData {
  readonly s: string;
  readonly fl: readonly (readonly [number, string, string, number])[];
  readonly h?: string;
}

/** An address on the lease timeline, with its leases and the moments something went wrong with it. */
export interface AddressData {
  readonly ip: string;
  /** The segment its leases were granted in (leases[].segment), off the plain LAN: one row per address and segment. */
  readonly seg?: string;
  readonly leases: readonly LeaseData[];
  /** Conflicts raised by findings about this address: [epoch, finding id, code]. */
  readonly marks?: readonly (readonly [number, string, string])[];
}

/** The page's data block (its packets ride in a second block, read only when a frame is opened). */
export interface PageData {
  readonly span: { readonly start: number; readonly end: number };
  readonly tx: readonly PackedTx[];
  /** Every distinct ladder column, once (most exchanges share their server's). */
  readonly cols: readonly ColumnData[];
  readonly addresses: readonly AddressData[];
  readonly findings: readonly FindingData[];
  /** Set when the page holds packet details for the first frames only (the capture had more than the cap). */
  readonly packetsCap: PacketsCap | null;
}

/** The packet details a page holds when the capture had more DHCP/ARP frames than it may carry. */
export interface PacketsCap {
  /** How many frames have details, and the last of them. */
  readonly kept: number;
  readonly last: number;
  /** The capture paths, for the command line that shows a later frame. */
  readonly capture: string;
}

export type PacketsData = { readonly [frame: string]: PacketData };

/** Sentences to show beside an exchange, a finding or a server (render/explain supplies them: index.ts). */
export interface Explainer {
  readonly transaction?: (report: Report, t: Transaction) => readonly string[];
  /** One DHCP step of an exchange: its title and sentences. */
  readonly step?: (report: Report, t: Transaction, stepIndex: number) => { readonly title: string; readonly sentences: readonly string[] };
  readonly finding?: (report: Report, f: Finding) => readonly string[];
  readonly server?: (report: Report, s: Server) => readonly string[];
}

const epoch = (iso: string | null | undefined): number => (iso ? Date.parse(iso) / 1000 : Number.NaN);

export function captureSpan(report: Report): { start: number; end: number } {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const c of report.captures) {
    const a = epoch(c.firstTime);
    const b = epoch(c.lastTime);
    if (a < start) start = a;
    if (b > end) end = b;
  }
  if (!Number.isFinite(start) || !Number.isFinite(end)) return { start: 0, end: 1 };
  return { start, end: Math.max(end, start + 0.001) };
}

function columnData(ladder: Ladder): ColumnData[] {
  return ladder.columns.map((c) => ({
    k: c.kind,
    t: c.title,
    n: c.name,
    ...(c.ip !== undefined ? { ip: c.ip } : {}),
    ...(c.mac !== undefined ? { mac: c.mac } : {}),
    ...(c.tag !== undefined ? { tag: c.tag } : {}),
  }));
}

function rowData(ladder: Ladder, explainStep?: (stepIndex: number) => { readonly title: string; readonly sentences: readonly string[] }, steps: readonly Transaction['steps'][number][] = []): RowData[] {
  return ladder.rows.map((r) => {
    const index = explainStep && r.step ? steps.indexOf(r.step) : -1;
    const step = index >= 0 ? explainStep!(index) : undefined;
    const x =
      (r.broadcast ? ROW_BROADCAST : 0) |
      (r.deliveryOk ? 0 : ROW_BAD_DELIVERY) |
      (r.retransmission ? ROW_RETRANSMISSION : 0) |
      (r.conflict ? ROW_CONFLICT : 0);
    return {
      k: r.kind,
      f: r.frame,
      r: Number.isFinite(r.rel) ? Math.round(r.rel * 1e6) / 1e6 : null,
      l: r.label,
      a: r.from,
      b: r.to,
      x,
      ...(r.latencyMs !== undefined ? { ms: Math.round(r.latencyMs * 1000) / 1000 } : {}),
      ...(r.note ? { n: r.note } : {}),
      ...(!r.deliveryOk && r.expected ? { e: r.expected } : {}),
      ...(step && step.sentences.length > 0 ? { w: [step.title, ...step.sentences] } : {}),
    };
  });
}

function infoLines(t: Transaction): string[] {
  const lines: string[] = [];
  if (t.offers.length > 1) lines.push(`${t.offers.length} offers: ${t.offers.map((o) => `${o.server} → ${o.yiaddr} (#${o.frame})`).join(', ')}`);
  if (t.relay) lines.push(`relayed via ${t.relay.giaddr}, hops ${t.relay.hops}${t.relay.circuitId ? `, circuit-id ${t.relay.circuitId}` : ''}${t.relay.remoteId ? `, remote-id ${t.relay.remoteId}` : ''}`);
  // Through an overlay: its path names the VLAN tags inside it too.
  if (t.segment) lines.push(`via ${t.segment.label}`);
  else if (t.vlan) lines.push(`VLAN ${t.vlan.join('.')}`);
  if (t.nakMessage !== undefined) lines.push(`NAK message: "${t.nakMessage}"`);
  const lease = [
    t.requestedIp ? `requested ${t.requestedIp}` : '',
    t.leaseSeconds !== undefined ? `lease ${t.leaseSeconds} s` : '',
    t.vendorClass ? `vendor class ${t.vendorClass}` : '',
  ].filter(Boolean);
  if (lease.length > 0) lines.push(lease.join(' · '));
  return lines;
}

export function transactionData(report: Report, t: Transaction, packetOf: (frame: number) => PacketRecord | undefined, explain?: Explainer): TxData {
  const ladder = buildLadder(t, { packetOf, servers: report.servers, clients: report.clients });
  const why = explain?.transaction?.(report, t);
  return {
    id: t.id,
    xid: t.xid,
    mac: t.clientMac,
    ...(t.hostname !== undefined ? { host: t.hostname } : {}),
    kind: t.kind,
    out: t.outcome,
    ...(t.server !== undefined ? { srv: t.server } : {}),
    ...((t.assignedIp ?? t.requestedIp) !== undefined ? { ip: (t.assignedIp ?? t.requestedIp)! } : {}),
    time: t.firstTime,
    ms: Math.round(t.durationMs * 1000) / 1000,
    info: infoLines(t),
    cols: columnData(ladder),
    rows: rowData(ladder, explain?.step ? (i) => explain.step!(report, t, i) : undefined, t.steps),
    ...(why && why.length > 0 ? { why } : {}),
  };
}

function leaseData(l: Lease): LeaseData {
  return {
    mac: l.mac,
    ...(l.hostname !== undefined ? { host: l.hostname } : {}),
    srv: l.server,
    s: epoch(l.start),
    e: l.end === null ? null : epoch(l.end),
    st: l.state,
    tx: l.transactions,
  };
}

/** Finding codes whose addresses get a conflict mark on the lease timeline. */
const CONFLICT_CODES = new Set(['DOUBLE_ASSIGNMENT', 'ARP_CONFLICT', 'PROBE_ANSWERED', 'STALE_USE']);

/**
 * The lease timeline's rows: each address with its leases (in report order), addresses in numeric order. One
 * address leased in two VLANs or overlays is two rows (two tenants' leases are not one address's history).
 */
export function addressGroups(report: Report): { readonly ip: string; readonly segment?: string; readonly leases: readonly Lease[] }[] {
  const byKey = new Map<string, { ip: string; segment?: string; leases: Lease[] }>();
  for (const l of report.leases) {
    const key = l.segment === undefined ? l.ip : `${l.ip}|${l.segment}`;
    const group = byKey.get(key);
    if (group) group.leases.push(l);
    else byKey.set(key, { ip: l.ip, ...(l.segment !== undefined ? { segment: l.segment } : {}), leases: [l] });
  }
  return [...byKey.values()].sort((a, b) => ipOrder(a.ip) - ipOrder(b.ip) || (a.segment ?? '').localeCompare(b.segment ?? ''));
}

export function addressData(report: Report, groups = addressGroups(report)): AddressData[] {
  const marks = new Map<string, [number, string, string][]>();
  for (const f of report.findings) {
    if (!CONFLICT_CODES.has(f.code)) continue;
    for (const ip of f.ips) {
      const list = marks.get(ip);
      if (list) list.push([epoch(f.time), f.id, f.code]);
      else marks.set(ip, [[epoch(f.time), f.id, f.code]]);
    }
  }
  return groups.map((g) => ({ ip: g.ip, ...(g.segment !== undefined ? { seg: g.segment } : {}), leases: g.leases.map(leaseData), ...(marks.has(g.ip) ? { marks: marks.get(g.ip)! } : {}) }));
}

function ipOrder(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + (Number(part) || 0), 0);
}

export function findingData(report: Report, f: Finding, frameTx: ReadonlyMap<number, string>, explain?: Explainer): FindingData {
  const tx = f.transactions ?? [...new Set(f.frames.map((fr) => frameTx.get(fr)).filter((id): id is string => id !== undefined))];
  const why = explain?.finding?.(report, f);
  return {
    id: f.id,
    code: f.code,
    sev: f.severity,
    msg: f.message,
    time: f.time,
    frames: f.frames,
    tx,
    ips: f.ips,
    macs: f.macs,
    ...(why && why.length > 0 ? { why } : {}),
  };
}

function packetSummary(p: PacketRecord): string {
  if (p.dhcp) return `${p.dhcp.messageType ?? p.dhcp.op} · ${p.src.ip ?? '?'} → ${p.dst.ip ?? '?'} · xid ${p.dhcp.xid}`;
  if (p.arp) return `ARP ${p.arp.kind} · ${p.arp.senderIp} (${p.arp.senderMac}) → ${p.arp.targetIp}`;
  if (p.echo) return `ICMP echo ${p.echo.op} · ${p.src.ip ?? '?'} → ${p.dst.ip ?? '?'} · a server's address check`;
  return `${p.src.ip ?? p.src.mac ?? '?'} → ${p.dst.ip ?? p.dst.mac ?? '?'}`;
}

export function packetData(p: PacketRecord): PacketData {
  return {
    s: packetSummary(p),
    fl: packetFields(p).map((r) => [r.depth, r.label, r.value, r.heading ? 1 : r.problem ? 2 : 0] as const),
    ...(p.hex ? { h: p.hex } : {}),
  };
}

const ROW_KIND = { step: 0, arp: 1, check: 2 } as const;

export function packRow(r: RowData): RowTuple {
  const head = [ROW_KIND[r.k], r.f, r.r, r.l, r.a, r.b, r.x, r.ms ?? null, r.n ?? '', r.e ?? ''] as const;
  return r.w ? [...head, r.w] : head;
}

/** Interns ladder columns into the page's one table. */
export class ColumnTable {
  readonly list: ColumnData[] = [];
  private readonly index = new Map<string, number>();

  add(c: ColumnData): number {
    const own = c.k === 'client' || c.k === 'other' ? c.mac : c.ip;
    const { n, ...rest } = c;
    const packed: ColumnData = n !== undefined && n !== own ? c : rest;
    const key = JSON.stringify(packed);
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(packed);
      this.index.set(key, i);
    }
    return i;
  }
}

export function packTx(t: TxData, table: ColumnTable): PackedTx {
  return { ...t, cols: t.cols.map((c) => table.add(c)), rows: t.rows.map(packRow) };
}

/** The lookups every part of the page data needs, built once per report. */
export interface PageContext {
  readonly report: Report;
  readonly packets: ReadonlyMap<number, PacketRecord>;
  readonly frameTx: ReadonlyMap<number, string>;
  readonly explain?: Explainer | undefined;
}

export function pageContext(report: Report, explain?: Explainer): PageContext {
  const packets = new Map((report.packets ?? []).map((p) => [p.frame, p]));
  const frameTx = new Map<number, string>();
  for (const t of report.transactions) {
    for (const s of t.steps) if (!frameTx.has(s.frame)) frameTx.set(s.frame, t.id);
    for (const f of t.arpFrames) if (!frameTx.has(f)) frameTx.set(f, t.id);
  }
  return { report, packets, frameTx, explain };
}

export function txDataOf(ctx: PageContext, t: Transaction): TxData {
  return transactionData(ctx.report, t, (frame) => ctx.packets.get(frame), ctx.explain);
}

export function packetsCap(report: Report): PacketsCap | null {
  if (!report.warnings.some((w) => /packet records were left out/.test(w.message))) return null;
  // The address checks' ICMP echoes ride along whatever the cap: they say nothing of where it fell.
  const packets = (report.packets ?? []).filter((p) => p.echo === undefined);
  return { kept: packets.length, last: packets.reduce((m, p) => Math.max(m, p.frame), 0), capture: report.captures.map((c) => c.path).join(' ') };
}

/** The whole page data at once (the page itself streams the same parts: index.ts). */
export function pageData(report: Report, explain?: Explainer): PageData & { readonly packets: PacketsData } {
  const ctx = pageContext(report, explain);
  const table = new ColumnTable();
  const tx = report.transactions.map((t) => packTx(txDataOf(ctx, t), table));
  return {
    span: captureSpan(report),
    tx,
    cols: table.list,
    addresses: addressData(report),
    findings: report.findings.map((f) => findingData(report, f, ctx.frameTx, explain)),
    packetsCap: packetsCap(report),
    packets: Object.fromEntries([...ctx.packets.values()].map((p) => [String(p.frame), packetData(p)])),
  };
}
