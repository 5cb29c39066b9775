/**
 * The analysis engine: consumes decoded frames in capture order and keeps transactions, leases, the ARP view,
 * servers, clients and findings. `snapshot()` may be called at any time (a live view of a capture still
 * being read); `finish()` closes what is open at the end of the input.
 */
import { MESSAGE_TYPE as MT, messageTypeName } from '../decode/dhcp/names.js';
import type { ArpFrame, DecodedFrame, DhcpFrame } from '../decode/frame.js';
import { AddressCheckBook, type AddressCheckState } from './address-checks.js';
import { ArpBook, type ArpEvent } from './arp.js';
import { linkSegmentOf } from './segment.js';
import type { RequestState } from './delivery.js';
import { ipOf, OPT, u32Of, ZERO_IP } from './fields.js';
import { EvidenceBook } from './evidence.js';
import { flat } from './flat.js';
import { compareFindings } from './finding-order.js';
import type { FindingCode } from './finding-codes.js';
import { TransactionFindings } from './findings.js';
import { ExhaustionWatch, FloodWatch } from './floods.js';
import { lastAckEpoch, LeaseBook, leaseEnd, renewalTimes, runningAt, type Grant, type LeaseSegments } from './leases.js';
import { compareDatabases, DEFAULT_LEASE_SKEW, type DbComparison } from './leasedb.js';
import type { LeaseDatabase } from '../leasedb/types.js';
import { firstOf, lastOf, withOnce } from './one-or-many.js';
import { ClientBook, ServerBook, type ClientRecord } from './servers.js';
import { isVirtualRouterMac, virtualizationOf } from './vendors.js';
import { isRelayLeg, messageName } from './steps.js';
import { diffMs, stampOf, timestampOf, toEpoch, type Timestamp } from './time.js';
import type { Exchange } from './exchange.js';
import { clientKeyOf, exchangeId, TransactionTracker } from './transactions.js';
import {
  DEFAULT_OPTIONS,
  type AnalyzerOptions,
  type ArpIpState,
  type ClientState,
  type FindingDraft,
  type LeaseState,
  type ServerState,
  type TxState,
  type TxStep,
} from './types.js';

export interface AnalysisSnapshot {
  readonly transactions: readonly TxState[];
  /** The kept exchanges still open (also in `transactions` when they are retained). */
  readonly openTransactions: readonly TxState[];
  readonly leases: readonly LeaseState[];
  /** The segment (segment.ts) of each lease granted off the plain LAN; a lease not in it is on the plain LAN. */
  readonly leaseSegments: LeaseSegments;
  readonly servers: readonly ServerState[];
  readonly clients: readonly ClientState[];
  readonly arp: readonly ArpIpState[];
  readonly findings: readonly FindingDraft[];
  readonly warnings: readonly { frame?: number; message: string }[];
  readonly messageTypes: ReadonlyMap<string, number>;
  /** Per server address: the virtual platforms of the clients it offered to or served (VMware, QEMU/KVM, ...). */
  readonly serverPlatforms: ReadonlyMap<string, ReadonlySet<string>>;
  /** Transactions kept for the report, closed or open (also when they are not retained). */
  readonly transactionCount: number;
  readonly firstTs: Timestamp | undefined;
  readonly lastTs: Timestamp | undefined;
  /** The lease databases given and how they compare with the wire (their findings are in `findings`). */
  readonly leaseDb?: { readonly databases: readonly LeaseDatabase[]; readonly comparison: DbComparison };
}

export interface AnalyzerHooks {
  /**
   * An exchange is over (answered, or idle past the timeout): for streaming output. When transactions are not
   * retained, its steps are readable during this call only (their slots in the step store serve the exchanges
   * still to come; reading them later throws): write or convert it here.
   */
  onTransaction?(tx: TxState): void;
  /** A finding, as its evidence arrived; those gathered over the whole capture when it is finished. */
  onFinding?(f: FindingDraft): void;
}

