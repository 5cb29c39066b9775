/** A decoded frame as the report's PacketRecord. */
import { messageTypeName, opName } from '../decode/dhcp/names.js';
import type { Frame } from '../decode/frame.js';
import { epochOf, isoTime, xidHex } from './format.js';
import type { PacketRecord } from './types.js';

function hexOf(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

export function packetRecord(f: Frame, opts: { hex: boolean }): PacketRecord {
  const ts = { sec: f.tsSec, nanos: f.tsNanos, digits: f.tsDigits };
  const ip = f.kind === 'arp' ? undefined : f.ip;
  const udp = f.kind === 'arp' ? undefined : f.udp;
  const rec: PacketRecord = {
    capture: f.captureIndex,
    frame: f.frame,
    captureFrame: f.captureFrame,
    time: isoTime(ts),
    epoch: epochOf(ts),
    length: f.origlen,
    vlan: f.vlan,
    src: {
      ...(f.srcMac !== undefined ? { mac: f.srcMac } : {}),
      ...(ip ? { ip: ip.src } : {}),
      ...(udp ? { port: udp.srcPort } : {}),
    },
    dst: {
      ...(f.dstMac !== undefined ? { mac: f.dstMac } : {}),
      ...(ip ? { ip: ip.dst } : {}),
      ...(udp ? { port: udp.dstPort } : {}),
    },
    l2: f.l2,
    ...(ip ? { l3: ip.l3 } : {}),
    ...(f.kind === 'dhcp' ? { dhcp: dhcpOf(f) } : {}),
    ...(f.kind === 'dhcp' && f.quotedBy
      ? { icmp: { type: f.quotedBy.icmpType, code: f.quotedBy.icmpCode, from: f.quotedBy.from, to: f.quotedBy.to } }
      : {}),
    ...(f.kind === 'arp' ? { arp: arpOf(f) } : {}),
    problems: f.problems,
    ...(opts.hex ? { hex: hexOf(f.bytes) } : {}),
  };
  return rec;
}

function dhcpOf(f: Extract<Frame, { kind: 'dhcp' }>): NonNullable<PacketRecord['dhcp']> {
  const m = f.dhcp;
  return {
    op: opName(m.op),
    htype: m.htype,
    hlen: m.hlen,
    hops: m.hops,
    xid: xidHex(m.xid),
    secs: m.secs,
    broadcastFlag: m.broadcastFlag,
    ciaddr: m.ciaddr,
    yiaddr: m.yiaddr,
    siaddr: m.siaddr,
    giaddr: m.giaddr,
    chaddr: m.chaddr,
    sname: m.sname,
    file: m.file,
    cookie: m.cookie,
    ...(m.messageType !== undefined ? { messageType: messageTypeName(m.messageType) } : {}),
    options: m.options.map((o) => ({
      code: o.code,
      name: o.name,
      length: o.length,
      value: o.value,
      ...(o.source ? { source: o.source } : {}),
    })),
  };
}

function arpOf(f: Extract<Frame, { kind: 'arp' }>): NonNullable<PacketRecord['arp']> {
  const a = f.arp;
  return {
    opcode: a.opcode,
    op: a.op,
    kind: a.kind,
    senderMac: a.senderMac,
    senderIp: a.senderIp,
    targetMac: a.targetMac,
    targetIp: a.targetIp,
    ...(a.ethernetIpv4 ? {} : { htype: a.htype, ptype: a.ptype }),
  };
}
