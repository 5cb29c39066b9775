/**
 * Does a message continue the open exchange of its client and xid, or start the next one? dhclient reuses one
 * xid for the DORA and every renewal, relays forward copies, and replies cross retransmissions in flight, so
 * the key alone does not decide. The rules are a table over (the exchange's phase × the message × how it came),
 * and a cell either answers (join, new) or names one guard to check. `joinsExchange` is the pure step that
 * reads the table; it allocates nothing (it runs for every message that finds an open exchange).
 */
import { MESSAGE_TYPE as MT } from '../decode/dhcp/names.js';
import type { DhcpFrame } from '../decode/frame.js';
import type { RequestState } from './delivery.js';
import { ipOf, OPT } from './fields.js';
import type { Exchange } from './exchange.js';
import { DIRECTION_AT, NO_STEP, SERVER_DIRECTION, TYPE_AT } from './step-store.js';
import { timestampOf } from './time.js';
import type { TransactionKind } from './types.js';

/** Capture seconds during which a late copy (a REQUEST that crossed the ACK, a relayed RELEASE) still joins. */
export const LATE_JOIN_SECONDS = 5;
/** A server's late copy of its reply (a second ACK) joins the answered exchange within this many seconds. */
export const LATE_REPLY_SECONDS = LATE_JOIN_SECONDS * 2;
/** A relay's copy of a client message comes within this many seconds of the client's. */
const RELAY_COPY_SECONDS = 2;

export const EXCHANGE_PHASES = ['selecting', 'requesting', 'answered', 'closed'] as const;
/**
 * selecting: a DORA with no REQUEST yet; requesting: open otherwise; answered: over with an ACK for a lease
 * (outcome ACK); closed: over otherwise (NAK, an answered INFORM or lease query).
 */
export type ExchangePhase = (typeof EXCHANGE_PHASES)[number];

export const JOIN_MESSAGES = ['DISCOVER', 'REQUEST', 'RELEASE', 'DECLINE', 'INFORM', 'BOOTP', 'LEASEQUERY', 'OTHER', 'REPLY'] as const;
/** A client message by what it asks (OTHER: any other client type); REPLY: anything a server sends. */
export type JoinMessage = (typeof JOIN_MESSAGES)[number];

export const JOIN_DELIVERIES = ['first-copy', 'relay-copy'] as const;
/** relay-copy: a relay's forward (from port 67) of a client message the exchange already holds (same type and secs, within 2 s). */
export type JoinDelivery = (typeof JOIN_DELIVERIES)[number];

/**
 * same-kind: the message would start an exchange of the same kind (a DORA with no REQUEST yet also takes an
 * INIT-REBOOT REQUEST); same-kind-late: and it comes within LATE_JOIN_SECONDS of the exchange's last message;
 * crossed-ack: same-kind-late, asking for the address the exchange was acked; late-reply: within LATE_REPLY_SECONDS.
 */
export type JoinGuard = 'same-kind' | 'same-kind-late' | 'crossed-ack' | 'late-reply';

export interface JoinRule {
  readonly then: 'join' | 'new' | JoinGuard;
  readonly why: string;
}

const rule = (then: JoinRule['then'], why: string): JoinRule => ({ then, why });

const RETRY = rule('same-kind', 'a copy sent before the answer is a retransmission of the same ask');
const AFTER_ANSWER = rule('new', 'asked again after the answer: the next exchange (dhclient reuses its xid)');
const LATE_END = rule('same-kind-late', "a relay's or the client's late copy of the same RELEASE/DECLINE");
const REPLY_OPEN = rule('join', 'the answer to the open exchange');
const REPLY_LATE = rule('late-reply', "a server's second copy of its reply (or a relay's) shortly after");

