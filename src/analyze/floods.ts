/**
 * Floods: many client MACs discovering at once, one Ethernet source speaking for many made-up clients, one
 * client sending far faster than any retransmission schedule, and a pool that stops answering.
 */
import type { DhcpFrame } from '../decode/frame.js';
import { diffMs, timestampOf, toEpoch, type Timestamp } from './time.js';
import { clientKeyOf, MT } from './transactions.js';
import type { FindingDraft, TxState } from './types.js';

const CLIENT_RATE_WINDOW_SECONDS = 10;
/** One Ethernet source speaking for this many client MACs is a starvation tool, not a relay or a bridge. */
const SPOOFED_CHADDRS = 10;
/** STARVATION by exhaustion: this many clients served shortly before the servers fell silent... */
const EXHAUSTION_GRANTS = 5;
/** ...and this many DISCOVERs left unanswered after the last offer. */
const EXHAUSTION_DISCOVERS = 3;

export interface FloodOptions {
  readonly starvationClients: number;
  readonly starvationWindow: number;
  readonly stormRetransmissions: number;
}

type Raise = (key: string, f: FindingDraft) => void;

export class FloodWatch {
  private readonly discoverWindow: { ts: Timestamp; mac: string; frame: number }[] = [];
  private readonly windowMacs = new Map<string, number>();
  private inStarvation = false;
  private readonly clientRate = new Map<string, { start: number; count: number; frames: number[]; raised: boolean }>();

  constructor(
    private readonly opts: FloodOptions,
    private readonly raise: Raise,
  ) {}

  /** A client's DISCOVER; `spoofedChaddrs` is how many chaddrs its Ethernet source has spoken for. */
  discover(f: DhcpFrame, spoofedChaddrs: number): void {
    const ts = timestampOf(f);
    const win = this.discoverWindow;
    const mac = clientKeyOf(f.dhcp);
    win.push({ ts, mac, frame: f.frame });
    this.windowMacs.set(mac, (this.windowMacs.get(mac) ?? 0) + 1);
    while (win.length && diffMs(ts, win[0]!.ts) > this.opts.starvationWindow * 1000) {
      const old = win.shift()!;
      const n = (this.windowMacs.get(old.mac) ?? 1) - 1;
      if (n <= 0) this.windowMacs.delete(old.mac);
      else this.windowMacs.set(old.mac, n);
    }
    const distinct = this.windowMacs.size;
    const bySpoofing = spoofedChaddrs >= SPOOFED_CHADDRS;
    if (!this.inStarvation && (distinct >= this.opts.starvationClients || bySpoofing)) {
      this.inStarvation = true;
      this.raise(`STARVATION|${win[0]!.frame}`, {
        code: 'STARVATION',
        severity: 'error',
        message: bySpoofing
          ? `one Ethernet source (${f.srcMac}) sent DISCOVERs for ${spoofedChaddrs} made-up client MACs: a starvation attack`
          : `${distinct} different client MACs sent DISCOVERs within ${this.opts.starvationWindow} s: a starvation flood?`,
        ts: win[0]!.ts,
        frames: win.slice(0, 50).map((w) => w.frame),
        ips: [],
        macs: [...this.windowMacs.keys()].slice(0, 50),
      });
    } else if (this.inStarvation && distinct < this.opts.starvationClients / 2) {
      this.inStarvation = false;
    }
  }

  /** Any client message: one client sending far faster than any retransmission schedule is a storm. */
  clientMessage(f: DhcpFrame, name: string): void {
    const now = toEpoch(timestampOf(f));
    const window = CLIENT_RATE_WINDOW_SECONDS;
    const mac = clientKeyOf(f.dhcp);
    let r = this.clientRate.get(mac);
    if (!r || now - r.start > window) {
      r = { start: now, count: 0, frames: [], raised: r?.raised ?? false };
      this.clientRate.set(mac, r);
    }
    r.count++;
    if (r.frames.length < 50) r.frames.push(f.frame);
    const limit = this.opts.stormRetransmissions * 5;
    if (r.count >= limit && !r.raised) {
      r.raised = true;
      this.raise(`STORM|${mac}`, {
        code: 'RETRANSMISSION_STORM',
        severity: 'warning',
        message: `${mac} sent ${limit} or more DHCP messages (last: ${name}) within ${window} s`,
        ts: timestampOf(f),
        frames: r.frames,
        ips: [],
        macs: [mac],
      });
    }
  }

  /** Forgets the rates of clients quiet for longer than the window, so memory follows activity, not history. */
  prune(now: Timestamp): void {
    const epoch = toEpoch(now);
    for (const [mac, r] of this.clientRate) if (epoch - r.start > CLIENT_RATE_WINDOW_SECONDS && !r.raised) this.clientRate.delete(mac);
  }
}

/**
 * A pool that stops answering: several clients served in the minute before the last OFFER, then DISCOVERs
 * that nobody answers. That is how an exhausted pool looks after a starvation flood (or a server that died).
 */
export function exhaustionFindings(txs: readonly TxState[], lastTs: Timestamp | undefined): FindingDraft[] {
  let last: { frame: number; ts: Timestamp } | undefined;
  for (const tx of txs) {
    for (const s of tx.steps) if (s.direction === 'server' && s.type === MT.OFFER && (!last || s.frame > last.frame)) last = { frame: s.frame, ts: s.ts };
  }
  if (!last || !lastTs) return [];
  const lastOffer = last;
  const served = new Set<string>();
  for (const tx of txs) {
    for (const s of tx.steps) {
      const before = diffMs(lastOffer.ts, s.ts);
      if (s.direction === 'server' && (s.type === MT.OFFER || s.type === MT.ACK) && before >= 0 && before <= 60_000) served.add(tx.clientMac);
    }
  }
  const settledBefore = (ts: Timestamp) => diffMs(lastTs, ts) >= 2000;
  const unanswered = txs.filter((t) => t.kind === 'DORA' && t.outcome === 'NO_OFFER' && t.steps[0]!.frame > lastOffer.frame && settledBefore(t.last));
  const discovers = unanswered.flatMap((t) => t.steps.filter((s) => s.direction !== 'server' && !s.duplicate));
  if (served.size < EXHAUSTION_GRANTS || discovers.length < EXHAUSTION_DISCOVERS) return [];
  const macs = new Set(unanswered.map((t) => t.clientMac));
  return [{
    code: 'STARVATION',
    severity: 'error',
    message: `${served.size} clients were served in the minute before frame ${lastOffer.frame}; after it no server offered an address to ${[...macs].slice(0, 3).join(', ')}${macs.size > 3 ? ` and ${macs.size - 3} more` : ''} (${discovers.length} DISCOVERs): pool exhausted or server gone`,
    ts: unanswered[0]!.first,
    frames: [lastOffer.frame, ...discovers.slice(0, 49).map((s) => s.frame)],
    ips: [],
    macs: [...macs].slice(0, 50),
    transactions: unanswered.slice(0, 50).map((t) => t.id),
  }];
}
