/**
 * The keys and shared pieces of the report's long lists as JSON bytes (json-bytes.ts): a transaction's keys,
 * which transaction-bytes.ts writes straight from the analyser's state, the address checks, endpoints and times
 * they hold, and the item depth that item-bytes.ts (leases, clients, ARP bindings) writes at.
 *
 * The keys go in the order report/build.ts makes them, which is the order JSON.stringify writes them in; a key
 * whose value is undefined is left out, as JSON.stringify leaves it out. test/report/transaction-bytes.test.ts and
 * item-bytes.test.ts hold every writer to JSON.stringify's bytes on real captures and on hostile text, so a field
 * added to the report and not here fails there.
 */
import type { AddressCheckState } from '../analyze/address-checks.js';
import { roundMs, type Timestamp } from '../analyze/time.js';
import { epochMicrosOf, writeIsoTimeOf } from './format.js';
import { keysAt, type JsonBytes, type Key } from './json-bytes.js';

/** A top-level list's items are at depth 2 of the report (`{` → `"transactions": [` → the item). */
export const ITEM = 2;

export const TX = keysAt(ITEM + 1, [
  'id', 'xid', 'clientMac', 'clientId', 'hostname', 'vendorClass', 'kind', 'outcome', 'server', 'offers', 'selectedServer',
  'requestedIp', 'assignedIp', 'leaseSeconds', 'relay', 'rapidCommit', 'segment', 'vlan', 'nakMessage', 'firstTime', 'lastTime',
  'durationMs', 'latencyMs', 'addressChecks', 'steps', 'arpFrames', 'arp',
] as const);
export const OFFER = keysAt(ITEM + 3, ['server', 'yiaddr', 'frame'] as const);
export const LATENCY = keysAt(ITEM + 2, ['offer', 'ack', 'check'] as const);
export const CHECK = keysAt(ITEM + 3, ['server', 'ip', 'methods', 'frames', 'answered', 'answerFrames', 'answerMac', 'time', 'epoch', 'durationMs', 'offered'] as const);
export const STEP = keysAt(ITEM + 3, [
  'frame', 'time', 'epoch', 'messageType', 'direction', 'from', 'to', 'l2', 'l3', 'broadcastFlag', 'expectedDelivery', 'deliveryOk',
  'retransmission', 'server', 'yiaddr', 'relayed', 'icmpUnreachable', 'duplicate', 'note',
] as const);
export const ENDPOINT = keysAt(ITEM + 4, ['mac', 'ip'] as const);
export const ARP = keysAt(ITEM + 3, ['frame', 'time', 'epoch', 'kind', 'senderMac', 'senderIp', 'targetIp', 'fromOther'] as const);

/**
 * A transaction's address checks, after their key, straight from the analyser's states: the bytes of
 * `addressCheckOf` of each (build.ts), without the object and its time text.
 */
export function writeChecks(w: JsonBytes, checks: readonly AddressCheckState[]): void {
  const c = w.pretty ? CHECK.pretty : CHECK.compact;
  const d = ITEM + 1;
  w.openArray();
  for (const x of checks) {
    w.item(d + 1);
    w.open();
    w.strField(c.server, x.server);
    w.strField(c.ip, x.ip);
    w.list(c.methods, x.methods, d + 2);
    w.list(c.frames, x.frames, d + 2);
    w.boolField(c.answered, x.answered);
    w.list(c.answerFrames, x.answerFrames, d + 2);
    // addressCheckOf leaves out an empty answerMac too.
    if (x.answerMac) w.strField(c.answerMac, x.answerMac);
    timeField(w, c.time, x.ts);
    w.key(c.epoch);
    w.micros(epochMicrosOf(x.ts.sec, x.ts.nanos));
    if (x.durationMs === null) w.strOrNullField(c.durationMs, null);
    else {
      w.key(c.durationMs);
      w.thousandths(roundMs(x.durationMs));
    }
    w.strField(c.offered, x.offered);
    w.close(d + 1);
  }
  w.closeArray(d);
}

/** A step's `from` or `to` (its MAC and address), its key at `depth`. */
export function endpoint(w: JsonBytes, key: Key, k: Record<'mac' | 'ip', Key>, mac: string | null | undefined, ip: string | undefined, depth: number): void {
  w.key(key);
  w.open();
  w.strOrNullField(k.mac, mac);
  w.strField(k.ip, ip);
  w.close(depth);
}

const QUOTE = 0x22;

/** A time's key and its ISO text as a JSON string (isoTime's text needs no escaping). */
export function timeField(w: JsonBytes, key: Key, ts: Timestamp): void {
  timeFieldOf(w, key, ts.sec, ts.nanos, ts.digits);
}

/** timeField of the time with these parts. */
export function timeFieldOf(w: JsonBytes, key: Key, sec: number, nanos: number, digits: number): void {
  w.key(key);
  w.byte(QUOTE);
  writeIsoTimeOf(w, sec, nanos, digits);
  w.byte(QUOTE);
}
