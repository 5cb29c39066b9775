/**
 * The analyser's record of one exchange (TxState): a handle on its slot of the exchange store (exchange-store.ts),
 * whose columns hold its fields. A busy capture holds hundreds open at once, each long enough for the collector
 * to copy it into the old generation: only the handle is paid for that way. The yes/no fields are bits of one
 * number, the fields few exchanges have (a NAK, the server's address checks, an overlay, steps left out) one
 * object made when the first of them is set, and the id and the ARP frame numbers are made when read.
 */
import type { TunnelLayer } from '../decode/tunnel.js';
import type { AddressCheckState } from './address-checks.js';
import type { Queued } from './activity-queue.js';
import {
  DONE,
  FIRST_DIGITS_AT,
  FOUR_BITS,
  KEPT,
  KIND_AT,
  KINDS,
  LAST_DIGITS_AT,
  NO_EXCHANGE,
  OUTCOME_AT,
  OUTCOMES,
  RAPID_COMMIT,
  UNSET,
  withField,
  type ExchangeStore,
} from './exchange-store.js';
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

/** What few exchanges have: made, with all its fields, when the first is set. */
export class Rare {
  nakMessage: string | undefined = undefined;
  nakServer: string | undefined = undefined;
  checks: AddressCheckState[] | undefined = undefined;
  tunnel: readonly TunnelLayer[] | undefined = undefined;
  omittedSteps = 0;
}

/**
 * One exchange: a handle on its slot of the exchange store (exchange-store.ts), one small object that stays the
 * exchange's identity while it is open (the tracker's queue and the watches hold it). Once an exchange that is
 * not retained has closed and been handed on, its slot serves the exchanges still to come: reading it then throws.
 */
export class Exchange implements TxState, Queued {
  private slot: number;

  constructor(
    /** Where its fields, steps and ARP frames are kept. */
    private readonly x: ExchangeStore,
    firstFrame: number,
    kept: boolean,
    xid: number,
    clientMac: string,
    kind: TransactionKind,
    /** When its first message came (also its last, so far). */
    at: Timestamp,
    segment: string,
    vlan: readonly number[],
    tunnel: readonly TunnelLayer[] | undefined,
  ) {
    const slot = (this.slot = x.alloc());
    x.handle[slot] = this;
    x.bits[slot] =
      (kept ? KEPT : 0) |
      ((at.digits & FOUR_BITS) << FIRST_DIGITS_AT) |
      ((at.digits & FOUR_BITS) << LAST_DIGITS_AT) |
      (KINDS.indexOf(kind) << KIND_AT) |
      (OUTCOMES.indexOf('NO_OFFER') << OUTCOME_AT);
    x.firstFrame[slot] = firstFrame;
    x.xid[slot] = xid | 0;
    x.firstSec[slot] = x.lastSec[slot] = at.sec;
    x.firstNanos[slot] = x.lastNanos[slot] = at.nanos;
    x.leaseSeconds[slot] = UNSET;
    x.stepHead[slot] = x.arpHead[slot] = x.arpTail[slot] = NO_STEP;
    x.stepCount[slot] = x.arpCount[slot] = 0;
    x.queuedAt[slot] = -1;
    x.nextOpen[slot] = NO_EXCHANGE;
    x.clientIndex[slot] = -1;
    x.clientMac[slot] = clientMac;
    x.segment[slot] = segment;
    x.vlan[slot] = vlan;
    x.clientId[slot] = undefined;
    x.hostname[slot] = undefined;
    x.vendorClass[slot] = undefined;
    x.server[slot] = undefined;
    x.offers[slot] = NONE;
    x.selectedServer[slot] = undefined;
    x.requestedIp[slot] = undefined;
    x.assignedIp[slot] = undefined;
    x.relay[slot] = undefined;
    x.rare[slot] = undefined;
    x.client[slot] = undefined;
    if (tunnel !== undefined) this.rareOf().tunnel = tunnel;
  }

  /** Its slot in the exchange store (the tracker chains a client's open exchanges by slot). */
  get at(): number {
    return this.live();
  }

  /** Its slot, or a clear error once it was let go. */
  private live(): number {
    const slot = this.slot;
    if (slot < 0) throw new Error('an exchange was read after it closed and was let go (read it in onTransaction)');
    return slot;
  }

  /** Where its steps are kept. */
  get store(): StepStore {
    return this.x.steps;
  }

  get queuedAt(): number {
    return this.slot < 0 ? -1 : this.x.queuedAt[this.slot]!;
  }

  set queuedAt(v: number) {
    this.x.queuedAt[this.live()] = v;
  }

  get firstFrame(): number {
    return this.x.firstFrame[this.live()]!;
  }

  get clientMac(): string {
    return this.x.clientMac[this.live()]!;
  }

  get segment(): string {
    return this.x.segment[this.live()]!;
  }

  get vlan(): readonly number[] {
    return this.x.vlan[this.live()]!;
  }

  set vlan(v: readonly number[]) {
    this.x.vlan[this.live()] = v;
  }

  get clientId(): string | undefined {
    return this.x.clientId[this.live()];
  }

  set clientId(v: string | undefined) {
    this.x.clientId[this.live()] = v;
  }

  get hostname(): string | undefined {
    return this.x.hostname[this.live()];
  }

  set hostname(v: string | undefined) {
    this.x.hostname[this.live()] = v;
  }

  get vendorClass(): string | undefined {
    return this.x.vendorClass[this.live()];
  }

  set vendorClass(v: string | undefined) {
    this.x.vendorClass[this.live()] = v;
  }

  get server(): string | undefined {
    return this.x.server[this.live()];
  }

  set server(v: string | undefined) {
    this.x.server[this.live()] = v;
  }

