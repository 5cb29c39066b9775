/**
 * The report's end-of-run lists written as bytes straight from the analyser's state (item-bytes.ts) are byte for
 * byte what JSON.stringify writes for the items build.ts converts: on every capture of the repository (and the
 * shared corpus when present), and on hostile values in every field (control characters, quotes, backslashes,
 * lone surrogates, non-ASCII, odd numbers). Transactions are held to the same in transaction-bytes.test.ts.
 */
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readLeaseDatabase } from '../../src/leasedb/read.js';
import { itemText } from '../../src/render/json.js';
import { arpBindingOf, clientOf, leaseOf, type ItemList, type ReportItems } from '../../src/report/build.js';
import { JsonBytes } from '../../src/report/json-bytes.js';
import { writeArpState, writeClientState, writeLeaseState } from '../../src/report/item-bytes.js';
import type { ArpIpState, ClientState, LeaseState } from '../../src/analyze/types.js';
import { AnalysisSession, type SessionOptions } from '../../src/session.js';
import { allCaptureFiles, nonEmpty, projectRoot, skipNoteWhenNoShared } from '../helpers/shared-captures.js';

type Lists = 'leases' | 'clients' | 'arp';

/** Item `i` of a list written as bytes, pretty (as in the report, after its indent) or compact (as in an NDJSON line). */
function written(list: ItemList<unknown>, i: number, pretty: boolean, size?: number): string {
  const w = new JsonBytes(pretty, size);
  list.write(w, i);
  return w.bytes().toString('utf8');
}

/** Every item of a list, both forms, against JSON.stringify's of the item converted. */
function expectNative(key: Lists, list: ItemList<unknown>): void {
  const converted = [...list];
  expect(converted.length).toBe(list.length);
  converted.forEach((item, i) => {
    expect(`    ${written(list, i, true)}`).toBe(itemText(key, item));
    expect(written(list, i, false)).toBe(JSON.stringify(item));
  });
}

async function itemsOf(file: string, options: SessionOptions = {}): Promise<ReportItems> {
  const session = new AnalysisSession(options);
  await session.read([file]);
  return session.reportStreaming().items;
}

describe('items written as bytes from the analyser state, on real captures', () => {
  skipNoteWhenNoShared('items written as bytes');
  it.each(nonEmpty('captures', allCaptureFiles()).map((f) => [path.basename(f), f]))('every item of %s is JSON.stringify of the item converted, to the byte', async (_name, file) => {
    const items = await itemsOf(file!);
    for (const key of ['leases', 'clients', 'arp'] as const) expectNative(key, items[key]);
  });

  it('a lease with what a lease database holds for it, leases in segments', async () => {
    const db = await readLeaseDatabase(path.join(projectRoot, 'fixtures/captures/16-old-lease-file.dhcpd.leases'));
    const items = await itemsOf(path.join(projectRoot, 'fixtures/captures/16-old-lease-file.pcap'), { leaseDatabases: [db] });
    expect([...items.leases].filter((l) => l.database !== undefined).length).toBeGreaterThan(0);
    expectNative('leases', items.leases);
    const tenants = await itemsOf(path.join(projectRoot, 'fixtures/captures/23-vxlan-tenants.pcap'));
    expect([...tenants.leases].some((l) => l.segment !== undefined) && [...tenants.arp].some((b) => b.segment !== undefined)).toBe(true);
    expectNative('leases', tenants.leases);
    expectNative('arp', tenants.arp);
  });
});

/** A list of one state, written by `write` and converted by `convert`. */
function one<S, T>(state: S, convert: (s: S) => T, write: (w: JsonBytes, s: S) => void): ItemList<T> {
  return { length: 1, [Symbol.iterator]: () => [convert(state)][Symbol.iterator](), write: (w) => write(w, state) };
}

/** Text no packet should hold and every packet may: all of it must be escaped exactly as JSON.stringify does. */
const HOSTILE = [
  '',
  'plain',
  'quote " and backslash \\ and slash /',
  '\u0000\u0001\u0007\b\t\n\u000b\f\r\u001b[31m\u001f',
  '\u007f\u0080\u00ff é ü ç',
  'line\u2028sep\u2029para',
  'lone high \ud800 end',
  'lone low \udfff end',
  'reversed \udc00\ud800 pair',
  'pair 😀 ok',
  '\ud83d',
  '中文 текст עברית',
  '"',
  '\\',
];

