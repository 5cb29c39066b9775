import { describe, expect, it } from 'vitest';
import { Decoder } from '../../src/decode/decoder.js';
import type { DhcpFrame } from '../../src/decode/frame.js';
import type { RequestState } from '../../src/analyze/delivery.js';
import {
  EXCHANGE_PHASES,
  JOIN_DELIVERIES,
  JOIN_MESSAGES,
  joinDeliveryOf,
  joinMessageOf,
  joinRule,
  phaseOf,
  type JoinDelivery,
  type JoinMessage,
} from '../../src/analyze/join-rules.js';
import { TransactionTracker } from '../../src/analyze/transactions.js';
import type { Exchange } from '../../src/analyze/exchange.js';
import { buildDhcpMessage, rawOpt, type OptionIn } from '../helpers/dhcp-builder.js';
import { buildDhcpEthernet, ip4, record } from '../helpers/frames.js';

const CLIENT = '02:00:00:00:09:01';
const SERVER = '10.9.0.1';
const RELAY = '10.9.1.1';
const LEASED = '10.9.0.50';
const OTHER_IP = '10.9.0.77';
const XID = 0x0900c0de;
const T0 = 1_800_000_000;

/** Message type numbers written out here, independently of the code under test. */
const TYPE = { DISCOVER: 1, OFFER: 2, REQUEST: 3, DECLINE: 4, ACK: 5, NAK: 6, RELEASE: 7, INFORM: 8, FORCERENEW: 9, LEASEQUERY: 10 };

interface Msg {
  readonly op: 1 | 2;
  readonly type?: number;
  readonly at: number;
  readonly requested?: string;
  readonly ciaddr?: string;
  readonly yiaddr?: string;
  readonly secs?: number;
  /** Sent by the relay to the server (UDP 67 → 67, giaddr set). */
  readonly viaRelay?: boolean;
  readonly state?: RequestState;
}

let frameNo = 0;
function frameOf(m: Msg): DhcpFrame {
  const options: OptionIn[] = [];
  if (m.type !== undefined) options.push(rawOpt(53, Uint8Array.of(m.type)));
  if (m.requested) options.push(rawOpt(50, ip4(m.requested)));
  if (m.op === 2) options.push(rawOpt(54, ip4(SERVER)));
  const payload = buildDhcpMessage({
    op: m.op,
    xid: XID,
    chaddr: CLIENT,
    secs: m.secs ?? 0,
    ciaddr: m.ciaddr ?? '0.0.0.0',
    yiaddr: m.yiaddr ?? '0.0.0.0',
    giaddr: m.viaRelay ? RELAY : '0.0.0.0',
    options,
  });
  const relayed = m.viaRelay === true;
  const bytes = buildDhcpEthernet({
    payload,
    srcMac: m.op === 1 && !relayed ? CLIENT : '02:00:00:00:09:fe',
    srcIp: relayed ? RELAY : m.op === 2 ? SERVER : (m.ciaddr ?? '0.0.0.0'),
    dstIp: relayed ? SERVER : '255.255.255.255',
    srcPort: relayed || m.op === 2 ? 67 : 68,
    dstPort: m.op === 2 ? 68 : 67,
  });
  const f = new Decoder().decode(record(bytes, 1, { tsSec: T0 + Math.floor(m.at), tsNanos: Math.round((m.at % 1) * 1e9), frame: ++frameNo }));
  if (f?.kind !== 'dhcp') throw new Error('built message did not decode as DHCP');
  return f;
}

const client = (type: number | undefined, at: number, extra: Partial<Msg> = {}): Msg => ({ op: 1, ...(type !== undefined ? { type } : {}), at, ...extra });
const server = (type: number, at: number, extra: Partial<Msg> = {}): Msg => ({ op: 2, type, at, ...extra });

