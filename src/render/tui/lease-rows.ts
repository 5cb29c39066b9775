/**
 * The Leases view's rows before any filter: the leases by IP then start, those of one IP and segment that overlap
 * in time flagged. Built a slice at a time between keys (26 000 leases take ~70 ms, longer than a key may wait
 * behind them), or all at once when a view needs them now.
 */
import type { Lease, Report } from '../../report/types.js';
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

export function leaseEnd(lease: Lease): number {
  return lease.end === null ? Number.POSITIVE_INFINITY : epochOf(lease.end);
}

/** Leases looked at between two clock readings. */
const SLICE = 1024;
/** Positions packed beside a 32-bit key in one exactly held number (key × PACK + position < 2^52). */
const PACK = 2 ** 20;

/**
 * The wire's leases as rows, in three steps that can stop and go on: each lease's IP as a number, the order
 * (one sort of positions: it takes a few milliseconds), then the rows in that order with their overlaps.
 */
class WireRowsBuilder {
  readonly #leases: readonly Lease[];
  readonly #keys: Float64Array;
  #order: Uint32Array | undefined;
  readonly #rows: LeaseRow[] = [];
  #next = 0;

  constructor(leases: readonly Lease[]) {
    this.#leases = leases;
    this.#keys = new Float64Array(leases.length);
  }

  advance(deadline: number): boolean {
    const leases = this.#leases;
    while (this.#order === undefined && this.#next < leases.length) {
      // Locals in the loop: it runs cold, right after loading (private fields read per lease cost more there).
      const keys = this.#keys;
      const stop = Math.min(leases.length, this.#next + SLICE);
      let i = this.#next;
      for (; i < stop; i++) keys[i] = ipKey(leases[i]!.ip);
      this.#next = i;
      if (Date.now() >= deadline) return false;
    }
    if (this.#order === undefined) {
      this.#order = this.#sorted();
      this.#next = 0;
      if (Date.now() >= deadline) return this.#next >= leases.length;
    }
    while (this.#next < leases.length) {
      this.#next = this.#rowsOf(this.#next, Math.min(leases.length, this.#next + SLICE));
      if (Date.now() >= deadline) break;
    }
    return this.#next >= leases.length;
  }

  /**
   * The rows of the leases in order from `from` on, IP by IP, until `stop` or the end of the IP under way; where
   * it stopped. One loop over locals: it runs right after loading, before V8 has optimised it, and most IPs have
   * one lease, which the next key (a number) tells apart without reading the next lease's address.
   */
  #rowsOf(from: number, stop: number): number {
    const leases = this.#leases;
    const keys = this.#keys;
    const order = this.#order!;
    const rows = this.#rows;
    const n = order.length;
    let i = from;
    while (i < stop) {
      const at = order[i]!;
      const lease = leases[at]!;
      if (i + 1 >= n || keys[order[i + 1]!] !== keys[at]) {
        rows.push(wireRow(lease, false));
        i += 1;
        continue;
      }
      const ip = lease.ip;
      let end = i + 1;
      while (end < n && keys[order[end]!] === keys[at] && leases[order[end]!]!.ip === ip) end += 1;
      if (end === i + 1) rows.push(wireRow(lease, false));
      else {
        const group: Lease[] = [];
        for (let k = i; k < end; k++) group.push(leases[order[k]!]!);
        const overlap = overlaps(group);
        for (let k = 0; k < group.length; k++) rows.push(wireRow(group[k]!, overlap.has(k)));
      }
      i = end;
    }
    return i;
  }

  result(): readonly LeaseRow[] {
    this.advance(Number.POSITIVE_INFINITY);
    return this.#rows;
  }

  /**
   * Positions by IP, then the IP's text, then start (the order the view has always shown; ties keep theirs).
   * Dotted quads (every address the analysis writes) go by one native sort of numbers, each IP's key and position
   * packed in one; only the few runs of one IP (an address leased more than once) are sorted again by the whole
   * order, so that a lease's start text is made for those alone (a live record makes it when read).
   */
  #sorted(): Uint32Array {
    const leases = this.#leases;
    const keys = this.#keys;
    const n = leases.length;
    const order = new Uint32Array(n);
    const whole = (a: number, b: number): number =>
      keys[a]! - keys[b]! || collate(leases[a]!.ip, leases[b]!.ip) || collate(leases[a]!.start, leases[b]!.start) || a - b;
    if (n >= PACK || !keys.every((k) => Number.isInteger(k) && k >= 0 && k < 2 ** 32)) {
      for (let i = 0; i < n; i++) order[i] = i;
      return order.sort(whole);
    }
    const packed = new Float64Array(n);
    for (let i = 0; i < n; i++) packed[i] = keys[i]! * PACK + i;
    packed.sort();
    for (let i = 0; i < n; i++) order[i] = packed[i]! % PACK;
    for (let i = 0; i < n; ) {
      let j = i + 1;
      while (j < n && keys[order[j]!] === keys[order[i]!]) j += 1;
      if (j - i > 1) order.subarray(i, j).sort(whole);
      i = j;
    }
    return order;
  }
}

/**
 * `a.localeCompare(b)` without asking ICU where the texts differ first in a digit (the same address, or two start
 * times of one address): there the collation goes by that digit, as the code units do. The first call of
 * localeCompare loads the collation data, which the first key after loading would wait for.
 */
function collate(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  const x = a.charCodeAt(i);
  const y = b.charCodeAt(i);
  if (x >= 0x30 && x <= 0x39 && y >= 0x30 && y <= 0x39) return x - y;
  return a.localeCompare(b);
}

function wireRow(lease: Lease, overlap: boolean): LeaseRow {
  // Two literals rather than a spread: 26 000 rows are made as a key waits.
  const db = lease.database;
  return db ? { lease, overlap, source: 'wire', db } : { lease, overlap, source: 'wire' };
}

/** Positions in a group of one IP's leases of those that overlap another of the same segment in time. */
function overlaps(leases: readonly Lease[]): Set<number> {
  const spans = leases.map((l) => ({ start: epochOf(l.start), end: leaseEnd(l), segment: l.segment }));
  const found = new Set<number>();
  spans.forEach((a, x) =>
    spans.forEach((b, y) => {
      // One address in two VLANs or overlays is two addresses: only leases of one segment can overlap.
      if (x < y && a.segment === b.segment && a.start < b.end && b.start < a.end) found.add(x).add(y);
    }),
  );
  return found;
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

/** A report's lease rows, built a slice at a time (`advance`) or at once (`result`). */
export interface LeaseRowsBuilder {
  advance(deadline: number): boolean;
  result(): readonly LeaseRow[];
}

const builders = new WeakMap<Report, LeaseRowsBuilder>();

/** The report's lease rows being built (once per report, whatever filters come and go). */
export function leaseRowsBuilder(report: Report): LeaseRowsBuilder {
  let builder = builders.get(report);
  if (!builder) {
    // Without a capture the view lists what the lease databases hold (a few at most: at once).
    const dbOnly = report.captures.length === 0 && report.leaseDatabases !== undefined;
    builder = dbOnly ? done(databaseRows(report)) : new WireRowsBuilder(report.leases);
    builders.set(report, builder);
  }
  return builder;
}

function done(rows: readonly LeaseRow[]): LeaseRowsBuilder {
  return { advance: () => true, result: () => rows };
}

/** The report's lease rows, sorted once per report. */
export function leaseRowsOf(report: Report): readonly LeaseRow[] {
  return leaseRowsBuilder(report).result();
}
