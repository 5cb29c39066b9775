/** Builds one ladder step (who sent what to whom, how, and whether RFC 2131 expects that) from a DHCP frame. */
import type { DhcpFrame } from '../decode/frame.js';
import { messageTypeName } from '../decode/dhcp/names.js';
import { judge, keptRule, ruleAddress, ruleOf, type DeliveryFacts, type RequestState } from './delivery.js';
import { ipOf, OPT, ZERO_IP } from './fields.js';
import {
  BROADCAST_FLAG,
  DELIVERY_OK,
  DIRECTION_AT,
  DIRECTIONS,
  DUPLICATE,
  ICMP_UNREACHABLE,
  L2_AT,
  L2_CLASSES,
  L3_AT,
  L3_CLASSES,
  RELAYED,
  RETRANSMISSION,
  RULE_AT,
  StepStore,
  StepView,
  TYPE_AT,
} from './step-store.js';
import type { Direction, TxStep } from './types.js';

export { BROADCAST_FLAG, DELIVERY_OK, DIRECTION_AT, DUPLICATE, ICMP_UNREACHABLE, RELAYED, RETRANSMISSION, SERVER_DIRECTION, TYPE_AT } from './step-store.js';

export function directionOf(f: DhcpFrame): Direction {
  if (f.dhcp.op === 1) return f.udp.srcPort === 67 && f.dhcp.giaddr !== ZERO_IP ? 'relay' : 'client';
  return 'server';
}

/** UDP 67 → 67: the leg between a relay and the server. */
export function isRelayLeg(f: DhcpFrame): boolean {
  return f.udp.srcPort === 67 && f.udp.dstPort === 67;
}

export function messageName(f: DhcpFrame): string {
  const t = f.dhcp.messageType;
  if (t === undefined) return f.dhcp.op === 1 ? 'BOOTREQUEST' : 'BOOTREPLY';
  return messageTypeName(t);
}

/** A directed broadcast (x.x.x.255 and the like) sent to the all-ones MAC counts as broadcast. */
function l3Class(f: DhcpFrame): 'broadcast' | 'multicast' | 'unicast' {
  if (f.ip.l3 === 'unicast' && f.l2 === 'broadcast' && f.ip.dst.endsWith('.255')) return 'broadcast';
  return f.ip.l3;
}

/** Whether a message repeats one already in its exchange (transactions.ts): none, the same packet twice, or the sender trying again. */
export type Copy = 'duplicate' | 'retransmission' | undefined;

/** The facts the delivery rules read, filled in for each message: one object reused rather than one per message. */
const facts: { -readonly [K in keyof DeliveryFacts]: DeliveryFacts[K] } = {
  op: 0, messageType: undefined, requestState: undefined, relayLeg: false, giaddr: ZERO_IP, ciaddr: ZERO_IP, yiaddr: ZERO_IP,
  chaddr: '', broadcastFlag: false, dstIp: ZERO_IP, dstMac: undefined, l2: 'unknown', l3: 'unicast',
};

/**
 * Writes one message's step into `slot` of the store. `clientBroadcastFlag`: the flag of the client's latest
 * message in the exchange, which a reply is judged by. `requestState`: a REQUEST's state (RFC 2131 §4.3.2).
 */
export function writeStep(store: StepStore, slot: number, f: DhcpFrame, copy: Copy, requestState?: RequestState, clientBroadcastFlag?: boolean): void {
  const m = f.dhcp;
  const direction = directionOf(f);
  const l3 = l3Class(f);
  const duplicate = copy === 'duplicate';
  facts.op = m.op;
  facts.messageType = m.messageType;
  facts.requestState = requestState;
  facts.relayLeg = isRelayLeg(f);
  facts.giaddr = m.giaddr;
  facts.ciaddr = m.ciaddr;
  facts.yiaddr = m.yiaddr;
  facts.chaddr = m.chaddr;
  facts.broadcastFlag = m.op === 2 ? (clientBroadcastFlag ?? m.broadcastFlag) : m.broadcastFlag;
  facts.dstIp = f.ip.dst;
  facts.dstMac = f.dstMac;
  facts.l2 = f.l2;
  facts.l3 = l3;
  const judgement = judge(facts);
  const rule = ruleOf(judgement);
  const quoted = f.quotedBy !== undefined;
  // A quoted message or a second copy of one frame says nothing about how the sender delivers.
  const deliveryOk = quoted || duplicate ? true : keptRule(judgement);
  store.bits[slot] =
    (m.broadcastFlag ? BROADCAST_FLAG : 0) |
    (deliveryOk ? DELIVERY_OK : 0) |
    (copy === 'retransmission' ? RETRANSMISSION : 0) |
    (m.giaddr !== ZERO_IP ? RELAYED : 0) |
    (quoted ? ICMP_UNREACHABLE : 0) |
    (duplicate ? DUPLICATE : 0) |
    (DIRECTIONS.indexOf(direction) << DIRECTION_AT) |
    (L2_CLASSES.indexOf(f.l2) << L2_AT) |
    (L3_CLASSES.indexOf(l3) << L3_AT) |
    ((m.messageType === undefined ? 0 : m.messageType + 1) << TYPE_AT) |
    (rule << RULE_AT);
  store.frame[slot] = f.frame;
  store.sec[slot] = f.tsSec;
  store.nanos[slot] = f.tsNanos;
  store.digits[slot] = f.tsDigits;
  store.secs[slot] = m.secs;
  store.fromMac[slot] = f.srcMac ?? null;
  store.fromIp[slot] = f.ip.src;
  store.toMac[slot] = f.dstMac ?? null;
  store.toIp[slot] = f.ip.dst;
  store.ruleIp[slot] = ruleAddress(rule, facts);
  store.server[slot] = ipOf(m, OPT.serverId) ?? (m.op === 2 ? f.ip.src : undefined);
  store.yiaddr[slot] = m.op === 2 && m.yiaddr !== ZERO_IP ? m.yiaddr : undefined;
  store.quotedFrom[slot] = quoted ? f.quotedBy.from : undefined;
}

/** One message's step on its own (a store of its own): for reading what a frame's step says. */
export function buildStep(f: DhcpFrame, copy: Copy, requestState?: RequestState, clientBroadcastFlag?: boolean): TxStep {
  const store = new StepStore();
  const slot = store.alloc();
  writeStep(store, slot, f, copy, requestState, clientBroadcastFlag);
  return new StepView(store, slot);
}
