/**
 * Groups DHCP messages into transactions (one exchange of one client) and keeps each exchange's steps.
 *
 * Messages are keyed by chaddr + xid, but the key alone does not make an exchange: dhclient reuses one xid
 * for the DORA and every renewal, and an ACK or NAK ends an exchange. The join rules (join-rules.ts) decide,
 * from the open exchange's phase and the new message, whether the message belongs to it or starts the next one.
 */
import { MESSAGE_TYPE as MT } from '../decode/dhcp/names.js';
import type { DhcpFrame } from '../decode/frame.js';
import { ActivityQueue } from './activity-queue.js';
import { Exchange, exchangeId, forgetViews } from './exchange.js';
import { DONE, ExchangeStore, KIND, NO_EXCHANGE, OUTCOME, RAPID_COMMIT, UNSET } from './exchange-store.js';
import { internMaybe, makeInterner } from './intern.js';
import { EXACT_UP_TO, grown } from './one-or-many.js';
import { linkSegmentOf } from './segment.js';
import type { RequestState } from './delivery.js';
import { joinsExchange, kindForClientMessage } from './join-rules.js';
import { directionOf, writeStep, type Copy } from './steps.js';
import { BROADCAST_FLAG, DIRECTION_AT, DUPLICATE, ICMP_UNREACHABLE, NO_STEP, SERVER_DIRECTION, StepStore, StepView, TYPE_AT } from './step-store.js';
import { clientIdOf, ipOf, OPT, option, relayIdsOf, textOf, u32Of, ZERO_IP } from './fields.js';
import { timestampOf, type Timestamp } from './time.js';
import type { TransactionKind, TxOffer, TxState, TxStep } from './types.js';
import { widened } from './typed-arrays.js';

/** Two copies of one message closer than this are the same packet captured twice, not a retransmission. */
const DUPLICATE_SECONDS = 0.05;
/** Capture seconds after its last message that an answered exchange is closed (its ARP probes come after the ACK). */
const ANSWERED_CLOSE_SECONDS = 20;
/** Steps stored per exchange; later retransmissions and duplicates are only counted. */
const MAX_STEPS = 200;

/** Server replies that end an exchange: ACK, NAK, and the answers to a lease query (RFC 4388, 6926). */
const FINAL_REPLIES: ReadonlySet<number> = new Set([
  MT.ACK, MT.NAK, MT.LEASEUNASSIGNED, MT.LEASEUNKNOWN, MT.LEASEACTIVE, MT.LEASEQUERYDONE, MT.LEASEQUERYSTATUS,
]);

/** A step's packed number (step-store.ts) says a server's reply that ends its exchange. */
function isFinalReply(bits: number): boolean {
  if (((bits >>> DIRECTION_AT) & 3) !== SERVER_DIRECTION) return false;
  const t = (bits >>> TYPE_AT) & 0x1ff;
  return t === 0 || FINAL_REPLIES.has(t - 1);
}

function kindForOrphanReply(f: DhcpFrame): TransactionKind {
  const { messageType: t, ciaddr, yiaddr } = f.dhcp;
  if (t === undefined) return 'BOOTP';
  if (t >= MT.LEASEUNASSIGNED && t <= MT.LEASEQUERYSTATUS) return 'LEASEQUERY'; // the lease-query family
  if (t === MT.ACK && ciaddr !== ZERO_IP) return yiaddr === ZERO_IP ? 'INFORM' : 'RENEW';
  return 'DORA';
}

/** Seconds between `a` and a time given as its parts (a step's, in the store). */
function secondsApart(a: Timestamp, sec: number, nanos: number): number {
  return Math.abs((a.sec - sec) * 1000 + (a.nanos - nanos) / 1e6) / 1000;
}

/**
 * Who the client is: its hardware address, or, when chaddr is empty (hlen 0, as IP over InfiniBand clients
 * send, RFC 4390), its client identifier (61).
 */
export function clientKeyOf(m: DhcpFrame['dhcp']): string {
  return m.chaddr !== '' ? m.chaddr : (clientIdOf(m) ?? '00');
}

export { exchangeId };