/** Ways to bring an exchange to each phase, named for the kind of exchange they make. */
const SETUPS: readonly { readonly name: string; readonly kind: string; readonly msgs: readonly Msg[] }[] = [
  { name: 'DISCOVER sent', kind: 'DORA', msgs: [client(TYPE.DISCOVER, 0)] },
  { name: 'FORCERENEW sent by a client', kind: 'DORA', msgs: [client(TYPE.FORCERENEW, 0)] },
  { name: 'DISCOVER, OFFER', kind: 'DORA', msgs: [client(TYPE.DISCOVER, 0), server(TYPE.OFFER, 0.1, { yiaddr: LEASED })] },
  {
    name: 'DISCOVER, OFFER, REQUEST',
    kind: 'DORA',
    msgs: [client(TYPE.DISCOVER, 0), server(TYPE.OFFER, 0.1, { yiaddr: LEASED }), client(TYPE.REQUEST, 0.2, { requested: LEASED, state: 'SELECTING' })],
  },
  { name: 'INIT-REBOOT REQUEST sent', kind: 'INIT-REBOOT', msgs: [client(TYPE.REQUEST, 0, { requested: LEASED, state: 'INIT-REBOOT' })] },
  { name: 'RENEW sent', kind: 'RENEW', msgs: [client(TYPE.REQUEST, 0, { ciaddr: LEASED, state: 'RENEWING' })] },
  { name: 'RELEASE sent', kind: 'RELEASE', msgs: [client(TYPE.RELEASE, 0, { ciaddr: LEASED })] },
  { name: 'DECLINE sent', kind: 'DECLINE', msgs: [client(TYPE.DECLINE, 0, { requested: LEASED })] },
  { name: 'INFORM sent', kind: 'INFORM', msgs: [client(TYPE.INFORM, 0, { ciaddr: LEASED })] },
  { name: 'BOOTREQUEST sent', kind: 'BOOTP', msgs: [client(undefined, 0)] },
  { name: 'LEASEQUERY sent', kind: 'LEASEQUERY', msgs: [client(TYPE.LEASEQUERY, 0, { ciaddr: LEASED })] },
  {
    name: 'DORA acked',
    kind: 'DORA',
    msgs: [
      client(TYPE.DISCOVER, 0),
      server(TYPE.OFFER, 0.1, { yiaddr: LEASED }),
      client(TYPE.REQUEST, 0.2, { requested: LEASED, state: 'SELECTING' }),
      server(TYPE.ACK, 0.3, { yiaddr: LEASED }),
    ],
  },
  { name: 'RENEW acked', kind: 'RENEW', msgs: [client(TYPE.REQUEST, 0, { ciaddr: LEASED, state: 'RENEWING' }), server(TYPE.ACK, 0.1, { ciaddr: LEASED, yiaddr: LEASED })] },
  {
    name: 'DORA refused',
    kind: 'DORA',
    msgs: [client(TYPE.DISCOVER, 0), server(TYPE.OFFER, 0.1, { yiaddr: LEASED }), client(TYPE.REQUEST, 0.2, { requested: LEASED, state: 'SELECTING' }), server(TYPE.NAK, 0.3)],
  },
  { name: 'INFORM answered', kind: 'INFORM', msgs: [client(TYPE.INFORM, 0, { ciaddr: LEASED }), server(TYPE.ACK, 0.1, { ciaddr: LEASED })] },
];

/** The new message for a cell: each class in the forms real clients send it, with the kind of exchange it starts. */
function messagesOf(message: JoinMessage, at: number): { msg: Msg; kind: string }[] {
  switch (message) {
    case 'DISCOVER':
      return [{ msg: client(TYPE.DISCOVER, at), kind: 'DORA' }];
    case 'REQUEST':
      return [
        { msg: client(TYPE.REQUEST, at, { requested: LEASED, state: 'SELECTING' }), kind: 'DORA' },
        { msg: client(TYPE.REQUEST, at, { requested: OTHER_IP, state: 'SELECTING' }), kind: 'DORA' },
        { msg: client(TYPE.REQUEST, at, { requested: LEASED, state: 'INIT-REBOOT' }), kind: 'INIT-REBOOT' },
        { msg: client(TYPE.REQUEST, at, { ciaddr: LEASED, state: 'RENEWING' }), kind: 'RENEW' },
      ];
    case 'RELEASE':
      return [{ msg: client(TYPE.RELEASE, at, { ciaddr: LEASED }), kind: 'RELEASE' }];
    case 'DECLINE':
      return [{ msg: client(TYPE.DECLINE, at, { requested: LEASED }), kind: 'DECLINE' }];
    case 'INFORM':
      return [{ msg: client(TYPE.INFORM, at, { ciaddr: LEASED }), kind: 'INFORM' }];
    case 'BOOTP':
      return [{ msg: client(undefined, at), kind: 'BOOTP' }];
    case 'LEASEQUERY':
      return [{ msg: client(TYPE.LEASEQUERY, at, { ciaddr: LEASED }), kind: 'LEASEQUERY' }];
    case 'OTHER':
      return [{ msg: client(TYPE.FORCERENEW, at), kind: 'DORA' }];
    case 'REPLY':
      return [
        { msg: server(TYPE.ACK, at, { yiaddr: LEASED }), kind: '' },
        { msg: server(TYPE.OFFER, at, { yiaddr: LEASED }), kind: '' },
      ];
  }
}

/**
 * What a guard means, said once more in the test's own words from the facts the test built: the message's kind
 * is the exchange's (a DORA still selecting takes an INIT-REBOOT REQUEST), it is late by so many seconds, it
 * asks for the acked address.
 */
