/**
 * Findings that follow from the whole picture (transactions, servers, aggregates), recomputed for every
 * snapshot so a live view and the final report agree. Findings that happen at one moment (an answered
 * probe, a double assignment) are raised by the analyser as the frames arrive.
 */
import { diffMs, type Timestamp } from './time.js';
import type { FindingDraft, ServerState, TxState, TxStep } from './types.js';

const MAX_FRAMES = 50;
/** A client message unanswered for this long (capture time) counts as not answered. */
const ANSWER_WAIT_SECONDS = 2;

export interface DeriveInput {
  readonly transactions: readonly TxState[];
  readonly servers: readonly ServerState[];
  readonly trustedServers: readonly string[];
  readonly lastTs: Timestamp | undefined;
  readonly stormRetransmissions: number;
}

const cap = (frames: readonly number[]): number[] => frames.slice(0, MAX_FRAMES);
const clientName = (tx: TxState): string => (tx.hostname ? `${tx.clientMac} (${tx.hostname})` : tx.clientMac);

/** The client's first message came long enough before the end of the capture that a missing answer is missing. */
function settled(tx: TxState, lastTs: Timestamp | undefined): boolean {
  const first = tx.steps.find((s) => s.direction !== 'server')?.ts ?? tx.first;
  return lastTs !== undefined && diffMs(lastTs, first) >= ANSWER_WAIT_SECONDS * 1000;
}