/** The first copy of a message: phase × message. */
const FIRST_COPY: Readonly<Record<ExchangePhase, Readonly<Record<JoinMessage, JoinRule>>>> = {
  selecting: {
    DISCOVER: rule('join', 'a retransmitted DISCOVER while offers are awaited'),
    REQUEST: rule('same-kind', 'the REQUEST that selects an offer (or an INIT-REBOOT the client sent instead)'),
    RELEASE: LATE_END,
    DECLINE: LATE_END,
    INFORM: RETRY,
    BOOTP: RETRY,
    LEASEQUERY: RETRY,
    OTHER: RETRY,
    REPLY: REPLY_OPEN,
  },
  requesting: {
    DISCOVER: rule('new', 'a DISCOVER after a REQUEST: the client started over'),
    REQUEST: rule('same-kind', 'a retransmitted REQUEST of the same kind (a RENEW does not continue a REBIND)'),
    RELEASE: LATE_END,
    DECLINE: LATE_END,
    INFORM: RETRY,
    BOOTP: RETRY,
    LEASEQUERY: RETRY,
    OTHER: RETRY,
    REPLY: REPLY_OPEN,
  },
  answered: {
    DISCOVER: rule('new', 'a DISCOVER after the ACK: a new exchange'),
    REQUEST: rule('crossed-ack', 'a retransmitted REQUEST that crossed the ACK in flight; later, a renewal'),
    RELEASE: LATE_END,
    DECLINE: LATE_END,
    INFORM: AFTER_ANSWER,
    BOOTP: AFTER_ANSWER,
    LEASEQUERY: AFTER_ANSWER,
    OTHER: AFTER_ANSWER,
    REPLY: REPLY_LATE,
  },
  closed: {
    DISCOVER: rule('new', 'a DISCOVER after the exchange ended: a new exchange'),
    REQUEST: rule('new', 'a REQUEST after a NAK: the client starts over'),
    RELEASE: LATE_END,
    DECLINE: LATE_END,
    INFORM: AFTER_ANSWER,
    BOOTP: AFTER_ANSWER,
    LEASEQUERY: AFTER_ANSWER,
    OTHER: AFTER_ANSWER,
    REPLY: REPLY_LATE,
  },
};

/** A relay's copy, by phase: while the exchange is open it is the same message; after, it is read as a first copy. */
const RELAY_COPY: Readonly<Record<ExchangePhase, JoinRule | 'as first copy'>> = {
  selecting: rule('join', "a relay's copy of a message the exchange holds (a capture on both sides of the relay)"),
  requesting: rule('join', "a relay's copy of a message the exchange holds (a capture on both sides of the relay)"),
  answered: 'as first copy',
  closed: 'as first copy',
};

/** The table's answer for one cell. A server's reply is never a relay copy: it reads as a first copy. */
export function joinRule(phase: ExchangePhase, message: JoinMessage, delivery: JoinDelivery): JoinRule {
  const copy = RELAY_COPY[phase];
  if (delivery === 'relay-copy' && message !== 'REPLY' && copy !== 'as first copy') return copy;
  return FIRST_COPY[phase][message];
}

// ── reading a message and an exchange into the table's terms ─────────────────────────────────────────────

const REQUEST_KIND: Readonly<Record<RequestState, TransactionKind>> = {
  SELECTING: 'DORA',
  'INIT-REBOOT': 'INIT-REBOOT',
  RENEWING: 'RENEW',
  REBINDING: 'REBIND',
};
const LEASEQUERY_REQUESTS: ReadonlySet<number> = new Set([MT.LEASEQUERY, MT.BULKLEASEQUERY, MT.ACTIVELEASEQUERY]);

/** The kind of exchange a client message starts. */
export function kindForClientMessage(type: number | undefined, state: RequestState | undefined): TransactionKind {
  if (type === undefined) return 'BOOTP';
  if (type === MT.REQUEST) return REQUEST_KIND[state ?? 'SELECTING'];
  if (type === MT.DECLINE) return 'DECLINE';
  if (type === MT.RELEASE) return 'RELEASE';
  if (type === MT.INFORM) return 'INFORM';
  if (LEASEQUERY_REQUESTS.has(type)) return 'LEASEQUERY';
  return 'DORA';
}

