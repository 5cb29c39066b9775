/**
 * Floods: many client MACs discovering at once, one Ethernet source speaking for many made-up clients, one
 * client sending far faster than any retransmission schedule, and a pool that stops answering.
 */
import { MESSAGE_TYPE as MT } from '../decode/dhcp/names.js';
import type { DhcpFrame } from '../decode/frame.js';
import { ActivityQueue, type Queued } from './activity-queue.js';
import { diffMs, stampOf, timestampOf, toEpoch, type Timestamp } from './time.js';
import { clientKeyOf } from './transactions.js';
import type { FindingDraft, TxState, TxStep } from './types.js';

const CLIENT_RATE_WINDOW_SECONDS = 10;
/** Entries any sliding window or per-client rate table holds, whatever the capture's clock says. */
const MAX_WINDOW = 100_000;
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

/**
 * What the flood watches keep on a client's record (servers.ts ClientRecord), which each message's exchange
 * already holds: no look-up by MAC per message. Past the client book's limit a client's record is made anew
 * for each exchange (`kept` false), so for those the watches keep a holder of their own by MAC.
 */
export interface FloodClient {
  readonly mac: string;
  /** Its messages in its current rate window (FloodWatch), while that window is live. */
  rate: ClientRate | undefined;
  /** Its answers among those of the last minute (ExhaustionWatch). */
  answers: number;
  readonly kept: boolean;
}

/** A holder for a client the client book did not keep. */
class UnkeptHolder implements FloodClient {
  rate: ClientRate | undefined = undefined;
  answers = 0;
  constructor(readonly mac: string) {}
  get kept(): boolean {
    return false;
  }
}

/** The holder of an unkept client's MAC, made when it has none. */
function holderIn(unkept: Map<string, UnkeptHolder>, mac: string): UnkeptHolder {
  let h = unkept.get(mac);
  if (h === undefined) {
    h = new UnkeptHolder(mac);
    unkept.set(mac, h);
  }
  return h;
}

export class FloodWatch {
  private readonly discoverWindow = new DiscoverWindow();
  private readonly windowMacs = new Map<string, number>();
  private inStarvation = false;
  /** The clients whose rate window is live (on their records), for pruning. */
  private readonly liveRates = new ActivityQueue<ClientRate>();
  /**
   * Pruned windows, to be used again: a window lives up to a minute (until the prune), long enough to be copied
   * into the old generation, and a busy capture opens one for each client every few minutes.
   */
  private readonly spareRates: ClientRate[] = [];
  /** Holders of the clients the client book did not keep, while their window is live. */
  private readonly unkept = new Map<string, UnkeptHolder>();

  constructor(
    private readonly opts: FloodOptions,
    private readonly raise: Raise,
  ) {}

  /** A client's DISCOVER; `spoofedChaddrs` is how many chaddrs its Ethernet source has spoken for. */
  discover(f: DhcpFrame, spoofedChaddrs: number): void {
    const ts = timestampOf(f);
    const win = this.discoverWindow;
    const mac = clientKeyOf(f.dhcp);
    win.push(ts, mac, f.frame);
    this.windowMacs.set(mac, (this.windowMacs.get(mac) ?? 0) + 1);
    // Capture time can stand still (a crafted capture): the window also keeps at most MAX_WINDOW entries.
    while (win.length && (win.msSinceFirst(ts) > this.opts.starvationWindow * 1000 || win.length > MAX_WINDOW)) {
      const old = win.shift();
      const n = (this.windowMacs.get(old) ?? 1) - 1;
      if (n <= 0) this.windowMacs.delete(old);
      else this.windowMacs.set(old, n);
    }
    const distinct = this.windowMacs.size;
    const bySpoofing = spoofedChaddrs >= SPOOFED_CHADDRS;
    if (!this.inStarvation && (distinct >= this.opts.starvationClients || bySpoofing)) {
      this.inStarvation = true;
      this.raise(`STARVATION|${win.firstFrame}`, {
        code: 'STARVATION',
        severity: 'error',
        message: bySpoofing
          ? `one Ethernet source (${f.srcMac}) sent DISCOVERs for ${spoofedChaddrs} made-up client MACs: a starvation attack`
          : `${distinct} different client MACs sent DISCOVERs within ${this.opts.starvationWindow} s: a starvation flood?`,
        ts: win.firstTs(),
        frames: win.firstFrames(50),
        ips: [],
        macs: [...this.windowMacs.keys()].slice(0, 50),
      });
    } else if (this.inStarvation && distinct < this.opts.starvationClients / 2) {
      this.inStarvation = false;
    }
  }