export function deriveFindings(input: DeriveInput): FindingDraft[] {
  const out: FindingDraft[] = [];
  const noOffer: TxState[] = [];
  for (const tx of input.transactions) {
    const first = tx.steps[0]!;
    const clientSteps = tx.steps.filter((s) => s.direction === 'client' && !s.duplicate);
    const discovered = tx.steps.some((s) => s.type === 1 && s.direction !== 'server');
    if (tx.outcome === 'NO_OFFER' && tx.kind === 'DORA' && discovered && settled(tx, input.lastTs)) noOffer.push(tx);
    if (tx.outcome === 'NO_ACK' && tx.kind !== 'BOOTP' && settled(tx, input.lastTs)) {
      const req = clientSteps.filter((s) => s.type === 3 || s.type === 8);
      out.push({
        code: 'NO_ACK',
        severity: 'warning',
        message:
          tx.kind === 'INFORM'
            ? `${clientName(tx)} sent ${req.length} INFORM${req.length === 1 ? '' : 's'} and got no answer`
            : `${clientName(tx)} sent ${req.length} REQUEST${req.length === 1 ? '' : 's'} (${tx.kind}${tx.requestedIp ? ` for ${tx.requestedIp}` : ''}) and got no answer`,
        ts: first.ts,
        frames: cap(tx.steps.map((s) => s.frame)),
        ips: tx.requestedIp ? [tx.requestedIp] : [],
        macs: [tx.clientMac],
        transactions: [tx.id],
      });
    }
    for (const nak of tx.steps.filter((s) => s.type === 6 && s.direction === 'server' && !s.duplicate && !s.retransmission)) {
      const ignored = tx.outcome === 'ACK';
      out.push({
        code: 'NAK',
        severity: ignored ? 'info' : 'warning',
        message:
          `server ${nak.server ?? nak.fromIp} refused ${clientName(tx)}'s ${tx.kind} request${tx.requestedIp ? ` for ${tx.requestedIp}` : ''}` +
          (tx.nakMessage ? `: "${tx.nakMessage}"` : '') +
          (ignored ? ` (ignored: ${tx.server} acked it)` : ''),
        ts: nak.ts,
        frames: [nak.frame],
        ips: tx.requestedIp ? [tx.requestedIp] : [],
        macs: [tx.clientMac],
        transactions: [tx.id],
      });
    }
    const ack = tx.steps.find((s) => s.type === 5 && s.direction === 'server');
    if (ack && tx.selectedServer && ack.server && ack.server !== tx.selectedServer) {
      out.push({
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
    const copies = new Map<string, TxStep[]>();
    for (const s of clientSteps) push(copies, s.messageType, s);
    for (const [type, steps] of copies) {
      const count = steps.length + (steps.length > 1 ? tx.omittedSteps : 0);
      if (count >= input.stormRetransmissions) {
        out.push({
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
  out.push(...noOfferFindings(noOffer));
  out.push(...deliveryFindings(input.transactions));
  out.push(...serverFindings(input));
  return out;
}

function noOfferFindings(txs: readonly TxState[]): FindingDraft[] {
  const byClient = new Map<string, TxState[]>();
  for (const tx of txs) push(byClient, tx.clientMac, tx);
  const discovers = (list: readonly TxState[]) => list.flatMap((t) => t.steps.filter((s) => s.type === 1 && s.direction !== 'server').map((s) => s.frame));
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
      transactions: all.map((t) => t.id).slice(0, MAX_FRAMES),
    }];
  }
  return [...byClient.entries()].map(([mac, list]) => {
    const frames = discovers(list);
    return {
      code: 'NO_OFFER',
      severity: 'warning' as const,
      message: `${clientName(list[0]!)} sent ${frames.length} DISCOVER${frames.length === 1 ? '' : 's'} and no server offered an address`,
      ts: list[0]!.first,
      frames: cap(frames),
      ips: [],
      macs: [mac],
      transactions: list.map((t) => t.id),
    };
  });
}

function deliveryFindings(txs: readonly TxState[]): FindingDraft[] {
  const groups = new Map<string, { steps: TxStep[]; txs: Set<string>; macs: Set<string> }>();
  for (const tx of txs) {
    for (const s of tx.steps) {
      if (s.deliveryOk) continue;
      const sender = s.direction === 'server' ? `server ${s.server ?? s.fromIp}` : `client ${tx.clientMac}`;
      const key = `${sender}|${s.messageType}|${s.expectedDelivery.replace(/ \d+\.\d+\.\d+\.\d+/g, '')}`;
      const g = groups.get(key) ?? { steps: [], txs: new Set(), macs: new Set() };
      g.steps.push(s);
      g.txs.add(tx.id);
      g.macs.add(tx.clientMac);
      groups.set(key, g);
    }
  }
  return [...groups.entries()].map(([key, g]) => {
    const sender = key.split('|')[0]!;
    const s = g.steps[0]!;
    const how = s.l3 === 'broadcast' ? 'broadcast' : `unicast to ${s.toIp}`;
    const n = g.steps.length;
    return {
      code: 'DELIVERY_MISMATCH',
      severity: 'warning' as const,
      message: `${sender} sent ${n === 1 ? article(s.messageType) : n} ${s.messageType}${n === 1 ? '' : 's'} ${how}${s.l2 === 'broadcast' && s.l3 !== 'broadcast' ? ' (Ethernet broadcast)' : ''}; RFC 2131 expects ${s.expectedDelivery}`,
      ts: s.ts,
      frames: cap(g.steps.map((x) => x.frame)),
      ips: [...new Set(g.steps.map((x) => x.toIp))].slice(0, 10),
      macs: [...g.macs].slice(0, 10),
      transactions: [...g.txs].slice(0, MAX_FRAMES),
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
        ts: firstTsOf(input.transactions, s.firstFrame),
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
      ts: firstTsOf(input.transactions, Math.min(...servers.map((s) => s.firstFrame))),
      frames: servers.map((s) => s.firstFrame).sort((a, b) => a - b),
      ips: servers.map((s) => s.ip),
      macs: servers.map((s) => s.mac).filter((m) => m !== ''),
    });
  }
  return out;
}

function firstTsOf(txs: readonly TxState[], frame: number): Timestamp {
  for (const tx of txs) for (const s of tx.steps) if (s.frame === frame) return s.ts;
  return txs[0]?.first ?? { sec: 0, nanos: 0, digits: 6 };
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
