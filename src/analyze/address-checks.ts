/**
 * A DHCP server's own check of a candidate address before it offers it (FIELD-NOTES: "Server probes on the
 * wire"): ISC dhcpd's ping-check and dnsmasq send an ICMP echo to the address, which the kernel precedes by ARP
 * who-has; the answer (ARP reply, echo reply) means the address is in use. Every host's ARP requests and echo
 * requests are kept here briefly as possible checks; an OFFER from a host (or an exchange that ends without
 * one) turns those that fall inside its exchange into the exchange's `addressChecks`. The rest are forgotten.
 */
import type { ArpFrame, IcmpEchoFrame } from '../decode/frame.js';
import { ipToInt } from './fields.js';
import { diffMs, stampOf, timestampOf, type Timestamp } from './time.js';

/** How long a possible check is kept: an exchange can retransmit its DISCOVER for a while before the OFFER. */
const KEEP_SECONDS = 90;
/** Frames of one check come at most this far apart (kernel ARP retries 1 s apart; dnsmasq waits about 3 s). */
const EPISODE_GAP_SECONDS = 3.5;
/** A check may start a moment before the DISCOVER was captured (clocks, capture order). */
const EARLY_MS = 100;
const MAX_SENDERS = 10_000;
const MAX_TARGETS_PER_SENDER = 256;
const MAX_FRAMES_PER_CHECK = 32;
/**
 * A server checks as soon as a DISCOVER reaches it (ISC dhcpd and dnsmasq in the lab: within 15 ms): a host not
 * yet seen answering counts as the checking server only when its ping starts this soon after a DISCOVER.
 */
const PROMPT_SECONDS = 1;
const MAX_ANSWERED_PINGS = 4096;
/** Pruned episodes kept to be used again (about a minute's worth on a busy network). */
const MAX_SPARE = 4096;

export type CheckMethod = 'arp' | 'icmp';

interface CheckFrame {
  readonly frame: number;
  readonly ts: Timestamp;
  readonly method: CheckMethod;
  readonly answer: boolean;
}

const ICMP = 1;
const ANSWER = 2;
const DIGITS_AT = 2;
/** Numbers per frame in an episode's `data`: frame, seconds, nanoseconds, and digits with method and answer. */
const PER_FRAME = 4;

/**
 * One run of checking frames from one sender for one address. Every host's ARP requests make one and it is kept
 * for KEEP_SECONDS, long enough to outlive young collections: its frames are numbers in one list, and its latest
 * time two numbers, rather than an object and a timestamp per frame (CheckFrame objects are made when read).
 */
class Episode {
  /**
   * Made with its first frame at its exact length, and grown by exact copies (an empty list's first push
   * reserves 17 places, a full one's half as many again: most episodes are a request and its answer).
   */
  private data: number[];
  private lastSec: number;
  private lastNanos: number;
  /** MAC that answered in ARP. */
  answerMac: string | undefined = undefined;
  /** Given to an exchange: later frames start a new episode. */
  linked = false;

  constructor(
    public sender: string,
    /** Where it was seen (segment.ts): a server's address is its own only within its segment. */
    public segment: string,
    public target: string,
    first: CheckFrame,
  ) {
    this.data = [first.frame, first.ts.sec, first.ts.nanos, frameBits(first)];
    this.lastSec = first.ts.sec;
    this.lastNanos = first.ts.nanos;
  }

  /** A pruned episode as a new one (its list used again at its first frame's length). */
  reuse(sender: string, segment: string, target: string, first: CheckFrame): this {
    this.sender = sender;
    this.segment = segment;
    this.target = target;
    const d = this.data;
    d.length = PER_FRAME;
    d[0] = first.frame;
    d[1] = first.ts.sec;
    d[2] = first.ts.nanos;
    d[3] = frameBits(first);
    this.lastSec = first.ts.sec;
    this.lastNanos = first.ts.nanos;
    this.answerMac = undefined;
    this.linked = false;
    return this;
  }

