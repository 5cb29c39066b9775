/**
 * A closed exchange as the text timeline reads it (render/text.ts): the values of its header and of each of its
 * lines, in columns that are filled again for every exchange.
 *
 * The unfiltered `--text` run fills it straight from the analyser's state as each exchange closes: no
 * Transaction with its steps, endpoints and time texts is made only to be printed once (97 000 exchanges and
 * 240 000 steps on the DHCP-only benchmark). A whole report fills it from its Transactions. The timeline is
 * written from it either way, so both read the same; test/report/timeline.test.ts holds the two fillings to
 * the same values on every capture.
 */
import type { DbMatch } from '../analyze/leasedb.js';
import type { LeaseState, TxState } from '../analyze/types.js';
import { addressCheckOf, checkNote, epochOfStep, segmentLabel } from './build.js';
import { epochMicrosOf, isoTime, isoTimeOf, xidHex } from './format.js';
import { Exchange } from '../analyze/exchange.js';
import { StepView } from '../analyze/step-store.js';
import { leaseDatabaseOf } from './item-bytes.js';
import type { AddressCheck, Lease, Outcome, Step, Transaction, TransactionArp, TransactionKind } from './types.js';

/** Step flags, one number per step. */
export const STEP_DUPLICATE = 1;
export const STEP_DELIVERY_OK = 2;
export const STEP_BROADCAST_FLAG = 4;
export const STEP_RETRANSMISSION = 8;

const NO_CHECKS: readonly AddressCheck[] = [];

export class TimelineExchange {
  id = '';
  kind: TransactionKind = 'DORA';
  clientMac = '';
  hostname: string | undefined;
  xid = '';
  outcome: Outcome = 'ACK';
  assignedIp: string | undefined;
  server: string | undefined;
  leaseSeconds: number | undefined;
  offers = 0;
  /** The relay's giaddr, when the exchange was relayed. */
  relay: string | undefined;
  /** The overlay path (the segment's label), when the client was seen inside one. */
  segment: string | undefined;
  vlan: readonly number[] | undefined;
  nakMessage: string | undefined;

  /** Steps, in the exchange's order: [0, steps) of each step column. */
  steps = 0;
  readonly stepFrame: number[] = [];
  readonly stepEpoch: number[] = [];
  readonly stepFromMac: (string | null | undefined)[] = [];
  readonly stepFromIp: string[] = [];
  readonly stepToIp: string[] = [];
  readonly stepType: string[] = [];
  readonly stepL3: Step['l3'][] = [];
  /** STEP_* bits. */
  readonly stepFlags: number[] = [];
  /** The delivery expected, when the step's was not (else ''). */
  readonly stepExpected: string[] = [];
  readonly stepYiaddr: (string | undefined)[] = [];
  readonly stepNote: (string | undefined)[] = [];
  /** The earliest step time (Infinity for none): the timeline counts from the earliest of all. */
  earliestStep = Infinity;

  /** ARP frames, in the exchange's order: [0, arps) of each ARP column. */
  arps = 0;
  readonly arpFrame: number[] = [];
  readonly arpEpoch: number[] = [];
  readonly arpKind: TransactionArp['kind'][] = [];
  readonly arpSenderMac: string[] = [];
  readonly arpSenderIp: string[] = [];
  readonly arpTargetIp: string[] = [];
  readonly arpFromOther: boolean[] = [];

  /** The server's own checks of addresses (few exchanges have any). */
  checks: readonly AddressCheck[] = NO_CHECKS;

  /** Filled from the analyser's state: the values `transactionOfState(tx)` holds. */
  fromState(tx: TxState): this {
    const acked = tx.outcome === 'ACK';
    this.header(tx.id, tx.kind, tx.clientMac, tx.hostname, xidHex(tx.xid), tx.outcome);
    this.assignedIp = acked ? tx.assignedIp : undefined;
    this.server = tx.server;
    this.leaseSeconds = acked ? tx.leaseSeconds : undefined;
    this.offers = tx.offers.length;
    this.relay = tx.relay ? tx.relay.giaddr : undefined;
    this.segment = tx.tunnel ? segmentLabel(tx.tunnel, tx.vlan) : undefined;
    this.vlan = tx.vlan.length > 0 ? tx.vlan : undefined;
    this.nakMessage = tx.nakMessage;
    const steps = tx.steps;
    this.steps = steps.length;
    // The analyser's own steps: their times read from its store's columns, no timestamp made per step.
    const store = tx instanceof Exchange ? tx.store : undefined;
    let earliest = Infinity;
    for (let i = 0; i < steps.length; i++) {
      const s = steps[i]!;
      const epoch = store !== undefined && s instanceof StepView ? epochMicrosOf(store.sec[s.slot]!, store.nanos[s.slot]!) / 1e6 : epochOfStep(s.ts);
      if (epoch < earliest) earliest = epoch;
      const ok = s.deliveryOk;
      // What delivery was expected is shown only when it was not met (the analyser makes the text when read).
      this.step(i, s.frame, epoch, s.fromMac, s.fromIp, s.toIp, s.messageType, s.l3, ok ? '' : s.expectedDelivery, s.yiaddr);
      this.stepFlags[i] = flags(s.duplicate, ok, s.broadcastFlag, s.retransmission);
      this.stepNote[i] = s.note ?? (tx.checks ? checkNote(tx, s.frame) : undefined);
    }
    this.earliestStep = earliest;
    const arp = tx.arp;
    this.arps = arp.length;
    for (let i = 0; i < arp.length; i++) {
      const a = arp[i]!;
      this.arpLine(i, a.frame, epochOfStep(a.ts), a.kind, a.senderMac, a.senderIp, a.targetIp, a.fromOther);
    }
    this.checks = tx.checks ? tx.checks.map(addressCheckOf) : NO_CHECKS;
    return this;
  }

