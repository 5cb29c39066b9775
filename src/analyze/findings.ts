/**
 * Findings that follow from whole transactions and the servers: each transaction is folded in when it closes,
 * the open ones are added at every snapshot, so a live view and the final report agree and closed transactions
 * need not be kept. Findings that happen at one moment (an answered probe, a double assignment) are raised by
 * the analyser as the frames arrive.
 */
import { MESSAGE_TYPE as MT } from '../decode/dhcp/names.js';
import { Earliest } from './earliest.js';
import { flat } from './flat.js';
import { diffMs, type Timestamp } from './time.js';
import { exchangeId } from './transactions.js';
import type { FindingDraft, ServerState, TxState, TxStep } from './types.js';

const MAX_FRAMES = 50;
/** A client message unanswered for this long (capture time) counts as not answered. */
const ANSWER_WAIT_SECONDS = 2;

export interface DeriveInput {
  readonly servers: readonly ServerState[];
  readonly trustedServers: readonly string[];
  readonly lastTs: Timestamp | undefined;
}

const cap = (frames: readonly number[]): number[] => frames.slice(0, MAX_FRAMES);
const clientName = (tx: Pick<TxState, 'clientMac' | 'hostname'>): string => (tx.hostname ? `${tx.clientMac} (${tx.hostname})` : tx.clientMac);
/** Where a transaction stands among the others: its first frame (transactions start in frame order). */
const startOf = (tx: TxState): number => tx.steps[0]!.frame;

/** When the client's first message came: a missing answer counts once the capture ran on long enough after it. */
function askedAt(tx: TxState): Timestamp {
  return tx.steps.find((s) => s.direction !== 'server')?.ts ?? tx.first;
}

function settled(asked: Timestamp, lastTs: Timestamp | undefined): boolean {
  return lastTs !== undefined && diffMs(lastTs, asked) >= ANSWER_WAIT_SECONDS * 1000;
}

/**
 * An exchange whose REQUESTs (or INFORMs) went unanswered: its NO_ACK holds only once the capture ran on past
 * `asked`, so it waits to the end of the capture. A busy capture has thousands: each keeps the facts its finding
 * says, and the finding is made when asked for.
 */
interface Unanswered {
  readonly asked: Timestamp;
  readonly ts: Timestamp;
  readonly mac: string;
  readonly hostname: string | undefined;
  readonly kind: TxState['kind'];
  readonly requestedIp: string | undefined;
  readonly requests: number;
  readonly frames: readonly number[];
  readonly firstFrame: number;
}

/** A DORA nobody offered anything to. */
interface NoOfferEntry {
  readonly start: number;
  readonly id: string;
  readonly mac: string;
  readonly name: string;
  readonly first: Timestamp;
  readonly asked: Timestamp;
  readonly discovers: readonly number[];
}

/** What a delivery finding says of the earliest step of its group (a copy: the step's slot is reused once its exchange is let go). */
type FirstStep = Pick<TxStep, 'frame' | 'ts' | 'messageType' | 'l2' | 'l3' | 'toIp' | 'expectedDelivery'>;

function firstStepOf(s: TxStep): FirstStep {
  return { frame: s.frame, ts: s.ts, messageType: s.messageType, l2: s.l2, l3: s.l3, toIp: s.toIp, expectedDelivery: s.expectedDelivery };
}

/** Steps of one kind of sender, message and rule that broke the rule: counted, with the first few of each list. */
interface DeliveryGroup {
  readonly sender: string;
  first: FirstStep;
  count: number;
  readonly frames: Earliest<number>;
  readonly toIps: Earliest<string>;
  readonly macs: Earliest<string>;
  readonly txs: Earliest<string>;
}

/**
 * Findings that follow from whole transactions, folded in as each one closes so that a closed transaction can be
 * let go (a huge capture streams its transactions out). `findings()` adds the ones still open without changing
 * what was folded in, so a live view may ask again and again.
 */
export class TransactionFindings {
  private readonly fixed: FindingDraft[] = [];
  private readonly noAck: Unanswered[] = [];
  private readonly noOffer: NoOfferEntry[] = [];
  private readonly delivery = new Map<string, DeliveryGroup>();

  constructor(private readonly stormRetransmissions: number) {}

