/**
 * A transaction written as JSON bytes straight from the analyser's state: the bytes JSON.stringify writes for
 * `transactionOfState(tx)`, without the Transaction object, its steps and their endpoints in between. The JSON outputs of the DHCP-only benchmark converted 97 000 exchanges (200 MB of
 * objects, a tenth of the run's CPU) only to write them once. Fields and their order follow transactionOfState;
 * test/report/transaction-bytes.test.ts holds the two to the same bytes on every capture.
 *
 * Steps and ARP frames, nine tenths of the bytes, are written from runs made ahead of time (step-runs.ts): the
 * keys and fixed values between two values of a step are one copy rather than a call per key and per value.
 */
import { RULE, ruleText } from '../analyze/delivery.js';
import { Exchange } from '../analyze/exchange.js';
import { DUPLICATE, ICMP_UNREACHABLE, RELAYED, RULE_AT, StepView, type StepStore } from '../analyze/step-store.js';
import { diffMs, roundMs } from '../analyze/time.js';
import type { Timestamp } from '../analyze/time.js';
import type { TxArp, TxState, TxStep } from '../analyze/types.js';
import { checkNote, epochMicros, exchangeFactsInto, segmentOf, type ExchangeFacts } from './build.js';
import { epochMicrosOf, writeIsoTimeOf, writeXidHex } from './format.js';
import type { JsonBytes, Key } from './json-bytes.js';
import { ARP, ENDPOINT, ITEM, LATENCY, OFFER, STEP, TX, endpoint, timeField, writeChecks } from './json-items.js';
import { arpRuns, stepRuns, type ArpRuns, type ItemRuns, type StepRuns } from './step-runs.js';

const QUOTE = 0x22;
const ID_START = Buffer.from('"T');
/** The highest delivery rule (delivery.ts RULE). */
const MAX_RULE = RULE.TO_YIADDR;
/** Filled anew for each exchange written. */
const FACTS: ExchangeFacts = { offer: undefined, ack: undefined, check: undefined, rapidCommit: undefined };

export function writeTransactionState(w: JsonBytes, tx: TxState): void {
  const pretty = w.pretty;
  const k = pretty ? TX.pretty : TX.compact;
  const d = ITEM + 1;
  // The analyser makes the lists of steps and ARP frames when asked for them: asked once.
  const steps = tx.steps;
  const first = steps[0]!.ts;
  const facts = exchangeFactsInto(tx, FACTS, steps);
  const acked = tx.outcome === 'ACK';
  w.open();
  // An exchange's id is `T` and its first frame (exchangeId): written from the number, no text made.
  if (tx instanceof Exchange) {
    w.key(k.id);
    w.raw(ID_START);
    w.num(tx.firstFrame);
    w.byte(QUOTE);
  } else w.strField(k.id, tx.id);
  w.key(k.xid);
  w.byte(QUOTE);
  writeXidHex(w, tx.xid);
  w.byte(QUOTE);
  w.strField(k.clientMac, tx.clientMac);
  w.strField(k.clientId, tx.clientId);
  w.strField(k.hostname, tx.hostname);
  w.strField(k.vendorClass, tx.vendorClass);
  w.strField(k.kind, tx.kind);
  w.strField(k.outcome, tx.outcome);
  w.strField(k.server, tx.server);
  const o = pretty ? OFFER.pretty : OFFER.compact;
  w.key(k.offers);
  w.openArray();
  for (const x of tx.offers) {
    w.item(d + 1);
    w.open();
    w.strField(o.server, x.server);
    w.strField(o.yiaddr, x.yiaddr);
    w.numField(o.frame, x.frame);
    w.close(d + 1);
  }
  w.closeArray(d);
  w.strField(k.selectedServer, tx.selectedServer);
  w.strField(k.requestedIp, tx.requestedIp);
  if (acked) {
    w.strField(k.assignedIp, tx.assignedIp);
    w.numField(k.leaseSeconds, tx.leaseSeconds);
  }
  if (tx.relay) w.field(k.relay, tx.relay, d);
  w.boolField(k.rapidCommit, facts.rapidCommit);
  if (tx.tunnel) w.field(k.segment, segmentOf(tx), d);
  if (tx.vlan.length > 0) w.list(k.vlan, tx.vlan, d);
  w.strField(k.nakMessage, tx.nakMessage);
  timeField(w, k.firstTime, first);
  const last = tx.last;
  timeField(w, k.lastTime, last);
  msField(w, k.durationMs, roundMs(diffMs(last, first)));
  const l = pretty ? LATENCY.pretty : LATENCY.compact;
  w.key(k.latencyMs);
  w.open();
  msField(w, l.offer, facts.offer);
  msField(w, l.ack, facts.ack);
  msField(w, l.check, facts.check);
  w.close(d);
  if (tx.checks) {
    w.key(k.addressChecks);
    writeChecks(w, tx.checks);
  }
  const runs = stepRuns(pretty);
  w.key(k.steps);
  w.openArray();
  // The analyser's own steps are read from its store's columns; any other (a test's plain objects) field by field.
  const store = tx instanceof Exchange ? tx.store : undefined;
  for (const x of steps) {
    w.item(d + 1);
    if (store !== undefined && x instanceof StepView && writeStoredStep(w, runs, store, x, tx)) continue;
    const note = x.note ?? (tx.checks ? checkNote(tx, x.frame) : undefined);
    if (!writeStep(w, runs, x, note)) writeStepField(w, x, note, d);
  }
  w.closeArray(d);
  w.list(k.arpFrames, tx.arpFrames, d);
  const arp = arpRuns(pretty);
  w.key(k.arp);
  w.openArray();
  for (const x of tx.arp) {
    w.item(d + 1);
    if (!writeArp(w, arp, x)) writeArpField(w, x, d);
  }
  w.closeArray(d);
  w.close(ITEM);
}