/**
 * Clients kept in the tracker's table before those with nothing open are dropped. A client's entry is two numbers
 * (its open exchanges and its latest one, by slot) under its MAC, kept when it empties: clients come and go all
 * through a capture, and a table dropping them as they go shrinks and grows again, each new table large and
 * long-lived enough to be copied into the old generation. Bounded, so a flood of made-up MACs cannot grow it.
 */
const MAX_CLIENTS = 1 << 16;
/** Segments whose VLAN list is shared (a capture has a few; a made-up flood of tags is not shared past this). */
const MAX_SHARED_VLANS = 4096;

export interface TrackerLimits {
  readonly maxOpen: number;
  readonly maxStored: number;
  readonly timeoutSeconds: number;
  /** Keep closed exchanges for `all()`; without, they are only handed to onClose. */
  readonly retain: boolean;
}

export class TransactionTracker {
  /**
   * The open exchanges, least recently active first (the sweep's order): an exchange is moved to the end at each
   * message. Kept by identity, and found by client and xid in `clients`, so no key text is made per message.
   */
  private readonly open = new ActivityQueue<Exchange>();
  /**
   * Each client's entry (an index into the two columns after it), for finding a message's exchange by its xid
   * among the client's open ones, and its latest one.
   */
  private readonly clients = new Map<string, number>();
  /** Per client entry: the first slot of its chain of open exchanges (ExchangeStore.nextOpen), or NO_EXCHANGE. */
  private clientOpen = new Int32Array(256);
  /** Per client entry: the slot of its latest exchange while that is open and recent, or NO_EXCHANGE. */
  private clientLatest = new Int32Array(256);
  /**
   * Per client entry: the host name and vendor class its last exchange gave, as kept. A client names itself
   * alike exchange after exchange, and a text the same as the last is taken from here: no look-up in the table
   * of shared texts (its text has to be hashed), no second copy.
   */
  private readonly clientHostname: (string | undefined)[] = [];
  private readonly clientVendorClass: (string | undefined)[] = [];
  /** Client entries handed out so far; dropped ones are reused from `freeClients`. */
  private clientsUsed = 0;
  private freeClients: number[] = [];
  private readonly stored: TxState[] = [];
  /** Exchanges kept for the report so far (within maxStored), whether or not they are retained. */
  keptCount = 0;
  evictedOpen = 0;
  droppedStored = 0;
  /** Client and server texts (hostnames, vendor classes, NAK messages) kept once each: leases and clients hold them. */
  private readonly intern = makeInterner();
  /** The open exchanges (and, when retaining, every kept one), their steps and linked ARP frames. */
  private readonly exchanges = new ExchangeStore();
  private readonly store: StepStore = this.exchanges.steps;
  /** Where a step that is counted but not stored is written (read only while its frame is handled). */
  private readonly scratch = this.store.alloc();
  /** Each segment's VLAN tags, shared (vlanOf). */
  private readonly vlans = new Map<string, readonly number[]>();

  constructor(
    private readonly limits: TrackerLimits,
    private readonly onClose: (tx: TxState) => void,
  ) {}

  /** Adds one DHCP message; returns its exchange and step. */
  add(f: DhcpFrame, state: RequestState | undefined): { tx: Exchange; step: StepView } {
    const m = f.dhcp;
    const client = clientKeyOf(m);
    let tx = this.peekOpen(client, m.xid);
    const isClient = m.op !== 2;
    if (tx) {
      if (!joinsExchange(tx, f, state)) {
        this.close(tx);
        tx = undefined;
      }
    }
    if (!tx) {
      const kind = isClient ? kindForClientMessage(m.messageType, state) : kindForOrphanReply(f);
      tx = this.start(client, f, kind);
    } else {
      // To the end of the queue, so that it stays "least recently active first" for the sweep.
      this.open.touch(tx);
    }
    const at = tx.at;
    const slot = this.appendStep(tx, at, f, state);
    this.update(tx, at, f, slot, state);
    return { tx, step: new StepView(this.store, slot) };
  }


