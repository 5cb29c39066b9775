/**
 * The analyser's record of one exchange (TxState), kept small: a busy capture holds tens of thousands open at
 * once, long enough for the collector to copy each into the old generation, so every field is paid for many
 * times over. The yes/no fields are bits of one number, the fields few exchanges have (a NAK, the server's
 * address checks, an overlay, steps left out) one object made when the first of them is set, and the id and
 * the ARP frame numbers are made when read.
 */
import type { TunnelLayer } from '../decode/tunnel.js';
import type { AddressCheckState } from './address-checks.js';
import type { Queued } from './activity-queue.js';
import { arpViewsOf, framesOf, NO_STEP, RELEASED, viewsOf, writeArpLink, type StepStore } from './step-store.js';
import { stampOf, type Timestamp } from './time.js';
import type { ClientRecord } from './servers.js';
import type { Outcome, TransactionKind, TxArp, TxOffer, TxState, TxStep } from './types.js';

/** An exchange's lists start as this one empty list (they are replaced, never changed, as they grow). */
export const NONE: readonly never[] = [];

/*
 * The views of the exchange read last, kept while it is read again and again (its closing reads its steps a dozen
 * times: findings, latencies, the writer) and let go when it closes (forgetViews): one list per exchange, not one
 * per reading, and none kept by an exchange.
 */
let viewsOf_: Exchange | undefined;
let viewsCount = 0;
let views: readonly TxStep[] = NONE;
let arpViewsOf_: Exchange | undefined;
let arpViewsCount = 0;
let arpViews: readonly TxArp[] = NONE;

/** Lets the kept views go (the tracker calls this when an exchange has closed and been handed on). */
export function forgetViews(): void {
  viewsOf_ = arpViewsOf_ = undefined;
  views = arpViews = NONE;
}

/** An exchange's id, named for the frame that started it ("T123"): made only where it is written. */
export function exchangeId(firstFrame: number): string {
  return `T${firstFrame}`;
}

const KEPT = 1;
const DONE = 2;
const RAPID_COMMIT = 4;
/** Where the rest of the number keeps the digits of its first and last times (at most 9), its kind and its outcome. */
const FIRST_DIGITS_AT = 3;
const LAST_DIGITS_AT = 7;
const KIND_AT = 11;
const OUTCOME_AT = 15;
const FOUR_BITS = 15;
const KINDS: readonly TransactionKind[] = ['DORA', 'INIT-REBOOT', 'RENEW', 'REBIND', 'INFORM', 'RELEASE', 'DECLINE', 'BOOTP', 'LEASEQUERY'];
const OUTCOMES: readonly Outcome[] = ['ACK', 'NAK', 'NO_OFFER', 'NO_REQUEST', 'NO_ACK', 'DECLINED', 'RELEASED', 'INFORMED'];

function withField(bits: number, at: number, value: number): number {
  return (bits & ~(FOUR_BITS << at)) | ((value & FOUR_BITS) << at);
}

/** What few exchanges have: made, with all its fields, when the first is set. */
class Rare {
  nakMessage: string | undefined = undefined;
  nakServer: string | undefined = undefined;
  checks: AddressCheckState[] | undefined = undefined;
  tunnel: readonly TunnelLayer[] | undefined = undefined;
  omittedSteps = 0;
}

export class Exchange implements TxState, Queued {
  /** Where it is in the tracker's queue of open exchanges (activity-queue.ts); -1 once closed. */
  queuedAt = -1;
  private bits: number;
  private rare: Rare | undefined = undefined;
  clientId: string | undefined = undefined;
  hostname: string | undefined = undefined;
  vendorClass: string | undefined = undefined;
  server: string | undefined = undefined;
  offers: readonly TxOffer[] = NONE;
  selectedServer: string | undefined = undefined;
  requestedIp: string | undefined = undefined;
  assignedIp: string | undefined = undefined;
  leaseSeconds: number | undefined = undefined;
  relay: TxState['relay'] = undefined;
  /** Its steps in the store (step-store.ts): the first slot of their chain, and how many. */
  stepHead = NO_STEP;
  stepCount = 0;
  /** The ARP frames linked to it, a second chain in the same store: its first and last slot, and how many. */
  private arpHead = NO_STEP;
  private arpTail = NO_STEP;
  private arpCount = 0;
  client: ClientRecord | undefined = undefined;

  constructor(
    /** Where its steps are kept. */
    readonly store: StepStore,
    readonly firstFrame: number,
    kept: boolean,
    xid: number,
    readonly clientMac: string,
    kind: TransactionKind,
    /** When its first message came (also its last, so far). */
    at: Timestamp,
    readonly segment: string,
    public vlan: readonly number[],
    tunnel: readonly TunnelLayer[] | undefined,
  ) {
    this.bits =
      (kept ? KEPT : 0) |
      ((at.digits & FOUR_BITS) << FIRST_DIGITS_AT) |
      ((at.digits & FOUR_BITS) << LAST_DIGITS_AT) |
      (KINDS.indexOf(kind) << KIND_AT) |
      (OUTCOMES.indexOf('NO_OFFER') << OUTCOME_AT);
    if (tunnel !== undefined) this.rareOf().tunnel = tunnel;
    this.xidBits = xid | 0;
    this.firstSec = this.lastSec = at.sec;
    this.firstNanos = this.lastNanos = at.nanos;
  }

  /** The xid as a 32-bit integer (V8 keeps one above 2^31 as a number object of its own). */
  private readonly xidBits: number;

  get xid(): number {
    return this.xidBits >>> 0;
  }

  get kind(): TransactionKind {
    return KINDS[(this.bits >>> KIND_AT) & FOUR_BITS]!;
  }

