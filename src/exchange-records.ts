/**
 * A live session's closed exchange as a compact record instead of the report's plain object: the TUI holds every
 * exchange of a capture (97 000 on the DHCP-only benchmark). The plain one carries its xid and both times as
 * strings (about 130 bytes an exchange) and copies of lists the analyser made at their exact length; a record
 * keeps the numbers and the analyser's final lists, and makes the texts when a view or a filter reads them.
 * Its steps and ARP frames go to the session's columns as it closes (step-records.ts), read back as records the
 * first time its steps are read. Every field reads the same as `transactionOfState` would have made it
 * (test/exchange-records.test.ts), and JSON sees the plain object (toJSON).
 */
import type { TxState } from './analyze/types.js';
import { exchangeId } from './analyze/exchange.js';
import { diffMs, roundMs } from './analyze/time.js';
import { addressCheckOf, exchangeFacts, segmentOf } from './report/build.js';
import { isoTime, xidHex } from './report/format.js';
import type { AddressCheck, Step, Transaction, TransactionArp } from './report/types.js';
import { arpRecords, stepRecords, type ArpColumns, type StepColumns } from './step-records.js';

/** Where a live session's closed exchanges keep their steps and ARP frames (step-records.ts). */
export interface ClosedColumns {
  readonly steps: StepColumns;
  readonly arp: ArpColumns;
}

type Offer = Transaction['offers'][number];

/** What the records share when they hold nothing. */
const NO_NUMBERS: readonly number[] = Object.freeze([]);
const NO_OFFERS: readonly Offer[] = Object.freeze([]);
const NO_ARP: readonly TransactionArp[] = Object.freeze([]);

class ExchangeRecord implements Transaction {
  readonly #firstFrame: number;
  #id: string | undefined;
  readonly #xid: number;
  readonly clientMac: string;
  readonly clientId: string | undefined;
  readonly hostname: string | undefined;
  readonly vendorClass: string | undefined;
  readonly kind: Transaction['kind'];
  readonly outcome: Transaction['outcome'];
  readonly server: string | undefined;
  readonly offers: readonly Offer[];
  readonly selectedServer: string | undefined;
  readonly requestedIp: string | undefined;
  readonly assignedIp: string | undefined;
  readonly leaseSeconds: number | undefined;
  readonly relay: Transaction['relay'];
  readonly rapidCommit: true | undefined;
  readonly segment: Transaction['segment'];
  readonly vlan: readonly number[] | undefined;
  readonly nakMessage: string | undefined;
  // The times as numbers: two timestamp objects would cost more than the six fields.
  readonly #firstSec: number;
  readonly #firstNanos: number;
  readonly #firstDigits: number;
  readonly #lastSec: number;
  readonly #lastNanos: number;
  readonly #lastDigits: number;
  readonly durationMs: number;
  readonly latencyMs: Transaction['latencyMs'];
  /** Present only when the server checked addresses, as in the plain exchange. */
  declare readonly addressChecks?: readonly AddressCheck[];
  readonly #columns: ClosedColumns;
  /** Its steps' and ARP frames' first slots in the columns, and how many. */
  readonly #stepFirst: number;
  readonly #stepCount: number;
  readonly #arpFirst: number;
  readonly #arpCount: number;
  /** The records, made when first read and kept (a step is found again by identity: explain-selection.ts). */
  #steps: readonly Step[] | undefined;
  #arp: readonly TransactionArp[] | undefined;
  readonly arpFrames: readonly number[];

