/**
 * The ARP view: which MAC claimed which IPv4 address (as sender) and when, and the RFC 5227 probes that
 * got an answer. Turning claims into conflicts needs the leases, so that is the analyser's job. All of it is per
 * segment (segment.ts): the same address in two VLANs or two overlays is two addresses.
 */
import type { ArpFrame } from '../decode/frame.js';
import { flat } from './flat.js';
import { grown } from './one-or-many.js';
import { diffMs, timestampOf, type Timestamp } from './time.js';
import type { ArpClaim, ArpIpState } from './types.js';

/** RFC 5227: a prober listens for about 1–2 s after its last probe; keep a margin. */
const PROBE_LISTEN_SECONDS = 3;
const MAX_PROBED_IPS = 100_000;
const MAX_PROBES_PER_IP = 64;

export type ArpEvent =
  | {
      readonly kind: 'probe-answered';
      readonly ip: string;
      readonly segment: string;
      readonly prober: string;
      readonly answerer: string;
      readonly probeFrame: number;
      readonly answerFrame: number;
      /** true when the other party was probing for the same address at the same time. */
      readonly simultaneousProbe: boolean;
      readonly ts: Timestamp;
    }
  | {
      readonly kind: 'claim';
      readonly ip: string;
      readonly segment: string;
      readonly mac: string;
      readonly frame: number;
      readonly ts: Timestamp;
      /** The most recent claim of this address by a different MAC. */
      readonly previous?: ArpClaim | undefined;
    };

interface Probe {
  readonly mac: string;
  readonly frame: number;
  readonly ts: Timestamp;
}

export class ArpBook {
  private readonly byIp = new Map<string, ArpIpState>();
  private readonly probes = new Map<string, Probe[]>();
  /** Addresses not tracked because the book was full. */
  dropped = 0;

  constructor(private readonly limit = Infinity) {}

  /** Forgets probes nobody can answer any more (a probe flood must not pile up). */
  prune(now: Timestamp): void {
    for (const ip of [...this.probes.keys()]) this.recentProbes(ip, now);
  }

  /** `segment`: where the frame was seen (segment.ts), '' for the plain LAN. */
  observe(f: ArpFrame, segment = ''): ArpEvent[] {
    const a = f.arp;
    if (!a.ethernetIpv4) return [];
    const ts = timestampOf(f);
    const events: ArpEvent[] = [];
    if (a.kind === 'probe') {
      const key = keyOf(a.targetIp, segment);
      const recent = this.recentProbes(key, ts);
      for (const p of recent) {
        if (p.mac !== a.senderMac) {
          events.push({ kind: 'probe-answered', ip: a.targetIp, segment, prober: p.mac, answerer: a.senderMac, probeFrame: p.frame, answerFrame: f.frame, simultaneousProbe: true, ts });
          break;
        }
      }
      // Probes are forgotten after a few seconds of capture time; a crafted capture whose clock stands still
      // could still pile them up, so the table stops taking new addresses at a bound.
      if (recent.length < MAX_PROBES_PER_IP && (this.probes.has(key) || this.probes.size < MAX_PROBED_IPS)) {
        recent.push({ mac: a.senderMac, frame: f.frame, ts });
        this.probes.set(key, recent);
      }
      return events;
    }
    const ip = a.senderIp;
    if (ip === '0.0.0.0') return events;
    for (const p of this.recentProbes(keyOf(ip, segment), ts)) {
      if (p.mac !== a.senderMac) {
        events.push({ kind: 'probe-answered', ip, segment, prober: p.mac, answerer: a.senderMac, probeFrame: p.frame, answerFrame: f.frame, simultaneousProbe: false, ts });
        break;
      }
    }
    events.push(this.claim(ip, segment, a.senderMac, a.kind, f.frame, ts));
    return events;
  }

  all(): readonly ArpIpState[] {
    return [...this.byIp.values()];
  }

  get(ip: string, segment = ''): ArpIpState | undefined {
    return this.byIp.get(keyOf(ip, segment));
  }

  markConflict(ip: string, segment = ''): void {
    const s = this.byIp.get(keyOf(ip, segment));
    if (s) s.conflict = true;
  }

  private recentProbes(key: string, ts: Timestamp): Probe[] {
    const list = this.probes.get(key);
    if (!list) return [];
    const fresh = list.filter((p) => diffMs(ts, p.ts) <= PROBE_LISTEN_SECONDS * 1000);
    if (fresh.length === 0) this.probes.delete(key);
    else if (fresh.length !== list.length) this.probes.set(key, fresh);
    return fresh;
  }

  private claim(ip: string, segment: string, mac: string, kind: string, frame: number, ts: Timestamp): ArpEvent {
    const key = keyOf(ip, segment);
    let state = this.byIp.get(key);
    if (!state) {
      state = { ip, segment, claims: [], conflict: false };
      if (this.byIp.size < this.limit) this.byIp.set(flat(key), state);
      else this.dropped++;
    }
    let previous: ArpClaim | undefined;
    let mine: ArpClaim | undefined;
    for (const c of state.claims) {
      if (c.mac === mac) mine ??= c;
      else if (!previous || c.lastFrame > previous.lastFrame) previous = c;
    }
    if (!mine) {
      // Lists made to their exact length (grown): most addresses have one claim of one or two kinds, and a
      // pushed array would keep ~16 spare slots each.
      mine = { mac, firstFrame: frame, lastFrame: frame, first: ts, last: ts, count: 0, kinds: [kind] };
      state.claims = grown(state.claims, mine);
    } else if (!mine.kinds.includes(kind)) mine.kinds = grown(mine.kinds, kind);
    mine.count++;
    mine.lastFrame = frame;
    mine.last = ts;
    return { kind: 'claim', ip, segment, mac, frame, ts, previous };
  }
}

/** The plain LAN's addresses are their own keys (no string built per frame there). */
function keyOf(ip: string, segment: string): string {
  return segment ? `${segment}|${ip}` : ip;
}
