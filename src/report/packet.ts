/** A decoded frame as the report's PacketRecord. */
import { messageTypeName, opName } from '../decode/dhcp/names.js';
import type { DecodedFrame, Frame } from '../decode/frame.js';
import { problemText, type DecodeProblem } from '../decode/problems.js';
import { epochOf, isoTime, xidHex } from './format.js';
import type { PacketIssue, PacketRecord } from './types.js';

function hexOf(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

const NO_PROBLEMS: readonly string[] = Object.freeze([]);

function issueOf(p: DecodeProblem): PacketIssue {
  return { code: p.code, severity: p.severity, offset: p.offset, message: problemText(p) };
}

export function packetRecord(f: DecodedFrame, opts: { hex: boolean }): PacketRecord {
  const ts = { sec: f.tsSec, nanos: f.tsNanos, digits: f.tsDigits };
  const ip = f.kind === 'arp' ? undefined : f.ip;
  const udp = f.kind === 'arp' || f.kind === 'icmp-echo' ? undefined : f.udp;
  const rec: PacketRecord = {
    capture: f.captureIndex,
    frame: f.frame,
    captureFrame: f.captureFrame,
    time: isoTime(ts),
    epoch: epochOf(ts),
    length: f.origlen,
    vlan: f.vlan,
    // Absent fields are undefined (JSON leaves them out): one shape for every record, no object copies.
    src: { mac: f.srcMac, ip: ip?.src, port: udp?.srcPort },
    dst: { mac: f.dstMac, ip: ip?.dst, port: udp?.dstPort },
    l2: f.l2,
    l3: ip?.l3,
    dhcp: f.kind === 'dhcp' ? dhcpOf(f) : undefined,
    icmp:
      f.kind === 'dhcp' && f.quotedBy
        ? { type: f.quotedBy.icmpType, code: f.quotedBy.icmpCode, from: f.quotedBy.from, to: f.quotedBy.to }
        : undefined,
    arp: f.kind === 'arp' ? arpOf(f) : undefined,
    tunnel: f.tunnel,
    problems: f.problems.length === 0 ? NO_PROBLEMS : f.problems.map(problemText),
    issues: f.problems.length === 0 ? undefined : f.problems.map(issueOf),
    hex: opts.hex ? hexOf(f.bytes) : undefined,
  };
  // An ICMP echo (a server's address check) becomes a record only when a view asks for it (the TUI's packet
  // pane), never one of the report's packets.
  return f.kind === 'icmp-echo' ? { ...rec, echo: { op: f.echo.op, id: f.echo.id, seq: f.echo.seq } } : rec;
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
