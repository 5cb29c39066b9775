/**
 * The ARP view: which MAC claimed which IPv4 address (as sender) and when, and the RFC 5227 probes that
 * got an answer. Turning claims into conflicts needs the leases, so that is the analyser's job. All of it is per
 * segment (segment.ts): the same address in two VLANs or two overlays is two addresses.
 */
import type { ArpFrame } from '../decode/frame.js';
import { flat } from './flat.js';
import { grown, type OneOrMany } from './one-or-many.js';
import { diffMs, stampOf, timestampOf, type Timestamp } from './time.js';
import type { ArpClaim, ArpIpState } from './types.js';

type ArpKind = ArpFrame['arp']['kind'];

/** The kinds as bits, in the order the report lists them (alphabetical): a claim keeps one number for its kinds. */
const KIND_ORDER: readonly ArpKind[] = ['announcement', 'probe', 'reply', 'request'];
const KIND_BIT: Readonly<Record<ArpKind, number>> = { announcement: 1, probe: 2, reply: 4, request: 8 };

/** The kinds whose bits are set, in KIND_ORDER. */
export function kindsOf(bits: number): ArpKind[] {
  const out: ArpKind[] = [];
  for (let i = 0; i < KIND_ORDER.length; i++) if (bits & (1 << i)) out.push(KIND_ORDER[i]!);
  return out;
}

const KIND_BITS = 15;
const FIRST_DIGITS_AT = 4;
const LAST_DIGITS_AT = 8;
const CONFLICT = 1 << 12;

/**
 * One MAC's claims of one address. A busy capture keeps one per address and MAC to the end, so it holds plain
 * numbers: its two times as their parts rather than two Timestamp objects, its kinds and digits as bits rather
 * than a list (about half the size); `first`, `last` and `kinds` are made when read.
 */
class Claim implements ArpClaim {
  lastFrame: number;
  count = 0;
  /** The kinds (KIND_BIT), the digits of the two times, and (a binding's) the conflict mark. */
  protected bits: number;
  private readonly firstSec: number;
  private readonly firstNanos: number;
  private lastSec: number;
  private lastNanos: number;

  constructor(
    readonly mac: string,
    readonly firstFrame: number,
    ts: Timestamp,
  ) {
    this.lastFrame = firstFrame;
    this.firstSec = this.lastSec = ts.sec;
    this.firstNanos = this.lastNanos = ts.nanos;
    this.bits = (ts.digits << FIRST_DIGITS_AT) | (ts.digits << LAST_DIGITS_AT);
  }

  get first(): Timestamp {
    return stampOf(this.firstSec, this.firstNanos, (this.bits >>> FIRST_DIGITS_AT) & 15);
  }

  get last(): Timestamp {
    return stampOf(this.lastSec, this.lastNanos, (this.bits >>> LAST_DIGITS_AT) & 15);
  }

  get kinds(): readonly string[] {
    return kindsOf(this.bits & KIND_BITS);
  }

  /** Another frame of this claim. */
  seen(kind: ArpKind, frame: number, ts: Timestamp): void {
    this.bits = (this.bits & ~(15 << LAST_DIGITS_AT)) | KIND_BIT[kind] | (ts.digits << LAST_DIGITS_AT);
    this.count++;
    this.lastFrame = frame;
    this.lastSec = ts.sec;
    this.lastNanos = ts.nanos;
  }
}

/**
 * An address's claims. Nearly every address is only ever claimed by one MAC: the binding is that first claim
 * itself (one object rather than two), and the other MACs' claims follow in `others`; `claims` makes the list
 * when read.
 */
class Binding extends Claim implements ArpIpState {
  /** The claims of the other MACs, oldest first. */
  others: OneOrMany<Claim> = undefined;

  constructor(
    readonly ip: string,
    readonly segment: string,
    mac: string,
    frame: number,
    ts: Timestamp,
  ) {
    super(mac, frame, ts);
  }

  get conflict(): boolean {
    return (this.bits & CONFLICT) !== 0;
  }

  markConflict(): void {
    this.bits |= CONFLICT;
  }

  /** Oldest first. */
  get claims(): readonly ArpClaim[] {
    const o = this.others;
    return o === undefined ? [this] : Array.isArray(o) ? [this, ...o] : [this, o];
  }
}