/** Seconds after a lease ended during which its holder may still be seen tearing the address down. */
const STALE_GRACE_SECONDS = 5;
/** Two MACs claiming one address within this many seconds, without DHCP handing it over, conflict. */
const ARP_CONFLICT_WINDOW_SECONDS = 300;
/** How long after its last message an exchange collects the client's ARP. */
const ARP_LINK_SECONDS = 15;
const SWEEP_EVERY_MS = 1000;
/** After an unanswered exchange's last DISCOVER, how long a server's checks still count as done for it. */
const NO_OFFER_CHECK_SECONDS = 5;
const PRUNE_EVERY_MS = 60_000;

export class Analyzer {
  private readonly opts: Required<Omit<AnalyzerOptions, 'trustedServers' | 'leaseDatabases' | 'leaseSkew'>>;
  private readonly trusted: readonly string[];
  private readonly databases: readonly LeaseDatabase[] | undefined;
  private readonly leaseSkew: number;
  private readonly tracker: TransactionTracker;
  private readonly leases: LeaseBook;
  private readonly arpBook: ArpBook;
  private readonly servers = new ServerBook();
  private readonly clients: ClientBook;
  private readonly events: FindingDraft[] = [];
  private readonly seen = new Set<string>();
  /** Findings raised per code, and how many more were raised than kept. */
  private readonly raised = new Map<string, { kept: number; over: number }>();
  private readonly warnings: { frame?: number; message: string }[] = [];
  /** Messages per type (messageKey), and the types in the order they were first seen (the report lists them so). */
  private readonly typeCounts = new Float64Array(MESSAGE_KEYS);
  private readonly typeOrder: number[] = [];
  private readonly evidence = new EvidenceBook();
  private readonly floods: FloodWatch;
  private readonly exhaustion = new ExhaustionWatch();
  private readonly txFindings: TransactionFindings;
  private readonly platforms = new Map<string, Set<string>>();
  private readonly checks = new AddressCheckBook();
  private firstTs: Timestamp | undefined;
  private lastTs: Timestamp | undefined;
  private lastSweep: Timestamp | undefined;
  private lastPrune: Timestamp | undefined;
  private finished = false;

  constructor(options: AnalyzerOptions = {}, private readonly hooks: AnalyzerHooks = {}) {
    const { trustedServers, leaseDatabases, leaseSkew, ...rest } = options;
    this.opts = { ...DEFAULT_OPTIONS, ...stripUndefined(rest) };
    this.trusted = trustedServers ?? [];
    this.databases = leaseDatabases;
    this.leaseSkew = leaseSkew ?? DEFAULT_LEASE_SKEW;
    for (const db of leaseDatabases ?? []) for (const w of db.warnings) this.warnings.push({ message: w.message });
    this.leases = new LeaseBook(this.opts.maxTransactions);
    this.arpBook = new ArpBook(this.opts.maxTransactions);
    this.clients = new ClientBook(this.opts.maxTransactions);
    this.floods = new FloodWatch(this.opts, (key, f) => this.raise(f.code, key, () => f));
    this.txFindings = new TransactionFindings(this.opts.stormRetransmissions);
    this.tracker = new TransactionTracker(
      {
        maxOpen: this.opts.maxOpenTransactions,
        maxStored: this.opts.maxTransactions,
        timeoutSeconds: this.opts.transactionTimeout,
        retain: this.opts.retainTransactions,
      },
      (tx) => this.closed(tx),
    );
  }

  /** An exchange is over: fold in what the findings need of it, then hand it on. */
  private closed(tx: TxState): void {
    if (tx.kept) {
      this.checksWithoutOffer(tx);
      this.txFindings.add(tx);
      this.exhaustion.closed(tx);
      notePlatforms(this.platforms, tx);
    }
    this.hooks.onTransaction?.(tx);
  }