  get offers(): readonly TxOffer[] {
    return this.x.offers[this.live()]!;
  }

  set offers(v: readonly TxOffer[]) {
    this.x.offers[this.live()] = v;
  }

  get selectedServer(): string | undefined {
    return this.x.selectedServer[this.live()];
  }

  set selectedServer(v: string | undefined) {
    this.x.selectedServer[this.live()] = v;
  }

  get requestedIp(): string | undefined {
    return this.x.requestedIp[this.live()];
  }

  set requestedIp(v: string | undefined) {
    this.x.requestedIp[this.live()] = v;
  }

  get assignedIp(): string | undefined {
    return this.x.assignedIp[this.live()];
  }

  set assignedIp(v: string | undefined) {
    this.x.assignedIp[this.live()] = v;
  }

  get leaseSeconds(): number | undefined {
    const v = this.x.leaseSeconds[this.live()]!;
    return v === UNSET ? undefined : v;
  }

  set leaseSeconds(v: number | undefined) {
    this.x.leaseSeconds[this.live()] = v === undefined ? UNSET : v;
  }

  get relay(): TxState['relay'] {
    return this.x.relay[this.live()];
  }

  set relay(v: TxState['relay']) {
    this.x.relay[this.live()] = v;
  }

  get client(): ClientRecord | undefined {
    return this.x.client[this.live()];
  }

  set client(v: ClientRecord | undefined) {
    this.x.client[this.live()] = v;
  }

  /** Its steps in the store (step-store.ts): the first slot of their chain, and how many. */
  get stepHead(): number {
    return this.x.stepHead[this.live()]!;
  }

  set stepHead(v: number) {
    this.x.stepHead[this.live()] = v;
  }

  get stepCount(): number {
    return this.x.stepCount[this.live()]!;
  }

  set stepCount(v: number) {
    this.x.stepCount[this.live()] = v;
  }

  private get bits(): number {
    return this.x.bits[this.live()]!;
  }

  private set bits(v: number) {
    this.x.bits[this.live()] = v;
  }

  /** The xid (kept as a 32-bit integer). */
  get xid(): number {
    return this.x.xid[this.live()]! >>> 0;
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

  /* Its first and last times are kept as numbers: a timestamp is made when read. */
  get first(): Timestamp {
    const x = this.x;
    const slot = this.live();
    return stampOf(x.firstSec[slot]!, x.firstNanos[slot]!, (x.bits[slot]! >>> FIRST_DIGITS_AT) & FOUR_BITS);
  }

  get last(): Timestamp {
    const x = this.x;
    const slot = this.live();
    return stampOf(x.lastSec[slot]!, x.lastNanos[slot]!, (x.bits[slot]! >>> LAST_DIGITS_AT) & FOUR_BITS);
  }

  set last(t: Timestamp) {
    this.x.setLast(this.live(), t);
  }

  /** diffMs(t, this.last), without making the timestamp. */
  msSinceLast(t: Timestamp): number {
    return this.x.msSinceLast(this.live(), t);
  }

  /** diffMs(t, this.first), without making the timestamp. */
  msSinceFirst(t: Timestamp): number {
    const slot = this.live();
    return (t.sec - this.x.firstSec[slot]!) * 1000 + (t.nanos - this.x.firstNanos[slot]!) / 1e6;
  }

  get id(): string {
    return exchangeId(this.firstFrame);
  }

  /** Its steps as views of the store, made now (the analysis reads the store itself). */
  get steps(): readonly TxStep[] {
    const count = this.stepCount;
    if (count === 0) return NONE;
    if (viewsOf_ !== this || viewsCount !== count) {
      views = viewsOf(this.store, this.stepHead, count);
      viewsOf_ = this;
      viewsCount = count;
    }
    return views;
  }

  /** The ARP frames linked to it, in the order they came, as views of the store. */
  get arp(): readonly TxArp[] {
    const count = this.x.arpCount[this.live()]!;
    if (count === 0) return NONE;
    if (arpViewsOf_ !== this || arpViewsCount !== count) {
      arpViews = arpViewsOf(this.store, this.x.arpHead[this.slot]!, count);
      arpViewsOf_ = this;
      arpViewsCount = count;
    }
    return arpViews;
  }

  /** Links an ARP frame to it (step-store.ts writeArpLink). */
  linkArp(frame: number, ts: Timestamp, kind: TxArp['kind'], senderMac: string, senderIp: string, targetIp: string, fromOther: boolean): void {
    const x = this.x;
    const at = this.live();
    const store = x.steps;
    const slot = store.alloc();
    writeArpLink(store, slot, frame, ts, kind, senderMac, senderIp, targetIp, fromOther);
    const tail = x.arpTail[at]!;
    if (tail === NO_STEP) x.arpHead[at] = slot;
    else store.next[tail] = slot;
    x.arpTail[at] = slot;
    x.arpCount[at] = x.arpCount[at]! + 1;
  }

  /**
   * Gives its slot, and its steps' and ARP frames' slots, back to the stores: it was handed on and let go.
   * Reading it after this throws.
   */
  release(): void {
    const x = this.x;
    const at = this.live();
    x.steps.release(x.stepHead[at]!);
    x.steps.release(x.arpHead[at]!);
    if (viewsOf_ === this) forgetViews();
    x.release(at);
    this.slot = RELEASED;
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
    const count = this.x.arpCount[this.live()]!;
    return count === 0 ? NONE : framesOf(this.store, this.x.arpHead[this.slot]!, count);
  }

  private get rare(): Rare | undefined {
    return this.x.rare[this.live()];
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
    const slot = this.live();
    return (this.x.rare[slot] ??= new Rare());
  }
}