const NO_PROBES: readonly Probe[] = [];
const NO_EVENTS: readonly ArpEvent[] = [];

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
  private readonly byIp = new Map<string, Binding>();
  private readonly probes = new Map<string, readonly Probe[]>();
  /** Addresses not tracked because the book was full. */
  dropped = 0;

  constructor(private readonly limit = Infinity) {}

  /** Forgets probes nobody can answer any more (a probe flood must not pile up). */
  prune(now: Timestamp): void {
    for (const ip of [...this.probes.keys()]) this.recentProbes(ip, now);
  }

  /**
   * `segment`: where the frame was seen (segment.ts), '' for the plain LAN. Returns what the frame means: most
   * frames are one claim, and the list is made at its length (it is made for every ARP frame).
   */
  observe(f: ArpFrame, segment = ''): readonly ArpEvent[] {
    const a = f.arp;
    if (!a.ethernetIpv4) return NO_EVENTS;
    const ts = timestampOf(f);
    if (a.kind === 'probe') {
      const key = keyOf(a.targetIp, segment);
      const recent = this.recentProbes(key, ts);
      const answered = answerTo(recent, a.senderMac, a.targetIp, segment, f.frame, true, ts);
      // Probes are forgotten after a few seconds of capture time; a crafted capture whose clock stands still
      // could still pile them up, so the table stops taking new addresses at a bound.
      if (recent.length < MAX_PROBES_PER_IP && (this.probes.has(key) || this.probes.size < MAX_PROBED_IPS)) {
        const probe = { mac: a.senderMac, frame: f.frame, ts };
        this.probes.set(key, recent.length === 0 ? [probe] : [...recent, probe]);
      }
      return answered ? [answered] : NO_EVENTS;
    }
    const ip = a.senderIp;
    if (ip === '0.0.0.0') return NO_EVENTS;
    const answered = answerTo(this.recentProbes(keyOf(ip, segment), ts), a.senderMac, ip, segment, f.frame, false, ts);
    const claim = this.claim(ip, segment, a.senderMac, a.kind, f.frame, ts);
    return answered ? [answered, claim] : [claim];
  }

  all(): readonly ArpIpState[] {
    return [...this.byIp.values()];
  }

  get(ip: string, segment = ''): ArpIpState | undefined {
    return this.byIp.get(keyOf(ip, segment));
  }

  markConflict(ip: string, segment = ''): void {
    this.byIp.get(keyOf(ip, segment))?.markConflict();
  }

  /** The probes of `key` still listening at `ts` (most addresses have none: then nothing is made). */
  private recentProbes(key: string, ts: Timestamp): readonly Probe[] {
    const list = this.probes.get(key);
    if (!list) return NO_PROBES;
    if (list.every((p) => listening(p, ts))) return list;
    const fresh = list.filter((p) => listening(p, ts));
    if (fresh.length === 0) this.probes.delete(key);
    else if (fresh.length !== list.length) this.probes.set(key, fresh);
    return fresh;
  }

  private claim(ip: string, segment: string, mac: string, kind: ArpKind, frame: number, ts: Timestamp): ArpEvent {
    const key = keyOf(ip, segment);
    const state = this.byIp.get(key);
    let previous: Claim | undefined;
    let mine: Claim | undefined;
    if (!state) {
      const binding = new Binding(ip, segment, mac, frame, ts);
      if (this.byIp.size < this.limit) this.byIp.set(flat(key), binding);
      else this.dropped++;
      mine = binding;
    } else {
      if (state.mac === mac) mine = state;
      else previous = state;
      const others = state.others;
      if (Array.isArray(others)) {
        for (const c of others) {
          if (c.mac === mac) mine ??= c;
          else if (!previous || c.lastFrame > previous.lastFrame) previous = c;
        }
      } else if (others !== undefined) {
        if (others.mac === mac) mine ??= others;
        else if (!previous || others.lastFrame > previous.lastFrame) previous = others;
      }
      if (!mine) {
        const claim = new Claim(mac, frame, ts);
        // A second claim makes a list at its exact length (grown): a pushed array would keep ~16 spare slots.
        state.others = others === undefined ? claim : Array.isArray(others) ? grown(others, claim) : [others, claim];
        mine = claim;
      }
    }
    mine.seen(kind, frame, ts);
    return { kind: 'claim', ip, segment, mac, frame, ts, previous };
  }
}

/** A probe of `ip` by another MAC that this frame from `mac` answers (the first one), if any. */
function answerTo(probes: readonly Probe[], mac: string, ip: string, segment: string, frame: number, simultaneousProbe: boolean, ts: Timestamp): ArpEvent | undefined {
  for (const p of probes) {
    if (p.mac !== mac) return { kind: 'probe-answered', ip, segment, prober: p.mac, answerer: mac, probeFrame: p.frame, answerFrame: frame, simultaneousProbe, ts };
  }
  return undefined;
}

function listening(p: Probe, ts: Timestamp): boolean {
  return diffMs(ts, p.ts) <= PROBE_LISTEN_SECONDS * 1000;
}

/** The plain LAN's addresses are their own keys (no string built per frame there). */
function keyOf(ip: string, segment: string): string {
  return segment ? `${segment}|${ip}` : ip;
}
