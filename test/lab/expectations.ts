/**
 * The lab's expected.json files (written from what each scenario staged with real DHCP software) and the one
 * checker that compares every key of one with dorascope's report of its capture. `checkExpectation` returns the
 * mismatches as lines; a key it does not know is a mismatch too, so a new kind of expectation cannot be written
 * and then silently go unchecked.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyze } from '../../src/index.js';
import { readLeaseDatabase } from '../../src/leasedb/read.js';
import type { Report, Transaction } from '../../src/report/types.js';
import { projectRoot } from '../helpers/shared-captures.js';

export interface ExpectedTx {
  readonly kind: string;
  readonly outcome: string;
  readonly clientMac: string;
  readonly server?: string;
  readonly assignedIp?: string;
  readonly requestedIp?: string;
  readonly hostname?: string;
  readonly vendorClass?: string;
  readonly leaseSeconds?: number;
  readonly vlan?: readonly number[];
  /** The relay's address (giaddr) the exchange went through. */
  readonly relay?: string;
  readonly offers?: readonly { readonly server: string; readonly yiaddr?: string }[];
}

export interface Expected {
  readonly scenario: string;
  readonly capture: string;
  /** Prose for people; checked only for being there. */
  readonly description: string;
  readonly transactions?: readonly ExpectedTx[];
  /** true: the report has exactly the listed transactions; false: it has more than those listed. */
  readonly exactTransactions?: boolean;
  readonly minTransactions?: number;
  readonly minLeases?: number;
  readonly leases?: readonly { readonly ip: string; readonly mac: string; readonly server?: string; readonly state?: string }[];
  readonly servers?: readonly string[];
  /** The relays' addresses (giaddr) seen in the exchanges. */
  readonly relays?: readonly string[];
  /** An analysis option: the servers given with --server. */
  readonly trustedServers?: readonly string[];
  readonly findings?: readonly string[];
  readonly absentFindings?: readonly string[];
  /** allOk true: every step delivered as RFC 2131 expects; false: at least one was not. */
  readonly delivery?: { readonly allOk?: boolean; readonly mismatches?: readonly { readonly messageType: string; readonly expectedOk?: boolean }[] };
  readonly clients?: readonly { readonly mac: string; readonly virtualization?: string }[];
  readonly serverDetails?: readonly {
    readonly ip: string;
    readonly mac?: string;
    readonly hypervisor?: string;
    readonly network?: string;
    readonly router?: string;
    readonly dns?: readonly string[];
    readonly domain?: string;
  }[];
  readonly relayAgentInfo?: { readonly giaddr: string; readonly hops?: number; readonly circuitId?: string };
  readonly vlans?: Readonly<Record<string, { readonly subnet: string; readonly server: string }>>;
  readonly arpClaims?: readonly { readonly ip: string; readonly macs: readonly string[] }[];
  /** The one Ethernet source behind a starvation flood. */
  readonly attackerMac?: string;
  /** Lease files the lab kept beside the capture (an analysis input, as with --leases) and what each holds. */
  readonly leaseDatabases?: readonly {
    readonly file: string;
    readonly format: string;
    readonly server?: string;
    readonly leases?: readonly { readonly ip: string; readonly mac?: string; readonly state?: string }[];
  }[];
  /** A server's own check of an address, in the exchange of the client it was made for. */
  readonly addressChecks?: readonly { readonly clientMac: string; readonly server: string; readonly ip: string; readonly answered: boolean; readonly offered: string }[];
}

