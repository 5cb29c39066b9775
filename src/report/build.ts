/** Builds the published Report from what the reader, decoder and analyser know. */
import type { AnalysisSnapshot } from '../analyze/analyzer.js';
import { ipToInt } from '../analyze/fields.js';
import { compareFindings } from '../analyze/finding-order.js';
import { diffMs, roundMs, type Timestamp } from '../analyze/time.js';
import type { AddressCheckState } from '../analyze/address-checks.js';
import type { ArpIpState, ClientState, FindingDraft, LeaseState, ServerState, TxArp, TxState, TxStep } from '../analyze/types.js';
import { listOf } from '../analyze/one-or-many.js';
import { exchangeId } from '../analyze/transactions.js';
import { networkOf } from '../analyze/network.js';
import { describeTunnel } from '../decode/tunnel.js';
import { hypervisorOf, vendorOf, virtualizationOf } from '../analyze/vendors.js';
import type { CaptureInfo, CaptureWarning } from '../capture/record.js';
import type { DecodeStats } from '../decode/decoder.js';
import { MESSAGE_TYPE as MT } from '../decode/dhcp/names.js';
import { epochIso, epochMicrosOf, isoTime, xidHex } from './format.js';
import { leaseDatabaseOf, writeArpState, writeClientState, writeLeaseState } from './item-bytes.js';
import type { JsonBytes } from './json-bytes.js';
import type { LeaseRow } from './timeline.js';
import type { DbComparison, DbMatch } from '../analyze/leasedb.js';
import type { DbLease, LeaseDatabase } from '../leasedb/types.js';
import type { AddressCheck, ArpBinding, CaptureSummary, Client, DatabaseLease, Finding, Lease, LeaseDatabaseSummary, PacketRecord, Progress, Report, Server, Step, Transaction, TransactionArp } from './types.js';

export const TOOL_VERSION = '0.1.0';

export interface ReportInput {
  readonly captures: readonly CaptureInfo[];
  readonly captureWarnings: readonly CaptureWarning[];
  readonly stats: DecodeStats;
  readonly analysis: AnalysisSnapshot;
  readonly packets?: readonly PacketRecord[];
  readonly trustedServers?: readonly string[];
  readonly progress?: Progress;
  /**
   * The transactions already converted, in report order (a live view converts each closed one once and keeps
   * no analyser state for it); else the analysis' transactions are converted.
   */
  readonly transactions?: readonly Transaction[];
}

export function buildReport(input: ReportInput): Report {
  const { report, items } = buildReportStreaming(input);
  return {
    ...report,
    transactions: input.transactions ? [...input.transactions] : input.analysis.transactions.map(transactionOfState),
    leases: [...items.leases],
    clients: [...items.clients],
    arp: [...items.arp],
  };
}

/** A list converted one item at a time, each time it is iterated, and how many items it holds. */
export interface ItemList<T> extends Iterable<T> {
  readonly length: number;
  /**
   * Item `i` written as JSON bytes straight from the analyser's state, without converting it (item-bytes.ts): the
   * bytes JSON.stringify writes for it in the report's top-level list (pretty, after its indent) or compact.
   */
  write(w: JsonBytes, i: number): void;
}

/** The leases, also as rows of the text timeline's lease table (filled into `into`, which is returned). */
export interface LeaseList extends ItemList<Lease> {
  row(into: LeaseRow, i: number): LeaseRow;
}

/** The report's long lists, converted one item at a time as a writer asks for them. */
export interface ReportItems {
  readonly transactions: Iterable<Transaction>;
  readonly leases: LeaseList;
  readonly clients: ItemList<Client>;
  readonly arp: ItemList<ArpBinding>;
  /** The analyser's states behind leases, clients and ARP, in the report's order (a live view's records read them). */
  readonly states: { readonly leases: readonly LeaseState[]; readonly clients: readonly ClientState[]; readonly arp: readonly ArpIpState[] };
}

/**
 * The report with its long lists (transactions, leases, clients, ARP) empty, and their items to go in them one
 * at a time: a writer can stream a capture with hundreds of thousands of exchanges and clients without holding
 * all of them as report objects too.
 */
