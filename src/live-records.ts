/**
 * A live session's leases, clients and ARP bindings as records over the analyser's own state instead of the
 * report's plain objects. The TUI asks for a full report a few times while a big capture is read and once at
 * the end; converting 26 000 leases, 26 000 clients and their ARP claims each time (times as ISO texts,
 * exchange ids, a NIC vendor looked up per client) was most of the cost of each one (~0.25 s on the DHCP-only
 * benchmark), and the objects of the earlier reports became garbage in the old generation. A record holds its
 * state and makes a text when a view or a filter reads it; every field reads the same as `leaseOf`, `clientOf`
 * and `arpBindingOf` make it from the same state (test/live-records.test.ts), and JSON sees their plain object.
 *
 * While the capture is still being read the state goes on changing: a record then reads what the analysis knows
 * now (a lease renewed since the report was made shows its renewal). Once reading is over the state is final.
 */
import type { ArpClaim, ArpIpState, ClientState, LeaseState } from './analyze/types.js';
import type { DbMatch } from './analyze/leasedb.js';
import { listOf, type OneOrMany } from './analyze/one-or-many.js';
import { exchangeId } from './analyze/exchange.js';
import { vendorOf, virtualizationOf } from './analyze/vendors.js';
import { arpBindingOf, clientOf, leaseOf } from './report/build.js';
import { isoTime } from './report/format.js';
import { leaseDatabaseOf } from './report/item-bytes.js';
import type { ArpBinding, Client, Lease, LeaseDbView } from './report/types.js';

type Claim = ArpBinding['claims'][number];

/**
 * Getters for a record's optional fields (what a TypeScript getter cannot be): a field that reads undefined is
 * one the plain object would not hold.
 */
function optional<R>(prototype: R, getters: { readonly [key: string]: (record: R) => unknown }): void {
  for (const [key, read] of Object.entries(getters)) {
    Object.defineProperty(prototype, key, {
      get(this: R) {
        return read(this);
      },
      configurable: true,
    });
  }
}

/** Not looked up yet (a vendor or platform is looked up once, when first read). */
const UNKNOWN = null;

/**
 * The ids of a list of exchanges (by first frame), made again only when the list grew: the analysis only ever
 * appends to it, so its length and last value tell whether it changed.
 */
class ExchangeIds {
  #length = -1;
  #last: number | undefined;
  #ids: readonly string[] = [];

  of(frames: OneOrMany<number>, once: boolean): readonly string[] {
    const length = frames === undefined ? 0 : Array.isArray(frames) ? frames.length : 1;
    const last = Array.isArray(frames) ? frames[length - 1] : frames;
    if (length !== this.#length || last !== this.#last) {
      const list = listOf(frames);
      this.#ids = (once ? [...new Set(list)] : list).map(exchangeId);
      this.#length = length;
      this.#last = last;
    }
    return this.#ids;
  }
}

class LeaseRecord implements Lease {
  readonly #l: LeaseState;
  readonly #db: DbMatch | undefined;
  readonly #segment: string | undefined;
  #start: string | undefined;
  #end: string | undefined;
  /** The frame of the ACK `#end` was made from. */
  #endOf: number | undefined;
  #endSeconds: number | undefined;
  #ids: ExchangeIds | undefined;

  constructor(l: LeaseState, db: DbMatch | undefined, segment: string | undefined) {
    this.#l = l;
    this.#db = db;
    this.#segment = segment;
  }

