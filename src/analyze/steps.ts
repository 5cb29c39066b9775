/** Builds one ladder step (who sent what to whom, how, and whether RFC 2131 expects that) from a DHCP frame. */
import type { DhcpFrame, L2Class, L3Class } from '../decode/frame.js';
import { messageTypeName } from '../decode/dhcp/names.js';
import { judge, keptRule, ruleAddress, ruleOf, ruleText, type DeliveryFacts, type RequestState } from './delivery.js';
import { ipOf, OPT, ZERO_IP } from './fields.js';
import { timestampOf, type Timestamp } from './time.js';
import type { Direction, TxStep } from './types.js';

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
 * `clientBroadcastFlag`: the flag of the client's latest message in the exchange, which a reply is judged by.
 * `requestState`: a REQUEST's state (RFC 2131 §4.3.2).
 */
export function buildStep(f: DhcpFrame, copy: Copy, requestState?: RequestState, clientBroadcastFlag?: boolean): TxStep {
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
  const server = ipOf(m, OPT.serverId) ?? (m.op === 2 ? f.ip.src : undefined);
  const quoted = f.quotedBy !== undefined;
  // A quoted message or a second copy of one frame says nothing about how the sender delivers.
  const deliveryOk = quoted || duplicate ? true : keptRule(judgement);
  const bits =
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
  const step = new Step(
    f.frame,
    timestampOf(f),
    f.srcMac ?? null,
    f.ip.src,
    f.dstMac ?? null,
    f.ip.dst,
    ruleAddress(rule, facts),
    server,
    m.op === 2 && m.yiaddr !== ZERO_IP ? m.yiaddr : undefined,
    m.secs,
    bits,
  );
  if (quoted) quotedFrom.set(step, f.quotedBy.from);
  return step;
}

/** A step's six yes/no facts as bits (also how the TUI's step records keep them). */
export const BROADCAST_FLAG = 1;
export const DELIVERY_OK = 2;
export const RETRANSMISSION = 4;
export const RELAYED = 8;
export const ICMP_UNREACHABLE = 16;
export const DUPLICATE = 32;

/**
 * Where the rest of a step's number holds its direction, link and network classes, message type (type + 1; 0:
 * none) and delivery rule (delivery.ts RULE).
 */
const DIRECTION_AT = 6;
const L2_AT = 8;
const L3_AT = 10;
const TYPE_AT = 12;
const RULE_AT = 21;
const DIRECTIONS: readonly Direction[] = ['client', 'server', 'relay'];
const L2_CLASSES: readonly L2Class[] = ['broadcast', 'multicast', 'unicast', 'unknown'];
const L3_CLASSES: readonly L3Class[] = ['broadcast', 'multicast', 'unicast'];

const DUPLICATE_NOTE = 'same packet captured twice (another interface or direction)';
/** Who sent the ICMP error a quoted step came in (few steps are: kept beside them rather than in each). */
const quotedFrom = new WeakMap<TxStep, string>();

/**
 * A step keeps its yes/no facts, its direction, its link and network classes, its message type and its delivery
 * rule as bits of one number, read through getters, and makes its message name, rule text and note when read: every open exchange holds its
 * steps until it closes (long enough for the collector to move them to the old generation), and a busy capture
 * has hundreds of thousands, so each field saved is megabytes there.
 */
class Step implements TxStep {
  constructor(
    readonly frame: number,
    readonly ts: Timestamp,
    readonly fromMac: string | null,
    readonly fromIp: string,
    readonly toMac: string | null,
    readonly toIp: string,
    /** The address the delivery rule names, if it names one (delivery.ts ruleAddress). */
    private readonly ruleIp: string | undefined,
    readonly server: string | undefined,
    readonly yiaddr: string | undefined,
    readonly secs: number,
    private readonly bits: number,
  ) {}

  get expectedDelivery(): string {
    return ruleText(this.bits >>> RULE_AT, this.ruleIp);
  }

  get type(): number | undefined {
    const t = (this.bits >>> TYPE_AT) & 0x1ff;
    return t === 0 ? undefined : t - 1;
  }

  get messageType(): string {
    const t = this.type;
    if (t === undefined) return this.direction === 'server' ? 'BOOTREPLY' : 'BOOTREQUEST';
    return messageTypeName(t);
  }

  get direction(): Direction {
    return DIRECTIONS[(this.bits >>> DIRECTION_AT) & 3]!;
  }

  get l2(): L2Class {
    return L2_CLASSES[(this.bits >>> L2_AT) & 3]!;
  }

  get l3(): L3Class {
    return L3_CLASSES[(this.bits >>> L3_AT) & 3]!;
  }

  get note(): string | undefined {
    if (this.icmpUnreachable) return `quoted in ICMP unreachable from ${quotedFrom.get(this)}`;
    return this.duplicate ? DUPLICATE_NOTE : undefined;
  }

  get broadcastFlag(): boolean {
    return (this.bits & BROADCAST_FLAG) !== 0;
  }

  get deliveryOk(): boolean {
    return (this.bits & DELIVERY_OK) !== 0;
  }

  get retransmission(): boolean {
    return (this.bits & RETRANSMISSION) !== 0;
  }

  get relayed(): boolean {
    return (this.bits & RELAYED) !== 0;
  }

  get icmpUnreachable(): boolean {
    return (this.bits & ICMP_UNREACHABLE) !== 0;
  }

  get duplicate(): boolean {
    return (this.bits & DUPLICATE) !== 0;
  }
}
