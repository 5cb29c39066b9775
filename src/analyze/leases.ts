/**
 * Leases as the ACKs grant them: one record per (address, client) episode. A later ACK of the same address
 * to the same client extends it (a renewal); RELEASE and DECLINE end it; at the end of the capture a lease
 * whose time ran out is expired.
 */
import { FrameLists, type FrameList } from './frame-lists.js';
import { withOnce, type OneOrMany } from './one-or-many.js';
import { stampOf, toEpoch, type Timestamp } from './time.js';
import type { LeaseState } from './types.js';

export interface Grant {
  readonly ip: string;
  readonly mac: string;
  readonly clientId?: string | undefined;
  readonly hostname?: string | undefined;
  readonly server: string;
  readonly ts: Timestamp;
  readonly frame: number;
  readonly leaseSeconds: number | undefined;
  /** Options 58/59 when the server sent them. */
  readonly t1?: number | undefined;
  readonly t2?: number | undefined;
  /** The exchange's first frame (TxState.firstFrame). */
  readonly txId: number;
  /** Where the exchange was seen (segment.ts); '' for the plain LAN. */
  readonly segment: string;
}

type LeaseStateName = LeaseState['state'];
const STATES: readonly LeaseStateName[] = ['active', 'expired', 'released', 'declined'];
const STATE_AT = 8;
const STATE_OF: Readonly<Record<LeaseStateName, number>> = { active: 0, expired: 1, released: 2, declined: 3 };

/** T1 and T2 as RFC 2131's defaults of the lease time (what nearly every server sends): nothing kept for them. */
const DEFAULT_TIMES = 'default';

/** How a lease ended (RELEASE or DECLINE): most leases never do, and keep no room for it. */
interface Ending {
  readonly at: Timestamp;
  readonly frame: number | undefined;
}

/**
 * A lease as the book keeps it. A capture can hold a quarter of a million, kept to the end, so it holds few fields
 * and plain numbers: its first and latest ACK times as their parts (a Timestamp object beside each lease is a
 * third of its size, and a new latest one at each renewal outlives the young collections), the digits and the
 * state as bits of one number, T1 and T2 as nothing when they are RFC 2131's defaults, the common client
 * identifier "01:" + MAC (hardware type 1, Ethernet) as the MAC, its exchanges as a list in its book's pool
 * (frame-lists.ts; each book's leases are a class of their own that knows the pool, so no lease holds it). The
 * LeaseState fields are made when read.
 */
abstract class Lease implements LeaseState {
  readonly ip: string;
  readonly mac: string;
  hostname: string | undefined;
  server: string;
  leaseSeconds: number | null;
  renewals = 0;
  /** The exchanges that granted, renewed and ended it (LeaseState.transactions). */
  txs: FrameList;
  firstAckFrame: number;
  lastAckFrame: number;
  /** Where it was granted (segment.ts): '' for the plain LAN. */
  segment = '';
  readonly startSec: number;
  readonly startNanos: number;
  lastSec: number;
  lastNanos: number;
  /** The digits of the first ACK's time (bits 0-3) and the latest's (4-7), the state (STATE_AT). */
  private bits: number;
  /** T1 and T2: null when not sent, DEFAULT_TIMES when they are the defaults of leaseSeconds. */
  private times: readonly [number | null, number | null] | typeof DEFAULT_TIMES | null;
  private ending: Ending | undefined = undefined;
  /** The client identifier; null: "01:" + the MAC. */
  private readonly id: string | null | undefined;

  constructor(g: Grant) {
    const ts = g.ts;
    this.ip = g.ip;
    this.mac = g.mac;
    this.hostname = g.hostname;
    this.server = g.server;
    this.leaseSeconds = leaseSecondsOf(g);
    this.txs = g.txId;
    this.firstAckFrame = this.lastAckFrame = g.frame;
    this.startSec = this.lastSec = ts.sec;
    this.startNanos = this.lastNanos = ts.nanos;
    this.bits = ts.digits | (ts.digits << 4);
    this.times = timesOf(g.t1 ?? null, g.t2 ?? null, this.leaseSeconds);
    this.id = g.clientId !== undefined && isMacClientId(g.clientId, g.mac) ? null : g.clientId;
  }

  /** The pool of its book's lists of exchanges. */
  abstract get lists(): FrameLists;

  get clientId(): string | undefined {
    return this.id === null ? `01:${this.mac}` : this.id;
  }

  get transactions(): OneOrMany<number> {
    return this.lists.read(this.txs);
  }

  get start(): Timestamp {
    return stampOf(this.startSec, this.startNanos, this.bits & 15);
  }

  get lastAck(): Timestamp {
    return stampOf(this.lastSec, this.lastNanos, (this.bits >>> 4) & 15);
  }

