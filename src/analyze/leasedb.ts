/**
 * The wire beside the servers' own records: each lease database (leasedb/) compared with the capture's
 * leases and ARP claims, by address and MAC, on one time axis (epoch seconds; database times are the server's
 * clock, allowed `skewSeconds` either way). Each disagreement is a finding that names the frames and the
 * database file and line that prove it.
 */
import type { DbLease, DbState, LeaseDatabase } from '../leasedb/types.js';
import type { FindingCode } from './finding-codes.js';
import { leaseEnd } from './leases.js';
import { toEpoch, type Timestamp } from './time.js';
import type { ArpIpState, FindingDraft, LeaseState } from './types.js';
import { isVirtualRouterMac } from './vendors.js';

export interface DbCompareOptions {
  /** Seconds the server's clock may differ from the capture's (--lease-skew). */
  readonly skewSeconds: number;
  readonly maxPerCode?: number;
}

export const DEFAULT_LEASE_SKEW = 2;
/** Findings kept per code, as the analyser keeps its own (AnalyzerOptions.maxFindingsPerCode). */
const MAX_PER_CODE = 10_000;

/** What the database says about one lease seen on the wire. */
export interface DbMatch {
  readonly db: LeaseDatabase;
  readonly lease: DbLease;
  /** The database holds the address for this MAC with an end that fits the ACK (or a later renewal). */
  readonly agrees: boolean;
}

export interface DbComparison {
  readonly findings: readonly FindingDraft[];
  /** Findings beyond the cap per code, counted and said here (a huge database against a capture). */
  readonly warnings: readonly string[];
  /** Per database (same order): the server address whose ACKs it records, when the capture shows it. */
  readonly servers: readonly (string | null)[];
  readonly matches: ReadonlyMap<LeaseState, DbMatch>;
}

export interface WireView {
  readonly leases: readonly LeaseState[];
  readonly arp: readonly ArpIpState[];
  readonly findings: readonly FindingDraft[];
  readonly firstTs: Timestamp | undefined;
  readonly lastTs: Timestamp | undefined;
}

interface Entry {
  readonly db: LeaseDatabase;
  readonly index: number;
  readonly lease: DbLease;
}

/** States in which the database says nobody holds the address. */
const FREE_STATES: ReadonlySet<DbState> = new Set(['free', 'expired', 'released', 'reset']);

export function compareDatabases(wire: WireView, dbs: readonly LeaseDatabase[], opts: DbCompareOptions): DbComparison {
  const skew = opts.skewSeconds;
  const entries = indexByIp(dbs);
  const servers = dbs.map((db) => serverOf(db, wire.leases));
  const findings = new CappedFindings(opts.maxPerCode ?? MAX_PER_CODE);
  const matches = new Map<LeaseState, DbMatch>();
  if (!wire.lastTs) return { findings: [], warnings: [], servers, matches };
  const captureEnd = toEpoch(wire.lastTs);
  const covers = dbs.map((db) => new Set(db.leases.map((l) => prefix24(l.ip))));
  const relevant = (e: Entry, server: string) => servers[e.index] === null || servers[e.index] === server;
  const arpOf = new Map(wire.arp.map((a) => [a.ip, a]));
  const macsOf = new Map<string, Set<string>>();
  for (const l of wire.leases) macsOf.set(l.ip, (macsOf.get(l.ip) ?? new Set()).add(l.mac));

  // Wire leases: does the database hold what the ACKs granted?
  for (const w of wire.leases) {
    const e = (entries.get(w.ip) ?? []).find((x) => relevant(x, w.server));
    if (!e) {
      const missing = dbs.map((db, i) => ({ db, i })).filter(({ i }) => covers[i]!.has(prefix24(w.ip)));
      if (missing.length > 0) findings.push(missingFinding(w, missing.map(({ db, i }) => ({ db, server: servers[i] ?? null })), skew));
      continue;
    }
    const verdict = judge(w, e, skew, captureEnd);
    matches.set(w, { db: e.db, lease: e.lease, agrees: verdict === undefined });
    if (verdict) findings.push(verdict);
  }

  // Database leases: what the wire shows of the addresses they hold, free or abandoned.
  for (const db of dbs) {
    for (const l of db.leases) {
      const arp = arpOf.get(l.ip);
      if (l.state === 'active' && l.mac !== null) {
        const f = arpAgainstActive(db, l, arp, macsOf.get(l.ip), skew);
        if (f) findings.push(f);
      } else if (FREE_STATES.has(l.state)) {
        const f = freeInUse(db, l, arp, skew);
        if (f) findings.push(f);
      } else if (l.state === 'abandoned' || l.state === 'declined') {
        findings.push(declined(db, l, arp, wire));
      }
    }
  }
  return { findings: findings.kept, warnings: findings.warnings(), servers, matches };
}

class CappedFindings {
  readonly kept: FindingDraft[] = [];
  private readonly counts = new Map<string, number>();

  constructor(private readonly cap: number) {}