/** Every key the checker compares, at each level; anything else in a file is a mismatch. */
const KNOWN_KEYS: Readonly<Record<string, readonly string[]>> = {
  '': [
    'scenario', 'capture', 'description', 'transactions', 'exactTransactions', 'minTransactions', 'minLeases', 'leases', 'servers',
    'relays', 'trustedServers', 'findings', 'absentFindings', 'delivery', 'clients', 'serverDetails', 'relayAgentInfo', 'vlans',
    'arpClaims', 'attackerMac', 'leaseDatabases', 'addressChecks',
  ],
  'leaseDatabases[]': ['file', 'format', 'server', 'leases'],
  'leaseDatabases[].leases[]': ['ip', 'mac', 'state'],
  'transactions[]': ['kind', 'outcome', 'clientMac', 'server', 'assignedIp', 'requestedIp', 'hostname', 'vendorClass', 'leaseSeconds', 'vlan', 'relay', 'offers'],
  'transactions[].offers[]': ['server', 'yiaddr'],
  'leases[]': ['ip', 'mac', 'server', 'state'],
  delivery: ['allOk', 'mismatches'],
  'delivery.mismatches[]': ['messageType', 'expectedOk'],
  'clients[]': ['mac', 'virtualization'],
  'serverDetails[]': ['ip', 'mac', 'hypervisor', 'network', 'router', 'dns', 'domain'],
  relayAgentInfo: ['giaddr', 'hops', 'circuitId'],
  'vlans.*': ['subnet', 'server'],
  'arpClaims[]': ['ip', 'macs'],
  'addressChecks[]': ['clientMac', 'server', 'ip', 'answered', 'offered'],
};
/** Objects whose keys are data (VLAN ids), not names. */
const MAP_KEYS: ReadonlySet<string> = new Set(['vlans']);

/** The keys of a parsed expected.json that the checker does not know, as paths ("transactions[2].colour"). */
export function unknownKeys(value: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, shape: string, at: string): void => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${shape}[]`, `${at}[${i}]`));
      return;
    }
    if (v === null || typeof v !== 'object') return;
    const join = (k: string): string => (shape === '' ? k : `${shape}.${k}`);
    for (const [k, x] of Object.entries(v)) {
      const where = at === '' ? k : `${at}.${k}`;
      if (MAP_KEYS.has(shape)) walk(x, `${shape}.*`, where);
      else if (!(KNOWN_KEYS[shape] ?? []).includes(k)) out.push(where);
      else walk(x, join(k), where);
    }
  };
  walk(value, '', '');
  return out;
}

/** The finding codes the README's table names: an expectation naming any other code is a typo. */
export function knownFindingCodes(): ReadonlySet<string> {
  const readme = readFileSync(path.join(projectRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Findings'), readme.indexOf('\n## ', readme.indexOf('\n## Findings') + 1));
  const codes = new Set<string>();
  for (const row of section.split('\n').filter((l) => l.startsWith('| `'))) {
    for (const m of row.split('|')[1]!.matchAll(/`([A-Z_]+)`/g)) codes.add(m[1]!);
  }
  return codes;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const sorted = (list: readonly string[]): string[] => [...list].sort();

/** Does a report transaction have every field the expectation names? */
function txMatches(t: Transaction, e: ExpectedTx): boolean {
  const plain = ['kind', 'outcome', 'clientMac', 'server', 'assignedIp', 'requestedIp', 'hostname', 'vendorClass', 'leaseSeconds'] as const;
  for (const key of plain) if (e[key] !== undefined && t[key] !== e[key]) return false;
  if (e.vlan !== undefined && !same(t.vlan, e.vlan)) return false;
  if (e.relay !== undefined && t.relay?.giaddr !== e.relay) return false;
  for (const o of e.offers ?? []) if (!t.offers.some((x) => x.server === o.server && (o.yiaddr === undefined || x.yiaddr === o.yiaddr))) return false;
  return true;
}

const brief = (r: Report): string => JSON.stringify(r.transactions.map((t) => [t.id, t.kind, t.outcome, t.clientMac, t.assignedIp]));