export function buildReportStreaming(input: ReportInput): { report: Report; items: ReportItems } {
  const a = input.analysis;
  const leases = [...a.leases].sort((x, y) => x.firstAckFrame - y.firstAckFrame);
  const clients = [...a.clients].sort((x, y) => (x.mac < y.mac ? -1 : 1));
  const arp = byAddress(a.arp);
  const dbOf = (l: LeaseState): DbMatch | undefined => a.leaseDb?.comparison.matches.get(l);
  return {
    report: {
      schemaVersion: 1,
      tool: { name: 'dorascope', version: TOOL_VERSION },
      captures: input.captures.map(captureOf),
      stats: {
        packets: input.stats.packets,
        dhcp: input.stats.dhcp,
        arp: input.stats.arp,
        malformed: input.stats.malformed,
        other: input.stats.other,
        messageTypes: Object.fromEntries([...a.messageTypes.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))),
      },
      ...(input.packets ? { packets: input.packets } : {}),
      transactions: [],
      leases: [],
      servers: byAddress(a.servers).map((s) => serverOf(s, a.serverPlatforms.get(s.ip) ?? new Set(), input.trustedServers)),
      clients: [],
      arp: [],
      findings: findingsOf(a.findings),
      warnings: [
        ...input.captureWarnings.map((w) => ({ capture: w.capture, ...(w.frame !== undefined ? { frame: w.frame } : {}), message: w.message })),
        ...a.warnings,
      ],
      ...(a.leaseDb ? { leaseDatabases: leaseDatabasesOf(a.leaseDb.databases, a.leaseDb.comparison) } : {}),
      ...(input.progress ? { progress: input.progress } : {}),
    },
    items: {
      transactions: input.transactions ?? converted(a.transactions, transactionOfState),
      leases: {
        ...mapped(
          leases,
          (l) => leaseOf(l, dbOf(l), a.leaseSegments.get(l)),
          (w, l) => writeLeaseState(w, l, dbOf(l), a.leaseSegments.get(l)),
        ),
        row: (into, i) => into.fromState(leases[i]!, dbOf(leases[i]!), a.leaseSegments.get(leases[i]!)),
      },
      clients: mapped(clients, clientOf, writeClientState),
      arp: mapped(arp, arpBindingOf, writeArpState),
      states: { leases, clients, arp },
    },
  };
}

/** A list converted item by item, each time it is iterated. */
function converted<T, U>(list: readonly T[], convert: (item: T) => U): Iterable<U> {
  return {
    *[Symbol.iterator]() {
      for (const item of list) yield convert(item);
    },
  };
}

/** A list converted item by item, each time it is iterated, or its items written as JSON bytes by `write`. */
function mapped<T, U>(list: readonly T[], convert: (item: T) => U, write: (w: JsonBytes, item: T) => void): ItemList<U> {
  return {
    length: list.length,
    [Symbol.iterator]: () => converted(list, convert)[Symbol.iterator](),
    write: (w, i) => write(w, list[i]!),
  };
}

export function arpBindingOf(s: ArpIpState): ArpBinding {
  return {
    ip: s.ip,
    ...(s.segment ? { segment: s.segment } : {}),
    claims: s.claims.map((c) => ({
      mac: c.mac,
      firstFrame: c.firstFrame,
      lastFrame: c.lastFrame,
      firstTime: isoTime(c.first),
      lastTime: isoTime(c.last),
      count: c.count,
      kinds: [...c.kinds].sort(),
    })),
    conflict: s.conflict,
  };
}

/** Sorted by IPv4 address, each address converted once. */
function byAddress<T extends { readonly ip: string }>(items: readonly T[]): T[] {
  return items
    .map((item) => ({ item, key: ipToInt(item.ip) }))
    .sort((x, y) => x.key - y.key)
    .map((x) => x.item);
}

export function captureOf(c: CaptureInfo): CaptureSummary {
  return {
    path: c.path,
    format: c.format,
    compressed: c.compressed,
    linkTypes: [...c.linkTypes],
    timestampResolution: c.timestampResolution,
    packets: c.packets,
    bytes: c.bytes,
    firstFrame: c.firstFrame,
    firstTime: c.firstTime ? isoTime({ sec: c.firstTime.sec, nanos: c.firstTime.nanos, digits: c.firstTime.digits }) : null,
    lastTime: c.lastTime ? isoTime({ sec: c.lastTime.sec, nanos: c.lastTime.nanos, digits: c.lastTime.digits }) : null,
    complete: c.complete,
  };
}

