/**
 * Every open exchange's fields, kept as columns (typed arrays for the numbers, plain arrays for the texts and the
 * few objects) instead of one object each, like the steps (step-store.ts). An exchange stays open seconds to
 * minutes of capture time after its last message, long enough for the collector to copy an object of thirty
 * fields into the old generation, where it dies: on a DHCP-only capture that was the largest part of what
 * survived the young collections. Here an exchange is a slot number, and an exchange handed on and let go (not
 * retained) gives its slot back when it closes: the columns stay as large as the open exchanges need (a few
 * hundred on the DHCP-only benchmark), and only a small handle per exchange (exchange.ts) is made.
 */
import type { Exchange } from './exchange.js';
import type { Rare } from './exchange.js';
import { StepStore } from './step-store.js';
import type { Timestamp } from './time.js';
import type { ClientRecord } from './servers.js';
import type { Outcome, TransactionKind, TxOffer, TxState } from './types.js';
import { widened } from './typed-arrays.js';

/** The end of a chain of exchange slots. */
export const NO_EXCHANGE = -1;
/** A number column's value for "not set" (leaseSeconds, an unsigned 32-bit number when set). */
export const UNSET = -1;

const FIRST_CAPACITY = 64;

/** An exchange's number (`bits`): its yes/no fields, the digits of its first and last times (at most 9), its kind and its outcome. */
export const KEPT = 1;
export const DONE = 2;
export const RAPID_COMMIT = 4;
export const FIRST_DIGITS_AT = 3;
export const LAST_DIGITS_AT = 7;
export const KIND_AT = 11;
export const OUTCOME_AT = 15;
export const FOUR_BITS = 15;
export const KINDS: readonly TransactionKind[] = ['DORA', 'INIT-REBOOT', 'RENEW', 'REBIND', 'INFORM', 'RELEASE', 'DECLINE', 'BOOTP', 'LEASEQUERY'];
export const OUTCOMES: readonly Outcome[] = ['ACK', 'NAK', 'NO_OFFER', 'NO_REQUEST', 'NO_ACK', 'DECLINED', 'RELEASED', 'INFORMED'];
/** Kinds and outcomes by their number in `bits` (KINDS, OUTCOMES), for code that reads the number. */
export const KIND = { DORA: 0, INIT_REBOOT: 1, RENEW: 2, REBIND: 3, INFORM: 4, RELEASE: 5, DECLINE: 6, BOOTP: 7, LEASEQUERY: 8 } as const;
export const OUTCOME = { ACK: 0, NAK: 1, NO_OFFER: 2, NO_REQUEST: 3, NO_ACK: 4, DECLINED: 5, RELEASED: 6, INFORMED: 7 } as const;

export function withField(bits: number, at: number, value: number): number {
  return (bits & ~(FOUR_BITS << at)) | ((value & FOUR_BITS) << at);
}

export class ExchangeStore {
  private capacity = 0;
  private used = 0;
  private free = NO_EXCHANGE;
  /** Slots in use (for tests and the bound on retained exchanges). */
  live = 0;
  firstFrame = new Float64Array(0);
  firstSec = new Float64Array(0);
  lastSec = new Float64Array(0);
  leaseSeconds = new Float64Array(0);
  /** The packed yes/no fields, digits, kind and outcome (exchange.ts). */
  bits = new Int32Array(0);
  xid = new Int32Array(0);
  firstNanos = new Int32Array(0);
  lastNanos = new Int32Array(0);
  stepHead = new Int32Array(0);
  stepCount = new Int32Array(0);
  arpHead = new Int32Array(0);
  arpTail = new Int32Array(0);
  arpCount = new Int32Array(0);
  /** Where it is in the tracker's queue of open exchanges (activity-queue.ts); -1 once closed. */
  queuedAt = new Int32Array(0);
  /** The tracker's: the next open exchange of the same client, and the client's entry. */
  nextOpen = new Int32Array(0);
  clientIndex = new Int32Array(0);
  readonly handle: (Exchange | undefined)[] = [];
  readonly clientMac: string[] = [];
  readonly segment: string[] = [];
  readonly vlan: (readonly number[])[] = [];
  readonly clientId: (string | undefined)[] = [];
  readonly hostname: (string | undefined)[] = [];
  readonly vendorClass: (string | undefined)[] = [];
  readonly server: (string | undefined)[] = [];
  readonly offers: (readonly TxOffer[])[] = [];
  readonly selectedServer: (string | undefined)[] = [];
  readonly requestedIp: (string | undefined)[] = [];
  readonly assignedIp: (string | undefined)[] = [];
  readonly relay: TxState['relay'][] = [];
  readonly rare: (Rare | undefined)[] = [];
  readonly client: (ClientRecord | undefined)[] = [];