function checkTransactions(e: Expected, r: Report, out: string[]): void {
  let from = 0;
  for (const [n, tx] of (e.transactions ?? []).entries()) {
    const i = r.transactions.findIndex((t, idx) => idx >= from && txMatches(t, tx));
    if (i < 0) {
      out.push(`transactions[${n}]: no transaction like ${JSON.stringify(tx)} after index ${from} in ${brief(r)}`);
      continue;
    }
    from = i + 1;
  }
  const listed = e.transactions?.length ?? 0;
  if (e.exactTransactions === true && r.transactions.length !== listed) out.push(`exactTransactions: ${r.transactions.length} transactions, ${listed} listed`);
  if (e.exactTransactions === false && r.transactions.length <= listed) out.push(`exactTransactions false: expected more than the ${listed} listed, got ${r.transactions.length}`);
  if (e.minTransactions !== undefined && r.transactions.length < e.minTransactions) out.push(`minTransactions: ${r.transactions.length} < ${e.minTransactions}`);
}

function checkLeasesAndServers(e: Expected, r: Report, out: string[]): void {
  for (const [n, l] of (e.leases ?? []).entries()) {
    const lease = r.leases.find((x) => x.ip === l.ip && x.mac === l.mac);
    if (lease === undefined) out.push(`leases[${n}]: no lease ${l.ip} ${l.mac}`);
    else {
      if (l.state !== undefined && lease.state !== l.state) out.push(`leases[${n}].state: ${lease.state}, expected ${l.state}`);
      if (l.server !== undefined && lease.server !== l.server) out.push(`leases[${n}].server: ${lease.server}, expected ${l.server}`);
    }
  }
  if (e.minLeases !== undefined && r.leases.length < e.minLeases) out.push(`minLeases: ${r.leases.length} < ${e.minLeases}`);
  if (e.servers !== undefined && !same(sorted(r.servers.map((s) => s.ip)), sorted(e.servers))) out.push(`servers: ${r.servers.map((s) => s.ip)}, expected ${e.servers}`);
  if (e.relays !== undefined) {
    const seen = sorted([...new Set(r.transactions.flatMap((t) => (t.relay ? [t.relay.giaddr] : [])))]);
    if (!same(seen, sorted(e.relays))) out.push(`relays: ${seen}, expected ${e.relays}`);
  }
}

function checkFindings(e: Expected, r: Report, out: string[], known: ReadonlySet<string>): void {
  const codes = new Set<string>(r.findings.map((f) => f.code));
  for (const c of [...(e.findings ?? []), ...(e.absentFindings ?? [])]) if (!known.has(c)) out.push(`finding code ${c} is not one dorascope raises`);
  for (const c of e.findings ?? []) if (!codes.has(c)) out.push(`findings: ${c} not raised (raised: ${[...codes].join(',')})`);
  for (const c of e.absentFindings ?? []) {
    if (codes.has(c)) out.push(`absentFindings: ${c} raised: ${r.findings.filter((f) => f.code === c).map((f) => f.message).join(' | ')}`);
  }
  // A lease-database finding may have its proof in the file alone (sources), nothing in the capture.
  for (const f of r.findings) if (f.frames.length === 0 && (f.sources?.length ?? 0) === 0) out.push(`${f.id} ${f.code} lists no evidence`);
  // The trusted servers are given to the analysis; each must be a server of the capture, and never the rogue.
  for (const ip of e.trustedServers ?? []) {
    if (!r.servers.some((s) => s.ip === ip)) out.push(`trustedServers: ${ip} is not a server of the capture`);
    if (r.findings.some((f) => f.code === 'ROGUE_SERVER' && f.ips.includes(ip))) out.push(`trustedServers: ${ip} is called a rogue`);
  }
  if (e.attackerMac !== undefined) {
    const named = r.findings.some((f) => f.code === 'STARVATION' && (f.macs.includes(e.attackerMac!) || f.message.includes(e.attackerMac!)));
    if (!named) out.push(`attackerMac: no STARVATION finding names ${e.attackerMac}`);
  }
}