  /** Any client message: one client sending far faster than any retransmission schedule is a storm. */
  clientMessage(f: DhcpFrame, name: string, client: FloodClient): void {
    const now = toEpoch(timestampOf(f));
    const window = CLIENT_RATE_WINDOW_SECONDS;
    const ts = timestampOf(f);
    const holder = client.kept ? client : holderIn(this.unkept, client.mac);
    let r = holder.rate;
    if (r === undefined) {
      if (this.liveRates.size >= MAX_WINDOW) return; // a flood of made-up clients: STARVATION says it
      r = this.spareRates.pop()?.reuse(holder, ts, f.frame) ?? new ClientRate(holder, ts, f.frame);
      holder.rate = r;
      this.liveRates.touch(r);
    } else if (now - r.start() > window) {
      // A new window: it keeps only whether it was raised.
      r.restart(ts, f.frame);
    } else {
      r.count++;
      if (r.frames.length < 50) r.frames.push(f.frame);
    }
    const limit = this.opts.stormRetransmissions * 5;
    if (r.count >= limit && !r.raised) {
      r.raised = true;
      const mac = client.mac;
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
    const quiet: ClientRate[] = [];
    this.liveRates.each((r) => {
      if (epoch - r.start() > CLIENT_RATE_WINDOW_SECONDS && !r.raised) quiet.push(r);
      return true;
    });
    for (const r of quiet) {
      this.liveRates.remove(r);
      r.holder.rate = undefined;
      if (!r.holder.kept) this.unkept.delete(r.holder.mac);
      if (this.spareRates.length < MAX_SPARE_RATES) this.spareRates.push(r);
    }
  }
}

/**
 * The DISCOVERs of the starvation window, oldest first from `head`: when, whose and which frame, in lists of
 * numbers and shared texts rather than an object each (they live the window's seconds, long enough to be
 * copied into the old generation).
 */
class DiscoverWindow {
  private head = 0;
  private readonly sec: number[] = [];
  private readonly nanos: number[] = [];
  private readonly digits: number[] = [];
  private readonly macs: string[] = [];
  private readonly frames: number[] = [];

  get length(): number {
    return this.frames.length - this.head;
  }

  get firstFrame(): number {
    return this.frames[this.head]!;
  }

  push(ts: Timestamp, mac: string, frame: number): void {
    this.sec.push(ts.sec);
    this.nanos.push(ts.nanos);
    this.digits.push(ts.digits);
    this.macs.push(mac);
    this.frames.push(frame);
  }

  /** Drops the oldest; returns its MAC. */
  shift(): string {
    const mac = this.macs[this.head++]!;
    if (this.head > 1024 && this.head * 2 > this.frames.length) {
      for (const list of [this.sec, this.nanos, this.digits, this.macs, this.frames]) list.splice(0, this.head);
      this.head = 0;
    }
    return mac;
  }

  /** diffMs(ts, the oldest's time). */
  msSinceFirst(ts: Timestamp): number {
    return (ts.sec - this.sec[this.head]!) * 1000 + (ts.nanos - this.nanos[this.head]!) / 1e6;
  }

  firstTs(): Timestamp {
    return stampOf(this.sec[this.head]!, this.nanos[this.head]!, this.digits[this.head]!);
  }

  firstFrames(n: number): number[] {
    return this.frames.slice(this.head, this.head + n);
  }
}

/** Pruned rate windows kept to be used again (a few minutes' worth of clients on a busy capture). */
const MAX_SPARE_RATES = 4096;

/** One client's messages in its current rate window; its holder lets go of it once it is pruned. */
export class ClientRate implements Queued {
  queuedAt = -1;
  count = 1;
  raised = false;
  /**
   * Made with its first frame (a one-slot list): most clients send one or two messages in a window, and an empty
   * list's first push reserves 17 slots.
   */
  frames: number[];
  /**
   * When the window started, as its seconds and nanoseconds: an epoch with a fraction is a number object of its
   * own in V8, and a new one per window would live as long as the window.
   */
  private startSec: number;
  private startNanos: number;

