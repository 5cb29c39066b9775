/**
 * The report's end-of-run lists (leases, clients, ARP bindings) written as JSON bytes straight from the
 * analyser's state: the bytes JSON.stringify writes for `leaseOf`, `clientOf` and `arpBindingOf` (build.ts),
 * without the objects, their time texts and their lists of "T…" ids in between. The DHCP-only benchmark's
 * report ends with 26 000 of each, converted only to be written once.
 *
 * Keys go in the order build.ts makes them; a key whose value is undefined is left out, as JSON.stringify leaves
 * it out. test/report/item-bytes.test.ts holds every writer to JSON.stringify of the converted item on every
 * capture and on hostile values, so a field added there and not here fails there.
 */
import type { DbMatch } from '../analyze/leasedb.js';
import type { OneOrMany } from '../analyze/one-or-many.js';
import type { ArpIpState, ClientState, LeaseState } from '../analyze/types.js';
import { vendorOf, virtualizationOf } from '../analyze/vendors.js';
import { epochIso } from './format.js';
import { keysAt, type JsonBytes, type Key } from './json-bytes.js';
import { ITEM, timeField, timeFieldOf } from './json-items.js';
import type { Lease } from './types.js';

const LEASE = keysAt(ITEM + 1, ['ip', 'segment', 'mac', 'clientId', 'hostname', 'server', 'start', 'end', 'leaseSeconds', 'renewals', 'state', 'transactions', 'database'] as const);

/** What a lease database holds for a lease (build.ts `leaseOf` and the writer below share it). */
export function leaseDatabaseOf(db: DbMatch): NonNullable<Lease['database']> {
  return { file: db.db.file, line: db.lease.line, state: db.lease.state, mac: db.lease.mac, start: epochIso(db.lease.start), end: epochIso(db.lease.end), agrees: db.agrees };
}

/** One lease, as leaseOf makes it. */
export function writeLeaseState(w: JsonBytes, l: LeaseState, db: DbMatch | undefined, segment: string | undefined): void {
  const k = w.pretty ? LEASE.pretty : LEASE.compact;
  const d = ITEM + 1;
  w.open();
  w.strField(k.ip, l.ip);
  w.strField(k.segment, segment);
  w.strField(k.mac, l.mac);
  w.strField(k.clientId, l.clientId);
  w.strField(k.hostname, l.hostname);
  w.strField(k.server, l.server);
  timeField(w, k.start, l.start);
  if (l.leaseSeconds === null) w.strOrNullField(k.end, null);
  else timeFieldOf(w, k.end, l.lastAck.sec + l.leaseSeconds, l.lastAck.nanos, l.lastAck.digits);
  w.numOrNullField(k.leaseSeconds, l.leaseSeconds);
  w.numField(k.renewals, l.renewals);
  w.strField(k.state, l.state);
  w.key(k.transactions);
  exchangeIds(w, l.transactions, d, false);
  if (db) w.field(k.database, leaseDatabaseOf(db), d);
  w.close(ITEM);
}

const CLIENT = keysAt(ITEM + 1, ['mac', 'vendor', 'virtualization', 'hostnames', 'vendorClasses', 'ips', 'transactions'] as const);

/** One client, as clientOf makes it. */
export function writeClientState(w: JsonBytes, c: ClientState): void {
  const k = w.pretty ? CLIENT.pretty : CLIENT.compact;
  const d = ITEM + 1;
  w.open();
  w.strField(k.mac, c.mac);
  w.strField(k.vendor, vendorOfClient(c.mac));
  w.strField(k.virtualization, virtualizationOf(c.mac));
  strings(w, k.hostnames, c.hostnames, d);
  strings(w, k.vendorClasses, c.vendorClasses, d);
  strings(w, k.ips, c.ips, d);
  w.key(k.transactions);
  exchangeIds(w, c.transactions, d, true);
  w.close(ITEM);
}

/** vendorOf by OUI, for MACs written as `xx:xx:xx:…` in hex (26 000 clients, a few hundred OUIs). */
const vendors = new Map<number, string | undefined>();

/** vendorOf(mac), asked once per OUI: its answer depends on nothing but the MAC's first three bytes. */
function vendorOfClient(mac: string): string | undefined {
  const oui = ouiOfMac(mac);
  if (oui < 0) return vendorOf(mac);
  if (vendors.has(oui)) return vendors.get(oui);
  const vendor = vendorOf(mac);
  vendors.set(oui, vendor);
  return vendor;
}

