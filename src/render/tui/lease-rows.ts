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
      const stop = Math.min(leases.length, this.#next + SLICE);
      for (; this.#next < stop; this.#next++) {
        const lease = leases[this.#next]!;
        this.#keys[this.#next] = ipKey(lease.ip);
        // Read here, a slice at a time, rather than in the sort (a live record makes its start text when read).
        void lease.start;
      }
      if (Date.now() >= deadline) return false;
    }
    if (this.#order === undefined) {
      this.#order = this.#sorted();
      this.#next = 0;
      if (Date.now() >= deadline) return this.#next >= leases.length;
    }
    while (this.#next < leases.length) {
      const stop = Math.min(leases.length, this.#next + SLICE);
      while (this.#next < stop) this.#group();
      if (Date.now() >= deadline) break;
    }
    return this.#next >= leases.length;
  }

  result(): readonly LeaseRow[] {
    this.advance(Number.POSITIVE_INFINITY);
    return this.#rows;
  }

  /** Positions by IP, then the IP's text, then start (the order the view has always shown; ties keep theirs). */
  #sorted(): Uint32Array {
    const [leases, keys] = [this.#leases, this.#keys];
    const order = new Uint32Array(leases.length);
    for (let i = 0; i < order.length; i++) order[i] = i;
    return order.sort((a, b) => keys[a]! - keys[b]! || leases[a]!.ip.localeCompare(leases[b]!.ip) || leases[a]!.start.localeCompare(leases[b]!.start) || a - b);
  }

  /** The rows of the next IP's leases (one row for most). */
  #group(): void {
    const [leases, order] = [this.#leases, this.#order!];
    const first = this.#next;
    const lease = leases[order[first]!]!;
    const ip = lease.ip;
    let end = first + 1;
    while (end < order.length && leases[order[end]!]!.ip === ip) end += 1;
    this.#next = end;
    // Most addresses have one lease.
    if (end === first + 1) {
      this.#rows.push(wireRow(lease, false));
      return;
    }
    const group: Lease[] = [];
    for (let i = first; i < end; i++) group.push(leases[order[i]!]!);
    const overlap = overlaps(group);
    group.forEach((l, x) => this.#rows.push(wireRow(l, overlap.has(x))));
  }
}

function wireRow(lease: Lease, overlap: boolean): LeaseRow {
  return { lease, overlap, source: 'wire', ...(lease.database ? { db: lease.database } : {}) };
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