  set kind(v: TransactionKind) {
    this.bits = withField(this.bits, KIND_AT, KINDS.indexOf(v));
  }

  get outcome(): Outcome {
    return OUTCOMES[(this.bits >>> OUTCOME_AT) & FOUR_BITS]!;
  }

  set outcome(v: Outcome) {
    this.bits = withField(this.bits, OUTCOME_AT, OUTCOMES.indexOf(v));
  }

  /*
   * Its first and last times as numbers, not timestamps: the last changes with every message, and a timestamp
   * held by an open exchange lives long enough to be copied into the old generation. Made when read.
   */
  private readonly firstSec: number;
  private readonly firstNanos: number;
  private lastSec: number;
  private lastNanos: number;

  get first(): Timestamp {
    return stampOf(this.firstSec, this.firstNanos, (this.bits >>> FIRST_DIGITS_AT) & FOUR_BITS);
  }

  get last(): Timestamp {
    return stampOf(this.lastSec, this.lastNanos, (this.bits >>> LAST_DIGITS_AT) & FOUR_BITS);
  }

  set last(t: Timestamp) {
    this.lastSec = t.sec;
    this.lastNanos = t.nanos;
    this.bits = withField(this.bits, LAST_DIGITS_AT, t.digits);
  }

  /** diffMs(t, this.last), without making the timestamp. */
  msSinceLast(t: Timestamp): number {
    return (t.sec - this.lastSec) * 1000 + (t.nanos - this.lastNanos) / 1e6;
  }

  /** diffMs(t, this.first), without making the timestamp. */
  msSinceFirst(t: Timestamp): number {
    return (t.sec - this.firstSec) * 1000 + (t.nanos - this.firstNanos) / 1e6;
  }

  get id(): string {
    return exchangeId(this.firstFrame);
  }

  /** Its steps as views of the store, made now (the analysis reads the store itself). */
  get steps(): readonly TxStep[] {
    if (this.stepHead === RELEASED) throw new Error(`the steps of ${this.id} were let go when it closed (read them in onTransaction)`);
    if (this.stepCount === 0) return NONE;
    if (viewsOf_ !== this || viewsCount !== this.stepCount) {
      views = viewsOf(this.store, this.stepHead, this.stepCount);
      viewsOf_ = this;
      viewsCount = this.stepCount;
    }
    return views;
  }

  /** The ARP frames linked to it, in the order they came, as views of the store. */
  get arp(): readonly TxArp[] {
    if (this.arpHead === RELEASED) throw new Error(`the ARP frames of ${this.id} were let go when it closed (read them in onTransaction)`);
    if (this.arpCount === 0) return NONE;
    if (arpViewsOf_ !== this || arpViewsCount !== this.arpCount) {
      arpViews = arpViewsOf(this.store, this.arpHead, this.arpCount);
      arpViewsOf_ = this;
      arpViewsCount = this.arpCount;
    }
    return arpViews;
  }

  /** Links an ARP frame to it (step-store.ts writeArpLink). */
  linkArp(frame: number, ts: Timestamp, kind: TxArp['kind'], senderMac: string, senderIp: string, targetIp: string, fromOther: boolean): void {
    const store = this.store;
    const slot = store.alloc();
    writeArpLink(store, slot, frame, ts, kind, senderMac, senderIp, targetIp, fromOther);
    if (this.arpTail === NO_STEP) this.arpHead = slot;
    else store.next[this.arpTail] = slot;
    this.arpTail = slot;
    this.arpCount++;
  }

  /** Gives its steps' and ARP frames' slots back to the store: it was handed on and let go. */
  releaseSteps(): void {
    this.store.release(this.stepHead);
    this.store.release(this.arpHead);
    this.stepHead = this.arpHead = this.arpTail = RELEASED;
    this.stepCount = this.arpCount = 0;
  }

  get kept(): boolean {
    return (this.bits & KEPT) !== 0;
  }

  get done(): boolean {
    return (this.bits & DONE) !== 0;
  }

  set done(v: boolean) {
    this.bits = v ? this.bits | DONE : this.bits & ~DONE;
  }

  get rapidCommit(): boolean {
    return (this.bits & RAPID_COMMIT) !== 0;
  }

  set rapidCommit(v: boolean) {
    this.bits = v ? this.bits | RAPID_COMMIT : this.bits & ~RAPID_COMMIT;
  }

  /** The ARP frames linked to it (the frames of `arp`). */
  get arpFrames(): readonly number[] {
    if (this.arpHead === RELEASED) throw new Error(`the ARP frames of ${this.id} were let go when it closed (read them in onTransaction)`);
    return this.arpCount === 0 ? NONE : framesOf(this.store, this.arpHead, this.arpCount);
  }

  get tunnel(): readonly TunnelLayer[] | undefined {
    return this.rare?.tunnel;
  }

  get nakMessage(): string | undefined {
    return this.rare?.nakMessage;
  }

  set nakMessage(v: string | undefined) {
    if (v !== undefined || this.rare) this.rareOf().nakMessage = v;
  }

  get nakServer(): string | undefined {
    return this.rare?.nakServer;
  }

  set nakServer(v: string | undefined) {
    if (v !== undefined || this.rare) this.rareOf().nakServer = v;
  }

  get checks(): AddressCheckState[] | undefined {
    return this.rare?.checks;
  }

  set checks(v: AddressCheckState[] | undefined) {
    if (v !== undefined || this.rare) this.rareOf().checks = v;
  }

  get omittedSteps(): number {
    return this.rare?.omittedSteps ?? 0;
  }

  set omittedSteps(v: number) {
    if (v !== 0 || this.rare) this.rareOf().omittedSteps = v;
  }

  private rareOf(): Rare {
    return (this.rare ??= new Rare());
  }
}