  get size(): number {
    return this.data.length / PER_FRAME;
  }

  push(x: CheckFrame): void {
    const d = this.data;
    const n = d.length;
    const out = new Array<number>(n + PER_FRAME);
    for (let i = 0; i < n; i++) out[i] = d[i]!;
    out[n] = x.frame;
    out[n + 1] = x.ts.sec;
    out[n + 2] = x.ts.nanos;
    out[n + 3] = frameBits(x);
    this.data = out;
  }

  get frames(): CheckFrame[] {
    const d = this.data;
    const out: CheckFrame[] = [];
    for (let i = 0; i < d.length; i += PER_FRAME) {
      const bits = d[i + 3]!;
      out.push({ frame: d[i]!, ts: stampOf(d[i + 1]!, d[i + 2]!, bits >>> DIGITS_AT), method: (bits & ICMP) !== 0 ? 'icmp' : 'arp', answer: (bits & ANSWER) !== 0 });
    }
    return out;
  }

  /** diffMs(ts, the latest of its frames' times). */
  msSinceLast(ts: Timestamp): number {
    return (ts.sec - this.lastSec) * 1000 + (ts.nanos - this.lastNanos) / 1e6;
  }

  /** Moves its latest time on to `ts` if that is later. */
  seen(ts: Timestamp): void {
    if (this.msSinceLast(ts) > 0) {
      this.lastSec = ts.sec;
      this.lastNanos = ts.nanos;
    }
  }
}

export interface AddressCheckState {
  readonly server: string;
  readonly ip: string;
  readonly methods: readonly CheckMethod[];
  readonly frames: readonly number[];
  readonly answered: boolean;
  readonly answerFrames: readonly number[];
  readonly answerMac: string | undefined;
  readonly ts: Timestamp;
  /** First check frame → the OFFER; null without an offer. */
  readonly durationMs: number | null;
  readonly offered: 'same' | 'other' | 'none';
  /** The OFFER that followed, when one did. */
  readonly offerFrame: number | undefined;
}

export class AddressCheckBook {
  /** sender IP (with its segment, off the plain LAN) → target IP → its latest episode. */
  private readonly bySender = new Map<string, Targets>();
  /** Episodes whose ICMP echo was answered: the only ones a server not yet seen answering can have made. */
  private readonly answeredPings = new Set<Episode>();
  /**
   * Pruned episodes, to be used again: each lives a minute and a half, long enough to be copied into the old
   * generation, and every host's ARP requests make them all through a capture.
   */
  private readonly spare: Episode[] = [];

  /** ARP: a request (who-has target, tell sender) may be a check; a reply may answer one. `segment`: segment.ts. */
  arp(f: ArpFrame, segment = ''): void {
    const a = f.arp;
    if (!a.ethernetIpv4) return;
    const ts = timestampOf(f);
    if (a.kind === 'request') this.note(a.senderIp, segment, a.targetIp, { frame: f.frame, ts, method: 'arp', answer: false }, undefined);
    else if (a.kind === 'reply') this.answer(a.targetIp, segment, a.senderIp, { frame: f.frame, ts, method: 'arp', answer: true }, a.senderMac);
  }

  echo(f: IcmpEchoFrame, segment = ''): void {
    const ts = timestampOf(f);
    if (f.echo.op === 'request') this.note(f.ip.src, segment, f.ip.dst, { frame: f.frame, ts, method: 'icmp', answer: false }, undefined);
    else this.answer(f.ip.dst, segment, f.ip.src, { frame: f.frame, ts, method: 'icmp', answer: true }, undefined);
  }