function guardMeaning(guard: string, facts: { sameKind: boolean; late: number; requestsAcked: boolean }): boolean {
  if (guard === 'same-kind') return facts.sameKind;
  if (guard === 'same-kind-late') return facts.sameKind && facts.late <= 5;
  if (guard === 'crossed-ack') return facts.sameKind && facts.late <= 5 && facts.requestsAcked;
  if (guard === 'late-reply') return facts.late <= 10;
  throw new Error(`guard ${guard} has no meaning in this test`);
}

interface Outcome {
  readonly cell: string;
  readonly joined: boolean;
  readonly expected: boolean;
  readonly how: string;
}

/** Feeds a setup, then the message (as the client's copy, or the relay's copy of a client message it holds). */
function play(setup: (typeof SETUPS)[number], candidate: { msg: Msg; kind: string }, delivery: JoinDelivery): Outcome | undefined {
  const tracker = new TransactionTracker({ maxOpen: 10, maxStored: 10, timeoutSeconds: 3600, retain: true }, () => undefined);
  let tx: Exchange | undefined;
  for (const m of setup.msgs) tx = tracker.add(frameOf(m), m.state).tx;
  if (tx === undefined) throw new Error('empty setup');
  let msg = candidate.msg;
  if (delivery === 'relay-copy') {
    if (msg.op !== 1) return undefined;
    // The relay forwards, within a second, a copy of the client message the exchange already holds.
    const held = setup.msgs.filter((m) => m.op === 1 && m.type === msg.type).at(-1);
    if (held === undefined) return undefined;
    msg = { ...held, at: held.at + 0.5, viaRelay: true };
  }
  const f = frameOf(msg);
  const phase = phaseOf(tx);
  const message = joinMessageOf(f, msg.state);
  const how = joinDeliveryOf(tx, f);
  if (how !== delivery) return undefined;
  const last = Math.max(...setup.msgs.map((m) => m.at));
  const rule = joinRule(phase, message, how);
  const sameKind =
    candidate.kind === setup.kind ||
    (setup.kind === 'DORA' && msg.state === 'INIT-REBOOT' && !setup.msgs.some((m) => m.op === 1 && m.type === TYPE.REQUEST));
  const facts = { sameKind: delivery === 'relay-copy' ? true : sameKind, late: msg.at - last, requestsAcked: msg.requested === LEASED };
  const expected = rule.then === 'join' ? true : rule.then === 'new' ? false : guardMeaning(rule.then, facts);
  const joined = tracker.add(f, msg.state).tx === tx;
  return { cell: `${phase} × ${message} × ${how}`, joined, expected, how: `${setup.name}, then ${JSON.stringify(msg)}` };
}

/** Cells no capture can reach: the relay copies a message the exchange holds, and holding it settles the phase. */
const UNREACHABLE: ReadonlySet<string> = new Set([
  // A held client REQUEST means the exchange is past selecting.
  'selecting × REQUEST × relay-copy',
  // A RELEASE or DECLINE exchange is over at once (no answer comes): it is never open to a relay's copy.
  'requesting × RELEASE × relay-copy',
  'requesting × DECLINE × relay-copy',
  // A selecting exchange is a DORA: it holds no other client message than DISCOVER and FORCERENEW-like ones.
  'selecting × RELEASE × relay-copy',
  'selecting × DECLINE × relay-copy',
  'selecting × INFORM × relay-copy',
  'selecting × BOOTP × relay-copy',
  'selecting × LEASEQUERY × relay-copy',
  // A server's reply is never a relay copy (the rule reads client messages only).
  ...EXCHANGE_PHASES.map((p) => `${p} × REPLY × relay-copy`),
  // An exchange a DISCOVER or another DORA-kind message is in has left 'requesting' only by a REQUEST.
  'requesting × OTHER × relay-copy',
  'answered × OTHER × relay-copy',
  'closed × OTHER × relay-copy',
  // Answered means a lease was acked: nothing but a DORA, INIT-REBOOT, RENEW or REBIND gets there.
  'answered × RELEASE × relay-copy',
  'answered × DECLINE × relay-copy',
  'answered × INFORM × relay-copy',
  'answered × BOOTP × relay-copy',
  'answered × LEASEQUERY × relay-copy',
  // Over without a lease: refused DORAs and answered INFORMs (this test holds no BOOTP or lease-query answer).
  'closed × BOOTP × relay-copy',
  'closed × LEASEQUERY × relay-copy',
]);