  add(f: DecodedFrame): void {
    const ts = timestampOf(f);
    if (!this.firstTs || diffMs(ts, this.firstTs) < 0) this.firstTs = ts;
    if (!this.lastTs || diffMs(ts, this.lastTs) > 0) this.lastTs = ts;
    switch (f.kind) {
      case 'dhcp':
        this.addDhcp(f);
        break;
      case 'arp':
        this.addArp(f);
        break;
      case 'malformed':
        this.evidence.problems(f, f.problems);
        break;
      case 'icmp-echo':
        this.checks.echo(f, linkSegmentOf(f));
        break;
    }
    if (!this.lastSweep || diffMs(ts, this.lastSweep) > SWEEP_EVERY_MS) {
      this.tracker.sweep(ts);
      this.lastSweep = ts;
    }
    if (!this.lastPrune || diffMs(ts, this.lastPrune) > PRUNE_EVERY_MS) {
      this.prune(ts);
      this.lastPrune = ts;
    }
  }

  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.tracker.closeAll();
    if (this.lastTs) this.leases.finish(toEpoch(this.lastTs));
    if (this.tracker.evictedOpen > 0) {
      this.warnings.push({ message: `${this.tracker.evictedOpen} open transactions were closed early: more than ${this.opts.maxOpenTransactions} were open at once` });
    }
    const limit = this.opts.maxTransactions;
    if (this.tracker.droppedStored > 0) {
      this.warnings.push({ message: `${this.tracker.droppedStored} transactions were not kept: the report holds at most ${limit} (--max-transactions)` });
    }
    // These may meet the same unkept item more than once, so they say that the limit was reached, not a count.
    const full: [number, string][] = [
      [this.clients.dropped, 'clients'],
      [this.leases.dropped, 'leases'],
      [this.arpBook.dropped, 'ARP addresses'],
    ];
    for (const [n, what] of full) {
      if (n > 0) this.warnings.push({ message: `more than ${limit} ${what}: the report lists the first ${limit} (--max-transactions)` });
    }
    for (const [code, r] of this.raised) {
      if (r.over > 0) this.warnings.push({ message: `${r.over} more ${code} findings were raised: the report lists the first ${r.kept}` });
    }
    // The findings known only as a whole (grouped evidence, how exchanges ended, an exhausted pool) are final
    // now: hand them over too, so onFinding sees every finding the report holds.
    if (this.hooks.onFinding) for (const f of this.gathered([]).sort(compareFindings)) this.hooks.onFinding(f);
  }

  /** The findings gathered over the whole capture rather than raised at one frame, with `open` exchanges folded in. */
  private gathered(open: readonly TxState[]): FindingDraft[] {
    const derived = this.txFindings.findings(open, { servers: this.servers.all(), trustedServers: this.trusted, lastTs: this.lastTs });
    return [...this.evidence.findings(), ...derived, ...this.exhaustion.findings(this.lastTs)];
  }

  /** Transactions kept for the report so far (open or closed, retained or not). */
  get transactionCount(): number {
    return this.tracker.keptCount;
  }

  snapshot(): AnalysisSnapshot {
    const open = this.tracker.openKept();
    let platforms: ReadonlyMap<string, ReadonlySet<string>> = this.platforms;
    if (open.length > 0) {
      const merged = new Map([...this.platforms].map(([ip, set]) => [ip, new Set(set)]));
      for (const tx of open) notePlatforms(merged, tx);
      platforms = merged;
    }
    const findings = [...this.events, ...this.gathered(open)];
    const leaseDb = this.databases ? this.compareDatabases(this.databases, findings) : undefined;
    return {
      transactions: this.tracker.all(),
      openTransactions: open,
      transactionCount: this.tracker.keptCount,
      serverPlatforms: platforms,
      leases: this.leases.all(),
      leaseSegments: this.leases.segmentMap(),
      servers: this.servers.all(),
      clients: this.clients.all(),
      arp: this.arpBook.all(),
      findings: leaseDb ? [...findings, ...leaseDb.comparison.findings] : findings,
      ...(leaseDb ? { leaseDb } : {}),
      warnings: leaseDb && leaseDb.comparison.warnings.length > 0 ? [...this.warnings, ...leaseDb.comparison.warnings.map((message) => ({ message }))] : this.warnings,
      messageTypes: this.messageTypeCounts(),
      firstTs: this.firstTs,
      lastTs: this.lastTs,
    };
  }

  /** Messages per type name, in the order the types were first seen. */
  private messageTypeCounts(): Map<string, number> {
    return new Map(this.typeOrder.map((key) => [keyName(key), this.typeCounts[key]!]));
  }

  private compareDatabases(databases: readonly LeaseDatabase[], findings: readonly FindingDraft[]): NonNullable<AnalysisSnapshot['leaseDb']> {
    const wire = { leases: this.leases.all(), arp: this.arpBook.all(), findings, firstTs: this.firstTs, lastTs: this.lastTs };
    return { databases, comparison: compareDatabases(wire, databases, { skewSeconds: this.leaseSkew, maxPerCode: this.opts.maxFindingsPerCode }) };
  }

  // ── DHCP ────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * One DHCP message, in the order a newcomer can follow: count it, file its decode problems, join it to its
   * exchange, note its client, then what a client's message or a server's reply means beyond the exchange.
   */
  private addDhcp(f: DhcpFrame): void {
    const key = messageKey(f);
    const seen = this.typeCounts[key]!;
    if (seen === 0) this.typeOrder.push(key);
    this.typeCounts[key] = seen + 1;
    if (f.problems.length) this.evidence.problems(f, f.problems);
    if (f.dhcp.op !== 1 && f.dhcp.op !== 2) return; // neither request nor reply: nothing to join
    if (f.quotedBy) this.evidence.unreachableQuote(f);
    const { tx, step } = this.joinExchange(f);
    const client = (tx.client ??= this.clients.touch(tx.clientMac));
    if (tx.kept) this.exhaustion.step(tx, step, client);
    client.noteTransaction(tx.firstFrame);
    if (f.dhcp.op === 1) this.clientMessage(f, tx, step, client);
    else if (!f.quotedBy) this.serverReply(f, tx, step, client);
  }

  /** Files the message under its exchange (a new one, or the open one it belongs to). */
  private joinExchange(f: DhcpFrame): { tx: TxState; step: TxStep } {
    const state = f.dhcp.op === 1 && f.dhcp.messageType === MT.REQUEST ? this.requestState(f) : undefined;
    return this.tracker.add(f, state);
  }

  /** A client's (or relay's) message: what it says of the client, the flood and spoofing watches, lease ends. */
  private clientMessage(f: DhcpFrame, tx: TxState, step: TxStep, client: ClientRecord): void {
    if (tx.hostname) client.hostnames = withOnce(client.hostnames, tx.hostname);
    if (tx.vendorClass) client.vendorClasses = withOnce(client.vendorClasses, tx.vendorClass);
    if (!f.quotedBy) this.evidence.chaddr(f);
    const firstCopy = !step.duplicate && step.direction === 'client';
    if (firstCopy) this.floods.clientMessage(f, messageName(f), client);
    if (firstCopy && f.dhcp.messageType === MT.DISCOVER) {
      this.floods.discover(f, f.srcMac && f.srcMac !== f.dhcp.chaddr ? this.evidence.chaddrsFrom(f.srcMac) : 0);
    }
    // A lease ends once: not on a retransmission, a second capture, or a quote in an ICMP error.
    if (step.duplicate || step.retransmission || f.quotedBy) return;
    if (f.dhcp.messageType === MT.RELEASE) this.release(f, tx);
    if (f.dhcp.messageType === MT.DECLINE) this.decline(f, tx);
  }

  /** A server's reply: the server's tally (each reply once) and, for an ACK that hands out an address, a lease. */
  private serverReply(f: DhcpFrame, tx: TxState, step: TxStep, client: ClientState): void {
    const server = step.server ?? f.ip.src;
    if (!step.duplicate && !isRelayCopy(tx, step)) this.servers.observe(f, server);
    const m = f.dhcp;
    if (m.messageType === MT.OFFER && !step.duplicate && tx.kept) this.checksBeforeOffer(f, tx, server);
    if ((m.messageType === MT.ACK || m.messageType === undefined) && m.yiaddr !== ZERO_IP && !step.duplicate) {
      this.grant(f, tx, server);
      client.ips = withOnce(client.ips, m.yiaddr);
    }
  }

  /** The server's checks of candidate addresses between the client's first message and this OFFER. */
  private checksBeforeOffer(f: DhcpFrame, tx: TxState, server: string): void {
    const found = this.checks.take([f.ip.src, server], linkSegmentOf(f), tx.first, timestampOf(f), { yiaddr: f.dhcp.yiaddr, frame: f.frame });
    this.addChecks(tx, found, f.dhcp.yiaddr);
  }

  /**
   * An exchange that ends with no OFFER: answered checks in its time are why, by a known server, or by a host
   * that pinged right after one of its DISCOVERs (a server's first exchange, before it has answered anyone).
   */
  private checksWithoutOffer(tx: TxState): void {
    if (tx.offers.length > 0 || !tx.steps.some(isDiscover)) return;
    const discovers = tx.steps.filter(isDiscover).map((s) => s.ts);
    const until = { ...tx.last, sec: tx.last.sec + NO_OFFER_CHECK_SECONDS };
    const known = this.checks.take(this.servers.all().map((s) => s.ip), tx.segment, tx.first, until, undefined);
    this.addChecks(tx, [...known, ...this.checks.takePrompt(discovers, tx.segment, tx.first, until)], undefined);
  }

  private addChecks(tx: TxState, found: readonly AddressCheckState[], offered: string | undefined): void {
    if (found.length === 0) return;
    tx.checks = [...(tx.checks ?? []), ...found];
    for (const c of found) {
      if (!c.answered) continue;
      const by = c.answerMac ? ` by ${c.answerMac}` : '';
      const who = c.answerMac ?? 'the address';
      const evidence = [...c.frames, ...c.answerFrames, ...(c.offerFrame !== undefined ? [c.offerFrame] : [])].sort((a, b) => a - b);
      if (c.offered === 'same') {
        this.raise('CHECKED_ADDRESS_OFFERED', `CHECKED|${c.server}|${c.ip}|${tx.id}`, () => ({
          severity: 'warning',
          message: `${c.server} checked ${c.ip} before offering it, the check was answered${by} (the address is in use), and it offered ${c.ip} to ${tx.clientMac} anyway`,
          ts: c.ts,
          frames: evidence,
          ips: [c.ip],
          macs: [tx.clientMac, ...(c.answerMac ? [c.answerMac] : [])],
          transactions: [tx.id],
        }));
      } else {
        this.raise('POOL_ADDRESS_IN_USE', `INUSE|${c.server}|${c.ip}|${tx.id}`, () => ({
          severity: 'info',
          message:
            `${c.server} checked ${c.ip} for ${tx.clientMac} and ${who} answered: the address is in use, ` +
            (offered ? `so the server offered ${offered} instead` : 'and the server offered nothing'),
          ts: c.ts,
          frames: evidence,
          ips: [c.ip],
          macs: c.answerMac ? [c.answerMac] : [],
          transactions: [tx.id],
        }));
      }
    }
  }

  private requestState(f: DhcpFrame): RequestState {
    const m = f.dhcp;
    if (m.ciaddr === ZERO_IP) {
      if (ipOf(m, OPT.serverId)) return 'SELECTING';
      return ipOf(m, OPT.requestedIp) ? 'INIT-REBOOT' : 'SELECTING';
    }
    if (isRelayLeg(f)) return 'REBINDING'; // a relay only forwards what the client broadcast
    if (f.ip.l3 === 'unicast' && f.l2 !== 'broadcast') return 'RENEWING';
    // Broadcast with ciaddr is REBINDING, unless the lease we saw says it is far too early for that (before the
    // midpoint of T1 and T2: real clients jitter their timers) and the client has not tried a unicast RENEW:
    // then it is a RENEW sent by broadcast, which the delivery check flags.
    const key = clientKeyOf(m);
    const lease = this.leases.latest(m.ciaddr, key);
    const times = lease ? renewalTimes(lease) : undefined;
    if (lease && times && times.t1 !== null && times.t2 !== null && lease.state === 'active') {
      const early = toEpoch(timestampOf(f)) < lastAckEpoch(lease) + (times.t1 + times.t2) / 2;
      const open = this.tracker.peek(key, m.xid);
      const triedRenew = open !== undefined && open.kind === 'RENEW' && !open.done;
      if (early && !triedRenew) return 'RENEWING';
    }
    return 'REBINDING';
  }

  private grant(f: DhcpFrame, tx: TxState, server: string): void {
    if (tx.kind === 'INFORM') return;
    const ts = timestampOf(f);
    const g = GRANT;
    g.ip = f.dhcp.yiaddr;
    g.mac = tx.clientMac;
    g.clientId = tx.clientId;
    g.hostname = tx.hostname;
    g.server = server;
    g.ts = ts;
    g.frame = f.frame;
    g.leaseSeconds = tx.leaseSeconds;
    g.t1 = u32Of(f.dhcp, OPT.renewalTime);
    g.t2 = u32Of(f.dhcp, OPT.rebindingTime);
    g.txId = tx.firstFrame;
    g.segment = tx.segment;
    const { lease, overlapping } = this.leases.grant(g);
    for (const other of overlapping) {
      if (this.leases.segmentOf(other) !== tx.segment) continue; // the same address in another VLAN or overlay
      const key = `DOUBLE_ASSIGNMENT|${lease.ip}|${[other.mac, lease.mac].sort().join('|')}`;
      this.raise('DOUBLE_ASSIGNMENT', key, () => ({
        severity: 'error',
        message: `${lease.ip} was acked to ${lease.mac} by ${server} while ${other.mac}'s lease from ${other.server} was still running`,
        ts,
        frames: [other.firstAckFrame, f.frame],
        ips: [lease.ip],
        macs: [other.mac, lease.mac],
        transactions: [exchangeId(firstOf(other.transactions)!), tx.id],
      }));
    }
  }

  private release(f: DhcpFrame, tx: TxState): void {
    const ip = f.dhcp.ciaddr !== ZERO_IP ? f.dhcp.ciaddr : ipOf(f.dhcp, OPT.requestedIp);
    if (ip) this.leases.end(ip, tx.clientMac, 'released', timestampOf(f), tx.firstFrame, f.frame);
  }

  private decline(f: DhcpFrame, tx: TxState): void {
    const m = f.dhcp;
    const ip = ipOf(m, OPT.requestedIp) ?? (m.ciaddr !== ZERO_IP ? m.ciaddr : this.leases.latestOfClient(tx.clientMac)?.ip);
    if (ip) {
      tx.requestedIp ??= ip;
      this.leases.end(ip, tx.clientMac, 'declined', timestampOf(f), tx.firstFrame, f.frame);
    }
    const ts = timestampOf(f);
    const other = ip ? this.arpBook.get(ip, tx.segment)?.claims.filter((c) => c.mac !== tx.clientMac && Math.abs(diffMs(ts, c.last)) < 60_000).at(-1) : undefined;
    this.raise('DECLINE', `DECLINE|${f.frame}`, () => ({
      severity: 'warning',
      message:
        `${tx.clientMac} declined ${ip ?? 'its address'}` +
        (other ? `: ARP shows it in use by ${other.mac} (frame ${other.lastFrame})` : ' (the client found it in use)'),
      ts,
      frames: other ? [f.frame, other.lastFrame] : [f.frame],
      ips: ip ? [ip] : [],
      macs: other ? [tx.clientMac, other.mac] : [tx.clientMac],
      transactions: [tx.id],
    }));
  }

  /** Forgets per-client short-term state that can no longer matter, so memory follows activity, not history. */
  private prune(now: Timestamp): void {
    this.floods.prune(now);
    this.checks.prune(now);
    this.arpBook.prune(now);
    this.tracker.pruneLatest(now, ARP_LINK_SECONDS);
  }

  // ── ARP ─────────────────────────────────────────────────────────────────────────────────────────────

  private addArp(f: ArpFrame): void {
    if (f.problems.length) this.evidence.problems(f, f.problems);
    const segment = linkSegmentOf(f);
    this.checks.arp(f, segment);
    this.linkArp(f);
    for (const e of this.arpBook.observe(f, segment)) this.onArpEvent(e);
  }

  private linkArp(f: ArpFrame): void {
    const a = f.arp;
    if (!a.ethernetIpv4) return; // other hardware or protocol types have no IPv4 addresses to link by
    const t = timestampOf(f);
    const mine = this.tracker.latestOf(a.senderMac);
    if (mine !== undefined && arpNear(mine, t)) linkArpTo(mine, f, t, false);
    const target = this.tracker.latestOf(a.targetMac);
    if (target !== undefined && target !== mine && arpNear(target, t) && namesAddress(target, a.senderIp)) linkArpTo(target, f, t, true);
  }

  private onArpEvent(e: ArpEvent): void {
    const where = e.segment ? ` on ${e.segment}` : '';
    if (e.kind === 'probe-answered') {
      this.arpBook.markConflict(e.ip, e.segment);
      this.raise('PROBE_ANSWERED', `PROBE|${e.ip}|${e.answerer}${e.segment ? `|${e.segment}` : ''}`, () => ({
        severity: 'warning',
        message: e.simultaneousProbe
          ? `${e.prober} and ${e.answerer} probed for ${e.ip}${where} at the same time`
          : `${e.prober} probed for ${e.ip}${where} and ${e.answerer} answered: the address is in use`,
        ts: e.ts,
        frames: [e.probeFrame, e.answerFrame],
        ips: [e.ip],
        macs: [e.prober, e.answerer],
      }));
      return;
    }
    const epoch = toEpoch(e.ts);
    // Only leases of this segment hold the address here.
    const holder = this.leases.holderAt(e.ip, epoch, e.segment);
    if (holder && holder.mac !== e.mac) {
      this.arpConflict(e, holder.mac, () => `${e.ip} is leased to ${holder.mac} (from ${holder.server}) but ${e.mac} claimed it in ARP${where}`, holder.firstAckFrame);
    } else if (!holder && e.previous && diffMs(e.ts, e.previous.last) <= ARP_CONFLICT_WINDOW_SECONDS * 1000) {
      const prevLease = this.leases.latest(e.ip, e.previous.mac);
      const handedOver = prevLease && !runningAt(prevLease, epoch);
      const previous = e.previous;
      if (!handedOver) this.arpConflict(e, previous.mac, () => `${e.ip} was claimed in ARP by ${previous.mac} and then by ${e.mac}${where}`, previous.lastFrame);
    }
    const own = this.leases.latest(e.ip, e.mac);
    if (own && !runningAt(own, epoch)) {
      const ended = own.endedAt ? toEpoch(own.endedAt) : leaseEnd(own);
      if (ended !== null && epoch > ended + STALE_GRACE_SECONDS) {
        this.raise('STALE_USE', `STALE|${e.ip}|${e.mac}`, () => ({
          severity: 'warning',
          message: `${e.mac} still used ${e.ip} in ARP ${Math.round(epoch - ended)} s after its lease was ${own.state === 'released' ? 'released' : own.state === 'declined' ? 'declined' : 'over'}`,
          ts: e.ts,
          frames: [own.lastAckFrame, ...(own.endFrame !== undefined ? [own.endFrame] : []), e.frame],
          ips: [e.ip],
          macs: [e.mac],
          transactions: [exchangeId(lastOf(own.transactions)!)],
        }));
      }
    }
  }

  private arpConflict(e: Extract<ArpEvent, { kind: 'claim' }>, other: string, message: () => string, otherFrame: number): void {
    // A redundant gateway's virtual MAC shares its address with the routers' own MACs by design.
    if (isVirtualRouterMac(e.mac) || isVirtualRouterMac(other)) return;
    this.arpBook.markConflict(e.ip, e.segment);
    const pair = e.mac < other ? `${e.mac}|${other}` : `${other}|${e.mac}`;
    this.raise('ARP_CONFLICT', `ARP_CONFLICT|${e.ip}|${pair}${e.segment ? `|${e.segment}` : ''}`, () => ({
      severity: 'error',
      message: message(),
      ts: e.ts,
      frames: otherFrame <= e.frame ? [otherFrame, e.frame] : [e.frame, otherFrame],
      ips: [e.ip],
      macs: [other, e.mac],
    }));
  }

  // ── findings ────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Raises a finding once per key; `make` only runs for a new key (an ARP conflict repeats with every claim).
   * Past maxFindingsPerCode of one code the rest are only counted, and their keys no longer remembered (so the
   * count may include repeats): a hostile capture cannot grow the findings, or the keys, without bound.
   */
  private raise(code: FindingCode, key: string, make: () => Omit<FindingDraft, 'code'>): void {
    if (this.seen.has(key)) return;
    let r = this.raised.get(code);
    if (!r) {
      r = { kept: 0, over: 0 };
      this.raised.set(code, r);
    }
    if (r.kept >= this.opts.maxFindingsPerCode) {
      r.over++;
      return;
    }
    r.kept++;
    this.seen.add(flat(key));
    const f: FindingDraft = { code, ...make() };
    flat(f.message); // kept to the end of the run
    this.events.push(f);
    this.hooks.onFinding?.(f);
  }

}