  /** Folds in a transaction that is over. */
  add(tx: TxState): void {
    foldTransaction(tx, this.stormRetransmissions, this.fixed, this.noAck, this.noOffer, this.delivery);
  }

  findings(open: readonly TxState[], input: DeriveInput): FindingDraft[] {
    const fixed = this.fixed.slice();
    const noAck = this.noAck.slice();
    const noOffer = this.noOffer.slice();
    const delivery = new Map(this.delivery);
    if (open.length > 0) {
      for (const [key, g] of delivery) delivery.set(key, copyGroup(g));
      for (const tx of open) foldTransaction(tx, this.stormRetransmissions, fixed, noAck, noOffer, delivery);
    }
    const lastTs = input.lastTs;
    return [
      ...fixed,
      ...noAck.filter((u) => settled(u.asked, lastTs)).map(noAckFinding),
      ...noOfferFindings(noOffer.filter((e) => settled(e.asked, lastTs))),
      ...[...delivery.values()].map(deliveryFinding),
      ...serverFindings(input),
    ];
  }
}

function foldTransaction(
  tx: TxState,
  stormRetransmissions: number,
  fixed: FindingDraft[],
  noAck: Unanswered[],
  noOffer: NoOfferEntry[],
  delivery: Map<string, DeliveryGroup>,
): void {
  if (tx.outcome === 'NO_OFFER' && tx.kind === 'DORA') foldNoOffer(tx, noOffer);
  if (tx.outcome === 'NO_ACK' && tx.kind !== 'BOOTP') noAck.push(unanswered(tx));
  // Most exchanges have none of what follows: one pass over the steps, making nothing, says which to look for.
  const steps = tx.steps;
  let naks = false;
  let ack: TxStep | undefined;
  let clientCopies = 0;
  let broken = false;
  for (const s of steps) {
    const type = s.type;
    const direction = s.direction;
    if (direction === 'server') {
      if (type === MT.NAK) naks ||= !s.duplicate && !s.retransmission;
      else if (type === MT.ACK) ack ??= s;
    } else if (direction === 'client' && !s.duplicate) clientCopies++;
    if (!s.deliveryOk) broken = true;
  }
  if (naks) for (const s of steps) if (s.type === MT.NAK && s.direction === 'server' && !s.duplicate && !s.retransmission) fixed.push(nakFinding(tx, s));
  if (ack && tx.selectedServer && ack.server && ack.server !== tx.selectedServer) {
    fixed.push({
      code: 'SERVER_MISMATCH',
      severity: 'warning',
      message: `${clientName(tx)} selected server ${tx.selectedServer} but was acked by ${ack.server}`,
      ts: ack.ts,
      frames: [ack.frame],
      ips: [tx.selectedServer, ack.server],
      macs: [tx.clientMac],
      transactions: [tx.id],
    });
  }
  // A storm needs that many copies of one message; most exchanges have fewer client messages in all.
  if (clientCopies + tx.omittedSteps >= stormRetransmissions) foldStorms(tx, stormRetransmissions, fixed);
  if (broken) {
    for (const s of steps) if (!s.deliveryOk) foldDelivery(delivery, tx, s);
  }
}

/** A client's own message (not a relay's copy), once (not the same packet captured twice). */
function isFirstClientCopy(s: TxStep): boolean {
  return s.direction === 'client' && !s.duplicate;
}

function isClientDiscover(s: TxStep): boolean {
  return s.type === MT.DISCOVER && s.direction !== 'server';
}

function isRequestOrInform(s: TxStep): boolean {
  return isFirstClientCopy(s) && (s.type === MT.REQUEST || s.type === MT.INFORM);
}

function countSteps(tx: TxState, match: (s: TxStep) => boolean): number {
  let n = 0;
  for (const s of tx.steps) if (match(s)) n++;
  return n;
}

function foldNoOffer(tx: TxState, noOffer: NoOfferEntry[]): void {
  const discovers = tx.steps.filter(isClientDiscover);
  if (discovers.length === 0) return;
  noOffer.push({
    start: startOf(tx),
    id: tx.id,
    mac: tx.clientMac,
    name: clientName(tx),
    first: tx.first,
    asked: askedAt(tx),
    discovers: discovers.map((s) => s.frame),
  });
}