/** A client's (or relay's) REQUEST among its steps (read from the step store: this runs for every message). */
function hasClientRequest(tx: Exchange): boolean {
  const store = tx.store;
  for (let s = tx.stepHead; s !== NO_STEP; s = store.next[s]!) {
    const bits = store.bits[s]!;
    if (((bits >>> TYPE_AT) & 0x1ff) === MT.REQUEST + 1 && ((bits >>> DIRECTION_AT) & 3) !== SERVER_DIRECTION) return true;
  }
  return false;
}

export function phaseOf(tx: Exchange): ExchangePhase {
  if (tx.done) return tx.outcome === 'ACK' ? 'answered' : 'closed';
  return tx.kind === 'DORA' && !hasClientRequest(tx) ? 'selecting' : 'requesting';
}

export function joinMessageOf(f: DhcpFrame, state: RequestState | undefined): JoinMessage {
  if (f.dhcp.op === 2) return 'REPLY';
  const type = f.dhcp.messageType;
  if (type === MT.DISCOVER) return 'DISCOVER';
  if (type === MT.REQUEST) return 'REQUEST';
  const kind = kindForClientMessage(type, state);
  return kind === 'DORA' ? 'OTHER' : (kind as Exclude<TransactionKind, 'DORA' | 'INIT-REBOOT' | 'RENEW' | 'REBIND'>);
}

function secondsSinceLast(tx: Exchange, f: DhcpFrame): number {
  return Math.abs(tx.msSinceLast(timestampOf(f))) / 1000;
}

export function joinDeliveryOf(tx: Exchange, f: DhcpFrame): JoinDelivery {
  if (f.dhcp.op === 2 || f.udp.srcPort !== 67) return 'first-copy';
  const ts = timestampOf(f);
  const type = f.dhcp.messageType;
  const kind = (type === undefined ? 0 : type + 1) << TYPE_AT; // and direction 0: the client's
  const store = tx.store;
  for (let s = tx.stepHead; s !== NO_STEP; s = store.next[s]!) {
    if ((store.bits[s]! & ((0x1ff << TYPE_AT) | (3 << DIRECTION_AT))) !== kind || store.secs[s] !== f.dhcp.secs) continue;
    const ms = (ts.sec - store.sec[s]!) * 1000 + (ts.nanos - store.nanos[s]!) / 1e6;
    if (Math.abs(ms) / 1000 <= RELAY_COPY_SECONDS) return 'relay-copy';
  }
  return 'first-copy';
}

function sameKind(tx: Exchange, f: DhcpFrame, state: RequestState | undefined): boolean {
  const kind = kindForClientMessage(f.dhcp.messageType, state);
  return kind === tx.kind || (tx.kind === 'DORA' && state === 'INIT-REBOOT' && !hasClientRequest(tx));
}

function guardHolds(guard: JoinGuard, tx: Exchange, f: DhcpFrame, state: RequestState | undefined): boolean {
  switch (guard) {
    case 'same-kind':
      return sameKind(tx, f, state);
    case 'same-kind-late':
      return sameKind(tx, f, state) && secondsSinceLast(tx, f) <= LATE_JOIN_SECONDS;
    case 'crossed-ack':
      return sameKind(tx, f, state) && secondsSinceLast(tx, f) <= LATE_JOIN_SECONDS && ipOf(f.dhcp, OPT.requestedIp) === tx.requestedIp;
    case 'late-reply':
      return secondsSinceLast(tx, f) <= LATE_REPLY_SECONDS;
  }
}

/** The step: does message `f` (a client's REQUEST sent in `state`) continue the open exchange `tx`? */
export function joinsExchange(tx: Exchange, f: DhcpFrame, state: RequestState | undefined): boolean {
  const cell = joinRule(phaseOf(tx), joinMessageOf(f, state), joinDeliveryOf(tx, f));
  if (cell.then === 'join') return true;
  if (cell.then === 'new') return false;
  return guardHolds(cell.then, tx, f, state);
}
