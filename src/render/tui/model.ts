/**
 * What the views show, derived from one Report snapshot and the filter: filtered lists in display order plus
 * look-ups (packets by frame, clients by MAC, transactions by id). Everything is computed on first use, so a
 * snapshot of a 100 000-transaction capture costs only what the current view needs.
 */
import type { ArpBinding, Client, Finding, Lease, PacketRecord, Report, Server, Transaction } from '../../report/types.js';
import { keepSearchTexts, matchArp, matchFinding, matchLease, matchServer, matchTransaction, parseFilter, prepareTransactionSearch, type Filter } from '../../query/index.js';
import { lookup, prepareLookup, type ReportIndex } from '../../query/context.js';
import { epochOf, ipKey } from './format.js';
import { allFrames, packetRows, type FilteredRows, type FrameList, type PacketRows } from './packet-rows.js';
import { Sieve } from './sieve.js';
import { assertNever } from './state.js';

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

/** The Leases view's rows before any filter: sorted once per report, whatever filters come and go. */
const baseLeaseRows = new WeakMap<Report, readonly LeaseRow[]>();

function leaseRowsOf(report: Report): readonly LeaseRow[] {
  let rows = baseLeaseRows.get(report);
  if (!rows) {
    // Without a capture the view lists what the lease databases hold.
    const dbOnly = report.captures.length === 0 && report.leaseDatabases !== undefined;
    rows = dbOnly ? databaseRows(report) : leaseRows(report.leases);
    baseLeaseRows.set(report, rows);
  }
  return rows;
}

/**
 * What a finished report's views and filters will look up sooner or later, each built once per report
 * (`Model.prepare`, between keys) so that no key has to wait for it: the sorted lease rows, the look-ups, and
 * each exchange's search text (the first word searched among 97 000 exchanges took ~0.8 s). Each piece is
 * done (true) or goes on at the next call.
 */
const PREPARED: readonly ((r: Report, deadline: number) => boolean)[] = [
  (r) => leaseRowsOf(r) !== undefined,
  ...(['clientByMac', 'transactionById', 'transactionByFrame', 'findingsByFrame', 'findingsByTransaction', 'findingsByIp', 'serverByIp'] as const satisfies readonly (keyof ReportIndex)[]).map(
    (key) => (r: Report, deadline: number) => prepareLookup(r, key, deadline),
  ),
  (r, deadline) => searchTextsOf(r).advance(deadline),
];
const preparedUpTo = new WeakMap<Report, number>();

/** Each exchange's search text built ahead, a slice at a time (a Sieve that keeps nothing). */
const searchTextBuilders = new WeakMap<Report, Sieve<Transaction>>();

function searchTextsOf(report: Report): Sieve<Transaction> {
  let builder = searchTextBuilders.get(report);
  if (!builder) {
    keepSearchTexts(report);
    builder = new Sieve(report.transactions, (t) => {
      prepareTransactionSearch(t, report);
      return false;
    });
    searchTextBuilders.set(report, builder);
  }
  return builder;
}