/** What a transaction's steps say beyond themselves: its latencies, and whether it was a rapid commit. */
export function exchangeFacts(tx: TxState): { readonly latency: Transaction['latencyMs']; readonly rapidCommit: true | undefined } {
  const f = exchangeFactsInto(tx, { offer: undefined, ack: undefined, check: undefined, rapidCommit: undefined });
  const latency: { offer?: number; ack?: number; check?: number } = {};
  if (f.offer !== undefined) latency.offer = f.offer;
  if (f.ack !== undefined) latency.ack = f.ack;
  if (f.check !== undefined) latency.check = f.check;
  return { latency, rapidCommit: f.rapidCommit };
}

/** exchangeFacts' latencies (undefined where there is none) and rapid commit, side by side. */
export interface ExchangeFacts {
  offer: number | undefined;
  ack: number | undefined;
  check: number | undefined;
  rapidCommit: true | undefined;
}

/** exchangeFacts filled into `into` (the JSON outputs ask it of every exchange: nothing made per exchange). */
export function exchangeFactsInto(tx: TxState, into: ExchangeFacts, steps: readonly TxStep[] = tx.steps): ExchangeFacts {
  // The first step of each kind, in one pass.
  let discover: TxStep | undefined;
  let request: TxStep | undefined;
  let offer: TxStep | undefined;
  let final: TxStep | undefined;
  let firstFromClient: TxStep | undefined;
  for (const s of steps) {
    const type = s.type;
    if (s.direction === 'server') {
      if (offer === undefined && type === MT.OFFER) offer = s;
      if (final === undefined && (type === MT.ACK || type === MT.NAK) && !s.icmpUnreachable) final = s;
    } else {
      firstFromClient ??= s;
      if (discover === undefined && type === MT.DISCOVER) discover = s;
      if (request === undefined && type === MT.REQUEST) request = s;
    }
  }
  const ackFrom = request ?? (tx.rapidCommit ? discover : undefined) ?? firstFromClient;
  into.offer = discover && offer ? roundMs(diffMs(offer.ts, discover.ts)) : undefined;
  into.ack = ackFrom && final && diffMs(final.ts, ackFrom.ts) >= 0 ? roundMs(diffMs(final.ts, ackFrom.ts)) : undefined;
  // The check of the address that was then offered is what the offer waited for.
  const waitedFor = offer ? tx.checks?.find((c) => c.offerFrame === offer.frame && c.offered === 'same') : undefined;
  into.check = waitedFor && waitedFor.durationMs !== null ? roundMs(waitedFor.durationMs) : undefined;
  into.rapidCommit = tx.rapidCommit && !request && final ? true : undefined;
  return into;
}

/** Where the client's messages were seen, when that was inside an overlay. */
export function segmentOf(tx: TxState): Transaction['segment'] {
  return tx.tunnel
    ? {
        label: segmentLabel(tx.tunnel, tx.vlan),
        tunnel: tx.tunnel.map((t) => ({ ...t })),
        ...(tx.vlan.length ? { vlan: [...tx.vlan] } : {}),
      }
    : undefined;
}

/** A segment's label: its overlays, outermost first, and the VLANs inside them. */
export function segmentLabel(tunnel: TxState['tunnel'] & object, vlan: readonly number[]): string {
  return `${tunnel.map(describeTunnel).join(' / ')}${vlan.length ? `, VLAN ${vlan.join('.')}` : ''}`;
}

/**
 * One analyser transaction as the report's Transaction (also used for streaming NDJSON). The JSON outputs write
 * it straight from the state instead (transaction-bytes.ts), the same fields in the same order: a field added
 * here is added there.
 */
export function transactionOfState(tx: TxState): Transaction {
  return transactionWithSteps(tx, PLAIN_STEPS);
}