  /** Closes exchanges idle for longer than the timeout (capture time). */
  sweep(now: Timestamp): void {
    // Least recently active first: stop at the first exchange too recent for either rule.
    const over: Exchange[] = [];
    const timeout = this.limits.timeoutSeconds;
    const x = this.exchanges;
    this.open.each((tx) => {
      const at = tx.at;
      const idle = Math.abs(x.msSinceLast(at, now)) / 1000;
      if (idle < ANSWERED_CLOSE_SECONDS) return false;
      // An answered exchange is over once late copies and the client's ARP checks are past; an unanswered
      // one waits longer.
      if ((x.bits[at]! & DONE) !== 0 || idle >= timeout) over.push(tx);
      return true;
    });
    for (const tx of over) this.close(tx);
  }


  closeAll(): void {
    for (const tx of this.open.values()) this.close(tx);
  }

  /** Every exchange kept so far (closed ones and the ones still open), in order of first frame; none when not retaining. */
  all(): TxState[] {
    // Kept in the order they started, which is frame order: no sort needed.
    return this.stored.slice();
  }

  /** The kept exchanges still open. */
  openKept(): TxState[] {
    const out: TxState[] = [];
    this.open.each((tx) => {
      if (tx.kept) out.push(tx);
      return true;
    });
    return out;
  }

  /** Drops the latest-exchange links of clients quiet for longer than `seconds`. */
  pruneLatest(now: Timestamp, seconds: number): void {
    // A client's latest exchange is always an open one (closing lets it go): look among those, not all clients.
    this.open.each((tx) => {
      if (Math.abs(tx.msSinceLast(now)) / 1000 > seconds) {
        const at = tx.at;
        const client = this.exchanges.clientIndex[at]!;
        if (this.clientLatest[client] === at) this.clientLatest[client] = NO_EXCHANGE;
      }
      return true;
    });
  }

  /** A client MAC's latest exchange while it is open and not yet let go as idle (pruneLatest), for linking its ARP. */
  latestOf(mac: string): Exchange | undefined {
    const client = this.clients.get(mac);
    if (client === undefined) return undefined;
    const at = this.clientLatest[client]!;
    return at === NO_EXCHANGE ? undefined : this.exchanges.handle[at];
  }

  /** The client's open exchange of this xid, if any (there is at most one). */
  peek(client: string, xid: number): TxState | undefined {
    return this.peekOpen(client, xid);
  }

  openCount(): number {
    return this.open.size;
  }

  private peekOpen(client: string, xid: number): Exchange | undefined {
    const entry = this.clients.get(client);
    if (entry === undefined) return undefined;
    const x = this.exchanges;
    const want = xid | 0;
    for (let at = this.clientOpen[entry]!; at !== NO_EXCHANGE; at = x.nextOpen[at]!) if (x.xid[at] === want) return x.handle[at];
    return undefined;
  }

  /** The client's entry, made (or a dropped one reused) for a client not in the table. */
  private entryOf(client: string): number {
    let entry = this.clients.get(client);
    if (entry === undefined) {
      if (this.clients.size >= MAX_CLIENTS) this.dropIdleClients();
      entry = this.freeClients.pop();
      if (entry === undefined) {
        entry = this.clientsUsed++;
        if (entry >= this.clientOpen.length) {
          this.clientOpen = widened(this.clientOpen, new Int32Array(this.clientOpen.length * 2));
          this.clientLatest = widened(this.clientLatest, new Int32Array(this.clientLatest.length * 2));
        }
      }
      this.clientOpen[entry] = NO_EXCHANGE;
      this.clientLatest[entry] = NO_EXCHANGE;
      this.clientHostname[entry] = undefined;
      this.clientVendorClass[entry] = undefined;
      this.clients.set(client, entry);
    }
    return entry;
  }

  /**
   * The frame's VLAN tags as one list shared by the exchanges of its segment (the decoder makes a list per tagged
   * frame, and an exchange keeps it as long as it is open). The segment's label names its tags.
   */
  private vlanOf(segment: string, vlan: readonly number[]): readonly number[] {
    if (vlan.length === 0) return vlan;
    const shared = this.vlans.get(segment);
    if (shared !== undefined) return shared;
    if (this.vlans.size < MAX_SHARED_VLANS) this.vlans.set(segment, vlan);
    return vlan;
  }