const matchLeaseRow = (f: Filter, row: LeaseRow, r: Report): boolean => matchLease(f, row.lease, r);

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
  /** Lists being filtered a slice at a time (their tab counts, between keys). */
  readonly #sieves = new Map<CountedView, Sieve<unknown>>();
  #span?: Span | null;
  #servers?: readonly Server[];
  #shownClients?: readonly Client[];
  #packets?: PacketRows | FilteredRows;
  #allPackets?: PacketRows;
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
    return (this.#transactions ??= this.#keep('handshakes', this.report.transactions, matchTransaction));
  }

  get leases(): readonly LeaseRow[] {
    return (this.#leases ??= this.#keep('leases', leaseRowsOf(this.report), matchLeaseRow));
  }

  get arp(): readonly ArpBinding[] {
    return (this.#arp ??= this.#keep('arp', this.report.arp, matchArp));
  }

  get findings(): readonly Finding[] {
    return (this.#findings ??= this.#keep('findings', this.report.findings, matchFinding));
  }

  /** Rows a list holds under the filter, if they were found already (the tab bar shows the others later). */
  counted(view: CountedView): number | undefined {
    const rows = { handshakes: this.#transactions, leases: this.#leases, arp: this.#arp, findings: this.#findings }[view];
    return rows?.length;
  }

  /**
   * Filters the lists not filtered yet until `deadline` (a Date.now() reading), so that the tab bar's counts
   * fill in between keys instead of holding up the view shown (or a key). 'counted': a list is done (its
   * count can be shown), 'more': one is still being filtered, 'done': every list is.
   */
  countNext(deadline: number): 'counted' | 'more' | 'done' {
    if (this.query.root === null) return 'done';
    const next = COUNTED_VIEWS.find((v) => this.counted(v) === undefined);
    if (next === undefined) return 'done';
    if (!this.#sieveOf(next).advance(deadline)) return 'more';
    void (next === 'handshakes' ? this.transactions : this[next]);
    return 'counted';
  }

  /**
   * Builds, until `deadline`, what a finished report's views and filters will look up (sorted lease rows,
   * exchanges by id and by frame, clients by MAC, findings by frame ...), once per report: the first key that
   * needs one then finds it ready. False when nothing is left (or the report is still growing).
   */
  prepare(deadline: number): boolean {
    if (this.report.progress !== undefined) return false;
    let at = preparedUpTo.get(this.report) ?? 0;
    // Some work at least per call, however late.
    while (at < PREPARED.length) {
      if (PREPARED[at]!(this.report, deadline)) at += 1;
      if (Date.now() >= deadline) break;
    }
    preparedUpTo.set(this.report, at);
    return at < PREPARED.length;
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

  #keep<T>(view: CountedView, rows: readonly T[], match: (f: Filter, row: T, r: Report) => boolean): readonly T[] {
    if (this.query.root === null) return rows;
    const kept = this.#sieve(view, rows, match).finish();
    this.#sieves.delete(view);
    return kept;
  }

  #sieveOf(view: CountedView): Pick<Sieve<unknown>, 'advance'> {
    switch (view) {
      case 'handshakes':
        return this.#sieve(view, this.report.transactions, matchTransaction);
      case 'leases':
        return this.#sieve(view, leaseRowsOf(this.report), matchLeaseRow);
      case 'arp':
        return this.#sieve(view, this.report.arp, matchArp);
      case 'findings':
        return this.#sieve(view, this.report.findings, matchFinding);
      default:
        return assertNever(view);
    }
  }

  /** The list's filter, begun (or going on where countNext stopped). */
  #sieve<T>(view: CountedView, rows: readonly T[], match: (f: Filter, row: T, r: Report) => boolean): Sieve<T> {
    let sieve = this.#sieves.get(view) as Sieve<T> | undefined;
    if (!sieve) {
      sieve = new Sieve(rows, (row) => match(this.query, row, this.report));
      this.#sieves.set(view, sieve as Sieve<unknown>);
    }
    return sieve;
  }

  get span(): Span | null {
    if (this.#span === undefined) this.#span = captureSpan(this.report);
    return this.#span;
  }

  packet(frame: number): PacketRecord | undefined {
    return findPacket(this.report.packets ?? [], frame) ?? this.packetAt?.(frame);
  }

  client(mac: string): Client | undefined {
    return lookup(this.report, 'clientByMac').get(mac);
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
    return lookup(this.report, 'findingsByFrame').get(frame) ?? [];
  }

  /** The exchange a DHCP step or ARP frame belongs to. */
  exchangeOf(frame: number): Transaction | undefined {
    return lookup(this.report, 'transactionByFrame').get(frame);
  }

  transaction(id: string): Transaction | undefined {
    return lookup(this.report, 'transactionById').get(id);
  }
}

export type PacketLookup = (frame: number, opts?: { readonly hex?: boolean }) => PacketRecord | undefined;

const ROW_CACHE = 4096;

export function buildModel(report: Report, filter: string, packetAt?: PacketLookup, frames?: FrameList): Model {
  return new Model(report, filter, packetAt, frames);
}