  constructor(
    /** The exchanges' steps and linked ARP frames. */
    readonly steps: StepStore = new StepStore(),
  ) {}

  /** A free slot; the caller (the Exchange constructor) fills every column. */
  alloc(): number {
    let slot = this.free;
    if (slot !== NO_EXCHANGE) this.free = this.nextOpen[slot]!;
    else {
      slot = this.used++;
      if (slot >= this.capacity) this.grow();
    }
    this.live++;
    return slot;
  }

  /** Gives a slot back, letting go of what its columns hold. */
  release(slot: number): void {
    this.handle[slot] = undefined;
    this.clientMac[slot] = '';
    this.segment[slot] = '';
    this.vlan[slot] = NO_NUMBERS;
    this.clientId[slot] = undefined;
    this.hostname[slot] = undefined;
    this.vendorClass[slot] = undefined;
    this.server[slot] = undefined;
    this.offers[slot] = NO_OFFERS;
    this.selectedServer[slot] = undefined;
    this.requestedIp[slot] = undefined;
    this.assignedIp[slot] = undefined;
    this.relay[slot] = undefined;
    this.rare[slot] = undefined;
    this.client[slot] = undefined;
    this.nextOpen[slot] = this.free;
    this.free = slot;
    this.live--;
  }

  /** The kind of the exchange at `slot`, as its number (KIND). */
  kindAt(slot: number): number {
    return (this.bits[slot]! >>> KIND_AT) & FOUR_BITS;
  }

  setOutcome(slot: number, outcome: number): void {
    this.bits[slot] = withField(this.bits[slot]!, OUTCOME_AT, outcome);
  }

  /** Sets a yes/no field (KEPT, DONE, RAPID_COMMIT). */
  mark(slot: number, flag: number): void {
    this.bits[slot] = this.bits[slot]! | flag;
  }

  setLast(slot: number, t: Timestamp): void {
    this.lastSec[slot] = t.sec;
    this.lastNanos[slot] = t.nanos;
    this.bits[slot] = withField(this.bits[slot]!, LAST_DIGITS_AT, t.digits);
  }

  /** Milliseconds from the exchange's last message to `t`. */
  msSinceLast(slot: number, t: Timestamp): number {
    return (t.sec - this.lastSec[slot]!) * 1000 + (t.nanos - this.lastNanos[slot]!) / 1e6;
  }

  /** Slots in use or freed (the columns' length, for tests). */
  get size(): number {
    return this.used;
  }

  private grow(): void {
    const capacity = Math.max(FIRST_CAPACITY, this.capacity * 2);
    this.firstFrame = widened(this.firstFrame, new Float64Array(capacity));
    this.firstSec = widened(this.firstSec, new Float64Array(capacity));
    this.lastSec = widened(this.lastSec, new Float64Array(capacity));
    this.leaseSeconds = widened(this.leaseSeconds, new Float64Array(capacity));
    this.bits = widened(this.bits, new Int32Array(capacity));
    this.xid = widened(this.xid, new Int32Array(capacity));
    this.firstNanos = widened(this.firstNanos, new Int32Array(capacity));
    this.lastNanos = widened(this.lastNanos, new Int32Array(capacity));
    this.stepHead = widened(this.stepHead, new Int32Array(capacity));
    this.stepCount = widened(this.stepCount, new Int32Array(capacity));
    this.arpHead = widened(this.arpHead, new Int32Array(capacity));
    this.arpTail = widened(this.arpTail, new Int32Array(capacity));
    this.arpCount = widened(this.arpCount, new Int32Array(capacity));
    this.queuedAt = widened(this.queuedAt, new Int32Array(capacity));
    this.nextOpen = widened(this.nextOpen, new Int32Array(capacity));
    this.clientIndex = widened(this.clientIndex, new Int32Array(capacity));
    this.capacity = capacity;
  }
}

const NO_NUMBERS: readonly number[] = [];
const NO_OFFERS: readonly TxOffer[] = [];