function checkDetails(e: Expected, r: Report, out: string[]): void {
  for (const [n, c] of (e.clients ?? []).entries()) {
    const client = r.clients.find((x) => x.mac === c.mac);
    if (client === undefined) out.push(`clients[${n}]: no client ${c.mac}`);
    else if (c.virtualization !== undefined && client.virtualization !== c.virtualization) out.push(`clients[${n}].virtualization: ${client.virtualization}, expected ${c.virtualization}`);
  }
  for (const [n, d] of (e.serverDetails ?? []).entries()) {
    const s = r.servers.find((x) => x.ip === d.ip);
    if (s === undefined) {
      out.push(`serverDetails[${n}]: no server ${d.ip}`);
      continue;
    }
    const pairs: [string, unknown, unknown][] = [
      ['mac', d.mac, s.mac],
      ['hypervisor', d.hypervisor, s.hypervisor?.kind],
      ['network', d.network, s.network?.kind],
      ['router', d.router, s.options.router],
      ['dns', d.dns, s.options.dns],
      ['domain', d.domain, s.options.domain],
    ];
    for (const [key, want, got] of pairs) if (want !== undefined && !same(want, got)) out.push(`serverDetails[${n}].${key}: ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
  }
  if (e.relayAgentInfo !== undefined) {
    const relayed = r.transactions.find((t) => t.relay);
    const want = e.relayAgentInfo;
    const got = relayed?.relay;
    if (got === undefined) out.push('relayAgentInfo: no relayed transaction');
    else if (got.giaddr !== want.giaddr || (want.hops !== undefined && got.hops !== want.hops) || (want.circuitId !== undefined && got.circuitId !== want.circuitId)) {
      out.push(`relayAgentInfo: ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
    }
  }
  for (const [vlan, v] of Object.entries(e.vlans ?? {})) {
    const s = r.servers.find((x) => x.ip === v.server);
    if (!s?.subnets.includes(v.subnet)) out.push(`vlans.${vlan}: server ${v.server} has subnets ${JSON.stringify(s?.subnets)}, expected ${v.subnet}`);
    const tx = r.transactions.find((t) => t.server === v.server);
    if (!same(tx?.vlan, [Number(vlan)])) out.push(`vlans.${vlan}: the exchange with ${v.server} is on VLAN ${JSON.stringify(tx?.vlan)}`);
  }
  for (const [n, a] of (e.arpClaims ?? []).entries()) {
    const b = r.arp.find((x) => x.ip === a.ip);
    if (b === undefined || !same(sorted(b.claims.map((c) => c.mac)), sorted(a.macs)) || !b.conflict) {
      out.push(`arpClaims[${n}]: ${a.ip} claimed by ${JSON.stringify(b?.claims.map((c) => c.mac))} (conflict ${b?.conflict}), expected ${a.macs}`);
    }
  }
}

function checkLeaseDatabases(e: Expected, r: Report, out: string[]): void {
  for (const [n, d] of (e.leaseDatabases ?? []).entries()) {
    const db = r.leaseDatabases?.find((x) => path.basename(x.file) === d.file);
    if (db === undefined) {
      out.push(`leaseDatabases[${n}]: no lease database ${d.file} in the report`);
      continue;
    }
    if (db.format !== d.format) out.push(`leaseDatabases[${n}].format: ${db.format}, expected ${d.format}`);
    if (d.server !== undefined && db.server !== d.server) out.push(`leaseDatabases[${n}].server: ${db.server}, expected ${d.server}`);
    for (const [i, l] of (d.leases ?? []).entries()) {
      const got = db.leases.find((x) => x.ip === l.ip);
      if (got === undefined) out.push(`leaseDatabases[${n}].leases[${i}]: ${d.file} holds no ${l.ip}`);
      else {
        if (l.mac !== undefined && got.mac !== l.mac) out.push(`leaseDatabases[${n}].leases[${i}].mac: ${got.mac}, expected ${l.mac}`);
        if (l.state !== undefined && got.state !== l.state) out.push(`leaseDatabases[${n}].leases[${i}].state: ${got.state}, expected ${l.state}`);
      }
    }
  }
  // The lab's files are the servers' own: reading them must not have needed a single repair.
  const files = new Set((e.leaseDatabases ?? []).map((d) => d.file));
  for (const w of r.warnings) if ([...files].some((f) => w.message.includes(f))) out.push(`leaseDatabases: ${w.message}`);
}

