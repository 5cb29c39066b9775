/**
 * What the views show, derived from one Report snapshot and the filter: filtered lists in display order plus
 * look-ups (packets by frame, clients by MAC, transactions by id). Everything is computed on first use, so a
 * snapshot of a 100 000-transaction capture costs only what the current view needs.
 */
import type { ArpBinding, Client, Finding, Lease, PacketRecord, Report, Server, Transaction } from '../../report/types.js';
import { keepSearchTexts, matchArp, matchFinding, matchLease, matchServer, matchTransaction, parseFilter, type Filter } from '../../query/index.js';
import { epochOf, ipKey } from './format.js';
import { allFrames, packetRows, type FilteredRows, type FrameList, type PacketRows } from './packet-rows.js';

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

export function leaseEnd(lease: Lease): number {
  return lease.end === null ? Number.POSITIVE_INFINITY : epochOf(lease.end);
}

/** Leases by IP then start; leases of one IP and segment that overlap in time are flagged. */
function leaseRows(leases: readonly Lease[]): LeaseRow[] {
  const keyed = leases.map((lease) => ({ lease, ip: ipKey(lease.ip), start: lease.start }));
  keyed.sort((a, b) => a.ip - b.ip || a.lease.ip.localeCompare(b.lease.ip) || a.start.localeCompare(b.start));
  const overlap = new Set<number>();
  for (let i = 0; i + 1 < keyed.length; i += 1) {
    if (keyed[i]?.lease.ip !== keyed[i + 1]?.lease.ip) continue;
    let end = i + 1;
    while (keyed[end + 1]?.lease.ip === keyed[i]?.lease.ip) end += 1;
    const group = keyed.slice(i, end + 1).map((k) => ({ start: epochOf(k.lease.start), end: leaseEnd(k.lease), segment: k.lease.segment }));
    group.forEach((a, x) =>
      group.forEach((b, y) => {
        // One address in two VLANs or overlays is two addresses: only leases of one segment can overlap.
        if (x < y && a.segment === b.segment && a.start < b.end && b.start < a.end) overlap.add(i + x).add(i + y);
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

const EVERYTHING: Filter = { text: '', root: null };

/** The lists the tab bar counts. */
export type CountedView = 'handshakes' | 'leases' | 'arp' | 'findings';
const COUNTED_VIEWS: readonly CountedView[] = ['handshakes', 'leases', 'arp', 'findings'];

export class Model {
  /** The filter's text as typed ('' for none). */
  readonly filter: string;
  /** The parsed filter (a text that does not parse filters nothing: the key map never applies one). */
  readonly query: Filter;
  #transactions?: readonly Transaction[];
  #leases?: readonly LeaseRow[];
  #arp?: readonly ArpBinding[];
  #findings?: readonly Finding[];
  #clientByMac?: Map<string, Client>;
  #byId?: Map<string, Transaction>;
  #span?: Span | null;
  #servers?: readonly Server[];
  #shownClients?: readonly Client[];
  #packets?: PacketRows | FilteredRows;
  #allPackets?: PacketRows;
  #byFrame?: Map<number, Transaction>;
  #findingsByFrame?: Map<number, Finding[]>;
  readonly #rowCache = new Map<number, PacketRecord>();

  constructor(
    readonly report: Report,
    filter: string,
    /** Where records the report does not hold come from (LiveReport.packet). */
    readonly packetAt?: PacketLookup,
    /** Every DHCP/ARP frame of the plain capture files, for the Packets view (records read again on demand). */
    readonly frames?: FrameList,
  ) {
    this.filter = filter.trim();
    const parsed = parseFilter(this.filter);
    this.query = parsed.ok ? parsed.filter : EVERYTHING;
    // Filters of one report come again and again here: searching a word then costs one look per row.
    if (this.query.root !== null) keepSearchTexts(report);
  }

  get transactions(): readonly Transaction[] {
    return (this.#transactions ??= this.#keep(this.report.transactions, matchTransaction));
  }

  get leases(): readonly LeaseRow[] {
    if (this.#leases) return this.#leases;
    // Without a capture the view lists what the lease databases hold.
    const dbOnly = this.report.captures.length === 0 && this.report.leaseDatabases !== undefined;
    const rows = dbOnly ? databaseRows(this.report) : leaseRows(this.report.leases);
    return (this.#leases = this.#keep(rows, (f, row, r) => matchLease(f, row.lease, r)));
  }

  get arp(): readonly ArpBinding[] {
    return (this.#arp ??= this.#keep(this.report.arp, matchArp));
  }

  get findings(): readonly Finding[] {
    return (this.#findings ??= this.#keep(this.report.findings, matchFinding));
  }

  /** Rows a list holds under the filter, if they were found already (the tab bar shows the others later). */
  counted(view: CountedView): number | undefined {
    const rows = { handshakes: this.#transactions, leases: this.#leases, arp: this.#arp, findings: this.#findings }[view];
    return rows?.length;
  }

  /**
   * Filters one list not filtered yet, so that the tab bar's counts fill in between keys instead of holding
   * up the view shown; false when every list is done.
   */
  countNext(): boolean {
    if (this.query.root === null) return false;
    const next = COUNTED_VIEWS.find((v) => this.counted(v) === undefined);
    if (next === undefined) return false;
    void (next === 'handshakes' ? this.transactions : this[next]);
    return true;
  }

  /** Servers that match, or that a shown exchange heard (the Overview). */
  get servers(): readonly Server[] {
    if (this.query.root === null) return this.report.servers;
    const heard = new Set(this.transactions.flatMap((t) => [t.server, ...t.offers.map((o) => o.server)]));
    return (this.#servers ??= this.report.servers.filter((s) => heard.has(s.ip) || matchServer(this.query, s, this.report)));
  }

  /** Clients of the shown exchanges, leases and ARP claims (the Overview). */
  get clients(): readonly Client[] {
    if (this.query.root === null) return this.report.clients;
    const macs = new Set([...this.transactions.map((t) => t.clientMac), ...this.leases.map((l) => l.lease.mac), ...this.arp.flatMap((b) => b.claims.map((c) => c.mac))]);
    return (this.#shownClients ??= this.report.clients.filter((c) => macs.has(c.mac)));
  }

  /** The filtered packet rows if the Packets view asked for them and they are still being found. */
  get packetsInProgress(): FilteredRows | undefined {
    const rows = this.#packets;
    return rows && 'done' in rows && !rows.done ? rows : undefined;
  }

  /** Every DHCP/ARP frame in capture order (filtered like the rest, a slice at a time), for the Packets view. */
  get packets(): PacketRows | FilteredRows {
    return (this.#packets ??= this.query.root === null ? this.allPackets : packetRows(this.report, this.query, this.allPackets, (frame) => findPacket(this.report.packets ?? [], frame) ?? this.packetAt?.(frame, { hex: false })));
  }

  /** Every DHCP/ARP frame, unfiltered. */
  get allPackets(): PacketRows {
    return (this.#allPackets ??= allFrames(this.report, this.frames));
  }

  #keep<T>(rows: readonly T[], match: (f: Filter, row: T, r: Report) => boolean): readonly T[] {
    return this.query.root === null ? rows : rows.filter((row) => match(this.query, row, this.report));
  }

  get span(): Span | null {
    if (this.#span === undefined) this.#span = captureSpan(this.report);
    return this.#span;
  }

  packet(frame: number): PacketRecord | undefined {
    return findPacket(this.report.packets ?? [], frame) ?? this.packetAt?.(frame);
  }

  client(mac: string): Client | undefined {
    this.#clientByMac ??= new Map(this.report.clients.map((c) => [c.mac, c]));
    return this.#clientByMac.get(mac);
  }

  /** A record for a list row: without its bytes, kept while it is on screen (a few thousand at most). */
  rowPacket(frame: number): PacketRecord | undefined {
    const kept = this.#rowCache.get(frame);
    if (kept) return kept;
    const p = findPacket(this.report.packets ?? [], frame) ?? this.packetAt?.(frame, { hex: false });
    if (this.#rowCache.size >= ROW_CACHE) this.#rowCache.clear();
    if (p) this.#rowCache.set(frame, p);
    return p;
  }

  findingsOfFrame(frame: number): readonly Finding[] {
    if (!this.#findingsByFrame) {
      this.#findingsByFrame = new Map();
      for (const f of this.report.findings) {
        for (const n of f.frames) this.#findingsByFrame.set(n, [...(this.#findingsByFrame.get(n) ?? []), f]);
      }
    }
    return this.#findingsByFrame.get(frame) ?? [];
  }

  /** The exchange a DHCP step or ARP frame belongs to. */
  exchangeOf(frame: number): Transaction | undefined {
    if (!this.#byFrame) {
      this.#byFrame = new Map();
      for (const t of this.report.transactions) {
        for (const s of t.steps) this.#byFrame.set(s.frame, t);
        for (const f of t.arpFrames) if (!this.#byFrame.has(f)) this.#byFrame.set(f, t);
      }
    }
    return this.#byFrame.get(frame);
  }

  transaction(id: string): Transaction | undefined {
    this.#byId ??= new Map(this.report.transactions.map((t) => [t.id, t]));
    return this.#byId.get(id);
  }

}

export type PacketLookup = (frame: number, opts?: { readonly hex?: boolean }) => PacketRecord | undefined;

const ROW_CACHE = 4096;

export function buildModel(report: Report, filter: string, packetAt?: PacketLookup, frames?: FrameList): Model {
  return new Model(report, filter, packetAt, frames);
}