  get ip(): string {
    return this.#l.ip;
  }
  declare readonly segment?: string;
  declare readonly clientId?: string;
  declare readonly hostname?: string;
  declare readonly database?: LeaseDbView;
  static {
    optional(this.prototype, {
      segment: (r: LeaseRecord) => r.#segment,
      clientId: (r: LeaseRecord) => r.#l.clientId,
      hostname: (r: LeaseRecord) => r.#l.hostname,
      database: (r: LeaseRecord) => (r.#db ? leaseDatabaseOf(r.#db) : undefined),
    });
  }

  get mac(): string {
    return this.#l.mac;
  }
  get server(): string {
    return this.#l.server;
  }
  get start(): string {
    return (this.#start ??= isoTime(this.#l.start));
  }
  get end(): string | null {
    const l = this.#l;
    if (l.leaseSeconds === null) return null;
    // Made again only after another ACK (a new frame) or lease time.
    if (this.#endOf !== l.lastAckFrame || this.#endSeconds !== l.leaseSeconds) {
      const lastAck = l.lastAck;
      this.#end = isoTime({ ...lastAck, sec: lastAck.sec + l.leaseSeconds });
      this.#endOf = l.lastAckFrame;
      this.#endSeconds = l.leaseSeconds;
    }
    return this.#end!;
  }
  get leaseSeconds(): number | null {
    return this.#l.leaseSeconds;
  }
  get renewals(): number {
    return this.#l.renewals;
  }
  get state(): Lease['state'] {
    return this.#l.state;
  }
  get transactions(): readonly string[] {
    return (this.#ids ??= new ExchangeIds()).of(this.#l.transactions, false);
  }

  /** Whether it was made with this lease database match and segment. */
  holds(db: DbMatch | undefined, segment: string | undefined): boolean {
    return this.#db === db && this.#segment === segment;
  }

  /** As JSON, the plain lease. */
  toJSON(): Lease {
    return leaseOf(this.#l, this.#db, this.#segment);
  }
}

class ClientRecord implements Client {
  readonly #c: ClientState;
  #vendor: string | undefined | typeof UNKNOWN = UNKNOWN;
  #virtualization: string | undefined | typeof UNKNOWN = UNKNOWN;
  #ids: ExchangeIds | undefined;

  constructor(c: ClientState) {
    this.#c = c;
  }

  get mac(): string {
    return this.#c.mac;
  }
  declare readonly vendor?: string;
  declare readonly virtualization?: string;
  static {
    optional(this.prototype, {
      vendor: (r: ClientRecord) => (r.#vendor === UNKNOWN ? (r.#vendor = vendorOf(r.#c.mac)) : r.#vendor),
      virtualization: (r: ClientRecord) => (r.#virtualization === UNKNOWN ? (r.#virtualization = virtualizationOf(r.#c.mac)) : r.#virtualization),
    });
  }

  get hostnames(): readonly string[] {
    return listOf(this.#c.hostnames);
  }
  get vendorClasses(): readonly string[] {
    return listOf(this.#c.vendorClasses);
  }
  get ips(): readonly string[] {
    return listOf(this.#c.ips);
  }
  get transactions(): readonly string[] {
    return (this.#ids ??= new ExchangeIds()).of(this.#c.transactions, true);
  }

  /** As JSON, the plain client. */
  toJSON(): Client {
    return clientOf(this.#c);
  }
}

class ClaimRecord implements Claim {
  readonly #c: ArpClaim;
  #firstTime: string | undefined;

  constructor(c: ArpClaim) {
    this.#c = c;
  }

  get mac(): string {
    return this.#c.mac;
  }
  get firstFrame(): number {
    return this.#c.firstFrame;
  }
  get lastFrame(): number {
    return this.#c.lastFrame;
  }
  get firstTime(): string {
    return (this.#firstTime ??= isoTime(this.#c.first));
  }
  get lastTime(): string {
    return isoTime(this.#c.last);
  }
  get count(): number {
    return this.#c.count;
  }
  get kinds(): readonly string[] {
    return [...this.#c.kinds].sort();
  }

  toJSON(): Claim {
    return { mac: this.mac, firstFrame: this.firstFrame, lastFrame: this.lastFrame, firstTime: this.firstTime, lastTime: this.lastTime, count: this.count, kinds: this.kinds };
  }
}

class ArpBindingRecord implements ArpBinding {
  readonly #s: ArpIpState;
  /** The claims' records, made again when a claim was added (claims are only ever appended). */
  #claims: readonly ClaimRecord[] = [];
  #lastClaim: ArpClaim | undefined;

  constructor(s: ArpIpState) {
    this.#s = s;
  }

  get ip(): string {
    return this.#s.ip;
  }
  declare readonly segment?: string;
  static {
    optional(this.prototype, { segment: (r: ArpBindingRecord) => (r.#s.segment ? r.#s.segment : undefined) });
  }

  get claims(): readonly Claim[] {
    const claims = this.#s.claims;
    const last = claims[claims.length - 1];
    if (claims.length !== this.#claims.length || last !== this.#lastClaim) {
      this.#claims = claims.map((c) => new ClaimRecord(c));
      this.#lastClaim = last;
    }
    return this.#claims;
  }
  get conflict(): boolean {
    return this.#s.conflict;
  }

  /** As JSON, the plain binding. */
  toJSON(): ArpBinding {
    return arpBindingOf(this.#s);
  }
}


/**
 * The records of one live session, made once per state and handed out again by every later report: a record
 * reads its state as it is now, and keeps what it looked up or formatted (a client's NIC vendor and platform, a
 * lease's start, a binding's claims), which each full report of a big capture would otherwise do again for tens
 * of thousands (the Overview tallies every client's vendor: 30-60 ms a report on the DHCP-only benchmark).
 */
export class LiveRecords {
  readonly #leases = new Map<LeaseState, LeaseRecord>();
  readonly #clients = new Map<ClientState, ClientRecord>();
  readonly #arp = new Map<ArpIpState, ArpBindingRecord>();

  /** A lease's record (made again should its lease database match or segment change). */
  lease(l: LeaseState, db: DbMatch | undefined, segment: string | undefined): Lease {
    const kept = this.#leases.get(l);
    if (kept?.holds(db, segment)) return kept;
    const made = new LeaseRecord(l, db, segment);
    this.#leases.set(l, made);
    return made;
  }

  client(c: ClientState): Client {
    let kept = this.#clients.get(c);
    if (!kept) this.#clients.set(c, (kept = new ClientRecord(c)));
    return kept;
  }

  arpBinding(s: ArpIpState): ArpBinding {
    let kept = this.#arp.get(s);
    if (!kept) this.#arp.set(s, (kept = new ArpBindingRecord(s)));
    return kept;
  }
}
