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
import { isoTime, writeIsoTime, xidHex } from './format.js';
import type { JsonBytes, Key } from './json-bytes.js';
import { ARP, ENDPOINT, ITEM, LATENCY, OFFER, STEP, TX, endpoint, writeChecks } from './json-items.js';

export function writeTransactionState(w: JsonBytes, tx: TxState): void {
  const pretty = w.pretty;
  const k = pretty ? TX.pretty : TX.compact;
  const d = ITEM + 1;
  const first = tx.steps[0]!.ts;
  const { latency, rapidCommit } = exchangeFacts(tx);
  const acked = tx.outcome === 'ACK';
  w.open();
  w.field(k.id, tx.id, d);
  w.field(k.xid, xidHex(tx.xid), d);
  w.field(k.clientMac, tx.clientMac, d);
  w.field(k.clientId, tx.clientId, d);
  w.field(k.hostname, tx.hostname, d);
  w.field(k.vendorClass, tx.vendorClass, d);
  w.field(k.kind, tx.kind, d);
  w.field(k.outcome, tx.outcome, d);
  w.field(k.server, tx.server, d);
  const o = pretty ? OFFER.pretty : OFFER.compact;
  w.key(k.offers);
  w.openArray();
  for (const x of tx.offers) {
    w.item(d + 1);
    w.open();
    w.field(o.server, x.server, d + 2);
    w.field(o.yiaddr, x.yiaddr, d + 2);
    w.field(o.frame, x.frame, d + 2);
    w.close(d + 1);
  }
  w.closeArray(d);
  w.field(k.selectedServer, tx.selectedServer, d);
  w.field(k.requestedIp, tx.requestedIp, d);
  w.field(k.assignedIp, acked ? tx.assignedIp : undefined, d);
  w.field(k.leaseSeconds, acked ? tx.leaseSeconds : undefined, d);
  w.field(k.relay, tx.relay ? tx.relay : undefined, d);
  w.field(k.rapidCommit, rapidCommit, d);
  if (tx.tunnel) w.field(k.segment, segmentOf(tx), d);
  if (tx.vlan.length > 0) w.list(k.vlan, tx.vlan, d);
  w.field(k.nakMessage, tx.nakMessage, d);
  w.field(k.firstTime, isoTime(first), d);
  w.field(k.lastTime, isoTime(tx.last), d);
  w.field(k.durationMs, roundMs(diffMs(tx.last, first)), d);
  const l = pretty ? LATENCY.pretty : LATENCY.compact;
  w.key(k.latencyMs);
  w.open();
  w.field(l.offer, latency.offer, d + 1);
  w.field(l.ack, latency.ack, d + 1);
  w.field(l.check, latency.check, d + 1);
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
    w.field(s.frame, x.frame, d + 2);
    time(w, s.time, x.ts);
    w.key(s.epoch);
    w.micros(epochMicros(x.ts));
    w.field(s.messageType, x.messageType, d + 2);
    w.field(s.direction, x.direction, d + 2);
    endpoint(w, s.from, e, x.fromMac, x.fromIp, d + 2);
    endpoint(w, s.to, e, x.toMac, x.toIp, d + 2);
    w.field(s.l2, x.l2, d + 2);
    w.field(s.l3, x.l3, d + 2);
    w.field(s.broadcastFlag, x.broadcastFlag, d + 2);
    w.field(s.expectedDelivery, x.expectedDelivery, d + 2);
    w.field(s.deliveryOk, x.deliveryOk, d + 2);
    w.field(s.retransmission, x.retransmission, d + 2);
    w.field(s.server, x.server, d + 2);
    w.field(s.yiaddr, x.yiaddr, d + 2);
    w.field(s.relayed, x.relayed ? true : undefined, d + 2);
    w.field(s.icmpUnreachable, x.icmpUnreachable ? true : undefined, d + 2);
    w.field(s.duplicate, x.duplicate ? true : undefined, d + 2);
    w.field(s.note, x.note ?? (tx.checks ? checkNote(tx, x.frame) : undefined), d + 2);
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
    w.field(a.frame, x.frame, d + 2);
    time(w, a.time, x.ts);
    w.key(a.epoch);
    w.micros(epochMicros(x.ts));
    w.field(a.kind, x.kind, d + 2);
    w.field(a.senderMac, x.senderMac, d + 2);
    w.field(a.senderIp, x.senderIp, d + 2);
    w.field(a.targetIp, x.targetIp, d + 2);
    w.field(a.fromOther, x.fromOther, d + 2);
    w.close(d + 1);
  }
  w.closeArray(d);
  w.close(ITEM);
}

const QUOTE = 0x22;

/** A time's key and its ISO text as a JSON string (isoTime's text needs no escaping). */
function time(w: JsonBytes, key: Key, ts: Timestamp): void {
  w.key(key);
  w.byte(QUOTE);
  writeIsoTime(w, ts);
  w.byte(QUOTE);
}
