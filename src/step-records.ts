/**
 * A live session's closed exchanges keep their steps and ARP frames in columns instead of the report's plain
 * objects: the TUI holds every exchange of a capture (240 000 steps on the DHCP-only benchmark). A plain step with
 * its time text, epoch and endpoint objects took about 360 bytes; a record object per step (values once, flags in
 * one number, texts made when read) still meant 240 000 objects made as exchanges closed, each copied by the
 * young collector into the old generation. Here a closed exchange's steps are appended to typed arrays (numbers)
 * and plain arrays (the shared address texts), and a step is a small view (columns, slot) made when its exchange's
 * steps are first read; every field reads the same as `stepOfState` / `arpOfState` would have made it
 * (test/step-records.test.ts).
 */
import type { TxArp, TxState, TxStep } from './analyze/types.js';
import { widened } from './analyze/typed-arrays.js';
import { checkNote, epochOfStep } from './report/build.js';
import { isoTime } from './report/format.js';
import type { Step, TransactionArp } from './report/types.js';
import { BROADCAST_FLAG as BROADCAST, DELIVERY_OK, DUPLICATE, ICMP_UNREACHABLE, RELAYED, RETRANSMISSION } from './analyze/steps.js';

/** What a step's kind bits above the six flag bits hold: direction, L2 and L3 class, and the message type's number. */
const DIRECTIONS = ['client', 'server', 'relay'] as const satisfies readonly Step['direction'][];
const L2 = ['broadcast', 'multicast', 'unicast', 'unknown'] as const satisfies readonly Step['l2'][];
const L3 = ['broadcast', 'multicast', 'unicast'] as const satisfies readonly Step['l3'][];
const DIRECTION_AT = 6;
const L2_AT = 8;
const L3_AT = 10;
const TYPE_AT = 12;

/**
 * Message type names, each given a number once. The names come from the decoder's table (a few hundred at
 * most: the known types, TYPE_n for the rest, BOOTREQUEST and BOOTREPLY).
 */
const typeNames: string[] = [];
const typeNumbers = new Map<string, number>();

function typeNumber(name: string): number {
  let n = typeNumbers.get(name);
  if (n === undefined) {
    n = typeNames.length;
    typeNames.push(name);
    typeNumbers.set(name, n);
  }
  return n;
}

function indexIn<T>(list: readonly T[], value: T): number {
  const i = list.indexOf(value);
  if (i < 0) throw new Error(`step record: unexpected value ${String(value)}`);
  return i;
}

const FIRST_CAPACITY = 1024;

/** A time's three numbers, kept in three columns. */
class TimeColumns {
  size = 0;
  frame = new Float64Array(FIRST_CAPACITY);
  sec = new Float64Array(FIRST_CAPACITY);
  nanos = new Int32Array(FIRST_CAPACITY);
  digits = new Uint8Array(FIRST_CAPACITY);
  bits = new Int32Array(FIRST_CAPACITY);

  /** A new slot, its frame, time and bits set. */
  protected slot(frame: number, ts: { readonly sec: number; readonly nanos: number; readonly digits: number }, bits: number): number {
    const at = this.size++;
    if (at === this.frame.length) {
      this.frame = widened(this.frame, new Float64Array(this.frame.length * 2));
      this.sec = widened(this.sec, new Float64Array(this.sec.length * 2));
      this.nanos = widened(this.nanos, new Int32Array(this.nanos.length * 2));
      this.digits = widened(this.digits, new Uint8Array(this.digits.length * 2));
      this.bits = widened(this.bits, new Int32Array(this.bits.length * 2));
    }
    this.frame[at] = frame;
    this.sec[at] = ts.sec;
    this.nanos[at] = ts.nanos;
    this.digits[at] = ts.digits;
    this.bits[at] = bits;
    return at;
  }

  time(at: number): string {
    return isoTime({ sec: this.sec[at]!, nanos: this.nanos[at]!, digits: this.digits[at]! });
  }

  epoch(at: number): number {
    return epochOfStep({ sec: this.sec[at]!, nanos: this.nanos[at]!, digits: this.digits[at]! });
  }
}

/** Closed exchanges' steps, appended as they close and never changed. */
export class StepColumns extends TimeColumns {
  readonly fromMac: (string | null)[] = [];
  readonly fromIp: string[] = [];
  readonly toMac: (string | null)[] = [];
  readonly toIp: string[] = [];
  readonly expectedDelivery: string[] = [];
  readonly server: (string | undefined)[] = [];
  readonly yiaddr: (string | undefined)[] = [];
  readonly note: (string | undefined)[] = [];

  /** Appends a closed exchange's step; its slot. */
  add(tx: TxState, s: TxStep): number {
    const bits =
      (s.broadcastFlag ? BROADCAST : 0) |
      (s.deliveryOk ? DELIVERY_OK : 0) |
      (s.retransmission ? RETRANSMISSION : 0) |
      (s.relayed ? RELAYED : 0) |
      (s.icmpUnreachable ? ICMP_UNREACHABLE : 0) |
      (s.duplicate ? DUPLICATE : 0) |
      (indexIn(DIRECTIONS, s.direction) << DIRECTION_AT) |
      (indexIn(L2, s.l2) << L2_AT) |
      (indexIn(L3, s.l3) << L3_AT) |
      (typeNumber(s.messageType) << TYPE_AT);
    const frame = s.frame;
    this.fromMac.push(s.fromMac);
    this.fromIp.push(s.fromIp);
    this.toMac.push(s.toMac);
    this.toIp.push(s.toIp);
    this.expectedDelivery.push(s.expectedDelivery);
    this.server.push(s.server);
    this.yiaddr.push(s.yiaddr);
    this.note.push(s.note ?? (tx.checks ? checkNote(tx, frame) : undefined));
    return this.slot(frame, s.ts, bits);
  }
}

