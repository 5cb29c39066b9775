/**
 * The report's long lists written as JSON bytes (json-bytes.ts): a lease, a client and an ARP binding, each as an
 * item of its top-level list (pretty: at the indent the whole report gives it) or inside an NDJSON line
 * (compact); and the keys of a transaction, which transaction-bytes.ts writes straight from the analyser's state.
 *
 * The keys go in the order report/build.ts makes them, which is the order JSON.stringify writes them in; a key
 * whose value is undefined is left out, as JSON.stringify leaves it out. test/report/json-items.test.ts holds
 * every writer to JSON.stringify's bytes on real captures and on hostile text, so a field added to the report and
 * not here fails there.
 */
import type { AddressCheck, ArpBinding, Client, Lease } from './types.js';
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

/** A transaction's address checks, after their key. */
export function writeChecks(w: JsonBytes, checks: readonly AddressCheck[]): void {
  const c = w.pretty ? CHECK.pretty : CHECK.compact;
  const d = ITEM + 1;
  w.openArray();
  for (const x of checks) {
    w.item(d + 1);
    w.open();
    w.field(c.server, x.server, d + 2);
    w.field(c.ip, x.ip, d + 2);
    w.list(c.methods, x.methods, d + 2);
    w.list(c.frames, x.frames, d + 2);
    w.field(c.answered, x.answered, d + 2);
    w.list(c.answerFrames, x.answerFrames, d + 2);
    w.field(c.answerMac, x.answerMac, d + 2);
    w.field(c.time, x.time, d + 2);
    w.field(c.epoch, x.epoch, d + 2);
    w.field(c.durationMs, x.durationMs, d + 2);
    w.field(c.offered, x.offered, d + 2);
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

const LEASE = keysAt(ITEM + 1, ['ip', 'segment', 'mac', 'clientId', 'hostname', 'server', 'start', 'end', 'leaseSeconds', 'renewals', 'state', 'transactions', 'database'] as const);

/** One lease, as leaseOf makes it. */
export function writeLease(w: JsonBytes, l: Lease): void {
  const k = w.pretty ? LEASE.pretty : LEASE.compact;
  const d = ITEM + 1;
  w.open();
  w.strField(k.ip, l.ip);
  w.strField(k.segment, l.segment);
  w.strField(k.mac, l.mac);
  w.strField(k.clientId, l.clientId);
  w.strField(k.hostname, l.hostname);
  w.strField(k.server, l.server);
  w.strField(k.start, l.start);
  w.strOrNullField(k.end, l.end);
  w.numOrNullField(k.leaseSeconds, l.leaseSeconds);
  w.numField(k.renewals, l.renewals);
  w.strField(k.state, l.state);
  w.strList(k.transactions, l.transactions, d);
  w.field(k.database, l.database, d);
  w.close(ITEM);
}

const CLIENT = keysAt(ITEM + 1, ['mac', 'vendor', 'virtualization', 'hostnames', 'vendorClasses', 'ips', 'transactions'] as const);

/** One client, as clientOf makes it. */
export function writeClient(w: JsonBytes, c: Client): void {
  const k = w.pretty ? CLIENT.pretty : CLIENT.compact;
  const d = ITEM + 1;
  w.open();
  w.strField(k.mac, c.mac);
  w.strField(k.vendor, c.vendor);
  w.strField(k.virtualization, c.virtualization);
  w.strList(k.hostnames, c.hostnames, d);
  w.strList(k.vendorClasses, c.vendorClasses, d);
  w.strList(k.ips, c.ips, d);
  w.strList(k.transactions, c.transactions, d);
  w.close(ITEM);
}

const BINDING = keysAt(ITEM + 1, ['ip', 'segment', 'claims', 'conflict'] as const);
const CLAIM = keysAt(ITEM + 3, ['mac', 'firstFrame', 'lastFrame', 'firstTime', 'lastTime', 'count', 'kinds'] as const);

/** One ARP binding, as arpBindingOf makes it. */
export function writeArpBinding(w: JsonBytes, b: ArpBinding): void {
  const k = w.pretty ? BINDING.pretty : BINDING.compact;
  const d = ITEM + 1;
  w.open();
  w.strField(k.ip, b.ip);
  w.strField(k.segment, b.segment);
  if (b.claims !== undefined) {
    const c = w.pretty ? CLAIM.pretty : CLAIM.compact;
    w.key(k.claims);
    w.openArray();
    for (const x of b.claims) {
      w.item(d + 1);
      w.open();
      w.strField(c.mac, x.mac);
      w.numField(c.firstFrame, x.firstFrame);
      w.numField(c.lastFrame, x.lastFrame);
      w.strField(c.firstTime, x.firstTime);
      w.strField(c.lastTime, x.lastTime);
      w.numField(c.count, x.count);
      w.strList(c.kinds, x.kinds, d + 2);
      w.close(d + 1);
    }
    w.closeArray(d);
  }
  w.boolField(k.conflict, b.conflict);
  w.close(ITEM);
}
