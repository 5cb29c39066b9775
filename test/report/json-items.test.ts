/**
 * The report's long lists written as bytes (json-bytes.ts, json-items.ts) are byte for byte what JSON.stringify
 * writes: on every capture of the repository (and the shared corpus when present), and on hostile values in
 * every field (control characters, quotes, backslashes, lone surrogates, non-ASCII, odd numbers). Transactions,
 * written from the analyser's state, are held to the same in transaction-bytes.test.ts.
 */
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/index.js';
import { readLeaseDatabase } from '../../src/leasedb/read.js';
import { itemText } from '../../src/render/json.js';
import { JsonBytes } from '../../src/report/json-bytes.js';
import { writeArpBinding, writeClient, writeLease } from '../../src/report/json-items.js';
import type { ArpBinding, Client, Lease, Report } from '../../src/report/types.js';
import { allCaptureFiles, nonEmpty, projectRoot, skipNoteWhenNoShared } from '../helpers/shared-captures.js';

type Lists = 'leases' | 'clients' | 'arp';
const WRITERS: { readonly [K in Lists]: (w: JsonBytes, item: Report[K][number]) => void } = {
  leases: writeLease,
  clients: writeClient,
  arp: writeArpBinding,
};

/** An item written as bytes, pretty (as in the report, after its indent) or compact (as in an NDJSON line). */
function written<K extends Lists>(key: K, item: Report[K][number], pretty: boolean, size?: number): string {
  const w = new JsonBytes(pretty, size);
  (WRITERS[key] as (w: JsonBytes, item: unknown) => void)(w, item);
  return w.bytes().toString('utf8');
}

/** Both forms of one item against JSON.stringify's. */
function expectNative<K extends Lists>(key: K, item: Report[K][number]): void {
  expect(`    ${written(key, item, true)}`).toBe(itemText(key, item));
  expect(written(key, item, false)).toBe(JSON.stringify(item));
}

describe('items written as bytes, on real captures', () => {
  skipNoteWhenNoShared('items written as bytes');
  it.each(nonEmpty('captures', allCaptureFiles()).map((f) => [path.basename(f), f]))('every item of %s is JSON.stringify to the byte', async (_name, file) => {
    const r = await analyze(file!);
    for (const key of ['leases', 'clients', 'arp'] as const) for (const item of r[key]) expectNative(key, item);
  });

  it('a lease with what a lease database holds for it', async () => {
    const db = await readLeaseDatabase(path.join(projectRoot, 'fixtures/captures/16-old-lease-file.dhcpd.leases'));
    const r = await analyze(path.join(projectRoot, 'fixtures/captures/16-old-lease-file.pcap'), { leaseDatabases: [db] });
    const withDb = r.leases.filter((l) => l.database !== undefined);
    expect(withDb.length).toBeGreaterThan(0);
    for (const l of r.leases) expectNative('leases', l);
  });
});

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

describe('items written as bytes, on hostile values', () => {
  it('leases, clients and ARP bindings with hostile text', () => {
    fc.assert(
      fc.property(hostileString, hostileString, oddNumber, fc.boolean(), (s1, s2, n, flag) => {
        const lease: Lease = { ip: s1, segment: s2, mac: s1, hostname: s2, server: s1, start: s2, end: null, leaseSeconds: n, renewals: n, state: 'active', transactions: [s1, s2] };
        const client: Client = { mac: s1, vendor: s2, hostnames: [s1, s2], vendorClasses: [], ips: [s2], transactions: [s1] };
        const binding: ArpBinding = { ip: s1, claims: [{ mac: s2, firstFrame: n, lastFrame: n, firstTime: s1, lastTime: s2, count: n, kinds: [s1] }], conflict: flag };
        expectNative('leases', lease);
        expectNative('clients', client);
        expectNative('arp', binding);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves out undefined keys, keeps null ones, writes [] for empty ones', async () => {
    const l = (await analyze(path.join(projectRoot, 'fixtures/captures/01-dora-renew-release.pcap'))).leases[0]!;
    // Keys present with the value undefined, as an object built with optional fields can hold them.
    const bare = { ...l, hostname: undefined, clientId: undefined, end: null, leaseSeconds: null, transactions: [] } as unknown as Lease;
    expectNative('leases', bare);
    expect(written('leases', bare, true)).toContain('"end": null');
    expect(written('leases', bare, true)).toContain('"transactions": []');
    expect(written('leases', bare, true)).not.toContain('hostname');
  });

  it('grows its buffer for an item bigger than it', async () => {
    const l = (await analyze(path.join(projectRoot, 'fixtures/captures/01-dora-renew-release.pcap'))).leases[0]!;
    const big: Lease = { ...l, hostname: 'ü'.repeat(100_000), transactions: Array.from({ length: 2000 }, (_, i) => `T${i}`) };
    expect(`    ${written('leases', big, true, 64)}`).toBe(itemText('leases', big));
  });
});
