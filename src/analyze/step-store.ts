/**
 * Every step of the open exchanges, kept as columns (typed arrays for the numbers, plain arrays for the shared
 * address texts) instead of one object each. An open exchange holds its steps until it closes, seconds to
 * minutes of capture time later: long enough for the collector to copy an object per step, and its timestamp,
 * into the old generation. Here a step is a slot number; an exchange keeps its first and last slot, and the
 * slots are chained in order. Exchanges handed on and let go (not retained) give their slots back when they
 * close, so the columns stay as large as the open exchanges need.
 *
 * The report layer and the TUI read steps as `TxStep` objects: `StepView`s made when asked for (short-lived),
 * which read the columns. A view is valid while its exchange is open, and for good once it is retained.
 */
import { messageTypeName } from '../decode/dhcp/names.js';
import type { L2Class, L3Class } from '../decode/frame.js';
import { ruleText } from './delivery.js';
import { stampOf, type Timestamp } from './time.js';
import { widened } from './typed-arrays.js';
import type { Direction, TxArp, TxStep } from './types.js';

/** A step's six yes/no facts as bits (also how the TUI's step records keep them). */
export const BROADCAST_FLAG = 1;
export const DELIVERY_OK = 2;
export const RETRANSMISSION = 4;
export const RELAYED = 8;
export const ICMP_UNREACHABLE = 16;
export const DUPLICATE = 32;

/**
 * Where the rest of a step's number holds its direction, link and network classes, message type (type + 1; 0:
 * none) and delivery rule (delivery.ts RULE).
 */
export const DIRECTION_AT = 6;
export const L2_AT = 8;
export const L3_AT = 10;
export const TYPE_AT = 12;
/** A step's direction in its number: client 0, server 1, relay 2. */
export const SERVER_DIRECTION = 1;
export const RULE_AT = 21;
export const DIRECTIONS: readonly Direction[] = ['client', 'server', 'relay'];
export const L2_CLASSES: readonly L2Class[] = ['broadcast', 'multicast', 'unicast', 'unknown'];
export const L3_CLASSES: readonly L3Class[] = ['broadcast', 'multicast', 'unicast'];

/** The end of a chain of slots. */
export const NO_STEP = -1;
/** An exchange's head once its slots were given back (it was let go). */
export const RELEASED = -2;

const FIRST_CAPACITY = 256;

export class StepStore {
  private capacity = 0;
  /** Slots handed out so far (the columns' used length); freed ones are chained from `free`. */
  private used = 0;
  private free = NO_STEP;
  frame = new Float64Array(0);
  sec = new Float64Array(0);
  nanos = new Int32Array(0);
  digits = new Uint8Array(0);
  /** The packed facts (the constants above). */
  bits = new Int32Array(0);
  secs = new Int32Array(0);
  /** The next slot of the same exchange, or NO_STEP. */
  next = new Int32Array(0);
  readonly fromMac: (string | null)[] = [];
  readonly fromIp: string[] = [];
  readonly toMac: (string | null)[] = [];
  readonly toIp: string[] = [];
  /** The address the delivery rule names, if it names one (delivery.ts ruleAddress). */
  readonly ruleIp: (string | undefined)[] = [];
  readonly server: (string | undefined)[] = [];
  readonly yiaddr: (string | undefined)[] = [];
  /** Who sent the ICMP error a quoted step came in. */
  readonly quotedFrom: (string | undefined)[] = [];

  /** A free slot, its `next` set to NO_STEP; the caller fills every column. */
  alloc(): number {
    let slot = this.free;
    if (slot !== NO_STEP) this.free = this.next[slot]!;
    else {
      slot = this.used++;
      if (slot >= this.capacity) this.grow();
    }
    this.next[slot] = NO_STEP;
    return slot;
  }

  /** Gives back the chain of slots from `head`. */
  release(head: number): void {
    let slot = head;
    while (slot !== NO_STEP) {
      const after = this.next[slot]!;
      this.next[slot] = this.free;
      this.free = slot;
      slot = after;
    }
  }

  /** Slots in use or freed (the columns' length, for tests). */
  get size(): number {
    return this.used;
  }

  private grow(): void {
    const capacity = Math.max(FIRST_CAPACITY, this.capacity * 2);
    this.frame = widened(this.frame, new Float64Array(capacity));
    this.sec = widened(this.sec, new Float64Array(capacity));
    this.nanos = widened(this.nanos, new Int32Array(capacity));
    this.digits = widened(this.digits, new Uint8Array(capacity));
    this.bits = widened(this.bits, new Int32Array(capacity));
    this.secs = widened(this.secs, new Int32Array(capacity));
    this.next = widened(this.next, new Int32Array(capacity));
    this.capacity = capacity;
  }
}

const DUPLICATE_NOTE = 'same packet captured twice (another interface or direction)';

/** One step read from the columns; its message name, rule text, note and timestamp are made when read. */
export class StepView implements TxStep {
  constructor(
    private readonly store: StepStore,
    readonly slot: number,
  ) {}

  /** The packed facts, read straight by the loops that run per message. */
  get bits(): number {
    return this.store.bits[this.slot]!;
  }

  get frame(): number {
    return this.store.frame[this.slot]!;
  }

  get ts(): Timestamp {
    const s = this.store;
    return stampOf(s.sec[this.slot]!, s.nanos[this.slot]!, s.digits[this.slot]!);
  }