  /**
   * The checks `servers` made during an exchange (from `since` to the OFFER at `until`, or to `until` when no
   * offer came), as that exchange's (see `claim` for which count). `offer`: the OFFER's address and frame.
   */
  take(servers: readonly string[], segment: string, since: Timestamp, until: Timestamp, offer: { readonly yiaddr: string; readonly frame: number } | undefined): AddressCheckState[] {
    const out: AddressCheckState[] = [];
    for (const server of new Set(servers)) {
      const targets = this.bySender.get(keyOf(server, segment));
      if (targets instanceof Episode) {
        const check = this.claim(targets, since, until, offer);
        if (check) out.push(check);
      } else if (targets) {
        for (const ep of targets.values()) {
          const check = this.claim(ep, since, until, offer);
          if (check) out.push(check);
        }
      }
    }
    return out.sort((a, b) => diffMs(a.ts, b.ts));
  }

  /**
   * For an exchange nobody answered, the answered ping checks of hosts not yet known as servers (a server's
   * very first exchange, when it finds the address in use and offers nothing): those whose first frame came
   * within PROMPT_SECONDS after one of the exchange's DISCOVERs.
   */
  takePrompt(discovers: readonly Timestamp[], segment: string, since: Timestamp, until: Timestamp): AddressCheckState[] {
    const out: AddressCheckState[] = [];
    for (const ep of this.answeredPings) {
      if (ep.linked || ep.segment !== segment) continue;
      const start = ep.frames.find((x) => !x.answer && diffMs(x.ts, since) >= -EARLY_MS)?.ts;
      if (!start || !discovers.some((d) => diffMs(start, d) >= -EARLY_MS && diffMs(start, d) <= PROMPT_SECONDS * 1000)) continue;
      const check = this.claim(ep, since, until, undefined);
      if (check) out.push(check);
    }
    return out.sort((a, b) => diffMs(a.ts, b.ts));
  }

  /**
   * The episode as a check of the exchange between `since` and `until` (the OFFER, when there is one), marked
   * as taken; undefined when it is not one. With an offer, a check of another address counts only when it was
   * pinged and answered (a server moves on from an address in use, never from a free one); without one, only
   * those count (an unanswered check would have been offered).
   */
  private claim(ep: Episode, since: Timestamp, until: Timestamp, offer: { readonly yiaddr: string; readonly frame: number } | undefined): AddressCheckState | undefined {
    // Most of a busy server's waiting episodes ended before this exchange began: no frame of theirs can count
    // (`last` is the latest of its frames), so they are passed over without looking at their frames.
    if (ep.linked || ep.msSinceLast(since) > EARLY_MS) return undefined;
    const frames = ep.frames.filter((x) => diffMs(x.ts, since) >= -EARLY_MS && diffMs(x.ts, until) <= 0);
    const asked = frames.filter((x) => !x.answer);
    if (asked.length === 0) return undefined;
    const answers = frames.filter((x) => x.answer);
    const answered = answers.length > 0;
    const same = offer !== undefined && ep.target === offer.yiaddr;
    // Another address counts only as a ping check that was answered: an answered ARP alone is the server
    // resolving a neighbour (its gateway), while a check's answered ARP is always followed by the echo.
    const pinged = asked.some((x) => x.method === 'icmp');
    if (!same && (!answered || !pinged || (offer !== undefined && !sameNet24(ep.target, offer.yiaddr)))) return undefined;
    ep.linked = true;
    this.answeredPings.delete(ep);
    // A taken check is done with: later frames start a new one anyway, so it frees its place at once (a busy
    // server checks thousands of addresses a minute, more than MAX_TARGETS_PER_SENDER waiting for the prune).
    const key = keyOf(ep.sender, ep.segment);
    const targets = this.bySender.get(key);
    if (targets === ep) this.bySender.set(key, null);
    else if (targets instanceof Map && targets.get(ep.target) === ep) targets.delete(ep.target);
    const first = asked[0]!.ts;
    return {
      server: ep.sender,
      ip: ep.target,
      methods: [...new Set(frames.map((x) => x.method))].sort(),
      frames: asked.map((x) => x.frame),
      answered,
      answerFrames: answers.map((x) => x.frame),
      answerMac: ep.answerMac,
      ts: first,
      durationMs: offer ? Math.max(0, diffMs(until, first)) : null,
      offered: offer === undefined ? 'none' : same ? 'same' : 'other',
      offerFrame: offer?.frame,
    };
  }