describe('the rules that join a message to an exchange', () => {
  it('are total: every (phase × message × delivery) cell has an answer and a reason', () => {
    for (const phase of EXCHANGE_PHASES) {
      for (const message of JOIN_MESSAGES) {
        for (const delivery of JOIN_DELIVERIES) {
          const rule = joinRule(phase, message, delivery);
          expect(['join', 'new', 'same-kind', 'same-kind-late', 'crossed-ack', 'late-reply'], `${phase} × ${message} × ${delivery}`).toContain(rule.then);
          expect(rule.why.length).toBeGreaterThan(10);
        }
      }
    }
  });

  it("do on built messages what each cell says, in every cell a capture can reach (and the rest are named)", () => {
    const reached = new Set<string>();
    const wrong: string[] = [];
    for (const setup of SETUPS) {
      for (const message of JOIN_MESSAGES) {
        for (const delivery of JOIN_DELIVERIES) {
          // Soon after the last message, a little later, and long after.
          for (const late of [0.5, 8, 30]) {
            const at = Math.max(...setup.msgs.map((m) => m.at)) + late;
            for (const candidate of messagesOf(message, at)) {
              const r = play(setup, candidate, delivery);
              if (r === undefined) continue;
              reached.add(r.cell);
              if (r.joined !== r.expected) wrong.push(`${r.cell}: ${r.joined ? 'joined' : 'started anew'} after ${r.how}`);
            }
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    const all = EXCHANGE_PHASES.flatMap((p) => JOIN_MESSAGES.flatMap((m) => JOIN_DELIVERIES.map((d) => `${p} × ${m} × ${d}`)));
    expect(all.filter((c) => !reached.has(c) && !UNREACHABLE.has(c))).toEqual([]);
    expect([...UNREACHABLE].filter((c) => reached.has(c))).toEqual([]);
  });

  it('keep what DHCP software does: retransmissions join, a new ask after the answer starts the next exchange', () => {
    const joins = (setup: string, msg: Msg): boolean => {
      const s = SETUPS.find((x) => x.name === setup)!;
      const tracker = new TransactionTracker({ maxOpen: 10, maxStored: 10, timeoutSeconds: 3600, retain: true }, () => undefined);
      let tx: Exchange | undefined;
      for (const m of s.msgs) tx = tracker.add(frameOf(m), m.state).tx;
      return tracker.add(frameOf(msg), msg.state).tx === tx;
    };
    // dhclient retransmits its DISCOVER until an offer comes, and its REQUEST until the ACK.
    expect(joins('DISCOVER sent', client(TYPE.DISCOVER, 4))).toBe(true);
    expect(joins('DISCOVER, OFFER, REQUEST', client(TYPE.REQUEST, 3, { requested: LEASED, state: 'SELECTING' }))).toBe(true);
    // A REQUEST retransmitted as the ACK was on its way belongs to the acked exchange; the renewal 30 min later does not.
    expect(joins('DORA acked', client(TYPE.REQUEST, 0.6, { requested: LEASED, state: 'SELECTING' }))).toBe(true);
    expect(joins('DORA acked', client(TYPE.REQUEST, 1800, { ciaddr: LEASED, state: 'RENEWING' }))).toBe(false);
    // After a NAK the client starts over with a DISCOVER, in a new exchange, even with the same xid.
    expect(joins('DORA refused', client(TYPE.DISCOVER, 1))).toBe(false);
    expect(joins('DORA refused', client(TYPE.REQUEST, 1, { requested: LEASED, state: 'SELECTING' }))).toBe(false);
    // A client whose REQUEST went unanswered falls back to INIT and DISCOVERs again: the next exchange.
    expect(joins('DISCOVER, OFFER, REQUEST', client(TYPE.DISCOVER, 10))).toBe(false);
    // An INFORM asked again after its answer is a new exchange; a RELEASE's second copy shortly after is not.
    expect(joins('INFORM answered', client(TYPE.INFORM, 60, { ciaddr: LEASED }))).toBe(false);
    expect(joins('RELEASE sent', client(TYPE.RELEASE, 1, { ciaddr: LEASED }))).toBe(true);
    expect(joins('RELEASE sent', client(TYPE.RELEASE, 30, { ciaddr: LEASED }))).toBe(false);
    // A relay's copy of the REQUEST, captured on the server side too, is the same message.
    expect(joins('DISCOVER, OFFER, REQUEST', client(TYPE.REQUEST, 0.7, { requested: LEASED, state: 'SELECTING', viaRelay: true }))).toBe(true);
    // A DORA still selecting does not take a RENEW: that is another exchange.
    expect(joins('DISCOVER, OFFER', client(TYPE.REQUEST, 1, { ciaddr: LEASED, state: 'RENEWING' }))).toBe(false);
    // A second ACK shortly after the first (two servers' relays, a duplicate) joins; one a minute later does not.
    expect(joins('DORA acked', server(TYPE.ACK, 3, { yiaddr: LEASED }))).toBe(true);
    expect(joins('DORA acked', server(TYPE.ACK, 60, { yiaddr: LEASED }))).toBe(false);
  });
});
