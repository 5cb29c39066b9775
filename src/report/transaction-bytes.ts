/**
 * A transaction written as JSON bytes straight from the analyser's state: the bytes JSON.stringify writes for
 * `transactionOfState(tx)`, without the Transaction object, its steps and their endpoints in between. The JSON outputs of the DHCP-only benchmark converted 97 000 exchanges (200 MB of
 * objects, a tenth of the run's CPU) only to write them once. Fields and their order follow transactionOfState;
 * test/report/transaction-bytes.test.ts holds the two to the same bytes on every capture.
 */
import { diffMs, roundMs } from '../analyze/time.js';
import type { Timestamp } from '../analyze/time.js';
import type { TxState } from '../analyze/types.js';
import { addressCheckOf, checkNote, epochMicros, exchangeFacts, segmentOf } from './build.js';
import { xidHex } from './format.js';
import type { JsonBytes, Key } from './json-bytes.js';
import { ARP, ENDPOINT, ITEM, LATENCY, OFFER, STEP, TX, endpoint, timeField, writeChecks } from './json-items.js';

export function writeTransactionState(w: JsonBytes, tx: TxState): void {
  const pretty = w.pretty;
  const k = pretty ? TX.pretty : TX.compact;
  const d = ITEM + 1;
  const first = tx.steps[0]!.ts;
  const { latency, rapidCommit } = exchangeFacts(tx);
  const acked = tx.outcome === 'ACK';
  w.open();
  w.strField(k.id, tx.id);
  w.strField(k.xid, xidHex(tx.xid));
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
  w.boolField(k.rapidCommit, rapidCommit);
  if (tx.tunnel) w.field(k.segment, segmentOf(tx), d);
  if (tx.vlan.length > 0) w.list(k.vlan, tx.vlan, d);
  w.strField(k.nakMessage, tx.nakMessage);
  timeField(w, k.firstTime, first);
  timeField(w, k.lastTime, tx.last);
  w.numField(k.durationMs, roundMs(diffMs(tx.last, first)));
  const l = pretty ? LATENCY.pretty : LATENCY.compact;
  w.key(k.latencyMs);
  w.open();
  w.numField(l.offer, latency.offer);
  w.numField(l.ack, latency.ack);
  w.numField(l.check, latency.check);
  w.close(d);
  if (tx.checks) {
    w.key(k.addressChecks);
    writeChecks(w, tx.checks.map(addressCheckOf));
  }
  const s = pretty ? STEP.pretty : STEP.compact;
  const e = pretty ? ENDPOINT.pretty : ENDPOINT.compact;
  w.key(k.steps);
  w.openArray();
  for (const x of tx.steps) {
    w.item(d + 1);
    w.open();
    frameAndTime(w, s, x.frame, x.ts);
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
    w.strField(s.server, x.server);
    w.strField(s.yiaddr, x.yiaddr);
    if (x.relayed) w.boolField(s.relayed, true);
    if (x.icmpUnreachable) w.boolField(s.icmpUnreachable, true);
    if (x.duplicate) w.boolField(s.duplicate, true);
    w.strField(s.note, x.note ?? (tx.checks ? checkNote(tx, x.frame) : undefined));
    w.close(d + 1);
  }
  w.closeArray(d);
  w.list(k.arpFrames, tx.arpFrames, d);
  const a = pretty ? ARP.pretty : ARP.compact;
  w.key(k.arp);
  w.openArray();
  for (const x of tx.arp) {
    w.item(d + 1);
    w.open();
    frameAndTime(w, a, x.frame, x.ts);
    w.strField(a.kind, x.kind);
    w.strField(a.senderMac, x.senderMac);
    w.strField(a.senderIp, x.senderIp);
    w.strField(a.targetIp, x.targetIp);
    w.boolField(a.fromOther, x.fromOther);
    w.close(d + 1);
  }
  w.closeArray(d);
  w.close(ITEM);
}

type FrameTimeKeys = { readonly frame: Key; readonly time: Key; readonly epoch: Key };

/** The frame, time and epoch that open every step and ARP frame of an exchange. */
function frameAndTime(w: JsonBytes, k: FrameTimeKeys, frame: number, ts: Timestamp): void {
  w.numField(k.frame, frame);
  timeField(w, k.time, ts);
  w.key(k.epoch);
  w.micros(epochMicros(ts));
}