  get state(): LeaseStateName {
    return STATES[this.bits >>> STATE_AT]!;
  }

  set state(s: LeaseStateName) {
    this.bits = (this.bits & 0xff) | (STATE_OF[s] << STATE_AT);
  }

  get t1(): number | null {
    const t = this.times;
    return t === DEFAULT_TIMES ? this.leaseSeconds! * 0.5 : t === null ? null : t[0];
  }

  get t2(): number | null {
    const t = this.times;
    return t === DEFAULT_TIMES ? this.leaseSeconds! * 0.875 : t === null ? null : t[1];
  }

  get endedAt(): Timestamp | undefined {
    return this.ending?.at;
  }

  get endFrame(): number | undefined {
    return this.ending?.frame;
  }

  /** toEpoch(start) */
  startEpoch(): number {
    return this.startSec + this.startNanos / 1e9;
  }

  /** An ACK of this lease again (renewal or rebinding). */
  acked(g: Grant): void {
    const ts = g.ts;
    this.lastAckFrame = g.frame;
    this.leaseSeconds = leaseSecondsOf(g);
    this.lastSec = ts.sec;
    this.lastNanos = ts.nanos;
    // The first time's digits, the latest's, and the state active again.
    this.bits = (this.bits & 15) | (ts.digits << 4);
    this.times = timesOf(g.t1 ?? null, g.t2 ?? null, this.leaseSeconds);
    this.server = g.server;
  }

  /** A RELEASE or DECLINE ended it. */
  ended(state: 'released' | 'declined', at: Timestamp, frame: number | undefined): void {
    this.state = state;
    this.ending = { at, frame };
  }

  /** Epoch seconds the lease runs out (leaseEnd). */
  end(): number | null {
    return this.leaseSeconds === null ? null : this.lastSec + this.lastNanos / 1e9 + this.leaseSeconds;
  }
}

/** A class of leases whose lists of exchanges are in `lists`. */
function leaseClassOf(lists: FrameLists) {
  return class BookLease extends Lease {
    get lists(): FrameLists {
      return lists;
    }
  };
}

/** What a lease keeps of T1 and T2 (see Lease.times). */
function timesOf(t1: number | null, t2: number | null, leaseSeconds: number | null): Lease['times'] {
  if (t1 === null && t2 === null) return null;
  if (leaseSeconds !== null && t1 === leaseSeconds * 0.5 && t2 === leaseSeconds * 0.875) return DEFAULT_TIMES;
  return [t1, t2];
}

function leaseSecondsOf(g: Grant): number | null {
  return g.leaseSeconds === undefined || g.leaseSeconds === 0xffffffff ? null : g.leaseSeconds;
}

/** A client identifier of hardware type 1 (Ethernet) and the client's MAC, as the decoder writes it. */
function isMacClientId(id: string, mac: string): boolean {
  return id.length === mac.length + 3 && id.startsWith('01:') && id.endsWith(mac);
}

export class LeaseBook {
  /** The leases' lists of exchanges. */
  private readonly lists = new FrameLists();
  /** This book's leases: Lease with the pool of lists. */
  private readonly BookLease = leaseClassOf(this.lists);
  /** The leases of each address, oldest first (one lease as itself: most addresses only ever have one). */
  private readonly byIp = new Map<string, OneOrMany<Lease>>();
  private readonly list: Lease[] = [];
  /** Leases not kept because the book was full. */
  dropped = 0;

  constructor(private readonly limit = Infinity) {}

  /** Records an ACK; returns the lease and the other clients' leases of that address still running then. */
  grant(g: Grant): { lease: LeaseState; overlapping: readonly LeaseState[] } {
    const now = toEpoch(g.ts);
    // One look-up of the address serves the whole grant (it runs for every ACK).
    let known = this.byIp.get(g.ip);
    const mine = latestIn(known, g.mac);
    let lease: Lease;
    // Leases past the limit are handed back but not kept, nor is their segment.
    let kept = false;
    if (mine && (mine.state === 'active' || mine.state === 'expired')) {
      lease = mine;
      kept = true;
      if (!this.lists.has(lease.txs, g.txId)) {
        lease.renewals++;
        lease.txs = this.lists.append(lease.txs, g.txId);
      }
      lease.acked(g);
    } else {
      lease = new this.BookLease(g);
      if (this.list.length < this.limit) {
        known = withOnce(known, lease);
        this.byIp.set(g.ip, known);
        this.list.push(lease);
        kept = true;
      } else {
        this.dropped++;
      }
    }
    if (g.hostname !== undefined) lease.hostname = g.hostname;
    if (g.segment && kept) lease.segment = g.segment;
    return { lease, overlapping: overlappingAt(known, g.mac, now) };
  }