/** A duration in milliseconds as roundMs made it (left out when undefined). */
function msField(w: JsonBytes, key: Key, ms: number | undefined): void {
  if (ms === undefined) return;
  w.key(key);
  w.thousandths(ms);
}

/** The frame, time and epoch that open every step and ARP frame, from the `{` to the epoch's value. */
function head(w: JsonBytes, r: ItemRuns, frame: number, ts: Timestamp): void {
  w.raw(r.frame);
  w.num(frame);
  w.raw(r.time);
  writeIsoTimeOf(w, ts.sec, ts.nanos, ts.digits);
  w.raw(r.epoch);
  w.micros(epochMicros(ts));
}

/**
 * A step from its runs, after its item separator; false, with nothing written, when one of its values is not
 * one the runs were made for (a field that is not a plain string or boolean where the analyser puts one).
 */
function writeStep(w: JsonBytes, r: StepRuns, x: TxStep, note: string | undefined): boolean {
  const what = r.what(x.type, x.messageType, x.direction);
  const classes = r.classes(x.l2, x.l3, x.broadcastFlag);
  const delivery = r.delivery(x.deliveryOk, x.retransmission);
  const expected = x.expectedDelivery;
  if (what === undefined || classes === undefined || delivery === undefined || typeof expected !== 'string') return false;
  head(w, r, x.frame, x.ts);
  w.raw(what);
  w.strOrNull(x.fromMac);
  w.raw(r.ip);
  w.str(x.fromIp);
  w.raw(r.to);
  w.strOrNull(x.toMac);
  w.raw(r.ip);
  w.str(x.toIp);
  w.raw(classes);
  w.str(expected);
  w.run(delivery);
  stepTail(w, r.keys, x, note);
  w.close(ITEM + 2);
  return true;
}

/**
 * A step of the analyser's store, read from its columns (step-store.ts): its packed facts choose the runs, its
 * texts are the store's; false, with nothing written, when its facts are not ones the runs were made for.
 */