  constructor(tx: TxState, columns: ClosedColumns) {
    const steps = tx.steps;
    const first = steps[0]!.ts;
    const { latency, rapidCommit } = exchangeFacts(tx);
    this.#firstFrame = tx.firstFrame;
    this.#id = undefined;
    this.#xid = tx.xid;
    this.clientMac = tx.clientMac;
    this.clientId = tx.clientId;
    this.hostname = tx.hostname;
    this.vendorClass = tx.vendorClass;
    this.kind = tx.kind;
    this.outcome = tx.outcome;
    this.server = tx.server;
    this.offers = tx.offers.length === 0 ? NO_OFFERS : tx.offers.map((o) => ({ server: o.server, yiaddr: o.yiaddr, frame: o.frame }));
    this.selectedServer = tx.selectedServer;
    this.requestedIp = tx.requestedIp;
    this.assignedIp = tx.outcome === 'ACK' ? tx.assignedIp : undefined;
    this.leaseSeconds = tx.outcome === 'ACK' ? tx.leaseSeconds : undefined;
    // The analyser's state is final once the exchange closed, and nothing else keeps it: its lists can be shared.
    this.relay = tx.relay;
    this.rapidCommit = rapidCommit;
    this.segment = segmentOf(tx);
    this.vlan = tx.vlan.length > 0 ? tx.vlan : undefined;
    this.nakMessage = tx.nakMessage;
    this.#firstSec = first.sec;
    this.#firstNanos = first.nanos;
    this.#firstDigits = first.digits;
    this.#lastSec = tx.last.sec;
    this.#lastNanos = tx.last.nanos;
    this.#lastDigits = tx.last.digits;
    this.durationMs = roundMs(diffMs(tx.last, first));
    this.latencyMs = latency;
    if (tx.checks) Object.assign(this, { addressChecks: tx.checks.map(addressCheckOf) });
    this.#columns = columns;
    this.#stepFirst = columns.steps.size;
    this.#stepCount = steps.length;
    for (let i = 0; i < steps.length; i++) columns.steps.add(tx, steps[i]!);
    const arp = tx.arp;
    this.#arpFirst = columns.arp.size;
    this.#arpCount = arp.length;
    for (let i = 0; i < arp.length; i++) columns.arp.add(arp[i]!);
    const arpFrames = tx.arpFrames; // made from tx.arp each time it is read
    this.arpFrames = arpFrames.length === 0 ? NO_NUMBERS : arpFrames;
    this.#steps = undefined;
    this.#arp = arp.length === 0 ? NO_ARP : undefined;
  }

  get id(): string {
    return (this.#id ??= exchangeId(this.#firstFrame));
  }
  get steps(): readonly Step[] {
    return (this.#steps ??= stepRecords(this.#columns.steps, this.#stepFirst, this.#stepCount));
  }
  get arp(): readonly TransactionArp[] {
    return (this.#arp ??= arpRecords(this.#columns.arp, this.#arpFirst, this.#arpCount));
  }
  /** Its first step's frame (the report's order), without making its steps. */
  get firstFrame(): number {
    return this.#columns.steps.frame[this.#stepFirst]!;
  }

  get xid(): string {
    return xidHex(this.#xid);
  }
  get firstTime(): string {
    return isoTime({ sec: this.#firstSec, nanos: this.#firstNanos, digits: this.#firstDigits });
  }
  get lastTime(): string {
    return isoTime({ sec: this.#lastSec, nanos: this.#lastNanos, digits: this.#lastDigits });
  }

  /** As JSON, the plain exchange (its fields in the report's order, `addressChecks` only when there are some). */
  toJSON(): Transaction {
    return {
      id: this.id,
      xid: this.xid,
      clientMac: this.clientMac,
      clientId: this.clientId,
      hostname: this.hostname,
      vendorClass: this.vendorClass,
      kind: this.kind,
      outcome: this.outcome,
      server: this.server,
      offers: this.offers,
      selectedServer: this.selectedServer,
      requestedIp: this.requestedIp,
      assignedIp: this.assignedIp,
      leaseSeconds: this.leaseSeconds,
      relay: this.relay,
      rapidCommit: this.rapidCommit,
      segment: this.segment,
      vlan: this.vlan,
      nakMessage: this.nakMessage,
      firstTime: this.firstTime,
      lastTime: this.lastTime,
      durationMs: this.durationMs,
      latencyMs: this.latencyMs,
      ...(this.addressChecks ? { addressChecks: this.addressChecks } : {}),
      steps: this.steps,
      arpFrames: this.arpFrames,
      arp: this.arp,
    };
  }
}

/** A closed exchange (its analyser state final) as a compact record, its steps and ARP frames appended to `columns`. */
export function exchangeRecord(tx: TxState, columns: ClosedColumns): Transaction {
  return new ExchangeRecord(tx, columns);
}

/** An exchange's first frame (the report's order): a record's without making its steps. */
export function firstFrameOf(t: Transaction): number {
  return t instanceof ExchangeRecord ? t.firstFrame : t.steps[0]!.frame;
}
