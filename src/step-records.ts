/**
 * A live session's closed exchanges keep their steps and ARP frames in compact records instead of the report's
 * plain objects: the TUI holds every exchange of a capture (240 000 steps on the DHCP-only benchmark), and a
 * plain step with its time text, epoch and endpoint objects took about 360 bytes (Node's V8 keeps 8-byte
 * fields), the analyser's own step with its timestamp 250. A record keeps the values once, the flags,
 * direction, L2 and L3 class and message type in one number, and makes the time text, epoch and endpoints
 * when a view or a filter reads them; every field reads the same as `stepOfState` / `arpOfState` would have
 * made it (test/step-records.test.ts).
 */
import type { TxArp, TxState, TxStep } from './analyze/types.js';
import { checkNote, epochOfStep, type StepMakers } from './report/build.js';
import { isoTime } from './report/format.js';
import type { Step, TransactionArp } from './report/types.js';
import {
  BROADCAST_FLAG as BROADCAST,
  DELIVERY_OK,
  DUPLICATE,
  ICMP_UNREACHABLE,
  RELAYED,
  RETRANSMISSION,
} from './analyze/steps.js';

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

class StepRecord implements Step {
  readonly frame: number;
  readonly #sec: number;
  readonly #nanos: number;
  readonly #digits: number;
  readonly #fromMac: string | null;
  readonly #fromIp: string;
  readonly #toMac: string | null;
  readonly #toIp: string;
  readonly expectedDelivery: string;
  readonly server: string | undefined;
  readonly yiaddr: string | undefined;
  readonly #flags: number;
  readonly note: string | undefined;

  constructor(s: TxStep, note: string | undefined) {
    this.frame = s.frame;
    this.#sec = s.ts.sec;
    this.#nanos = s.ts.nanos;
    this.#digits = s.ts.digits;
    this.#fromMac = s.fromMac;
    this.#fromIp = s.fromIp;
    this.#toMac = s.toMac;
    this.#toIp = s.toIp;
    this.expectedDelivery = s.expectedDelivery;
    this.server = s.server;
    this.yiaddr = s.yiaddr;
    this.#flags =
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
    this.note = note;
  }

  get time(): string {
    return isoTime({ sec: this.#sec, nanos: this.#nanos, digits: this.#digits });
  }
  get epoch(): number {
    return epochOfStep({ sec: this.#sec, nanos: this.#nanos, digits: this.#digits });
  }
  get messageType(): string {
    return typeNames[this.#flags >>> TYPE_AT]!;
  }
  get direction(): Step['direction'] {
    return DIRECTIONS[(this.#flags >>> DIRECTION_AT) & 3]!;
  }
  get l2(): Step['l2'] {
    return L2[(this.#flags >>> L2_AT) & 3]!;
  }
  get l3(): Step['l3'] {
    return L3[(this.#flags >>> L3_AT) & 3]!;
  }
  get from(): Step['from'] {
    return { mac: this.#fromMac, ip: this.#fromIp };
  }
  get to(): Step['to'] {
    return { mac: this.#toMac, ip: this.#toIp };
  }
  get broadcastFlag(): boolean {
    return (this.#flags & BROADCAST) !== 0;
  }
  get deliveryOk(): boolean {
    return (this.#flags & DELIVERY_OK) !== 0;
  }
  get retransmission(): boolean {
    return (this.#flags & RETRANSMISSION) !== 0;
  }
  get relayed(): true | undefined {
    return this.#flags & RELAYED ? true : undefined;
  }
  get icmpUnreachable(): true | undefined {
    return this.#flags & ICMP_UNREACHABLE ? true : undefined;
  }
  get duplicate(): true | undefined {
    return this.#flags & DUPLICATE ? true : undefined;
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

class ArpRecord implements TransactionArp {
  readonly frame: number;
  readonly #sec: number;
  readonly #nanos: number;
  readonly #digits: number;
  readonly kind: TransactionArp['kind'];
  readonly senderMac: string;
  readonly senderIp: string;
  readonly targetIp: string;
  readonly fromOther: boolean;

  constructor(x: TxArp) {
    this.frame = x.frame;
    this.#sec = x.ts.sec;
    this.#nanos = x.ts.nanos;
    this.#digits = x.ts.digits;
    this.kind = x.kind;
    this.senderMac = x.senderMac;
    this.senderIp = x.senderIp;
    this.targetIp = x.targetIp;
    this.fromOther = x.fromOther;
  }

  get time(): string {
    return isoTime({ sec: this.#sec, nanos: this.#nanos, digits: this.#digits });
  }
  get epoch(): number {
    return epochOfStep({ sec: this.#sec, nanos: this.#nanos, digits: this.#digits });
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

/** For `transactionWithSteps`: a closed exchange's steps as compact records (its analyser state is final by then). */
export const STEP_RECORDS: StepMakers = {
  step: (tx: TxState, s: TxStep) => new StepRecord(s, s.note ?? (tx.checks ? checkNote(tx, s.frame) : undefined)),
  arp: (x: TxArp) => new ArpRecord(x),
};