function unanswered(tx: TxState): Unanswered {
  return {
    asked: askedAt(tx),
    ts: tx.steps[0]!.ts,
    mac: tx.clientMac,
    hostname: tx.hostname,
    kind: tx.kind,
    requestedIp: tx.requestedIp,
    requests: countSteps(tx, isRequestOrInform),
    frames: cap(tx.steps.map((s) => s.frame)),
    firstFrame: tx.firstFrame,
  };
}

function noAckFinding(u: Unanswered): FindingDraft {
  const name = clientName({ clientMac: u.mac, hostname: u.hostname });
  const n = u.requests;
  return {
    code: 'NO_ACK',
    severity: 'warning',
    message:
      u.kind === 'INFORM'
        ? `${name} sent ${n} INFORM${n === 1 ? '' : 's'} and got no answer`
        : `${name} sent ${n} REQUEST${n === 1 ? '' : 's'} (${u.kind}${u.requestedIp ? ` for ${u.requestedIp}` : ''}) and got no answer`,
    ts: u.ts,
    frames: u.frames,
    ips: u.requestedIp ? [u.requestedIp] : [],
    macs: [u.mac],
    transactions: [exchangeId(u.firstFrame)],
  };
}

function nakFinding(tx: TxState, nak: TxStep): FindingDraft {
  const ignored = tx.outcome === 'ACK';
  return {
    code: 'NAK',
    severity: ignored ? 'info' : 'warning',
    message: flat(
      `server ${nak.server ?? nak.fromIp} refused ${clientName(tx)}'s ${tx.kind} request${tx.requestedIp ? ` for ${tx.requestedIp}` : ''}` +
        (tx.nakMessage ? `: "${tx.nakMessage}"` : '') +
        (ignored ? ` (ignored: ${tx.server} acked it)` : ''),
    ),
    ts: nak.ts,
    frames: [nak.frame],
    ips: tx.requestedIp ? [tx.requestedIp] : [],
    macs: [tx.clientMac],
    transactions: [tx.id],
  };
}

/** RETRANSMISSION_STORM: a client message sent that many times in one exchange. */
function foldStorms(tx: TxState, stormRetransmissions: number, fixed: FindingDraft[]): void {
  const copies = new Map<string, TxStep[]>();
  for (const s of tx.steps) if (isFirstClientCopy(s)) push(copies, s.messageType, s);
  for (const [type, steps] of copies) {
    const count = steps.length + (steps.length > 1 ? tx.omittedSteps : 0);
    if (count >= stormRetransmissions) {
      fixed.push({
        code: 'RETRANSMISSION_STORM',
        severity: 'warning',
        message: `${clientName(tx)} sent ${type} ${count} times in one exchange over ${(diffMs(steps.at(-1)!.ts, steps[0]!.ts) / 1000).toFixed(1)} s`,
        ts: steps[0]!.ts,
        frames: cap(steps.map((s) => s.frame)),
        ips: [],
        macs: [tx.clientMac],
        transactions: [tx.id],
      });
    }
  }
}

function foldDelivery(groups: Map<string, DeliveryGroup>, tx: TxState, s: TxStep): void {
  const sender = s.direction === 'server' ? `server ${s.server ?? s.fromIp}` : `client ${tx.clientMac}`;
  const key = `${sender}|${s.messageType}|${s.expectedDelivery.replace(/ \d+\.\d+\.\d+\.\d+/g, '')}`;
  let g = groups.get(key);
  if (!g) {
    g = { sender, first: firstStepOf(s), count: 0, frames: new Earliest(MAX_FRAMES), toIps: new Earliest(10), macs: new Earliest(10), txs: new Earliest(MAX_FRAMES) };
    groups.set(key, g);
  }
  g.count++;
  if (s.frame < g.first.frame) g.first = firstStepOf(s);
  g.frames.add(s.frame, s.frame);
  g.toIps.add(s.toIp, s.frame);
  g.macs.add(tx.clientMac, s.frame);
  g.txs.add(tx.id, startOf(tx));
}

function copyGroup(g: DeliveryGroup): DeliveryGroup {
  return { ...g, frames: g.frames.copy(), toIps: g.toIps.copy(), macs: g.macs.copy(), txs: g.txs.copy() };
}

