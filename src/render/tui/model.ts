/**
 * What the views show, derived from one Report snapshot and the filter: filtered lists in display order plus
 * look-ups (packets by frame, clients by MAC, transactions by id). Everything is computed on first use, so a
 * snapshot of a 100 000-transaction capture costs only what the current view needs.
 */
import type { ArpBinding, Client, Finding, Lease, PacketRecord, Report, Transaction } from '../../report/types.js';
import { epochOf, ipKey } from './format.js';

export interface LeaseRow {
  readonly lease: Lease;
  /** Another lease of the same IP overlaps this one in time. */
  readonly overlap: boolean;
  /** 'database': a lease database's record shown without a capture (its `lease` is built from the record). */
  readonly source: 'wire' | 'database';
  /** What the lease database (--leases) holds for the address, when one was given and has a record. */
  readonly db?: DbSide;
}

export interface DbSide {
  readonly file: string;
  readonly line: number;
  readonly state: string;
  readonly mac: string | null;
  readonly start: string | null;
  readonly end: string | null;
  /** null: a record shown on its own (nothing on the wire to agree with). */
  readonly agrees: boolean | null;
}

export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Normalise what the user typed: case, and MACs written with '-' (Windows style). */
export function normaliseQuery(query: string): string {
  const q = query.trim().toLowerCase();
  return /^([0-9a-f]{2}-){1,5}[0-9a-f]{0,2}$/.test(q) ? q.replaceAll('-', ':') : q;
}

export function leaseEnd(lease: Lease): number {
  return lease.end === null ? Number.POSITIVE_INFINITY : epochOf(lease.end);
}

/** Leases by IP then start; leases of one IP that overlap in time are flagged. */
function leaseRows(leases: readonly Lease[]): LeaseRow[] {
  const keyed = leases.map((lease) => ({ lease, ip: ipKey(lease.ip), start: lease.start }));
  keyed.sort((a, b) => a.ip - b.ip || a.lease.ip.localeCompare(b.lease.ip) || a.start.localeCompare(b.start));
  const overlap = new Set<number>();
  for (let i = 0; i + 1 < keyed.length; i += 1) {
    if (keyed[i]?.lease.ip !== keyed[i + 1]?.lease.ip) continue;
    let end = i + 1;
    while (keyed[end + 1]?.lease.ip === keyed[i]?.lease.ip) end += 1;
    const group = keyed.slice(i, end + 1).map((k) => ({ start: epochOf(k.lease.start), end: leaseEnd(k.lease) }));
    group.forEach((a, x) =>
      group.forEach((b, y) => {
        if (x < y && a.start < b.end && b.start < a.end) overlap.add(i + x).add(i + y);
      }),
    );
    i = end;
  }
  return keyed.map((k, i) => ({ lease: k.lease, overlap: overlap.has(i), source: 'wire' as const, ...(k.lease.database ? { db: k.lease.database } : {}) }));
}

/** Without a capture, the Leases view lists what the lease databases hold, by IP. */
function databaseRows(report: Report): LeaseRow[] {
  const rows = (report.leaseDatabases ?? []).flatMap((d) =>
    d.leases.map((l): LeaseRow => ({
      lease: {
        ip: l.ip,
        mac: l.mac ?? '',
        ...(l.hostname !== undefined ? { hostname: l.hostname } : {}),
        ...(l.clientId !== undefined ? { clientId: l.clientId } : {}),
        server: d.server ?? '',
        start: l.start ?? l.end ?? '',
        end: l.end,
        leaseSeconds: null,
        renewals: 0,
        state: l.state === 'active' ? 'active' : l.state === 'released' ? 'released' : l.state === 'declined' || l.state === 'abandoned' ? 'declined' : 'expired',
        transactions: [],
      },
      overlap: false,
      source: 'database',
      db: { file: d.file, line: l.line, state: l.state, mac: l.mac, start: l.start, end: l.end, agrees: null },
    })),
  );
  return rows.sort((a, b) => ipKey(a.lease.ip) - ipKey(b.lease.ip) || a.lease.ip.localeCompare(b.lease.ip));
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

/** Packets are in frame order: binary search, with a linear scan should that ever not hold. */
function findPacket(packets: readonly PacketRecord[], frame: number): PacketRecord | undefined {
  let lo = 0;
  let hi = packets.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = packets[mid]?.frame ?? 0;
    if (at === frame) return packets[mid];
    if (at < frame) lo = mid + 1;
    else hi = mid - 1;
  }
  return packets.find((p) => p.frame === frame);
}