  get fromMac(): string | null {
    return this.store.fromMac[this.slot]!;
  }

  get fromIp(): string {
    return this.store.fromIp[this.slot]!;
  }

  get toMac(): string | null {
    return this.store.toMac[this.slot]!;
  }

  get toIp(): string {
    return this.store.toIp[this.slot]!;
  }

  get server(): string | undefined {
    return this.store.server[this.slot];
  }

  get yiaddr(): string | undefined {
    return this.store.yiaddr[this.slot];
  }

  get secs(): number {
    return this.store.secs[this.slot]!;
  }

  get expectedDelivery(): string {
    return ruleText(this.bits >>> RULE_AT, this.store.ruleIp[this.slot]);
  }

  get type(): number | undefined {
    const t = (this.bits >>> TYPE_AT) & 0x1ff;
    return t === 0 ? undefined : t - 1;
  }

  get messageType(): string {
    const t = this.type;
    if (t === undefined) return this.direction === 'server' ? 'BOOTREPLY' : 'BOOTREQUEST';
    return messageTypeName(t);
  }

  get direction(): Direction {
    return DIRECTIONS[(this.bits >>> DIRECTION_AT) & 3]!;
  }

  get l2(): L2Class {
    return L2_CLASSES[(this.bits >>> L2_AT) & 3]!;
  }

  get l3(): L3Class {
    return L3_CLASSES[(this.bits >>> L3_AT) & 3]!;
  }

  get note(): string | undefined {
    if (this.icmpUnreachable) return `quoted in ICMP unreachable from ${this.store.quotedFrom[this.slot]}`;
    return this.duplicate ? DUPLICATE_NOTE : undefined;
  }

  get broadcastFlag(): boolean {
    return (this.bits & BROADCAST_FLAG) !== 0;
  }

  get deliveryOk(): boolean {
    return (this.bits & DELIVERY_OK) !== 0;
  }

  get retransmission(): boolean {
    return (this.bits & RETRANSMISSION) !== 0;
  }

  get relayed(): boolean {
    return (this.bits & RELAYED) !== 0;
  }

  get icmpUnreachable(): boolean {
    return (this.bits & ICMP_UNREACHABLE) !== 0;
  }

  get duplicate(): boolean {
    return (this.bits & DUPLICATE) !== 0;
  }
}

/** An ARP frame's kind in an ARP link's number (its `bits`), and whether someone other than the client sent it. */
const ARP_KINDS: readonly TxArp['kind'][] = ['probe', 'announcement', 'request', 'reply'];
const FROM_OTHER = 4;

/**
 * An ARP frame linked to an exchange, kept in the same columns as a step (a second chain of the exchange): its
 * sender's MAC and address where a step keeps its sender's, the target address where a step keeps its
 * destination's, and its kind and fromOther in the number.
 */
export function writeArpLink(store: StepStore, slot: number, frame: number, ts: Timestamp, kind: TxArp['kind'], senderMac: string, senderIp: string, targetIp: string, fromOther: boolean): void {
  store.frame[slot] = frame;
  store.sec[slot] = ts.sec;
  store.nanos[slot] = ts.nanos;
  store.digits[slot] = ts.digits;
  store.bits[slot] = ARP_KINDS.indexOf(kind) | (fromOther ? FROM_OTHER : 0);
  store.fromMac[slot] = senderMac;
  store.fromIp[slot] = senderIp;
  store.toIp[slot] = targetIp;
}

/** One linked ARP frame read from the columns (writeArpLink). */
export class ArpView implements TxArp {
  constructor(
    private readonly store: StepStore,
    private readonly slot: number,
  ) {}

  get frame(): number {
    return this.store.frame[this.slot]!;
  }

  get ts(): Timestamp {
    const s = this.store;
    return stampOf(s.sec[this.slot]!, s.nanos[this.slot]!, s.digits[this.slot]!);
  }

  get kind(): TxArp['kind'] {
    return ARP_KINDS[this.store.bits[this.slot]! & 3]!;
  }

  get senderMac(): string {
    return this.store.fromMac[this.slot]!;
  }

  get senderIp(): string {
    return this.store.fromIp[this.slot]!;
  }

  get targetIp(): string {
    return this.store.toIp[this.slot]!;
  }

  get fromOther(): boolean {
    return (this.store.bits[this.slot]! & FROM_OTHER) !== 0;
  }
}

/** The ARP links of a chain from `head`, as views. */
export function arpViewsOf(store: StepStore, head: number, count: number): ArpView[] {
  const out = new Array<ArpView>(count);
  let slot = head;
  for (let i = 0; i < count; i++) {
    out[i] = new ArpView(store, slot);
    slot = store.next[slot]!;
  }
  return out;
}

/** The frames of a chain from `head`. */
export function framesOf(store: StepStore, head: number, count: number): number[] {
  const out = new Array<number>(count);
  let slot = head;
  for (let i = 0; i < count; i++) {
    out[i] = store.frame[slot]!;
    slot = store.next[slot]!;
  }
  return out;
}

/** The steps of a chain from `head`, as views. */
export function viewsOf(store: StepStore, head: number, count: number): StepView[] {
  const out = new Array<StepView>(count);
  let slot = head;
  for (let i = 0; i < count; i++) {
    out[i] = new StepView(store, slot);
    slot = store.next[slot]!;
  }
  return out;
}