  /** Drops the entries of clients with nothing open (their latest exchange is always an open one). */
  private dropIdleClients(): void {
    for (const [client, entry] of this.clients) {
      if (this.clientOpen[entry] !== NO_EXCHANGE) continue;
      this.clients.delete(client);
      this.freeClients.push(entry);
    }
  }

  private start(client: string, f: DhcpFrame, kind: TransactionKind): Exchange {
    const kept = this.keptCount < this.limits.maxStored;
    const t = timestampOf(f);
    const segment = linkSegmentOf(f);
    const tx = new Exchange(this.exchanges, f.frame, kept, f.dhcp.xid, client, kind, t, segment, this.vlanOf(segment, f.vlan), f.tunnel);
    if (this.open.size >= this.limits.maxOpen) {
      const oldest = this.open.oldest();
      if (oldest) {
        this.close(oldest);
        this.evictedOpen++;
      }
    }
    this.open.touch(tx);
    const entry = this.entryOf(client);
    const at = tx.at;
    const x = this.exchanges;
    x.clientIndex[at] = entry;
    x.nextOpen[at] = this.clientOpen[entry]!;
    this.clientOpen[entry] = at;
    if (kept) {
      this.keptCount++;
      if (this.limits.retain) this.stored.push(tx);
    } else this.droppedStored++;
    this.clientLatest[entry] = at;
    return tx;
  }

  /** Writes the message's step into the store and files it under the exchange; returns its slot. */
  private appendStep(tx: Exchange, at: number, f: DhcpFrame, state: RequestState | undefined): number {
    const store = this.store;
    const x = this.exchanges;
    const direction = directionOf(f);
    const t = timestampOf(f);
    const head = x.stepHead[at]!;
    const copy = this.copyOf(head, f, direction, t);
    if (x.msSinceLast(at, t) > 0) x.setLast(at, t);
    if (x.stepCount[at]! >= MAX_STEPS && copy !== undefined) {
      // A client stuck retransmitting: keep counting, stop storing every copy.
      tx.omittedSteps++;
      writeStep(store, this.scratch, f, copy);
      return this.scratch;
    }
    // A reply answers the client's latest message: judge it by that message's broadcast flag.
    let clientFlag: boolean | undefined;
    let tail = NO_STEP;
    for (let s = head; s !== NO_STEP; s = store.next[s]!) {
      const bits = store.bits[s]!;
      if (((bits >>> DIRECTION_AT) & 3) === 0) clientFlag = (bits & BROADCAST_FLAG) !== 0;
      tail = s;
    }
    const slot = store.alloc();
    writeStep(store, slot, f, copy, state, clientFlag);
    if (tail === NO_STEP) x.stepHead[at] = slot;
    else store.next[tail] = slot;
    x.stepCount[at] = x.stepCount[at]! + 1;
    return slot;
  }


  /**
   * Whether the message repeats one already in the exchange (same type and direction, not an ICMP quote): a
   * duplicate is the same packet captured twice, a retransmission the sender trying again. One pass, no lists:
   * it runs for every message.
   */
  private copyOf(head: number, f: DhcpFrame, direction: TxStep['direction'], t: Timestamp): Copy {
    const store = this.store;
    const type = f.dhcp.messageType;
    const { src, dst } = f.ip;
    let resent = false;
    let server: string | undefined;
    const kind = (DIRECTION_CODES[direction] << DIRECTION_AT) | ((type === undefined ? 0 : type + 1) << TYPE_AT);
    const kindMask = (3 << DIRECTION_AT) | (0x1ff << TYPE_AT) | ICMP_UNREACHABLE;
    for (let s = head; s !== NO_STEP; s = store.next[s]!) {
      const bits = store.bits[s]!;
      if ((bits & kindMask) !== kind) continue;
      const toIp = store.toIp[s]!;
      if (store.fromIp[s] === src && toIp === dst && store.secs[s] === f.dhcp.secs && secondsApart(t, store.sec[s]!, store.nanos[s]!) < DUPLICATE_SECONDS) return 'duplicate';
      if (resent || (bits & DUPLICATE) !== 0 || toIp !== dst) continue;
      if (direction === 'server') {
        server ??= ipOf(f.dhcp, OPT.serverId) ?? src;
        if (store.server[s] !== server) continue;
      }
      resent = true;
    }
    return resent && f.quotedBy === undefined ? 'retransmission' : undefined;
  }