function writeStoredStep(w: JsonBytes, r: StepRuns, s: StepStore, x: StepView, tx: TxState): boolean {
  const i = x.slot;
  const bits = s.bits[i]!;
  const what = r.whatOfBits(bits);
  const classes = r.classesOfBits(bits);
  if (what === undefined || classes === undefined || bits >>> RULE_AT > MAX_RULE) return false;
  const frame = s.frame[i]!;
  const sec = s.sec[i]!;
  const nanos = s.nanos[i]!;
  w.raw(r.frame);
  w.num(frame);
  w.raw(r.time);
  writeIsoTimeOf(w, sec, nanos, s.digits[i]!);
  w.raw(r.epoch);
  w.micros(epochMicrosOf(sec, nanos));
  w.raw(what);
  w.strOrNull(s.fromMac[i]!);
  w.raw(r.ip);
  w.str(s.fromIp[i]!);
  w.raw(r.to);
  w.strOrNull(s.toMac[i]!);
  w.raw(r.ip);
  w.str(s.toIp[i]!);
  w.raw(classes);
  const expected = r.expectedOfBits(bits);
  if (expected !== undefined) w.run(expected);
  else {
    const ip = s.ruleIp[i];
    const parts = r.addressRuleOfBits(bits);
    // The address goes between the rule's own words unless it would need escaping (never, from a packet).
    if (parts === undefined || ip === undefined || !w.inString(parts.before, ip, parts.after)) w.str(ruleText(bits >>> RULE_AT, ip));
    w.run(r.deliveryOfBits(bits));
  }
  const k = r.keys;
  w.strField(k.server, s.server[i]);
  w.strField(k.yiaddr, s.yiaddr[i]);
  if ((bits & RELAYED) !== 0) w.boolField(k.relayed, true);
  if ((bits & ICMP_UNREACHABLE) !== 0) w.boolField(k.icmpUnreachable, true);
  if ((bits & DUPLICATE) !== 0) w.boolField(k.duplicate, true);
  // The store's own notes (a duplicate, a quoted step) are the view's texts; else an OFFER's after address checks.
  w.strField(k.note, (bits & (ICMP_UNREACHABLE | DUPLICATE)) !== 0 ? x.note : tx.checks ? checkNote(tx, frame) : undefined);
  w.close(ITEM + 2);
  return true;
}

/** What follows a step's delivery: the fields most steps leave out. */
function stepTail(w: JsonBytes, s: typeof STEP.pretty, x: TxStep, note: string | undefined): void {
  w.strField(s.server, x.server);
  w.strField(s.yiaddr, x.yiaddr);
  if (x.relayed) w.boolField(s.relayed, true);
  if (x.icmpUnreachable) w.boolField(s.icmpUnreachable, true);
  if (x.duplicate) w.boolField(s.duplicate, true);
  w.strField(s.note, note);
}

/** A step field by field, whatever its values (see writeStep). */
function writeStepField(w: JsonBytes, x: TxStep, note: string | undefined, d: number): void {
  const s = w.pretty ? STEP.pretty : STEP.compact;
  const e = w.pretty ? ENDPOINT.pretty : ENDPOINT.compact;
  w.open();
  w.numField(s.frame, x.frame);
  timeField(w, s.time, x.ts);
  w.key(s.epoch);
  w.micros(epochMicros(x.ts));
  w.strField(s.messageType, x.messageType);
  w.strField(s.direction, x.direction);
  endpoint(w, s.from, e, x.fromMac, x.fromIp, d + 2);
  endpoint(w, s.to, e, x.toMac, x.toIp, d + 2);
  w.strField(s.l2, x.l2);
  w.strField(s.l3, x.l3);
  w.boolField(s.broadcastFlag, x.broadcastFlag);
  w.strField(s.expectedDelivery, x.expectedDelivery);
  w.boolField(s.deliveryOk, x.deliveryOk);
  w.boolField(s.retransmission, x.retransmission);
  stepTail(w, s, x, note);
  w.close(d + 1);
}

/** An ARP frame from its runs, after its item separator; false, with nothing written, as writeStep. */
function writeArp(w: JsonBytes, r: ArpRuns, x: TxArp): boolean {
  const kind = r.kind(x.kind);
  const end = r.end(x.fromOther);
  if (kind === undefined || end === undefined) return false;
  head(w, r, x.frame, x.ts);
  w.raw(kind);
  w.str(x.senderMac);
  w.raw(r.senderIp);
  w.str(x.senderIp);
  w.raw(r.targetIp);
  w.str(x.targetIp);
  w.run(end);
  return true;
}

/** An ARP frame field by field, whatever its values (see writeArp). */
function writeArpField(w: JsonBytes, x: TxArp, d: number): void {
  const a = w.pretty ? ARP.pretty : ARP.compact;
  w.open();
  w.numField(a.frame, x.frame);
  timeField(w, a.time, x.ts);
  w.key(a.epoch);
  w.micros(epochMicros(x.ts));
  w.strField(a.kind, x.kind);
  w.strField(a.senderMac, x.senderMac);
  w.strField(a.senderIp, x.senderIp);
  w.strField(a.targetIp, x.targetIp);
  w.boolField(a.fromOther, x.fromOther);
  w.close(d + 1);
}
