/** Builds one ladder step (who sent what to whom, how, and whether RFC 2131 expects that) from a DHCP frame. */
import type { DhcpFrame } from '../decode/frame.js';
import { messageTypeName } from '../decode/dhcp/names.js';
import { expectedDelivery, type RequestState } from './delivery.js';
import { ipOf, OPT, ZERO_IP } from './fields.js';
import { timestampOf } from './time.js';
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

export function buildStep(
  f: DhcpFrame,
  ctx: {
    requestState?: RequestState | undefined;
    clientBroadcastFlag?: boolean | undefined;
    duplicate: boolean;
    retransmission: boolean;
  },
): TxStep {
  const m = f.dhcp;
  const direction = directionOf(f);
  const l3 = l3Class(f);
  const broadcastFlag = m.op === 2 ? (ctx.clientBroadcastFlag ?? m.broadcastFlag) : m.broadcastFlag;
  const verdict = expectedDelivery({
    op: m.op,
    messageType: m.messageType,
    requestState: ctx.requestState,
    relayLeg: isRelayLeg(f),
    giaddr: m.giaddr,
    ciaddr: m.ciaddr,
    yiaddr: m.yiaddr,
    chaddr: m.chaddr,
    broadcastFlag,
    dstIp: f.ip.dst,
    dstMac: f.dstMac,
    l2: f.l2,
    l3,
  });
  const server = ipOf(m, OPT.serverId) ?? (m.op === 2 ? f.ip.src : undefined);
  const quoted = f.quotedBy !== undefined;
  return {
    frame: f.frame,
    ts: timestampOf(f),
    messageType: messageName(f),
    type: m.messageType,
    direction,
    fromMac: f.srcMac ?? null,
    fromIp: f.ip.src,
    toMac: f.dstMac ?? null,
    toIp: f.ip.dst,
    l2: f.l2,
    l3,
    broadcastFlag: m.broadcastFlag,
    expectedDelivery: verdict.expected,
    // A quoted message or a second copy of one frame says nothing about how the sender delivers.
    deliveryOk: quoted || ctx.duplicate ? true : verdict.ok,
    retransmission: ctx.retransmission,
    server,
    yiaddr: m.op === 2 && m.yiaddr !== ZERO_IP ? m.yiaddr : undefined,
    relayed: m.giaddr !== ZERO_IP,
    icmpUnreachable: quoted,
    duplicate: ctx.duplicate,
    secs: m.secs,
    note: quoted
      ? `quoted in ICMP unreachable from ${f.quotedBy.from}`
      : ctx.duplicate
        ? 'same packet captured twice (another interface or direction)'
        : undefined,
  };
}