function checkAddressChecks(e: Expected, r: Report, out: string[]): void {
  for (const [n, a] of (e.addressChecks ?? []).entries()) {
    const found = r.transactions.some(
      (t) => t.clientMac === a.clientMac && (t.addressChecks ?? []).some((c) => c.server === a.server && c.ip === a.ip && c.answered === a.answered && c.offered === a.offered),
    );
    if (!found) out.push(`addressChecks[${n}]: no such check in ${JSON.stringify(r.transactions.map((t) => [t.clientMac, t.addressChecks?.map((c) => [c.server, c.ip, c.answered, c.offered])]))}`);
  }
}

function checkDelivery(e: Expected, r: Report, out: string[]): void {
  const steps = r.transactions.flatMap((t) => t.steps);
  const bad = steps.filter((s) => !s.deliveryOk).map((s) => `${s.messageType}#${s.frame}: ${s.expectedDelivery}`);
  if (e.delivery?.allOk === true && bad.length > 0) out.push(`delivery.allOk: ${bad.join(', ')}`);
  if (e.delivery?.allOk === false && bad.length === 0) out.push('delivery.allOk false: every step was delivered as expected');
  for (const [n, m] of (e.delivery?.mismatches ?? []).entries()) {
    if (!steps.some((s) => s.messageType === m.messageType && s.deliveryOk === (m.expectedOk ?? false))) out.push(`delivery.mismatches[${n}]: no ${m.messageType} with deliveryOk ${m.expectedOk ?? false}`);
  }
}

/** The report an expectation is about: its capture, analysed with its options (cached per input). */
export function reportFor(dir: string, cache = new Map<string, Promise<Report>>()): (e: Expected) => Promise<Report | undefined> {
  return (e) => {
    const files = (e.leaseDatabases ?? []).map((d) => d.file);
    const key = JSON.stringify([e.capture, e.trustedServers ?? [], files]);
    const analysed = async (): Promise<Report> => {
      const leaseDatabases = await Promise.all(files.map((f) => readLeaseDatabase(path.join(dir, f))));
      return analyze(path.join(dir, e.capture), { trustedServers: e.trustedServers ?? [], ...(leaseDatabases.length ? { leaseDatabases } : {}) });
    };
    if (!cache.has(key)) cache.set(key, analysed().catch(() => undefined) as Promise<Report>);
    return cache.get(key)!;
  };
}

/** Every mismatch between an expected.json (named `file`) and the report of its capture; [] when all holds. */
export async function checkExpectation(file: string, e: Expected, report: (e: Expected) => Promise<Report | undefined>, known = knownFindingCodes()): Promise<string[]> {
  const out = unknownKeys(e).map((k) => `unknown key ${k}: the lab test does not check it`);
  if (typeof e.description !== 'string' || e.description === '') out.push('description: missing');
  if (typeof e.scenario !== 'string' || !file.startsWith(`${e.scenario}`)) out.push(`scenario: ${e.scenario} is not the file's name (${file})`);
  if (typeof e.capture !== 'string' || !e.capture.startsWith(e.scenario)) out.push(`capture: ${e.capture} is not a capture of scenario ${e.scenario}`);
  const r = await report(e);
  if (r === undefined) return [...out, `capture: ${e.capture} could not be read`];
  checkTransactions(e, r, out);
  checkLeasesAndServers(e, r, out);
  checkFindings(e, r, out, known);
  checkDetails(e, r, out);
  checkAddressChecks(e, r, out);
  checkDelivery(e, r, out);
  checkLeaseDatabases(e, r, out);
  return out;
}