  /** Forgets possible checks nobody can claim any more. */
  prune(now: Timestamp): void {
    const old = (ep: Episode) => ep.msSinceLast(now) > KEEP_SECONDS * 1000;
    // What leaves the senders' lists here leaves answeredPings below too (the same rule): nothing else holds it.
    const spare = this.spare;
    for (const [sender, targets] of this.bySender) {
      if (targets === null) this.bySender.delete(sender);
      else if (targets instanceof Episode) {
        if (!old(targets)) continue;
        this.bySender.delete(sender);
        if (spare.length < MAX_SPARE) spare.push(targets);
      } else {
        for (const [target, ep] of targets) {
          if (!old(ep)) continue;
          targets.delete(target);
          if (spare.length < MAX_SPARE) spare.push(ep);
        }
        if (targets.size === 0) this.bySender.delete(sender);
      }
    }
    for (const ep of this.answeredPings) if (old(ep)) this.answeredPings.delete(ep);
  }

  private note(sender: string, segment: string, target: string, x: CheckFrame, answerMac: string | undefined): void {
    if (sender === '0.0.0.0' || sender === target) return;
    const key = keyOf(sender, segment);
    const targets = this.bySender.get(key);
    if (targets === undefined && this.bySender.size >= MAX_SENDERS) return;
    let ep = episodeIn(targets, target);
    if (!ep || ep.linked || ep.msSinceLast(x.ts) > EPISODE_GAP_SECONDS * 1000) {
      if (!ep && targetCount(targets) >= MAX_TARGETS_PER_SENDER) return;
      ep = this.spare.pop()?.reuse(sender, segment, target, x) ?? new Episode(sender, segment, target, x);
      if (targets instanceof Map) targets.set(target, ep);
      else if (targets instanceof Episode && targets.target !== target) {
        this.bySender.set(key, new Map([[targets.target, targets], [target, ep]]));
      } else this.bySender.set(key, ep);
    } else if (ep.size < MAX_FRAMES_PER_CHECK) ep.push(x);
    ep.seen(x.ts);
    ep.answerMac ??= answerMac;
  }

  /** An answer from `target` to `sender` joins the sender's open check of it, if there is one. */
  private answer(sender: string, segment: string, target: string, x: CheckFrame, answerMac: string | undefined): void {
    const ep = episodeIn(this.bySender.get(keyOf(sender, segment)), target);
    if (!ep || ep.linked || ep.msSinceLast(x.ts) > EPISODE_GAP_SECONDS * 1000) return;
    this.note(sender, segment, target, x, answerMac);
    if (x.method === 'icmp' && this.answeredPings.size < MAX_ANSWERED_PINGS) this.answeredPings.add(ep);
  }
}

/**
 * A sender's episodes by target: most senders (every host that ARPs for its gateway) have one, kept as itself
 * rather than in a map of its own; null once its only episode was taken (the sender keeps its place until the
 * prune, as an emptied map did).
 */
type Targets = Episode | Map<string, Episode> | null;

function episodeIn(targets: Targets | undefined, target: string): Episode | undefined {
  if (targets instanceof Episode) return targets.target === target ? targets : undefined;
  return targets ? targets.get(target) : undefined;
}

function targetCount(targets: Targets | undefined): number {
  return targets instanceof Map ? targets.size : targets ? 1 : 0;
}

/** A check frame's digits, method and answer in one number. */
function frameBits(x: CheckFrame): number {
  return (x.ts.digits << DIGITS_AT) | (x.method === 'icmp' ? ICMP : 0) | (x.answer ? ANSWER : 0);
}

/** The plain LAN's senders are their own keys (no string built per frame there). */
function keyOf(ip: string, segment: string): string {
  return segment ? `${segment}|${ip}` : ip;
}

function sameNet24(a: string, b: string): boolean {
  return ipToInt(a) >>> 8 === ipToInt(b) >>> 8;
}
