/**
 * What the views show, derived from one Report snapshot and the filter: filtered lists in display order plus
 * look-ups (packets by frame, clients by MAC, transactions by id). Everything is computed on first use, so a
 * snapshot of a 100 000-transaction capture costs only what the current view needs.
 */
import type { ArpBinding, Client, Finding, PacketRecord, Report, Server, Transaction } from '../../report/types.js';
import { keepSearchTexts, matchArp, matchFinding, matchLease, matchServer, matchTransaction, parseFilter, prepareTransactionSearch, type Filter } from '../../query/index.js';
import { lookup, prepareLookup, type ReportIndex } from '../../query/context.js';
import { epochOf } from './format.js';
import { leaseRowsBuilder, leaseRowsOf, type LeaseRow } from './lease-rows.js';
import { allFrames, packetRows, type FilteredRows, type FrameList, type PacketRows } from './packet-rows.js';
import { Sieve } from './sieve.js';
import { assertNever } from './state.js';

export { leaseEnd, type DbSide, type LeaseRow } from './lease-rows.js';

export interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * What a finished report's views and filters will look up sooner or later, each built once per report
 * (`Model.prepare`, between keys) so that no key has to wait for it: the sorted lease rows, the look-ups, and
 * each exchange's search text (the first word searched among 97 000 exchanges took ~0.8 s). Each piece is
 * done (true) or goes on at the next call.
 */
const PREPARED: readonly ((r: Report, deadline: number) => boolean)[] = [
  // The Leases view's rows, then what the Packets view reads (a live session's frame look-up was noted while
  // reading: a few ms).
  (r, deadline) => leaseRowsBuilder(r).advance(deadline),
  (r, deadline) => prepareLookup(r, 'transactionByFrame', deadline),
  (r, deadline) => prepareLookup(r, 'findingsByFrame', deadline),
  ...(['clientByMac', 'transactionById', 'findingsByTransaction', 'findingsByIp', 'serverByIp'] as const satisfies readonly (keyof ReportIndex)[]).map(
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