export class Model {
  readonly filter: string;
  #transactions?: readonly Transaction[];
  #leases?: readonly LeaseRow[];
  #arp?: readonly ArpBinding[];
  #findings?: readonly Finding[];
  #clients?: Map<string, Client>;
  #byId?: Map<string, Transaction>;
  #span?: Span | null;

  constructor(
    readonly report: Report,
    filter: string,
    /** Where records the report does not hold come from (LiveReport.packet). */
    readonly packetAt?: PacketLookup,
  ) {
    this.filter = normaliseQuery(filter);
  }

  get transactions(): readonly Transaction[] {
    return (this.#transactions ??= this.filter === '' ? this.report.transactions : this.report.transactions.filter((t) => this.#matchTransaction(t)));
  }

  get leases(): readonly LeaseRow[] {
    if (this.#leases) return this.#leases;
    const dbOnly = this.report.captures.length === 0 && this.report.leaseDatabases !== undefined;
    const rows = dbOnly ? databaseRows(this.report) : leaseRows(this.report.leases);
    return (this.#leases = this.filter === '' ? rows : rows.filter((r) => this.#matchLease(r.lease)));
  }

  get arp(): readonly ArpBinding[] {
    return (this.#arp ??= this.filter === '' ? this.report.arp : this.report.arp.filter((b) => this.#is(b.ip) || b.claims.some((c) => this.#is(c.mac) || this.#hitHost(c.mac))));
  }

  get findings(): readonly Finding[] {
    return (this.#findings ??= this.filter === '' ? this.report.findings : this.report.findings.filter((f) => this.#matchFinding(f)));
  }

  get span(): Span | null {
    if (this.#span === undefined) this.#span = captureSpan(this.report);
    return this.#span;
  }

  packet(frame: number): PacketRecord | undefined {
    return findPacket(this.report.packets ?? [], frame) ?? this.packetAt?.(frame);
  }

  client(mac: string): Client | undefined {
    this.#clients ??= new Map(this.report.clients.map((c) => [c.mac, c]));
    return this.#clients.get(mac);
  }

  transaction(id: string): Transaction | undefined {
    this.#byId ??= new Map(this.report.transactions.map((t) => [t.id, t]));
    return this.#byId.get(id);
  }

  #hit(value: string | undefined | null): boolean {
    return value !== undefined && value !== null && value.toLowerCase().includes(this.filter);
  }

  /** MACs, IPs and xids are already lower-case in the report: no case folding needed. */
  #is(value: string | undefined): boolean {
    return value !== undefined && value.includes(this.filter);
  }

  #hitHost(mac: string): boolean {
    return this.client(mac)?.hostnames.some((h) => this.#hit(h)) ?? false;
  }

  #hitTransactions(ids: readonly string[] | undefined): boolean {
    return (ids ?? []).some((id) => {
      const t = this.transaction(id);
      return t !== undefined && (this.#is(t.xid) || this.#hit(t.hostname));
    });
  }

  #matchTransaction(t: Transaction): boolean {
    return (
      this.#is(t.clientMac) || this.#is(t.xid) || this.#hit(t.hostname) || this.#is(t.assignedIp) ||
      this.#is(t.requestedIp) || this.#is(t.server) || this.#hit(t.clientId) || this.#is(t.relay?.giaddr) ||
      t.offers.some((o) => this.#is(o.yiaddr) || this.#is(o.server)) || this.#hitHost(t.clientMac)
    );
  }

  #matchLease(l: Lease): boolean {
    return this.#is(l.ip) || this.#is(l.mac) || this.#hit(l.hostname) || this.#hit(l.clientId) || this.#is(l.server) || this.#hitTransactions(l.transactions);
  }

  #matchFinding(f: Finding): boolean {
    return f.ips.some((ip) => this.#is(ip)) || f.macs.some((m) => this.#is(m) || this.#hitHost(m)) || this.#hitTransactions(f.transactions);
  }
}

export type PacketLookup = (frame: number) => PacketRecord | undefined;

export function buildModel(report: Report, filter: string, packetAt?: PacketLookup): Model {
  return new Model(report, filter, packetAt);
}