/** transactionOfState with its steps and ARP frames made by `make`. */
export function transactionWithSteps(tx: TxState, make: StepMakers): Transaction {
  const first = tx.steps[0]!.ts;
  const { latency, rapidCommit } = exchangeFacts(tx);
  const checks = tx.checks?.map(addressCheckOf);
  return {
    id: tx.id,
    xid: xidHex(tx.xid),
    clientMac: tx.clientMac,
    // Absent fields are undefined rather than left out: one object shape, and JSON leaves them out all the same.
    clientId: tx.clientId,
    hostname: tx.hostname,
    vendorClass: tx.vendorClass,
    kind: tx.kind,
    outcome: tx.outcome,
    server: tx.server,
    offers: tx.offers.map((o) => ({ server: o.server, yiaddr: o.yiaddr, frame: o.frame })),
    selectedServer: tx.selectedServer,
    requestedIp: tx.requestedIp,
    assignedIp: tx.outcome === 'ACK' ? tx.assignedIp : undefined,
    leaseSeconds: tx.outcome === 'ACK' ? tx.leaseSeconds : undefined,
    relay: tx.relay ? { ...tx.relay } : undefined,
    rapidCommit,
    segment: segmentOf(tx),
    vlan: tx.vlan.length > 0 ? [...tx.vlan] : undefined,
    nakMessage: tx.nakMessage,
    firstTime: isoTime(first),
    lastTime: isoTime(tx.last),
    durationMs: roundMs(diffMs(tx.last, first)),
    latencyMs: latency,
    ...(checks ? { addressChecks: checks } : {}),
    steps: tx.steps.map((s) => make.step(tx, s)),
    arpFrames: [...tx.arpFrames],
    arp: tx.arp.map(make.arp),
  };
}

/**
 * How a transaction's steps and ARP frames are made from the analyser's: as plain objects (the default), or as
 * views that read the analyser's own step when asked (the live TUI keeps 240 000 steps of a large capture).
 */
export interface StepMakers {
  readonly step: (tx: TxState, s: TxStep) => Step;
  readonly arp: (x: TxArp) => TransactionArp;
}

export function stepOfState(tx: TxState, s: TxStep): Step {
  return {
    frame: s.frame,
    time: isoTime(s.ts),
    epoch: epochOfStep(s.ts),
    messageType: s.messageType,
    direction: s.direction,
    from: { mac: s.fromMac, ip: s.fromIp },
    to: { mac: s.toMac, ip: s.toIp },
    l2: s.l2,
    l3: s.l3,
    broadcastFlag: s.broadcastFlag,
    expectedDelivery: s.expectedDelivery,
    deliveryOk: s.deliveryOk,
    retransmission: s.retransmission,
    server: s.server,
    yiaddr: s.yiaddr,
    relayed: s.relayed ? true : undefined,
    icmpUnreachable: s.icmpUnreachable ? true : undefined,
    duplicate: s.duplicate ? true : undefined,
    note: s.note ?? checkNote(tx, s.frame),
  };
}

export function arpOfState(x: TxArp): TransactionArp {
  return {
    frame: x.frame,
    time: isoTime(x.ts),
    epoch: epochOfStep(x.ts),
    kind: x.kind,
    senderMac: x.senderMac,
    senderIp: x.senderIp,
    targetIp: x.targetIp,
    fromOther: x.fromOther,
  };
}

const PLAIN_STEPS: StepMakers = { step: stepOfState, arp: arpOfState };

export function addressCheckOf(c: AddressCheckState): AddressCheck {
  return {
    server: c.server,
    ip: c.ip,
    methods: [...c.methods],
    frames: [...c.frames],
    answered: c.answered,
    answerFrames: [...c.answerFrames],
    ...(c.answerMac ? { answerMac: c.answerMac } : {}),
    time: isoTime(c.ts),
    epoch: epochOfStep(c.ts),
    durationMs: c.durationMs === null ? null : roundMs(c.durationMs),
    offered: c.offered,
  };
}

/** The note of an OFFER that came after the server checked addresses: what the offer latency was spent on. */
export function checkNote(tx: TxState, frame: number): string | undefined {
  const mine = tx.checks?.filter((c) => c.offerFrame === frame);
  if (!mine?.length) return undefined;
  return `offered after the server checked ${mine.map((c) => `${c.ip} (${c.answered ? 'answered: in use' : `no answer, ${((c.durationMs ?? 0) / 1000).toFixed(2)} s`})`).join(', ')}`;
}

export function epochOfStep(ts: Timestamp): number {
  return epochMicros(ts) / 1e6;
}