  constructor(
    public holder: FloodClient,
    ts: Timestamp,
    frame: number,
  ) {
    this.frames = [frame];
    this.startSec = ts.sec;
    this.startNanos = ts.nanos;
  }

  /** A pruned window (never a raised one: those stay) as another client's new one. */
  reuse(holder: FloodClient, ts: Timestamp, frame: number): this {
    this.holder = holder;
    this.restart(ts, frame);
    return this;
  }

  /** When the window started, as toEpoch gives it. */
  start(): number {
    return this.startSec + this.startNanos / 1e9;
  }

  /** A new window from `frame`: its list used again, or a new one if a raised finding holds the old one. */
  restart(ts: Timestamp, frame: number): void {
    this.startSec = ts.sec;
    this.startNanos = ts.nanos;
    this.count = 1;
    if (this.raised) this.frames = [frame];
    else {
      this.frames.length = 1;
      this.frames[0] = frame;
    }
  }
}

/** What the pool check needs of a transaction that started after the latest OFFER, once it is over. */
interface AfterOffer {
  readonly start: number;
  readonly id: string;
  readonly mac: string;
  readonly first: Timestamp;
  readonly last: Timestamp;
  readonly unanswered: boolean;
  readonly discovers: readonly number[];
}

/** Seconds before the latest OFFER in which served clients count. */
const SERVED_WINDOW_MS = 60_000;

/**
 * A pool that stops answering: several clients served in the minute before the last OFFER, then DISCOVERs
 * that nobody answers. That is how an exhausted pool looks after a starvation flood (or a server that died).
 * Fed step by step in frame order, so it keeps only the last minute of answers and the transactions since the
 * latest OFFER, never the whole history.
 */
export class ExhaustionWatch {
  /** The latest OFFER's frame (0: none yet). */
  private lastOffer = 0;
  /** Distinct clients offered or acked in the minute up to the latest OFFER. */
  private served = 0;
  /**
   * The answers of the last minute, oldest first from answersHead: when (seconds and nanoseconds) and to whom
   * (lists of numbers and of the clients' records, no object each: they live a minute, long enough to be copied
   * twice). Each client's record counts its answers among them (no map by MAC to keep and look up).
   */
  private readonly answerSec: number[] = [];
  private readonly answerNanos: number[] = [];
  private readonly answerClients: FloodClient[] = [];
  private answersHead = 0;
  /** Clients with an answer among those. */
  private answeredClients = 0;
  /** Holders of the clients the client book did not keep, while they have answers in the window. */
  private readonly unkept = new Map<string, UnkeptHolder>();
  private readonly sinceOfferOpen = new OpenSinceOffer();
  private readonly sinceOfferClosed: AfterOffer[] = [];

  /** One step, as the tracker filed it into `tx` (whose client's record is `client`). */
  step(tx: TxState, step: TxStep, client: FloodClient): void {
    if (step.direction === 'server' && (step.type === MT.OFFER || step.type === MT.ACK)) this.answered(step.ts, client.kept ? client : holderIn(this.unkept, client.mac));
    if (step.direction === 'server' && step.type === MT.OFFER && step.frame > this.lastOffer) {
      this.lastOffer = step.frame;
      this.forgetBefore(step.ts);
      this.served = this.answeredClients;
      this.sinceOfferOpen.clear();
      this.sinceOfferClosed.length = 0;
    }
    // Its first step (the message that started it: one frame is one step).
    if (tx.firstFrame === step.frame && step.frame > this.lastOffer) this.sinceOfferOpen.add(tx);
  }

  /** A transaction is over: keep what the check needs of it, not the transaction. */
  closed(tx: TxState): void {
    if (this.sinceOfferOpen.delete(tx)) this.sinceOfferClosed.push(afterOffer(tx));
  }