  /** Filled from a report's Transaction. */
  fromTransaction(t: Transaction): this {
    this.header(t.id, t.kind, t.clientMac, t.hostname, t.xid, t.outcome);
    this.assignedIp = t.assignedIp;
    this.server = t.server;
    this.leaseSeconds = t.leaseSeconds;
    this.offers = t.offers.length;
    this.relay = t.relay ? t.relay.giaddr : undefined;
    this.segment = t.segment ? t.segment.label : undefined;
    this.vlan = t.vlan;
    this.nakMessage = t.nakMessage;
    const steps = t.steps;
    this.steps = steps.length;
    let earliest = Infinity;
    for (let i = 0; i < steps.length; i++) {
      const s = steps[i]!;
      if (s.epoch < earliest) earliest = s.epoch;
      this.step(i, s.frame, s.epoch, s.from.mac, s.from.ip, s.to.ip, s.messageType, s.l3, s.deliveryOk ? '' : s.expectedDelivery, s.yiaddr);
      this.stepFlags[i] = flags(s.duplicate === true, s.deliveryOk, s.broadcastFlag, s.retransmission);
      this.stepNote[i] = s.note;
    }
    this.earliestStep = earliest;
    const arp = t.arp;
    this.arps = arp.length;
    for (let i = 0; i < arp.length; i++) {
      const a = arp[i]!;
      this.arpLine(i, a.frame, a.epoch, a.kind, a.senderMac, a.senderIp, a.targetIp, a.fromOther);
    }
    this.checks = t.addressChecks ?? NO_CHECKS;
    return this;
  }

  private header(id: string, kind: TransactionKind, clientMac: string, hostname: string | undefined, xid: string, outcome: Outcome): void {
    this.id = id;
    this.kind = kind;
    this.clientMac = clientMac;
    this.hostname = hostname;
    this.xid = xid;
    this.outcome = outcome;
  }

  private step(
    i: number,
    frame: number,
    epoch: number,
    fromMac: string | null | undefined,
    fromIp: string,
    toIp: string,
    type: string,
    l3: Step['l3'],
    expected: string,
    yiaddr: string | undefined,
  ): void {
    this.stepFrame[i] = frame;
    this.stepEpoch[i] = epoch;
    this.stepFromMac[i] = fromMac;
    this.stepFromIp[i] = fromIp;
    this.stepToIp[i] = toIp;
    this.stepType[i] = type;
    this.stepL3[i] = l3;
    this.stepExpected[i] = expected;
    this.stepYiaddr[i] = yiaddr;
  }

  private arpLine(i: number, frame: number, epoch: number, kind: TransactionArp['kind'], senderMac: string, senderIp: string, targetIp: string, fromOther: boolean): void {
    this.arpFrame[i] = frame;
    this.arpEpoch[i] = epoch;
    this.arpKind[i] = kind;
    this.arpSenderMac[i] = senderMac;
    this.arpSenderIp[i] = senderIp;
    this.arpTargetIp[i] = targetIp;
    this.arpFromOther[i] = fromOther;
  }
}

function flags(duplicate: boolean, deliveryOk: boolean, broadcastFlag: boolean, retransmission: boolean): number {
  return (duplicate ? STEP_DUPLICATE : 0) | (deliveryOk ? STEP_DELIVERY_OK : 0) | (broadcastFlag ? STEP_BROADCAST_FLAG : 0) | (retransmission ? STEP_RETRANSMISSION : 0);
}

/**
 * A lease as the timeline's lease table reads it, filled again for every row: from the analyser's state (the
 * unfiltered `--text` run goes over 26 000 leases twice, for the column widths and then the rows) or from a
 * report's Lease. Its values are the Lease's that `leaseOf` makes.
 */
export class LeaseRow {
  ip = '';
  segment: string | undefined;
  mac = '';
  hostname: string | undefined;
  server = '';
  start = '';
  end: string | null = null;
  state: Lease['state'] = 'active';
  renewals = 0;
  database: Lease['database'];

  fromState(l: LeaseState, db: DbMatch | undefined, segment: string | undefined): this {
    this.ip = l.ip;
    this.segment = segment;
    this.mac = l.mac;
    this.hostname = l.hostname;
    this.server = l.server;
    this.start = isoTime(l.start);
    this.end = l.leaseSeconds === null ? null : isoTimeOf(l.lastAck.sec + l.leaseSeconds, l.lastAck.nanos, l.lastAck.digits);
    this.state = l.state;
    this.renewals = l.renewals;
    this.database = db ? leaseDatabaseOf(db) : undefined;
    return this;
  }

  fromLease(l: Lease): this {
    this.ip = l.ip;
    this.segment = l.segment;
    this.mac = l.mac;
    this.hostname = l.hostname;
    this.server = l.server;
    this.start = l.start;
    this.end = l.end;
    this.state = l.state;
    this.renewals = l.renewals;
    this.database = l.database;
    return this;
  }
}