class StepRecord implements Step {
  constructor(
    readonly columns: StepColumns,
    readonly slot: number,
  ) {}

  get #bits(): number {
    return this.columns.bits[this.slot]!;
  }
  get frame(): number {
    return this.columns.frame[this.slot]!;
  }
  get time(): string {
    return this.columns.time(this.slot);
  }
  get epoch(): number {
    return this.columns.epoch(this.slot);
  }
  get messageType(): string {
    return typeNames[this.#bits >>> TYPE_AT]!;
  }
  get direction(): Step['direction'] {
    return DIRECTIONS[(this.#bits >>> DIRECTION_AT) & 3]!;
  }
  get l2(): Step['l2'] {
    return L2[(this.#bits >>> L2_AT) & 3]!;
  }
  get l3(): Step['l3'] {
    return L3[(this.#bits >>> L3_AT) & 3]!;
  }
  get from(): Step['from'] {
    return { mac: this.columns.fromMac[this.slot]!, ip: this.columns.fromIp[this.slot]! };
  }
  get to(): Step['to'] {
    return { mac: this.columns.toMac[this.slot]!, ip: this.columns.toIp[this.slot]! };
  }
  get expectedDelivery(): string {
    return this.columns.expectedDelivery[this.slot]!;
  }
  get server(): string | undefined {
    return this.columns.server[this.slot];
  }
  get yiaddr(): string | undefined {
    return this.columns.yiaddr[this.slot];
  }
  get note(): string | undefined {
    return this.columns.note[this.slot];
  }
  get broadcastFlag(): boolean {
    return (this.#bits & BROADCAST) !== 0;
  }
  get deliveryOk(): boolean {
    return (this.#bits & DELIVERY_OK) !== 0;
  }
  get retransmission(): boolean {
    return (this.#bits & RETRANSMISSION) !== 0;
  }
  get relayed(): true | undefined {
    return this.#bits & RELAYED ? true : undefined;
  }
  get icmpUnreachable(): true | undefined {
    return this.#bits & ICMP_UNREACHABLE ? true : undefined;
  }
  get duplicate(): true | undefined {
    return this.#bits & DUPLICATE ? true : undefined;
  }

  /** As JSON, the plain step (its fields in the report's order): JSON.stringify sees no getters. */
  toJSON(): Step {
    return {
      frame: this.frame,
      time: this.time,
      epoch: this.epoch,
      messageType: this.messageType,
      direction: this.direction,
      from: this.from,
      to: this.to,
      l2: this.l2,
      l3: this.l3,
      broadcastFlag: this.broadcastFlag,
      expectedDelivery: this.expectedDelivery,
      deliveryOk: this.deliveryOk,
      retransmission: this.retransmission,
      server: this.server,
      yiaddr: this.yiaddr,
      relayed: this.relayed,
      icmpUnreachable: this.icmpUnreachable,
      duplicate: this.duplicate,
      note: this.note,
    };
  }
}

const ARP_KINDS = ['probe', 'announcement', 'request', 'reply'] as const satisfies readonly TransactionArp['kind'][];
const FROM_OTHER = 4;

/** Closed exchanges' ARP frames, appended as they close and never changed. */
export class ArpColumns extends TimeColumns {
  readonly senderMac: string[] = [];
  readonly senderIp: string[] = [];
  readonly targetIp: string[] = [];

  /** Appends a closed exchange's ARP frame; its slot. */
  add(x: TxArp): number {
    this.senderMac.push(x.senderMac);
    this.senderIp.push(x.senderIp);
    this.targetIp.push(x.targetIp);
    return this.slot(x.frame, x.ts, indexIn(ARP_KINDS, x.kind) | (x.fromOther ? FROM_OTHER : 0));
  }
}

class ArpRecord implements TransactionArp {
  constructor(
    readonly columns: ArpColumns,
    readonly slot: number,
  ) {}

  get frame(): number {
    return this.columns.frame[this.slot]!;
  }
  get time(): string {
    return this.columns.time(this.slot);
  }
  get epoch(): number {
    return this.columns.epoch(this.slot);
  }
  get kind(): TransactionArp['kind'] {
    return ARP_KINDS[this.columns.bits[this.slot]! & 3]!;
  }
  get senderMac(): string {
    return this.columns.senderMac[this.slot]!;
  }
  get senderIp(): string {
    return this.columns.senderIp[this.slot]!;
  }
  get targetIp(): string {
    return this.columns.targetIp[this.slot]!;
  }
  get fromOther(): boolean {
    return (this.columns.bits[this.slot]! & FROM_OTHER) !== 0;
  }

  /** As JSON, the plain ARP frame (its fields in the report's order). */
  toJSON(): TransactionArp {
    return {
      frame: this.frame,
      time: this.time,
      epoch: this.epoch,
      kind: this.kind,
      senderMac: this.senderMac,
      senderIp: this.senderIp,
      targetIp: this.targetIp,
      fromOther: this.fromOther,
    };
  }
}

/** A closed exchange's steps: slots `first` .. `first + count - 1` of the columns, as records made when read. */
export function stepRecords(columns: StepColumns, first: number, count: number): readonly Step[] {
  const out = new Array<Step>(count);
  for (let i = 0; i < count; i++) out[i] = new StepRecord(columns, first + i);
  return out;
}

/** A closed exchange's ARP frames, likewise. */
export function arpRecords(columns: ArpColumns, first: number, count: number): readonly TransactionArp[] {
  const out = new Array<TransactionArp>(count);
  for (let i = 0; i < count; i++) out[i] = new ArpRecord(columns, first + i);
  return out;
}