/** A message's type as a number for counting: its DHCP message type, or BOOTREQUEST / BOOTREPLY without one. */
const BOOTREQUEST_KEY = 256;
const BOOTREPLY_KEY = 257;
const MESSAGE_KEYS = 258;

function messageKey(f: DhcpFrame): number {
  const t = f.dhcp.messageType;
  if (t === undefined) return f.dhcp.op === 1 ? BOOTREQUEST_KEY : BOOTREPLY_KEY;
  return t & 0xff;
}

/** The name messageName gives the messages of a key. */
function keyName(key: number): string {
  return key === BOOTREQUEST_KEY ? 'BOOTREQUEST' : key === BOOTREPLY_KEY ? 'BOOTREPLY' : messageTypeName(key);
}

/** The ACK being granted, filled in for each one: one object reused (the lease book copies what it keeps). */
const GRANT: { -readonly [K in keyof Grant]-?: Grant[K] } = {
  ip: '', mac: '', clientId: undefined, hostname: undefined, server: '', ts: stampOf(0, 0, 6),
  frame: 0, leaseSeconds: undefined, t1: undefined, t2: undefined, txId: 0, segment: '',
};

/** Files the client's virtual platform under each server that offered to it or served it. */
function notePlatforms(platforms: Map<string, Set<string>>, tx: TxState): void {
  const p = virtualizationOf(tx.clientMac);
  if (!p) return;
  for (const server of [tx.server, ...tx.offers.map((o) => o.server)]) {
    if (!server) continue;
    const set = platforms.get(server) ?? new Set<string>();
    set.add(p);
    platforms.set(server, set);
  }
}

