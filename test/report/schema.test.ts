/**
 * The published JSON Schema (src/report/report.schema.json) against real reports:
 * 1. every report the library builds from a real capture (../shared/captures, fixtures/captures) validates;
 * 2. the schema rejects broken reports (each mutation of a valid report must produce an error at its path);
 * 3. schema and types stay in step: at compile time every field of every Report type is a property of the
 *    matching schema definition, and at run time every key of a real report is known to the schema.
 *
 * The schema is written by hand from src/report/types.ts; when a field is added to a type, add it there too
 * (the `expectTypeOf` checks below fail `npm run typecheck` until you do).
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { analyze } from '../../src/index.js';
import { parseLeaseText } from '../../src/leasedb/read.js';
import { scenario } from '../helpers/scenario.js';
import type {
  ArpBinding,
  CaptureSummary,
  Client,
  DatabaseLease,
  LeaseDatabaseSummary,
  Endpoint,
  Finding,
  Lease,
  PacketArp,
  PacketDhcp,
  PacketRecord,
  Progress,
  Report,
  ReportWarning,
  Server,
  Stats,
  Step,
  Transaction,
} from '../../src/report/types.js';
import { buildPcap } from '../helpers/capture-writer.js';
import { buildDhcpMessage, rawOpt } from '../helpers/dhcp-builder.js';
import { buildArp, buildDhcpEthernet, buildEthernet } from '../helpers/frames.js';
import { reportSchema, validateReport } from '../helpers/schema.js';
import { demoCapture, nonEmpty, skipNoteWhenNoShared } from '../helpers/shared-captures.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const sharedDir = resolve(root, '../shared/captures');
const fixturesDir = resolve(root, 'fixtures/captures');
const CAPTURE_NAME = /\.(pcap|pcapng)(\.gz)?$/;

function capturesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => CAPTURE_NAME.test(n))
    .sort()
    .map((n) => join(dir, n));
}

/** Validates the report as the library returns it and as scripts see it after JSON. */
function errorsOf(report: Report): string[] {
  return [...validateReport(report), ...validateReport(JSON.parse(JSON.stringify(report)))];
}

// ------------------------------------------------------------------------------------------ a known report

const CLIENT = '02:00:00:00:00:09';
const SERVER_MAC = '02:00:00:00:00:01';
const SERVER_IP = '10.0.0.1';

/** DISCOVER, OFFER, REQUEST, NAK, then an ARP probe and announcement: a small capture that gives every part of the report. */
function smallCapture(): Uint8Array {
  const base = { htype: 1, hlen: 6, xid: 0x0badcafe, chaddr: CLIENT };
  const clientMsg = (type: number, extra: Parameters<typeof rawOpt>[] = []) =>
    buildDhcpEthernet({
      srcMac: CLIENT,
      dstMac: 'ff:ff:ff:ff:ff:ff',
      payload: buildDhcpMessage({ ...base, op: 1, options: [rawOpt(53, new Uint8Array([type])), ...extra.map((a) => rawOpt(...a))] }),
    });
  const serverMsg = (type: number, yiaddr: string) =>
    buildDhcpEthernet({
      srcMac: SERVER_MAC,
      dstMac: 'ff:ff:ff:ff:ff:ff',
      srcIp: SERVER_IP,
      srcPort: 67,
      dstPort: 68,
      payload: buildDhcpMessage({
        ...base,
        op: 2,
        yiaddr,
        options: [
          rawOpt(53, new Uint8Array([type])),
          rawOpt(54, new Uint8Array([10, 0, 0, 1])),
          rawOpt(51, new Uint8Array([0, 0, 0x0e, 0x10])),
          rawOpt(1, new Uint8Array([255, 255, 255, 0])),
          rawOpt(3, new Uint8Array([10, 0, 0, 1])),
        ],
      }),
    });
  const probe = buildEthernet({
    src: CLIENT,
    dst: 'ff:ff:ff:ff:ff:ff',
    type: 0x0806,
    payload: buildArp({ opcode: 1, senderMac: CLIENT, senderIp: '0.0.0.0', targetMac: '00:00:00:00:00:00', targetIp: '10.0.0.50' }),
  });
  const announcement = buildEthernet({
    src: CLIENT,
    dst: 'ff:ff:ff:ff:ff:ff',
    type: 0x0806,
    payload: buildArp({ opcode: 1, senderMac: CLIENT, senderIp: '10.0.0.50', targetMac: '00:00:00:00:00:00', targetIp: '10.0.0.50' }),
  });
  return buildPcap({
    records: [
      { sec: 1_700_000_000, frac: 100, data: clientMsg(1) },
      { sec: 1_700_000_000, frac: 2_100, data: serverMsg(2, '10.0.0.50') },
      { sec: 1_700_000_001, frac: 0, data: clientMsg(3, [[50, new Uint8Array([10, 0, 0, 50])], [54, new Uint8Array([10, 0, 0, 1])]]) },
      { sec: 1_700_000_001, frac: 900, data: serverMsg(6, '0.0.0.0') },
      { sec: 1_700_000_002, frac: 0, data: probe },
      { sec: 1_700_000_004, frac: 0, data: announcement },
    ],
  });
}