  /** Ends the client's lease of `ip` (RELEASE or DECLINE). */
  end(ip: string, mac: string, state: 'released' | 'declined', ts: Timestamp, txId: number, frame?: number): LeaseState | undefined {
    const lease = latestIn(this.byIp.get(ip), mac);
    if (!lease || lease.state === 'released' || lease.state === 'declined') return undefined;
    lease.ended(state, ts, frame);
    lease.txs = this.lists.appendOnce(lease.txs, txId);
    return lease;
  }

  /** The lease of `ip` in `segment` running at `epoch`, if any. (Runs for every ARP claim: a loop rather than a closure.) */
  holderAt(ip: string, epoch: number, segment: string): LeaseState | undefined {
    const known = this.byIp.get(ip);
    if (known === undefined) return undefined; // most ARP claims: no lease of the address at all
    if (!Array.isArray(known)) return runningAt(known, epoch) && this.segmentOf(known) === segment ? known : undefined;
    for (let i = known.length - 1; i >= 0; i--) {
      const l = known[i]!;
      if (runningAt(l, epoch) && this.segmentOf(l) === segment) return l;
    }
    return undefined;
  }

  /** Where the lease was granted (segment.ts): '' for the plain LAN. */
  segmentOf(l: LeaseState): string {
    return l instanceof Lease ? l.segment : '';
  }

  /** The segment of each lease granted off the plain LAN (undefined: the plain LAN). */
  segmentMap(): LeaseSegments {
    return SEGMENTS;
  }

  /** The client's most recent lease of `ip`. (Runs for every ARP claim: a loop rather than a closure.) */
  latest(ip: string, mac: string): LeaseState | undefined {
    return latestIn(this.byIp.get(ip), mac);
  }

  latestOfClient(mac: string): LeaseState | undefined {
    let best: Lease | undefined;
    for (const l of this.list) if (l.mac === mac && (!best || l.startEpoch() >= best.startEpoch())) best = l;
    return best;
  }

  /** Marks leases whose time ran out before the end of the capture. */
  finish(lastEpoch: number): void {
    for (const l of this.list) {
      const end = l.end();
      if (l.state === 'active' && end !== null && end < lastEpoch) l.state = 'expired';
    }
  }

  all(): readonly LeaseState[] {
    return this.list;
  }
}

const NONE: readonly LeaseState[] = [];

/** Where each lease was granted, off the plain LAN: undefined for the plain LAN (as a map of those leases would say). */
export interface LeaseSegments {
  get(l: LeaseState): string | undefined;
}

const SEGMENTS: LeaseSegments = { get: (l) => (l instanceof Lease && l.segment !== '' ? l.segment : undefined) };

/** The client's most recent lease among an address's. */
function latestIn<L extends LeaseState>(known: OneOrMany<L>, mac: string): L | undefined {
  if (!Array.isArray(known)) return known !== undefined && known.mac === mac ? known : undefined;
  for (let i = known.length - 1; i >= 0; i--) if (known[i]!.mac === mac) return known[i];
  return undefined;
}

/** Other clients' leases of one address running at `epoch` (none, as a rule: then no list is made). */
function overlappingAt(leases: OneOrMany<LeaseState>, mac: string, epoch: number): readonly LeaseState[] {
  if (!Array.isArray(leases)) return leases !== undefined && leases.mac !== mac && runningAt(leases, epoch) ? [leases] : NONE;
  return leases.filter((l) => l.mac !== mac && runningAt(l, epoch));
}

export function runningAt(l: LeaseState, epoch: number): boolean {
  if (l.state === 'released' || l.state === 'declined') {
    if (!l.endedAt || toEpoch(l.endedAt) <= epoch) return false;
  }
  const end = leaseEnd(l);
  return (l instanceof Lease ? l.startEpoch() : toEpoch(l.start)) <= epoch && (end === null || end > epoch);
}

/** Epoch seconds the lease runs out (its latest ACK plus the lease time); null for infinite / unknown. */
export function leaseEnd(l: LeaseState): number | null {
  if (l instanceof Lease) return l.end();
  return l.leaseSeconds === null ? null : toEpoch(l.lastAck) + l.leaseSeconds;
}

/** Epoch seconds of the lease's latest ACK. */
export function lastAckEpoch(l: LeaseState): number {
  return l instanceof Lease ? l.lastSec + l.lastNanos / 1e9 : toEpoch(l.lastAck);
}

/** T1 and T2 in seconds: as the server sent them, else RFC 2131 §4.4.5's defaults (half and seven eighths). */
export function renewalTimes(l: LeaseState): { t1: number | null; t2: number | null } {
  const infinite = l.leaseSeconds === null;
  return {
    t1: l.t1 ?? (infinite ? null : l.leaseSeconds! * 0.5),
    t2: l.t2 ?? (infinite ? null : l.leaseSeconds! * 0.875),
  };
}