  private update(tx: Exchange, at: number, f: DhcpFrame, slot: number, state: RequestState | undefined): void {
    const m = f.dhcp;
    const type = m.messageType;
    const x = this.exchanges;
    if (m.op !== 2) {
      if (x.clientId[at] === undefined) x.clientId[at] = clientIdOf(m);
      if (x.hostname[at] === undefined) x.hostname[at] = this.clientText(this.clientHostname, at, textOf(m, OPT.hostname));
      if (x.vendorClass[at] === undefined) x.vendorClass[at] = this.clientText(this.clientVendorClass, at, textOf(m, OPT.vendorClass));
      const requested = ipOf(m, OPT.requestedIp) ?? (m.ciaddr !== ZERO_IP ? m.ciaddr : undefined);
      if (requested !== undefined && (type === MT.REQUEST || x.requestedIp[at] === undefined)) x.requestedIp[at] = requested;
      if (type === MT.REQUEST && state === 'SELECTING' && x.selectedServer[at] === undefined) x.selectedServer[at] = ipOf(m, OPT.serverId);
      if (type === MT.DISCOVER && option(m, OPT.rapidCommit) !== undefined) x.mark(at, RAPID_COMMIT);
      if (type === MT.RELEASE || type === MT.DECLINE) {
        x.mark(at, DONE);
        if (x.server[at] === undefined) x.server[at] = ipOf(m, OPT.serverId); // the server the client addresses
      }
    } else if ((this.store.bits[slot]! & DUPLICATE) === 0 && f.quotedBy === undefined) {
      const server = this.store.server[slot] ?? f.ip.src;
      if (type === MT.OFFER && !hasOffer(x.offers[at]!, server, m.yiaddr)) {
        x.offers[at] = grown(x.offers[at]!, { server, yiaddr: m.yiaddr, frame: f.frame });
      }
      if (type === MT.ACK || type === undefined) {
        if (m.yiaddr !== ZERO_IP && x.assignedIp[at] === undefined) x.assignedIp[at] = m.yiaddr;
        if (x.leaseSeconds[at] === UNSET) x.leaseSeconds[at] = u32Of(m, OPT.leaseTime) ?? UNSET;
        x.server[at] = server;
      }
      if (type === MT.NAK) {
        tx.nakMessage ??= internMaybe(this.intern, textOf(m, OPT.message));
        tx.nakServer ??= server;
        if (x.server[at] === undefined) x.server[at] = server;
      }
      if (isFinalReply(this.store.bits[slot]!)) x.mark(at, DONE);
    }
    if (m.giaddr !== ZERO_IP) {
      // The first relay's address stays; the highest hop count and the latest circuit and remote ids win.
      const ids = relayIdsOf(m);
      const relay = x.relay[at];
      if (!relay) x.relay[at] = { giaddr: m.giaddr, hops: m.hops, ...ids };
      else {
        relay.hops = Math.max(m.hops, relay.hops);
        Object.assign(relay, ids);
      }
    }
    x.setOutcome(at, outcomeOf(x.kindAt(at), x.stepHead[at]!, this.store));
  }


  /** A client's text as kept: the one its last exchange gave when the same, else the shared copy (and noted). */
  private clientText(texts: (string | undefined)[], at: number, text: string | undefined): string | undefined {
    if (text === undefined) return undefined;
    const entry = this.exchanges.clientIndex[at]!;
    const last = texts[entry];
    if (last === text) return last;
    const kept = this.intern(text);
    texts[entry] = kept;
    return kept;
  }