/** The first three bytes of a MAC written `xx:xx:xx…` in hex, as a number; -1 for any other text. */
function ouiOfMac(mac: string): number {
  if (mac.length < 8 || mac.charCodeAt(2) !== 0x3a || mac.charCodeAt(5) !== 0x3a) return -1;
  let oui = 0;
  for (const i of OUI_DIGITS) {
    const d = hexDigit(mac.charCodeAt(i));
    if (d < 0) return -1;
    oui = (oui << 4) | d;
  }
  return oui;
}

const OUI_DIGITS = [0, 1, 3, 4, 6, 7] as const;

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x66 ? l - 0x61 + 10 : -1;
}

const BINDING = keysAt(ITEM + 1, ['ip', 'segment', 'claims', 'conflict'] as const);
const CLAIM = keysAt(ITEM + 3, ['mac', 'firstFrame', 'lastFrame', 'firstTime', 'lastTime', 'count', 'kinds'] as const);

/** One ARP binding, as arpBindingOf makes it. */
export function writeArpState(w: JsonBytes, s: ArpIpState): void {
  const k = w.pretty ? BINDING.pretty : BINDING.compact;
  const c = w.pretty ? CLAIM.pretty : CLAIM.compact;
  const d = ITEM + 1;
  w.open();
  w.strField(k.ip, s.ip);
  if (s.segment) w.strField(k.segment, s.segment);
  w.key(k.claims);
  w.openArray();
  for (const x of s.claims) {
    w.item(d + 1);
    w.open();
    w.strField(c.mac, x.mac);
    w.numField(c.firstFrame, x.firstFrame);
    w.numField(c.lastFrame, x.lastFrame);
    timeField(w, c.firstTime, x.first);
    timeField(w, c.lastTime, x.last);
    w.numField(c.count, x.count);
    const kinds = x.kinds;
    w.strList(c.kinds, sorted(kinds) ? kinds : [...kinds].sort(), d + 2);
    w.close(d + 1);
  }
  w.closeArray(d);
  w.boolField(k.conflict, s.conflict);
  w.close(ITEM);
}

const QUOTE = 0x22;
const T = 0x54;

/** Strings kept as none, one or many, as the list `listOf` makes of them, its key at `depth`. */
function strings(w: JsonBytes, key: Key, values: OneOrMany<string>, depth: number): void {
  w.key(key);
  w.openArray();
  if (Array.isArray(values)) {
    for (let i = 0; i < values.length; i++) {
      w.item(depth + 1);
      w.str(values[i]!);
    }
  } else if (values !== undefined) {
    w.item(depth + 1);
    w.str(values);
  }
  w.closeArray(depth);
}

/** Longer lists of exchanges are made unique with a Set, shorter ones by looking back. */
const LOOK_BACK = 16;

/** Exchanges by first frame as their "T…" ids (exchangeId), each only once when `once`, after their key. */
function exchangeIds(w: JsonBytes, frames: OneOrMany<number>, depth: number, once: boolean): void {
  w.openArray();
  if (Array.isArray(frames)) {
    const seen = once && frames.length > LOOK_BACK ? new Set<number>() : undefined;
    for (let i = 0; i < frames.length; i++) {
      const f = frames[i]!;
      if (seen) {
        if (seen.has(f)) continue;
        seen.add(f);
      } else if (once && seenBefore(frames, i)) continue;
      exchangeId(w, f, depth + 1);
    }
  } else if (frames !== undefined) exchangeId(w, frames, depth + 1);
  w.closeArray(depth);
}

function exchangeId(w: JsonBytes, frame: number, depth: number): void {
  w.item(depth);
  w.byte(QUOTE);
  w.byte(T);
  w.number(frame);
  w.byte(QUOTE);
}

/** frames[i] is among the frames before it (as a Set sees it: NaN equals NaN). */
function seenBefore(frames: readonly number[], i: number): boolean {
  const f = frames[i]!;
  for (let j = 0; j < i; j++) {
    const g = frames[j]!;
    if (g === f || (g !== g && f !== f)) return true;
  }
  return false;
}

/** In the order `sort()` would put them in. */
function sorted(list: readonly string[]): boolean {
  for (let i = 1; i < list.length; i++) if (list[i - 1]! > list[i]!) return false;
  return true;
}