/** A step's epoch in whole microseconds (epochOfStep is this over a million). */
export function epochMicros(ts: Timestamp): number {
  return epochMicrosOf(ts.sec, ts.nanos);
}


export function leaseOf(l: LeaseState, db: DbMatch | undefined, segment: string | undefined): Lease {
  return {
    ip: l.ip,
    ...opt('segment', segment),
    mac: l.mac,
    ...opt('clientId', l.clientId),
    ...opt('hostname', l.hostname),
    server: l.server,
    start: isoTime(l.start),
    end: l.leaseSeconds === null ? null : isoTime({ ...l.lastAck, sec: l.lastAck.sec + l.leaseSeconds }),
    leaseSeconds: l.leaseSeconds,
    renewals: l.renewals,
    state: l.state,
    transactions: listOf(l.transactions).map(exchangeId),
    ...(db ? { database: leaseDatabaseOf(db) } : {}),
  };
}

function leaseDatabasesOf(dbs: readonly LeaseDatabase[], c: DbComparison): LeaseDatabaseSummary[] {
  return dbs.map((db, i) => ({
    file: db.file,
    format: db.format,
    server: c.servers[i] ?? null,
    leaseCount: db.leases.length,
    records: db.records,
    firstTime: epochIso(db.firstTime),
    lastTime: epochIso(db.lastTime),
    leases: db.leases.map(databaseLeaseOf),
  }));
}

function databaseLeaseOf(l: DbLease): DatabaseLease {
  return {
    ip: l.ip,
    mac: l.mac,
    ...opt('clientId', l.clientId),
    ...opt('hostname', l.hostname),
    state: l.state,
    start: epochIso(l.start),
    end: epochIso(l.end),
    line: l.line,
  };
}


function serverOf(s: ServerState, platforms: ReadonlySet<string>, trusted: readonly string[] | undefined): Server {
  const hv = hypervisorOf({
    ip: s.ip,
    mac: s.mac,
    ...(s.router !== undefined ? { router: s.router } : {}),
    ...(s.dns !== undefined ? { dns: s.dns } : {}),
    ...(s.domain !== undefined ? { domain: s.domain } : {}),
    clientPlatforms: platforms,
  });
  const virt = s.mac ? virtualizationOf(s.mac) : undefined;
  const network = networkOf(
    { ip: s.ip, mac: s.mac, router: s.router, dns: s.dns, domain: s.domain, leaseSeconds: s.leaseSeconds, offered: s.offered, clientPlatforms: platforms, relayed: s.relayed },
    hv,
  );
  return {
    ip: s.ip,
    mac: s.mac || null,
    offers: s.offers,
    acks: s.acks,
    naks: s.naks,
    subnets: [...s.subnets].sort(),
    options: { ...opt('router', s.router), ...(s.dns ? { dns: [...s.dns] } : {}), ...opt('domain', s.domain) },
    ...(hv ? { hypervisor: hv } : {}),
    ...(virt ? { virtualization: virt } : {}),
    ...(trusted && trusted.length ? { trusted: trusted.includes(s.ip) } : {}),
    network,
  };
}

export function clientOf(c: ClientState): Client {
  const vendor = vendorOf(c.mac);
  const virt = virtualizationOf(c.mac);
  return {
    mac: c.mac,
    ...opt('vendor', vendor),
    ...opt('virtualization', virt),
    hostnames: listOf(c.hostnames),
    vendorClasses: listOf(c.vendorClasses),
    ips: listOf(c.ips),
    transactions: [...new Set(listOf(c.transactions))].map(exchangeId),
  };
}

function findingsOf(list: readonly FindingDraft[]): Finding[] {
  return [...list].sort(compareFindings).map((f, i) => findingOf(f, `F${i + 1}`));
}

/** One finding as the report shows it (also used for streaming NDJSON, with ids in order of emission). */
export function findingOf(f: FindingDraft, id: string): Finding {
  return {
    id,
    code: f.code,
    severity: f.severity,
    message: f.message,
    time: isoTime(f.ts),
    frames: [...f.frames],
    ips: [...f.ips],
    macs: [...f.macs],
    ...(f.transactions ? { transactions: [...f.transactions] } : {}),
    ...(f.sources ? { sources: f.sources.map((x) => ({ file: x.file, line: x.line })) } : {}),
  };
}

function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