const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ maxLength: 30 }),
  // Any UTF-16 code units, lone surrogates included.
  fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 20 }).map((units) => String.fromCharCode(...units)),
);
const oddNumber = fc.oneof(
  fc.constantFrom(0, -0, 1, 9, 10, 2 ** 31 - 1, 2 ** 31, 2 ** 32, -1, 1e21, 1e-7, 0.1, 1700000000.112507, Number.MAX_SAFE_INTEGER, NaN, Infinity, -Infinity),
  fc.integer(),
  fc.double(),
);

const oddTime = fc.record({
  sec: fc.oneof(fc.integer({ min: 0, max: 2 ** 34 }), fc.constantFrom(0, 86_399, 86_400, 253_402_300_799, 253_402_300_800, 1.5)),
  nanos: fc.oneof(fc.integer({ min: 0, max: 999_999_999 }), fc.constantFrom(0, 999_999_999, 1.5)),
  digits: fc.integer({ min: 0, max: 10 }),
});
const frames = fc.oneof(fc.constant(undefined), fc.nat(), fc.array(fc.oneof(fc.nat(40), fc.constantFrom(NaN, 1.5, 2 ** 40)), { maxLength: 40 }));
const texts = fc.oneof(fc.constant(undefined), hostileString, fc.array(hostileString, { maxLength: 4 }));

describe('items written as bytes from the analyser state, on hostile values', () => {
  it('leases, clients and ARP bindings with hostile text, odd numbers and times, repeated exchanges', () => {
    fc.assert(
      fc.property(hostileString, hostileString, oddNumber, fc.boolean(), oddTime, frames, texts, fc.array(fc.constantFrom('reply', 'probe', 'announcement', 'request', 'Z', 'a'), { maxLength: 4 }), (s1, s2, n, flag, ts, tx, t, kinds) => {
        const lease = {
          ip: s1, mac: s2, hostname: flag ? s1 : undefined, clientId: flag ? undefined : s2, server: s1, start: ts, leaseSeconds: flag ? null : Number.isFinite(n) ? Math.trunc(Math.abs(n)) % 2 ** 32 : 600,
          lastAck: ts, t1: null, t2: null, renewals: n, state: 'active', transactions: tx, firstAckFrame: 1, lastAckFrame: 1,
        } as LeaseState;
        const client: ClientState = { mac: flag ? '00:50:56:00:00:01' : s1, hostnames: t as ClientState['hostnames'], vendorClasses: s2, ips: undefined, transactions: tx };
        const binding: ArpIpState = { ip: s1, segment: flag ? s2 : '', claims: [{ mac: s2, firstFrame: n, lastFrame: n, first: ts, last: ts, count: n, kinds }], conflict: flag };
        expectNative('leases', one(lease, (l) => leaseOf(l, undefined, flag ? s2 : undefined), (w, l) => writeLeaseState(w, l, undefined, flag ? s2 : undefined)));
        expectNative('clients', one(client, clientOf, writeClientState));
        expectNative('arp', one(binding, arpBindingOf, writeArpState));
      }),
      { numRuns: 500 },
    );
  });

  it("clients of one OUI written however their MACs are spelled, each with clientOf's vendor", () => {
    const macs = ['00:50:56:00:00:01', '00:50:56:AB:CD:EF', '00:50:56:ab:cd:ef', '00:15:5d:00:00:7a', '00:15:5D:00:00:7B', '02:50:56:00:00:01', '00:50:5', '00-50-56-00-00-01', '0g:50:56:00:00:01', '', 'f4:5c:89:01:02:03', 'F4:5C:89:01:02:03'];
    for (const mac of [...macs, ...macs.reverse()]) {
      const client: ClientState = { mac, hostnames: undefined, vendorClasses: undefined, ips: undefined, transactions: undefined };
      expectNative('clients', one(client, clientOf, writeClientState));
    }
    expect(clientOf({ mac: '00:50:56:00:00:01', hostnames: undefined, vendorClasses: undefined, ips: undefined, transactions: undefined }).vendor).toBeDefined();
  });

  it('grows its buffer for an item bigger than it', () => {
    const lease = {
      ip: '10.0.0.1', mac: '02:00:00:00:00:01', hostname: 'ü'.repeat(100_000), server: '10.0.0.254', start: { sec: 1_700_000_000, nanos: 0, digits: 6 }, leaseSeconds: 600,
      lastAck: { sec: 1_700_000_000, nanos: 0, digits: 6 }, t1: null, t2: null, renewals: 0, state: 'active', transactions: Array.from({ length: 2000 }, (_, i) => i), firstAckFrame: 1, lastAckFrame: 1,
    } as LeaseState;
    const list = one(lease, (l) => leaseOf(l, undefined, undefined), (w, l) => writeLeaseState(w, l, undefined, undefined));
    expect(`    ${written(list, 0, true, 64)}`).toBe(itemText('leases', [...list][0]));
  });
});