function deliveryFinding(g: DeliveryGroup): FindingDraft {
  const s = g.first;
  const how = s.l3 === 'broadcast' ? 'broadcast' : `unicast to ${s.toIp}`;
  const n = g.count;
  return {
    code: 'DELIVERY_MISMATCH',
    severity: 'warning',
    message: `${g.sender} sent ${n === 1 ? article(s.messageType) : n} ${s.messageType}${n === 1 ? '' : 's'} ${how}${s.l2 === 'broadcast' && s.l3 !== 'broadcast' ? ' (Ethernet broadcast)' : ''}; RFC 2131 expects ${s.expectedDelivery}`,
    ts: s.ts,
    frames: g.frames.values(),
    ips: g.toIps.values(),
    macs: g.macs.values(),
    transactions: g.txs.values(),
  };
}

/** One finding per client, or one for all when more than ten clients went unanswered (a flood or a dead server). */
function noOfferFindings(entries: readonly NoOfferEntry[]): FindingDraft[] {
  const byClient = new Map<string, NoOfferEntry[]>();
  for (const e of [...entries].sort((x, y) => x.start - y.start)) push(byClient, e.mac, e);
  const discovers = (list: readonly NoOfferEntry[]) => list.flatMap((e) => e.discovers);
  if (byClient.size > 10) {
    const all = [...byClient.values()].flat();
    return [{
      code: 'NO_OFFER',
      severity: 'warning',
      message: `${byClient.size} clients sent DISCOVERs that no server answered`,
      ts: all[0]!.first,
      frames: cap(discovers(all)),
      ips: [],
      macs: [...byClient.keys()].slice(0, MAX_FRAMES),
      transactions: all.map((e) => e.id).slice(0, MAX_FRAMES),
    }];
  }
  return [...byClient.entries()].map(([mac, list]) => {
    const frames = discovers(list);
    return {
      code: 'NO_OFFER',
      severity: 'warning' as const,
      message: `${list[0]!.name} sent ${frames.length} DISCOVER${frames.length === 1 ? '' : 's'} and no server offered an address`,
      ts: list[0]!.first,
      frames: cap(frames),
      ips: [],
      macs: [mac],
      transactions: list.map((e) => e.id),
    };
  });
}

function serverFindings(input: DeriveInput): FindingDraft[] {
  const out: FindingDraft[] = [];
  const answering = input.servers.filter((s) => s.offers + s.acks + s.naks > 0);
  const trusted = new Set(input.trustedServers);
  if (trusted.size > 0) {
    for (const s of answering.filter((x) => !trusted.has(x.ip))) {
      out.push({
        code: 'ROGUE_SERVER',
        severity: 'error',
        message: `untrusted DHCP server ${s.ip}${s.mac ? ` (${s.mac})` : ''} answered: ${counts(s)}`,
        ts: s.firstTs,
        frames: cap(s.frames),
        ips: [s.ip],
        macs: s.mac ? [s.mac] : [],
      });
    }
  }
  // With trusted servers named, the untrusted ones are ROGUE_SERVER above, and trusted ones may share a segment.
  if (trusted.size > 0) return out;
  // Servers answering on the same segment (same VLAN, or behind the same relay) compete for its clients.
  const bySegment = new Map<string, ServerState[]>();
  for (const s of answering) for (const seg of s.segments) push(bySegment, seg, s);
  const reported = new Set<string>();
  for (const [segment, servers] of bySegment) {
    if (servers.length < 2) continue;
    const key = servers.map((s) => s.ip).sort().join(',');
    if (reported.has(key)) continue;
    reported.add(key);
    const where = segment === 'lan' ? '' : ` on ${segment}`;
    out.push({
      code: 'MULTIPLE_SERVERS',
      severity: 'warning',
      message: `${servers.length} DHCP servers answered${where}: ${servers.map((s) => `${s.ip} (${counts(s)})`).join(', ')}`,
      ts: servers.reduce((a, b) => (b.firstFrame < a.firstFrame ? b : a)).firstTs,
      frames: servers.map((s) => s.firstFrame).sort((a, b) => a - b),
      ips: servers.map((s) => s.ip),
      macs: servers.map((s) => s.mac).filter((m) => m !== ''),
    });
  }
  return out;
}

function article(word: string): string {
  return /^[AEIOU]/.test(word) ? 'an' : 'a';
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function counts(s: ServerState): string {
  return [plural(s.offers, 'offer'), plural(s.acks, 'ack'), ...(s.naks ? [plural(s.naks, 'nak')] : [])].join(', ');
}