  push(f: FindingDraft): void {
    const n = (this.counts.get(f.code) ?? 0) + 1;
    this.counts.set(f.code, n);
    if (n <= this.cap) this.kept.push(f);
  }

  warnings(): string[] {
    return [...this.counts].filter(([, n]) => n > this.cap).map(([code, n]) => `${n - this.cap} more ${code} findings were raised: the report lists the first ${this.cap}`);
  }
}

function indexByIp(dbs: readonly LeaseDatabase[]): Map<string, Entry[]> {
  const map = new Map<string, Entry[]>();
  dbs.forEach((db, index) => {
    for (const lease of db.leases) {
      const list = map.get(lease.ip);
      if (list) list.push({ db, index, lease });
      else map.set(lease.ip, [{ db, index, lease }]);
    }
  });
  return map;
}

/** The server whose ACKs agree most with the database's addresses and MACs (ties: the first seen). */
function serverOf(db: LeaseDatabase, leases: readonly LeaseState[]): string | null {
  const byIp = new Map(db.leases.map((l) => [l.ip, l]));
  const votes = new Map<string, number>();
  for (const w of leases) {
    const l = byIp.get(w.ip);
    if (l && l.mac === w.mac) votes.set(w.server, (votes.get(w.server) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [server, n] of votes) if (best === null || n > votes.get(best)!) best = server;
  return best;
}

/** A wire lease against the database's record of its address: a finding when they disagree. */
function judge(w: LeaseState, e: Entry, skew: number, captureEnd: number): FindingDraft | undefined {
  const l = e.lease;
  const wireEnd = leaseEnd(w);
  const lastAck = toEpoch(w.lastAck);
  const inUseUntil = w.endedAt ? toEpoch(w.endedAt) : Math.min(wireEnd ?? Infinity, captureEnd);
  if (FREE_STATES.has(l.state)) {
    const freedAt = l.end ?? l.start;
    if (freedAt === null || inUseUntil <= freedAt + skew) return undefined;
    return finding('DB_FREE_IN_USE', 'warning', w.lastAck, `${w.ip} was acked to ${w.mac} by ${w.server} (frame ${w.lastAckFrame}) and in use until ${iso(inUseUntil)}, but ${where(e)} says it is ${l.state} since ${iso(freedAt)}`, {
      frames: [w.lastAckFrame],
      ips: [w.ip],
      macs: [w.mac],
      e,
    });
  }
  if (l.state !== 'active') return undefined; // abandoned and declined are judged on their own
  if (l.mac !== null && l.mac !== w.mac) {
    // The database may simply know a later lease: it began after the wire's had ended.
    if (l.start !== null && l.start > inUseUntil + skew) return undefined;
    return finding('DB_MAC_MISMATCH', 'error', w.lastAck, `${w.ip} was acked to ${w.mac} by ${w.server} (frame ${w.lastAckFrame}), but ${where(e)} holds it for ${l.mac}`, {
      frames: uniq([w.firstAckFrame, w.lastAckFrame]),
      ips: [w.ip],
      macs: [w.mac, l.mac],
      e,
    });
  }
  if (w.state === 'released' || w.state === 'declined') return undefined;
  if (sameEnd(wireEnd, l.end, skew)) return undefined;
  // A later renewal the capture did not see: the database's lease began after the last ACK on the wire.
  const renewedAt = l.start ?? (l.end !== null && w.leaseSeconds !== null ? l.end - w.leaseSeconds : null);
  if (renewedAt !== null && renewedAt > lastAck + skew && (l.end === null || wireEnd === null || l.end > wireEnd)) return undefined;
  return finding('DB_END_MISMATCH', 'warning', w.lastAck, `${w.ip}: the ACK in frame ${w.lastAckFrame} gave ${w.mac} a lease until ${wireEnd === null ? 'forever' : iso(wireEnd)}, but ${where(e)} says it ends ${l.end === null ? 'never' : iso(l.end)}`, {
    frames: [w.lastAckFrame],
    ips: [w.ip],
    macs: [w.mac],
    e,
  });
}

function sameEnd(a: number | null, b: number | null, skew: number): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= skew + 1; // files keep whole seconds
}

function missingFinding(w: LeaseState, dbs: readonly { db: LeaseDatabase; server: string | null }[], skew: number): FindingDraft {
  const lastAck = toEpoch(w.lastAck);
  const reasons = dbs.map(({ db, server }) => {
    if (server !== null && server !== w.server) return `${db.file} is kept by ${server}, and ${w.server} answered`;
    if (db.lastTime !== null && db.lastTime < lastAck - skew) return `${db.file} was last written before this ACK (its latest time is ${iso(db.lastTime)})`;
    return `${db.file} has no record of it`;
  });
  return {
    code: 'DB_LEASE_MISSING',
    severity: 'warning',
    message: `${w.ip} was acked to ${w.mac} by ${w.server} (frame ${w.lastAckFrame}), but no lease database holds it: ${reasons.join('; ')}`,
    ts: w.lastAck,
    frames: [w.lastAckFrame],
    ips: [w.ip],
    macs: [w.mac],
    sources: dbs.map(({ db }) => ({ file: db.file, line: null })),
  };
}

/** An active database lease whose address another MAC claims in ARP while it runs. */
function arpAgainstActive(db: LeaseDatabase, l: DbLease, arp: ArpIpState | undefined, wireHolders: ReadonlySet<string> | undefined, skew: number): FindingDraft | undefined {
  const from = (l.start ?? -Infinity) - skew;
  const to = (l.end ?? Infinity) + skew;
  const claim = arp?.claims.find(
    (c) => c.mac !== l.mac && !wireHolders?.has(c.mac) && !isVirtualRouterMac(c.mac) && toEpoch(c.last) >= from && toEpoch(c.first) <= to,
  );
  if (!claim) return undefined;
  const e = { db, index: 0, lease: l };
  return finding('DB_ARP_CONFLICT', 'error', claim.first, `${where(e)} holds ${l.ip} for ${l.mac}, but ${claim.mac} claims it in ARP (frames ${claim.firstFrame}–${claim.lastFrame})`, {
    frames: uniq([claim.firstFrame, claim.lastFrame]),
    ips: [l.ip],
    macs: [l.mac!, claim.mac],
    e,
  });
}

/** A database lease the server calls free, expired or released, while ARP shows the address still in use. */
function freeInUse(db: LeaseDatabase, l: DbLease, arp: ArpIpState | undefined, skew: number): FindingDraft | undefined {
  const freedAt = l.end ?? l.start;
  if (freedAt === null) return undefined;
  const claim = arp?.claims.find((c) => toEpoch(c.last) > freedAt + skew && !isVirtualRouterMac(c.mac));
  if (!claim) return undefined;
  const e = { db, index: 0, lease: l };
  return finding('DB_FREE_IN_USE', 'warning', claim.last, `${where(e)} says ${l.ip} is ${l.state} since ${iso(freedAt)}, but ${claim.mac} still uses it in ARP (frame ${claim.lastFrame})`, {
    frames: uniq([claim.firstFrame, claim.lastFrame]),
    ips: [l.ip],
    macs: [claim.mac],
    e,
  });
}

/** An ISC abandoned or Kea declined lease, and what in the capture explains it. */
function declined(db: LeaseDatabase, l: DbLease, arp: ArpIpState | undefined, wire: WireView): FindingDraft {
  const e = { db, index: 0, lease: l };
  const what = l.state === 'abandoned' ? 'abandoned' : 'declined';
  const decline = wire.findings.find((f) => f.code === 'DECLINE' && f.ips.includes(l.ip));
  const probe = wire.findings.find((f) => f.code === 'PROBE_ANSWERED' && f.ips.includes(l.ip));
  const claim = arp?.claims[0];
  const because = decline
    ? { text: `a client declined it (frame ${decline.frames[0]})`, frames: decline.frames, macs: decline.macs, ts: decline.ts }
    : probe
      ? { text: `an ARP probe for it was answered (frames ${probe.frames.join(', ')})`, frames: probe.frames, macs: probe.macs, ts: probe.ts }
      : claim
        ? { text: `${claim.mac} answers for it in ARP (frame ${claim.firstFrame}): the server's check found it in use`, frames: uniq([claim.firstFrame, claim.lastFrame]), macs: [claim.mac], ts: claim.first }
        : undefined;
  if (because) {
    return finding('DB_DECLINED_EXPLAINED', 'info', because.ts, `${where(e)} marks ${l.ip} ${what}: ${because.text}`, { frames: because.frames, ips: [l.ip], macs: because.macs, e });
  }
  const ts = wire.firstTs!;
  return finding('DB_DECLINED_UNEXPLAINED', 'warning', ts, `${where(e)} marks ${l.ip} ${what}, and nothing in the capture explains it (no DECLINE, no answered probe or address check)`, {
    frames: [],
    ips: [l.ip],
    macs: l.mac ? [l.mac] : [],
    e,
  });
}

function finding(
  code: FindingCode,
  severity: FindingDraft['severity'],
  ts: Timestamp,
  message: string,
  p: { frames: readonly number[]; ips: readonly string[]; macs: readonly string[]; e: { readonly db: LeaseDatabase; readonly lease: DbLease } },
): FindingDraft {
  return { code, severity, message, ts, frames: p.frames, ips: p.ips, macs: uniq(p.macs), sources: [{ file: p.e.db.file, line: p.e.lease.line }] };
}

function where(e: { readonly db: LeaseDatabase; readonly lease: DbLease }): string {
  return `${e.db.file}:${e.lease.line}`;
}

function iso(epoch: number): string {
  return new Date(Math.round(epoch) * 1000).toISOString().replace('.000Z', 'Z');
}

function prefix24(ip: string): string {
  return ip.slice(0, ip.lastIndexOf('.'));
}

function uniq<T>(list: readonly T[]): T[] {
  return [...new Set(list)];
}