  private close(tx: Exchange): void {
    if (!this.open.remove(tx)) return;
    const at = tx.at;
    const entry = this.exchanges.clientIndex[at]!;
    this.unchain(entry, at);
    // Its ARP window has passed (answered exchanges close 20 s after their last message); a closed exchange
    // takes no more frames, so it can be let go.
    if (this.clientLatest[entry] === at) this.clientLatest[entry] = NO_EXCHANGE;
    tx.done = true;
    if (this.limits.retain) {
      // Past EXACT_UP_TO a list grows in place with spare capacity: a closed exchange kept for the report keeps
      // exactly what it holds. (Not retained, it is handed on and let go: copying would only make garbage.)
      tx.offers = exact(tx.offers);
    }
    this.exchanges.setOutcome(at, outcomeOf(this.exchanges.kindAt(at), tx.stepHead, this.store));
    if (!tx.server && tx.offers[0]) tx.server = tx.selectedServer ?? tx.offers[0].server;
    this.onClose(tx);
    if (!this.limits.retain) {
      // Handed on and let go: its slot and its steps' slots serve the exchanges still to come.
      tx.release();
    }
    forgetViews();
  }

  /** Takes the exchange at slot `at` out of its client's chain of open exchanges. */
  private unchain(entry: number, at: number): void {
    const next = this.exchanges.nextOpen;
    let s = this.clientOpen[entry]!;
    if (s === at) {
      this.clientOpen[entry] = next[at]!;
      return;
    }
    while (s !== NO_EXCHANGE) {
      const after = next[s]!;
      if (after === at) {
        next[s] = next[at]!;
        return;
      }
      s = after;
    }
  }
}

/** A direction's code in a step's packed number (steps.ts). */
const DIRECTION_CODES: Readonly<Record<TxStep['direction'], number>> = { client: 0, server: SERVER_DIRECTION, relay: 2 };

function hasOffer(offers: readonly TxOffer[], server: string, yiaddr: string): boolean {
  for (const o of offers) if (o.server === server && o.yiaddr === yiaddr) return true;
  return false;
}

/** A list as long as it is (a long one grew in place and has spare room). */
function exact<T>(list: readonly T[]): readonly T[] {
  return list.length > EXACT_UP_TO ? list.slice() : list;
}

/** The exchange's outcome (its number, OUTCOME) from its kind (KIND) and its steps from `head`. */
function outcomeOf(kind: number, head: number, store: StepStore): number {
  // One pass over the steps (this runs for every message): which replies and client messages it holds.
  let serverAck = false;
  let serverNak = false;
  let serverOffer = false;
  let clientRequest = false;
  let anyReply = false;
  for (let s = head; s !== NO_STEP; s = store.next[s]!) {
    const bits = store.bits[s]!;
    if ((bits & ICMP_UNREACHABLE) !== 0) continue;
    const type = ((bits >>> TYPE_AT) & 0x1ff) - 1; // -1: none
    if (((bits >>> DIRECTION_AT) & 3) === SERVER_DIRECTION) {
      anyReply = true;
      if (type === MT.ACK) serverAck = true;
      else if (type === MT.NAK) serverNak = true;
      else if (type === MT.OFFER) serverOffer = true;
    } else if (type === MT.REQUEST) clientRequest = true;
  }
  switch (kind) {
    case KIND.RELEASE:
      return OUTCOME.RELEASED;
    case KIND.DECLINE:
      return OUTCOME.DECLINED;
    case KIND.INFORM:
      return serverAck ? OUTCOME.INFORMED : OUTCOME.NO_ACK;
    case KIND.BOOTP:
    case KIND.LEASEQUERY:
      return anyReply ? OUTCOME.ACK : OUTCOME.NO_ACK;
    case KIND.DORA:
      // A NAK from a server the client did not select is ignored when the selected one ACKs (RFC 2131 §4.3.2).
      if (serverAck) return OUTCOME.ACK;
      if (serverNak) return OUTCOME.NAK;
      if (clientRequest) return OUTCOME.NO_ACK;
      if (serverOffer) return OUTCOME.NO_REQUEST;
      return OUTCOME.NO_OFFER;
    default:
      // INIT-REBOOT, RENEW, REBIND
      if (serverAck) return OUTCOME.ACK;
      if (serverNak) return OUTCOME.NAK;
      return OUTCOME.NO_ACK;
  }
}
