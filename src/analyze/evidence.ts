/**
 * Evidence that is gathered frame by frame and reported as one finding per group: malformed frames per
 * problem, chaddrs that differ from the Ethernet source per source, ICMP unreachables per sender.
 */
import type { DhcpFrame, Frame } from '../decode/frame.js';
import { problemGroupKey, problemText, type DecodeProblem } from '../decode/problems.js';
import { ZERO_IP } from './fields.js';
import { timestampOf, type Timestamp } from './time.js';
import { clientKeyOf } from './transactions.js';
import type { FindingDraft } from './types.js';

const MAX_FRAMES = 50;
/** Kinds of malformation told apart; a fuzzed capture can invent endless ones. */
const MAX_PROBLEM_KINDS = 100;
const OTHER_PROBLEMS = '(other)';
/** Chaddrs remembered per Ethernet source (a flood of made-up ones is counted, not listed). */
const MAX_CHADDRS = 1000;
/** Ethernet sources (spoofed chaddrs) and ICMP senders tracked; a flood of made-up ones stops adding more. */
const MAX_SOURCES = 10_000;

export class EvidenceBook {
  /** Keyed by problem code (and option): a capture cut at one snaplen is one finding, not one per length. */
  private readonly malformed = new Map<string, { first: DecodeProblem; varied: boolean; frames: number[]; count: number; ts: Timestamp; macs: Set<string> }>();
  private readonly chaddrMismatch = new Map<string, { chaddrs: Set<string>; frames: number[]; ts: Timestamp }>();
  private readonly unreachable = new Map<string, { frames: number[]; count: number; clients: Set<string>; ts: Timestamp; from: string; toServer: boolean }>();

  problems(f: Frame, problems: readonly DecodeProblem[]): void {
    for (const p of problems) {
      // Past MAX_PROBLEM_KINDS kinds (a fuzzed or hostile capture), the rest share one group.
      let key = problemGroupKey(p);
      if (!this.malformed.has(key) && this.malformed.size >= MAX_PROBLEM_KINDS) key = OTHER_PROBLEMS;
      let g = this.malformed.get(key);
      if (!g) {
        g = { first: p, varied: false, frames: [], count: 0, ts: timestampOf(f), macs: new Set<string>() };
        this.malformed.set(key, g);
      } else if (!g.varied && !sameProblem(p, g.first)) g.varied = true;
      g.count++;
      if (g.frames.length < MAX_FRAMES) g.frames.push(f.frame);
      if (f.srcMac && g.macs.size < 10) g.macs.add(f.srcMac);
    }
  }

  /** A client message, not relayed, whose chaddr is not its Ethernet source: spoofing, or a starvation tool. */
  chaddr(f: DhcpFrame): void {
    const m = f.dhcp;
    if (m.giaddr !== ZERO_IP || m.hops > 0 || m.htype !== 1 || m.hlen !== 6 || !f.srcMac || f.srcMac === m.chaddr) return;
    if (f.udp.srcPort !== 68) return;
    // A unicast from a configured client (RENEW, RELEASE, INFORM) may cross a router, which rewrites the source MAC.
    if (m.ciaddr !== ZERO_IP && f.ip.l3 === 'unicast') return;
    let g = this.chaddrMismatch.get(f.srcMac);
    if (!g) {
      if (this.chaddrMismatch.size >= MAX_SOURCES) return;
      g = { chaddrs: new Set<string>(), frames: [], ts: timestampOf(f) };
    }
    if (g.chaddrs.size < MAX_CHADDRS) g.chaddrs.add(m.chaddr);
    if (g.frames.length < MAX_FRAMES) g.frames.push(f.frame);
    this.chaddrMismatch.set(f.srcMac, g);
  }

  /** How many different chaddrs this Ethernet source has spoken for. */
  chaddrsFrom(srcMac: string): number {
    return this.chaddrMismatch.get(srcMac)?.chaddrs.size ?? 0;
  }

  /** A DHCP message quoted in an ICMP destination unreachable. */
  unreachableQuote(f: DhcpFrame): void {
    const q = f.quotedBy!;
    const toServer = f.dhcp.op === 1;
    const key = `${q.from}|${toServer}`;
    let g = this.unreachable.get(key);
    if (!g) {
      if (this.unreachable.size >= MAX_SOURCES) return;
      g = { frames: [], count: 0, clients: new Set<string>(), ts: timestampOf(f), from: q.from, toServer };
    }
    g.count++;
    if (g.frames.length < MAX_FRAMES) g.frames.push(f.frame);
    if (g.clients.size < 20) g.clients.add(clientKeyOf(f.dhcp));
    this.unreachable.set(key, g);
  }

  findings(): FindingDraft[] {
    const out: FindingDraft[] = [];
    for (const [key, g] of this.malformed) {
      const first = problemText(g.first);
      const what =
        key === OTHER_PROBLEMS
          ? `problems of yet other kinds, the first: ${first}`
          : `${first}${g.varied ? ' (the first; the others differ in their numbers)' : ''}`;
      out.push({
        code: 'MALFORMED',
        severity: 'warning',
        message: `${g.count === 1 ? 'a frame' : `${g.count} frames`}: ${what}`,
        ts: g.ts,
        frames: g.frames,
        ips: [],
        macs: [...g.macs],
      });
    }
    for (const [src, g] of this.chaddrMismatch) {
      const list = [...g.chaddrs];
      out.push({
        code: 'CHADDR_MISMATCH',
        severity: 'warning',
        message:
          list.length === 1
            ? `DHCP messages from Ethernet ${src} claim to be from client ${list[0]} (chaddr differs from the sender)`
            : `Ethernet ${src} sent DHCP messages for ${list.length}${list.length === MAX_CHADDRS ? '+' : ''} different client MACs (spoofed chaddr)`,
        ts: g.ts,
        frames: g.frames,
        ips: [],
        macs: [src, ...list.slice(0, 20)],
      });
    }
    for (const g of this.unreachable.values()) {
      out.push({
        code: g.toServer ? 'SERVER_UNREACHABLE' : 'CLIENT_UNREACHABLE',
        severity: g.toServer ? 'warning' : 'info',
        message: g.toServer
          ? `${g.from} answered ${g.count} DHCP message${g.count === 1 ? '' : 's'} from ${[...g.clients].join(', ')} with ICMP unreachable: no DHCP server is listening there`
          : `${g.from} answered a server's reply with ICMP unreachable: the client's port 68 was closed`,
        ts: g.ts,
        frames: g.frames,
        ips: [g.from],
        macs: [...g.clients],
      });
    }
    return out;
  }
}

/** Same code and numbers: the same sentence (where the problem lies is not part of it). */
function sameProblem(a: DecodeProblem, b: DecodeProblem): boolean {
  if (a.code !== b.code || a.args.length !== b.args.length) return false;
  for (let i = 0; i < a.args.length; i++) if (a.args[i] !== b.args[i]) return false;
  return true;
}
