/**
 * What the views show, derived from one Report snapshot and the filter: filtered lists in display order plus
 * look-up tables (packets by frame, clients by MAC, transactions by id). Rebuilt only when either changes.
 */
import type { ArpBinding, Client, Finding, Lease, PacketRecord, Report, Transaction } from '../../report/types.js';
import { epochOf, ipKey } from './format.js';

export interface LeaseRow {
  readonly lease: Lease;
  /** Another lease of the same IP overlaps this one in time. */
  readonly overlap: boolean;
  readonly startEpoch: number;
  readonly endEpoch: number;
}

export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface Model {
  readonly report: Report;
  readonly filter: string;
  readonly transactions: readonly Transaction[];
  readonly leases: readonly LeaseRow[];
  readonly arp: readonly ArpBinding[];
  readonly findings: readonly Finding[];
  readonly packets: ReadonlyMap<number, PacketRecord>;
  readonly clients: ReadonlyMap<string, Client>;
  readonly transactionsById: ReadonlyMap<string, Transaction>;
  /** Capture time span in epoch seconds (null before the first frame). */
  readonly span: Span | null;
}

/** Normalise what the user typed: case, and MACs written with '-' (Windows style). */
export function normaliseQuery(query: string): string {
  const q = query.trim().toLowerCase();
  return /^([0-9a-f]{2}-){1,5}[0-9a-f]{0,2}$/.test(q) ? q.replaceAll('-', ':') : q;
}

function matches(query: string, values: readonly (string | undefined | null)[]): boolean {
  return values.some((v) => v !== undefined && v !== null && v.toLowerCase().includes(query));
}

export function transactionText(t: Transaction): readonly (string | undefined)[] {
  return [
    t.clientMac,
    t.hostname,
    t.xid,
    t.clientId,
    t.assignedIp,
    t.requestedIp,
    t.server,
    t.relay?.giaddr,
    ...t.offers.map((o) => o.yiaddr),
    ...t.offers.map((o) => o.server),
  ];
}

function buildLeaseRows(leases: readonly Lease[]): LeaseRow[] {
  const rows = leases.map((lease) => ({
    lease,
    startEpoch: epochOf(lease.start),
    endEpoch: lease.end === null ? Number.POSITIVE_INFINITY : epochOf(lease.end),
  }));
  rows.sort((a, b) => ipKey(a.lease.ip) - ipKey(b.lease.ip) || a.lease.ip.localeCompare(b.lease.ip) || a.startEpoch - b.startEpoch);
  const overlapping = new Set<number>();
  for (let i = 0; i < rows.length; i += 1) {
    const a = rows[i];
    for (let j = i + 1; a && j < rows.length; j += 1) {
      const b = rows[j];
      if (!b || b.lease.ip !== a.lease.ip) break;
      if (a.startEpoch < b.endEpoch && b.startEpoch < a.endEpoch) {
        overlapping.add(i);
        overlapping.add(j);
      }
    }
  }
  return rows.map((row, i) => ({ ...row, overlap: overlapping.has(i) }));
}

export function captureSpan(report: Report): Span | null {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const c of report.captures) {
    const first = epochOf(c.firstTime);
    const last = epochOf(c.lastTime);
    if (Number.isFinite(first)) start = Math.min(start, first);
    if (Number.isFinite(last)) end = Math.max(end, last);
  }
  if (!Number.isFinite(start) || !Number.isFinite(end)) return null;
  return { start, end: Math.max(end, start) };
}

export function buildModel(report: Report, filter: string): Model {
  const packets = new Map<number, PacketRecord>();
  for (const p of report.packets ?? []) packets.set(p.frame, p);
  const clients = new Map<string, Client>();
  for (const c of report.clients) clients.set(c.mac, c);
  const transactionsById = new Map<string, Transaction>();
  for (const t of report.transactions) transactionsById.set(t.id, t);

  const query = normaliseQuery(filter);
  const related = (ids: readonly string[] | undefined): (string | undefined)[] =>
    (ids ?? []).flatMap((id) => {
      const t = transactionsById.get(id);
      return t ? [t.xid, t.hostname] : [];
    });
  const hostnames = (mac: string): readonly string[] => clients.get(mac)?.hostnames ?? [];

  const allLeases = buildLeaseRows(report.leases);
  const keep = query === '';
  return {
    report,
    filter: query,
    transactions: keep
      ? report.transactions
      : report.transactions.filter((t) => matches(query, [...transactionText(t), ...hostnames(t.clientMac)])),
    leases: keep
      ? allLeases
      : allLeases.filter(({ lease: l }) =>
          matches(query, [l.ip, l.mac, l.hostname, l.clientId, l.server, ...related(l.transactions)]),
        ),
    arp: keep
      ? report.arp
      : report.arp.filter((b) =>
          matches(query, [b.ip, ...b.claims.map((c) => c.mac), ...b.claims.flatMap((c) => hostnames(c.mac))]),
        ),
    findings: keep
      ? report.findings
      : report.findings.filter((f) =>
          matches(query, [...f.ips, ...f.macs, ...f.macs.flatMap(hostnames), ...related(f.transactions)]),
        ),
    packets,
    clients,
    transactionsById,
    span: captureSpan(report),
  };
}