async function smallReport(): Promise<Report> {
  return analyze(smallCapture(), { packets: true });
}

/** A report with a lease database beside the wire: leaseDatabases, lease.database and findings with sources. */
async function databaseReport(): Promise<Report> {
  const db = parseLeaseText(
    'lease 192.168.1.50 {\n  starts epoch 1699999990;\n  ends epoch 1700003590;\n  binding state active;\n  hardware ethernet 08:00:27:d4:1c:9e;\n  uid "\\001ab";\n  client-hostname "b";\n}\n' +
      'lease 192.168.1.60 {\n  starts epoch 1699999990;\n  ends never;\n  binding state abandoned;\n}\n',
    'dhcpd.leases',
  );
  const s = scenario().at(0).dora({ mac: '00:0c:29:4f:8e:35', xid: 1, server: '192.168.1.1', yiaddr: '192.168.1.50', lease: 3600 });
  return analyze(s.build(), { packets: true, leaseDatabases: [db] });
}

// ------------------------------------------------------------------------------------------ 1. real reports

describe('real reports validate against the schema', () => {
  it('the schema compiles under ajv strict mode and declares what it should', () => {
    expect(reportSchema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(reportSchema.$id).toBe('https://dorascope.dev/report.schema.json');
    expect(typeof reportSchema.title).toBe('string');
    // Fields may be added freely: nothing in the schema may forbid unknown properties.
    const closed: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${path}/${i}`));
      else if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          if ((k === 'additionalProperties' || k === 'unevaluatedProperties') && v === false) closed.push(path);
          walk(v, `${path}/${k}`);
        }
      }
    };
    walk(reportSchema, '#');
    expect(closed).toEqual([]);
  });

  it('a small synthetic capture (DORA with NAK, ARP probe and announcement)', async () => {
    const report = await smallReport();
    expect(report.transactions.length).toBe(1);
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.packets?.length).toBe(6);
    expect(report.arp.length).toBe(1);
    expect(errorsOf(report)).toEqual([]);
  });

  const shared = capturesIn(sharedDir);
  const fixtures = [...capturesIn(fixturesDir), demoCapture];
  skipNoteWhenNoShared('reports validated against the schema');
  nonEmpty('repository captures', capturesIn(fixturesDir));

  for (const path of [...shared, ...fixtures]) {
    it(`${path.startsWith(sharedDir) ? 'shared' : 'fixtures'}/${path.split('/').at(-1)}`, async () => {
      const report = await analyze(path, { packets: true });
      expect(errorsOf(report)).toEqual([]);
    });
  }

  it('several captures in one run (frames run on, capture indexes > 0)', async () => {
    const several = [...shared.slice(0, 4), ...fixtures.slice(0, 4)];
    const report = await analyze(several, { packets: true });
    expect(report.captures.length).toBe(several.length);
    expect(errorsOf(report)).toEqual([]);
  });

});

// ------------------------------------------------------------------------------------------ 2. broken reports

type Mutable = Record<string, any>;

describe('the schema rejects broken reports', () => {
  /** [what, mutation of a deep copy of a valid report, the instancePath the error must name] */
  const cases: readonly [string, (r: Mutable) => void, string][] = [
    ['missing schemaVersion', (r) => delete r.schemaVersion, ''],
    ['schemaVersion 2', (r) => (r.schemaVersion = 2), '/schemaVersion'],
    ['schemaVersion "1"', (r) => (r.schemaVersion = '1'), '/schemaVersion'],
    ['missing transactions', (r) => delete r.transactions, ''],
    ['transaction outcome MAYBE', (r) => (r.transactions[0].outcome = 'MAYBE'), '/transactions/0/outcome'],
    ['transaction kind DORAS', (r) => (r.transactions[0].kind = 'DORAS'), '/transactions/0/kind'],
    ['bad clientMac AA-BB', (r) => (r.transactions[0].clientMac = 'AA-BB'), '/transactions/0/clientMac'],
    ['upper-case clientMac', (r) => (r.transactions[0].clientMac = '02:00:00:00:00:0A'), '/transactions/0/clientMac'],
    ['bad server MAC AA-BB', (r) => (r.servers[0].mac = 'AA-BB'), '/servers/0/mac'],
    ['7-byte server MAC', (r) => (r.servers[0].mac = '02:00:00:00:00:01:02'), '/servers/0/mac'],
    ['bad packet source MAC', (r) => (r.packets[0].src.mac = 'AA-BB'), '/packets/0/src/mac'],
    ['bad step MAC', (r) => (r.transactions[0].steps[0].from.mac = 'AA-BB'), '/transactions/0/steps/0/from/mac'],
    ['bad finding MAC', (r) => (r.findings[0].macs = ['AA-BB']), '/findings/0/macs/0'],
    ['bad ARP claim MAC', (r) => (r.arp[0].claims[0].mac = 'AA-BB'), '/arp/0/claims/0/mac'],
    ['bad chaddr', (r) => (r.packets[0].dhcp.chaddr = 'AA-BB'), '/packets/0/dhcp/chaddr'],
    ['xid without 0x', (r) => (r.transactions[0].xid = '0badcafe'), '/transactions/0/xid'],
    ['xid too short', (r) => (r.transactions[0].xid = '0x1234'), '/transactions/0/xid'],
    ['xid upper-case', (r) => (r.transactions[0].xid = '0x0BADCAFE'), '/transactions/0/xid'],
    ['xid as a number', (r) => (r.packets[0].dhcp.xid = 0x0badcafe), '/packets/0/dhcp/xid'],
    ['finding without frames', (r) => delete r.findings[0].frames, '/findings/0'],
    ['finding with no frames', (r) => (r.findings[0].frames = []), '/findings/0/frames'],
    ['finding severity fatal', (r) => (r.findings[0].severity = 'fatal'), '/findings/0/severity'],
    ['stats.packets as a string', (r) => (r.stats.packets = '5'), '/stats/packets'],
    ['step frame as a string', (r) => (r.transactions[0].steps[0].frame = '1'), '/transactions/0/steps/0/frame'],
    ['epoch as a string', (r) => (r.packets[0].epoch = '1700000000.0001'), '/packets/0/epoch'],
    ['durationMs as a string', (r) => (r.transactions[0].durationMs = '12'), '/transactions/0/durationMs'],
    ['frame 0', (r) => (r.packets[0].frame = 0), '/packets/0/frame'],
    ['fractional frame', (r) => (r.findings[0].frames = [1.5]), '/findings/0/frames/0'],
    ['time without Z', (r) => (r.transactions[0].firstTime = '2023-11-14T22:13:20.000100'), '/transactions/0/firstTime'],
    ['time with offset', (r) => (r.packets[0].time = '2023-11-14T22:13:20+01:00'), '/packets/0/time'],
    ['IPv4 out of range', (r) => (r.servers[0].ip = '10.0.0.256'), '/servers/0/ip'],
    ['IPv4 with three parts', (r) => (r.transactions[0].offers[0].yiaddr = '10.0.50'), '/transactions/0/offers/0/yiaddr'],
    ['lower-case message type', (r) => (r.transactions[0].steps[0].messageType = 'discover'), '/transactions/0/steps/0/messageType'],
    ['lower-case message type in stats', (r) => (r.stats.messageTypes.discover = 1), '/stats/messageTypes'],
    ['step direction peer', (r) => (r.transactions[0].steps[0].direction = 'peer'), '/transactions/0/steps/0/direction'],
    ['step l2 anycast', (r) => (r.transactions[0].steps[0].l2 = 'anycast'), '/transactions/0/steps/0/l2'],
    ['packet l3 unknown', (r) => (r.packets[0].l3 = 'unknown'), '/packets/0/l3'],
    ['capture format erf', (r) => (r.captures[0].format = 'erf'), '/captures/0/format'],
    ['ARP kind gratuitous', (r) => (r.packets[4].arp.kind = 'gratuitous'), '/packets/4/arp/kind'],
    ['option source header', (r) => (r.packets[0].dhcp.options[0].source = 'header'), '/packets/0/dhcp/options/0/source'],
    ['option value holding undefined (not JSON)', (r) => (r.packets[0].dhcp.options[0].value = { x: [undefined] }), '/packets/0/dhcp/options/0/value'],
    ['deliveryOk as a string', (r) => (r.transactions[0].steps[0].deliveryOk = 'yes'), '/transactions/0/steps/0/deliveryOk'],
    ['missing step list', (r) => delete r.transactions[0].steps, '/transactions/0'],
    ['missing packet problems', (r) => delete r.packets[0].problems, '/packets/0'],
    ['tool name', (r) => (r.tool.name = 'dhcpscope'), '/tool/name'],
  ];

  it.each(cases)('%s', async (_what, mutate, path) => {
    const report = JSON.parse(JSON.stringify(await smallReport())) as Mutable;
    // Fill in what the small capture has no natural instance of, so every mutation has a target.
    report.leases.push({ ip: '10.0.0.50', mac: CLIENT, server: SERVER_IP, start: report.transactions[0].firstTime, end: null, leaseSeconds: null, renewals: 0, state: 'active', transactions: [report.transactions[0].id] });
    expect(validateReport(report)).toEqual([]);
    mutate(report);
    const errors = validateReport(report);
    expect(errors.length, 'no validation error').toBeGreaterThan(0);
    expect(
      errors.some((e) => e.startsWith(`${path === '' ? '(root)' : path} `)),
      `no error at ${path || '(root)'}:\n${errors.join('\n')}`,
    ).toBe(true);
  });

  it('a lease in an unknown state and a null where a time is required are rejected', async () => {
    const report = JSON.parse(JSON.stringify(await smallReport())) as Mutable;
    report.leases = [{ ip: '10.0.0.50', mac: CLIENT, server: SERVER_IP, start: null, end: null, leaseSeconds: null, renewals: 0, state: 'stolen', transactions: [] }];
    const errors = validateReport(report);
    expect(errors.some((e) => e.startsWith('/leases/0/state '))).toBe(true);
    expect(errors.some((e) => e.startsWith('/leases/0/start '))).toBe(true);
  });

  it('accepts what the contract allows: added fields, longer hardware addresses, optional parts left out', async () => {
    const report = JSON.parse(JSON.stringify(await smallReport())) as Mutable;
    report.futureField = { anything: [1, 'two'] };
    report.transactions[0].futureField = true;
    report.packets[0].dhcp.options[0].futureField = 1;
    report.transactions[0].clientMac = '80:00:02:08:fe:80:00:00:00:00:00:00:00:02:c9:03'; // InfiniBand-style chaddr
    report.packets[0].dhcp.chaddr = '';
    report.transactions[0].steps[0].to.mac = null;
    delete report.packets;
    report.captures[0].firstTime = null;
    report.captures[0].lastTime = null;
    report.progress = { done: false, bytesRead: 10, frames: 1 };
    expect(validateReport(report)).toEqual([]);
  });
});

// ------------------------------------------------------------------------------------------ 3. types in step

describe('schema and types stay in step', () => {
  type Defs = typeof import('../../src/report/report.schema.json', { with: { type: 'json' } })['$defs'];
  type TopProps = typeof import('../../src/report/report.schema.json', { with: { type: 'json' } })['properties'];
  type Props<K extends keyof Defs> = Defs[K] extends { properties: infer P } ? keyof P : never;
  type Item<T> = T extends readonly (infer U)[] ? U : never;
  /** Fields of T the schema definition does not list (must be never). */
  type Missing<T, K extends keyof Defs> = Exclude<keyof T, Props<K>>;

  it('every field of every Report type is a property of its schema definition (checked by tsc)', () => {
    expectTypeOf<Exclude<keyof Report, keyof TopProps>>().toEqualTypeOf<never>();
    expectTypeOf<Exclude<keyof Progress, keyof TopProps['progress']['properties']>>().toEqualTypeOf<never>();
    expectTypeOf<Missing<CaptureSummary, 'captureSummary'>>().toEqualTypeOf<never>();
    expectTypeOf<Missing<Stats, 'stats'>>().toEqualTypeOf<never>();
    expectTypeOf<Missing<Endpoint, 'endpoint'>>().toEqualTypeOf<never>();
    expectTypeOf<Missing<PacketRecord, 'packetRecord'>>().toEqualTypeOf<never>();
    expectTypeOf<Missing<PacketDhcp, 'packetDhcp'>>().toEqualTypeOf<never>();
    expectTypeOf<Exclude<keyof Item<PacketDhcp['options']>, keyof Defs['packetDhcp']['properties']['options']['items']['properties']>>().toEqualTypeOf<never>();
    expectTypeOf<Missing<PacketArp, 'packetArp'>>().toEqualTypeOf<never>();
    expectTypeOf<Missing<Step, 'step'>>().toEqualTypeOf<never>();
    expectTypeOf<Missing<Step['from'], 'stepEnd'>>().toEqualTypeOf<never>();
    expectTypeOf<Missing<Transaction, 'transaction'>>().toEqualTypeOf<never>();
    expectTypeOf<Exclude<keyof Item<Transaction['offers']>, keyof Defs['transaction']['properties']['offers']['items']['properties']>>().toEqualTypeOf<never>();
    expectTypeOf<Exclude<keyof NonNullable<Transaction['relay']>, keyof Defs['transaction']['properties']['relay']['properties']>>().toEqualTypeOf<never>();
    expectTypeOf<Exclude<keyof Transaction['latencyMs'], keyof Defs['transaction']['properties']['latencyMs']['properties']>>().toEqualTypeOf<never>();
    expectTypeOf<Missing<Lease, 'lease'>>().toEqualTypeOf<never>();
    expectTypeOf<Missing<Server, 'server'>>().toEqualTypeOf<never>();
    expectTypeOf<Exclude<keyof Server['options'], keyof Defs['server']['properties']['options']['properties']>>().toEqualTypeOf<never>();
    expectTypeOf<Missing<Client, 'client'>>().toEqualTypeOf<never>();
    expectTypeOf<Missing<ArpBinding, 'arpBinding'>>().toEqualTypeOf<never>();
    expectTypeOf<Exclude<keyof Item<ArpBinding['claims']>, keyof Defs['arpBinding']['properties']['claims']['items']['properties']>>().toEqualTypeOf<never>();
    expectTypeOf<Missing<Finding, 'finding'>>().toEqualTypeOf<never>();
    expectTypeOf<Missing<ReportWarning, 'warning'>>().toEqualTypeOf<never>();
    expectTypeOf<Missing<LeaseDatabaseSummary, 'leaseDatabase'>>().toEqualTypeOf<never>();
    expectTypeOf<Missing<DatabaseLease, 'databaseLease'>>().toEqualTypeOf<never>();
    expectTypeOf<Exclude<keyof NonNullable<Lease['database']>, keyof Defs['lease']['properties']['database']['properties']>>().toEqualTypeOf<never>();
    expectTypeOf<Exclude<keyof Item<NonNullable<Finding['sources']>>, keyof Defs['finding']['properties']['sources']['items']['properties']>>().toEqualTypeOf<never>();
  });

  /**
   * Keys of `value` that its schema does not list as properties, recursively (where the schema is a map —
   * additionalProperties with a schema — the values are checked against that instead).
   */
  function unknownKeys(value: unknown, schema: unknown, path: string, out: Set<string>): void {
    const defs = reportSchema.$defs as Record<string, unknown>;
    const resolveRef = (s: any): any =>
      s && typeof s === 'object' && typeof s.$ref === 'string' ? resolveRef({ ...(defs[s.$ref.replace('#/$defs/', '')] as object), ...s, $ref: undefined }) : s;
    const s = resolveRef(schema);
    if (!s || typeof s !== 'object') return;
    const branches: unknown[] = [...(s.anyOf ?? []), ...(s.oneOf ?? [])];
    if (branches.length) {
      for (const b of branches) unknownKeys(value, b, path, out);
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((v) => unknownKeys(v, s.items, `${path}[]`, out));
      return;
    }
    if (!value || typeof value !== 'object') return;
    const props: Record<string, unknown> = { ...(s.properties ?? {}), ...(s.then?.properties ?? {}), ...(s.else?.properties ?? {}) };
    for (const [k, v] of Object.entries(value)) {
      if (k in props) unknownKeys(v, props[k], `${path}.${k}`, out);
      else if (s.additionalProperties && typeof s.additionalProperties === 'object') unknownKeys(v, s.additionalProperties, `${path}.*`, out);
      else out.add(`${path}.${k}`);
    }
  }

  const allCaptures = [...capturesIn(sharedDir), ...capturesIn(fixturesDir), demoCapture];

  it('every top-level key of a real report is a property of the schema, and the other way round', async () => {
    const seen = new Set<string>();
    for (const r of [await smallReport(), await databaseReport(), ...(await Promise.all(allCaptures.map((p) => analyze(p, { packets: true }))))]) {
      for (const k of Object.keys(r)) seen.add(k);
    }
    const declared = Object.keys(reportSchema.properties);
    expect([...seen].filter((k) => !declared.includes(k))).toEqual([]);
    // Only live snapshots carry `progress` and only --explain runs `explanations` (test/cli/explain.test.ts
    // validates those); everything else the schema declares must show up in a finished report.
    expect(declared.filter((k) => !seen.has(k) && k !== 'progress' && k !== 'explanations')).toEqual([]);
    // Required at the top = always present.
    for (const k of reportSchema.required) expect(seen.has(k), k).toBe(true);
  });

  it('every key at any depth of a real report is known to the schema', async () => {
    const unknown = new Set<string>();
    for (const r of [await smallReport(), await databaseReport(), ...(await Promise.all(allCaptures.map((p) => analyze(p, { packets: true }))))]) {
      // Option values are free-form decoded data, not part of the report's own shape.
      unknownKeys(r, reportSchema, '', unknown);
    }
    expect([...unknown].filter((k) => !/\.dhcp\.options\[\]\.value\b/.test(k)).sort()).toEqual([]);
  });
});