/** An ARP frame at `t` falls in the exchange's ARP window (from just before its first message to 15 s after its last). */
function arpNear(tx: Exchange, t: Timestamp): boolean {
  return tx.msSinceLast(t) <= ARP_LINK_SECONDS * 1000 && tx.msSinceFirst(t) >= -1000;
}

/** The address was assigned, requested or offered in the exchange. */
function namesAddress(tx: TxState, ip: string): boolean {
  return tx.assignedIp === ip || tx.requestedIp === ip || tx.offers.some((o) => o.yiaddr === ip);
}

function linkArpTo(tx: Exchange, f: ArpFrame, t: Timestamp, fromOther: boolean): void {
  const a = f.arp;
  tx.linkArp(f.frame, t, a.kind, a.senderMac, a.senderIp, a.targetIp, fromOther);
}

function isDiscover(s: TxStep): boolean {
  return s.type === MT.DISCOVER && s.direction === 'client';
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * A relayed reply the server's own copy of is already in the exchange: the relay's leg to the client of what
 * the server sent the relay (same type, same server, another sender, within a second). Counted once.
 */
function isRelayCopy(tx: TxState, step: TxStep): boolean {
  if (!step.relayed) return false;
  return tx.steps.some(
    (s) => s.frame !== step.frame && s.direction === 'server' && s.type === step.type && s.server === step.server && s.relayed && s.fromIp !== step.fromIp && Math.abs(diffMs(step.ts, s.ts)) <= 1000,
  );
}