  findings(lastTs: Timestamp | undefined): FindingDraft[] {
    const lastOffer = this.lastOffer;
    if (lastOffer === 0 || !lastTs) return [];
    const settledBefore = (ts: Timestamp) => diffMs(lastTs, ts) >= 2000;
    const unanswered = [...this.sinceOfferClosed, ...this.sinceOfferOpen.values().map(afterOffer)]
      .filter((t) => t.unanswered && settledBefore(t.last))
      .sort((x, y) => x.start - y.start);
    const discovers = unanswered.reduce((n, t) => n + t.discovers.length, 0);
    if (this.served < EXHAUSTION_GRANTS || discovers < EXHAUSTION_DISCOVERS) return [];
    const macs = [...new Set(unanswered.map((t) => t.mac))];
    return [{
      code: 'STARVATION',
      severity: 'error',
      message: `${this.served} clients were served in the minute before frame ${lastOffer}; after it no server offered an address to ${macs.slice(0, 3).join(', ')}${macs.length > 3 ? ` and ${macs.length - 3} more` : ''} (${discovers} DISCOVERs): pool exhausted or server gone`,
      ts: unanswered[0]!.first,
      frames: [lastOffer, ...unanswered.flatMap((t) => t.discovers.slice(0, 49)).slice(0, 49)],
      ips: [],
      macs: macs.slice(0, 50),
      transactions: unanswered.slice(0, 50).map((t) => t.id),
    }];
  }

  private answered(ts: Timestamp, client: FloodClient): void {
    this.answerSec.push(ts.sec);
    this.answerNanos.push(ts.nanos);
    this.answerClients.push(client);
    if (client.answers++ === 0) this.answeredClients++;
    this.forgetBefore(ts);
    // Capture time can stand still: past MAX_WINDOW answers the oldest go, so the count errs low, never grows.
    while (this.answerSec.length - this.answersHead > MAX_WINDOW) this.forgetOne();
  }

  private forgetOne(): void {
    const client = this.answerClients[this.answersHead++]!;
    if (--client.answers === 0) {
      this.answeredClients--;
      if (!client.kept) this.unkept.delete(client.mac);
    }
  }

  /** Drops answers more than a minute before `ts`: no later OFFER can count them. */
  private forgetBefore(ts: Timestamp): void {
    const sec = this.answerSec;
    const nanos = this.answerNanos;
    while (this.answersHead < sec.length && (ts.sec - sec[this.answersHead]!) * 1000 + (ts.nanos - nanos[this.answersHead]!) / 1e6 > SERVED_WINDOW_MS) this.forgetOne();
    if (this.answersHead > 1024 && this.answersHead * 2 > sec.length) {
      sec.splice(0, this.answersHead);
      nanos.splice(0, this.answersHead);
      this.answerClients.splice(0, this.answersHead);
      this.answersHead = 0;
    }
  }
}

/** Exchanges kept in a list before they are many enough for a Set. */
const FEW = 16;

/**
 * The exchanges started since the latest OFFER, in order. As a rule one or two (a DISCOVER, then its OFFER empties
 * them), kept in a list emptied in place: a Set emptied at every OFFER made a new table each time, to be promoted.
 * A Set once they are many (a pool that stopped answering), where searching a list would grow with their square.
 */
class OpenSinceOffer {
  private readonly list: TxState[] = [];
  private set: Set<TxState> | undefined = undefined;

  add(tx: TxState): void {
    if (this.set !== undefined) this.set.add(tx);
    else if (!this.list.includes(tx)) {
      this.list.push(tx);
      if (this.list.length > FEW) {
        this.set = new Set(this.list);
        this.list.length = 0;
      }
    }
  }

  /** Takes `tx` out; false when it was not in. */
  delete(tx: TxState): boolean {
    if (this.set !== undefined) return this.set.delete(tx);
    const i = this.list.indexOf(tx);
    if (i < 0) return false;
    this.list.splice(i, 1);
    return true;
  }

  clear(): void {
    this.list.length = 0;
    this.set = undefined;
  }

  /** In the order they were added. */
  values(): TxState[] {
    return this.set !== undefined ? [...this.set] : this.list.slice();
  }
}

function afterOffer(tx: TxState): AfterOffer {
  return {
    start: tx.steps[0]!.frame,
    id: tx.id,
    mac: tx.clientMac,
    first: tx.first,
    last: tx.last,
    unanswered: tx.kind === 'DORA' && tx.outcome === 'NO_OFFER',
    discovers: tx.steps.filter((s) => s.direction !== 'server' && !s.duplicate).map((s) => s.frame),
  };
}
