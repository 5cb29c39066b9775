/**
 * Record → Frame. The decoder owns reused scratch objects for every layer, so a record that is neither DHCP
 * nor ARP (nor an ICMP error quoting DHCP) is counted and dropped having allocated nothing: byte arithmetic
 * on `rec.buf`, integers written into the scratch objects, no subarrays, strings or closures. Only a frame
 * we keep builds objects, and it copies its bytes (`rec.buf` is reused by the reader).
 */
import type { RawRecord } from '../capture/record.js';
import type { ArpFrame, ArpPacket, DecodedFrame, DhcpFrame, DhcpMessage, Frame, IcmpEchoFrame, IpInfo, L2Class, MalformedFrame } from './frame.js';
import { decodeArpPacket } from './arp.js';
import { BOOTP_HEADER_LENGTH, decodeDhcpMessage } from './dhcp/message.js';
import { formatIpv4, formatMac } from './format.js';
import { NO_PROBLEMS, problem, type DecodeProblem } from './problems.js';
import { decodeIcmpQuote, IcmpScratch, ICMP_ECHO_REQUEST, readIcmpEcho } from './icmp.js';
import { buildIpInfo, classifyIpv4, decodeIpv4, IPPROTO_ICMP, IPPROTO_UDP, Ipv4Scratch } from './ipv4.js';
import { decodeLink, ETHERTYPE_ARP, ETHERTYPE_IPV4, LinkScratch } from './link.js';
import { IPPROTO_GRE, isTunnelPort, TunnelScratch } from './tunnel.js';
import { decodeUdp, isDhcpPort, UdpScratch } from './udp.js';

export interface DecodeStats {
  packets: number;
  dhcp: number;
  arp: number;
  malformed: number;
  other: number;
}

type UdpPorts = DhcpFrame['udp'];

/**
 * Every field of every kind of kept frame (those a kind lacks are undefined). Each frame is built as one object
 * of this shape, and handed on as its kind's type.
 */
interface KeptFrame extends Omit<ArpFrame, 'kind' | 'arp'> {
  readonly kind: DecodedFrame['kind'];
  readonly ip: IpInfo | undefined;
  readonly udp: UdpPorts | undefined;
  readonly dhcp: DhcpMessage | undefined;
  readonly quotedBy: DhcpFrame['quotedBy'];
  readonly arp: ArpPacket | undefined;
  readonly layer: string | undefined;
  readonly echo: IcmpEchoFrame['echo'] | undefined;
}

/** The smallest quoted DHCP message worth a DhcpFrame: op, htype, hlen, hops and the xid. */
const MIN_QUOTED_DHCP = 8;

const NO_BYTES = new Uint8Array(0);
const LINKTYPE_ETHERNET = 1;

/** VLAN tags the shortcut steps over; deeper stacks go the full way (which also notes the overflow). */
const SHORTCUT_MAX_TAGS = 2;

/**
 * The common case, settled in a few byte reads before any layer is decoded: an Ethernet frame (untagged, or
 * behind one or two 802.1Q/802.1ad tags, as trunk-port captures are) that is IPv6, or IPv4 carrying neither
 * UDP, ICMP nor GRE, or UDP on ports that are neither DHCP's nor an overlay's. Anything else (LLC, ARP, options-laden or odd headers)
 * goes the full way.
 */
function plainEthernetOther(b: Uint8Array, off: number, caplen: number): boolean {
  if (caplen < 34) return false;
  const end = off + caplen;
  let l3 = off + 14;
  let type = (b[off + 12]! << 8) | b[off + 13]!;
  for (let tags = 0; type === 0x8100 || type === 0x88a8 || type === 0x9100; tags++) {
    if (tags === SHORTCUT_MAX_TAGS || l3 + 24 > end) return false;
    type = (b[l3 + 2]! << 8) | b[l3 + 3]!;
    l3 += 4;
  }
  if (type === 0x86dd) return true;
  if (type !== 0x0800) return false;
  const vihl = b[l3]!;
  if (vihl >> 4 !== 4) return false;
  const proto = b[l3 + 9]!;
  // ICMP (unreachables quoting DHCP, echoes of address checks) and GRE (overlays) go the full way.
  if (proto !== 17) return proto !== 1 && proto !== 47;
  const udp = l3 + (vihl & 0x0f) * 4;
  if (udp + 4 > end) return false;
  const src = (b[udp]! << 8) | b[udp + 1]!;
  const dst = (b[udp + 2]! << 8) | b[udp + 3]!;
  // DHCP's ports on either side, and the overlays' (VXLAN 4789 and 8472, Geneve 6081) as destination.
  return src !== 67 && src !== 68 && src !== 4011 && dst !== 67 && dst !== 68 && dst !== 4011 && dst !== 4789 && dst !== 8472 && dst !== 6081;
}
const NO_VLANS: readonly number[] = Object.freeze([]);

/**
 * A DHCP frame's ports: nearly always two of 67 and 68 (4011 for PXE), so the pairs of those are made once and
 * shared; other ports (a relay or test tool on its own port) get a pair of their own.
 */
function portPair(srcPort: number, dstPort: number): UdpPorts {
  const a = dhcpPortIndex(srcPort);
  const b = dhcpPortIndex(dstPort);
  if (a < 0 || b < 0) return { srcPort, dstPort };
  return (PORT_PAIRS[a * 3 + b] ??= Object.freeze({ srcPort, dstPort }));
}
function dhcpPortIndex(port: number): number {
  return port === 67 ? 0 : port === 68 ? 1 : port === 4011 ? 2 : -1;
}
const PORT_PAIRS: (UdpPorts | undefined)[] = new Array<undefined>(9).fill(undefined);

/** The first n values as an array (Array.from on a typed array goes the slow, iterating way). */
function listOf(values: Uint16Array, n: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < n; k++) out.push(values[k]!);
  return out;
}

/**
 * A frame's tag lists (VLAN ids, TPIDs). A trunk carries a handful of VLANs and every frame of one is tagged
 * alike, so a single tag's list is one frozen array per value, made once: nothing allocated per frame, and an
 * exchange that keeps its first frame's list shares it. Deeper stacks (802.1ad) get lists of their own.
 */
function vlanList(ids: Uint16Array, n: number): readonly number[] {
  if (n !== 1) return listOf(ids, n);
  const id = ids[0]!; // 12 bits
  return (VLAN_LISTS[id] ??= Object.freeze([id]));
}
const VLAN_LISTS: (readonly number[] | undefined)[] = new Array<undefined>(4096).fill(undefined);

function tpidList(tpids: Uint16Array, n: number): readonly number[] {
  if (n !== 1) return listOf(tpids, n);
  const tpid = tpids[0]!;
  let list = TPID_LISTS.get(tpid);
  if (list === undefined) TPID_LISTS.set(tpid, (list = Object.freeze([tpid])));
  return list;
}
/** 0x8100, 0x88a8, 0x9100, and whatever a tunnel's inner frame is tagged with: at most 65 536 lists. */
const TPID_LISTS = new Map<number, readonly number[]>();

/**
 * The reader's pre-test (ReadCallbacks.skip): true for a record `decode` would count and drop at its first
 * step. Lets the reader pass over the common case without filling in and handing on the record.
 */
export function plainlyOther(linkType: number, b: Uint8Array, offset: number, caplen: number): boolean {
  return linkType === LINKTYPE_ETHERNET && plainEthernetOther(b, offset, caplen);
}

export class Decoder {
  readonly stats: DecodeStats = { packets: 0, dhcp: 0, arp: 0, malformed: 0, other: 0 };
  /** Settable between captures: a run keeps bytes only for the frames whose records it keeps. */
  keepBytes: boolean;

  /** keepBytes: copy every kept frame's bytes (for a hex view); a run that prints no hex saves the copies. */
  constructor(opts: { keepBytes?: boolean } = {}) {
    this.keepBytes = opts.keepBytes ?? true;
  }

  private readonly link = new LinkScratch();
  private readonly ip = new Ipv4Scratch();
  private readonly udp = new UdpScratch();
  private readonly icmp = new IcmpScratch();
  private readonly quotedIp = new Ipv4Scratch();
  private readonly quotedUdp = new UdpScratch();
  private readonly tunnel = new TunnelScratch();

  /** Counts records the reader passed over because `plainlyOther` said so. */
  countSkipped(n: number): void {
    this.stats.packets += n;
    this.stats.other += n;
  }

  /** undefined = neither DHCP nor ARP (counted in stats.other, nothing allocated). */
  decode(rec: RawRecord): Frame | undefined {
    return this.decodeRecord(rec, false) as Frame | undefined;
  }

  /** As `decode`, and ICMP echo requests and replies too (the analyser links them to server address checks). */
  decodeWithEcho(rec: RawRecord): DecodedFrame | undefined {
    return this.decodeRecord(rec, true);
  }

  private decodeRecord(rec: RawRecord, echo: boolean): DecodedFrame | undefined {
    this.stats.packets++;
    const buf = rec.buf;
    if (rec.linkType === LINKTYPE_ETHERNET && plainEthernetOther(buf, rec.offset, rec.caplen)) return this.other();
    const link = this.link;
    this.tunnel.reset();
    if (!decodeLink(buf, rec.offset, rec.caplen, rec.linkType, link)) return this.other();
    // Each turn decodes one network layer; a tunnel (VXLAN, Geneve, GRE, ERSPAN) starts the next turn inside it.
    for (;;) {
      if (link.ethertype === ETHERTYPE_ARP) return this.arpFrame(rec);
      if (link.ethertype !== ETHERTYPE_IPV4) return this.other();
      const ip = this.ip;
      if (!decodeIpv4(buf, link.l3, link.end, ip)) return this.other();
      // A later fragment has no UDP/ICMP header of its own.
      if (ip.fragOffset !== 0) return this.other();
      if (ip.protocol === IPPROTO_UDP) {
        const udp = this.udp;
        if (!decodeUdp(buf, ip.payload, ip.end, udp)) return this.other();
        if (isDhcpPort(udp.srcPort) || isDhcpPort(udp.dstPort)) return this.dhcpFrame(rec);
        if (isTunnelPort(udp.dstPort) && this.tunnel.udp(buf, udp.dstPort, udp.payload, udp.end, ip.start) && this.enterTunnel(buf)) continue;
        return this.other();
      }
      if (ip.protocol === IPPROTO_GRE) {
        if (this.tunnel.gre(buf, ip.payload, ip.end, ip.start) && this.enterTunnel(buf)) continue;
        return this.other();
      }
      if (ip.protocol === IPPROTO_ICMP) {
        if (decodeIcmpQuote(buf, ip.payload, ip.end, this.icmp, this.quotedIp, this.quotedUdp)) return this.quotedDhcpFrame(rec);
        if (echo && readIcmpEcho(buf, ip.payload, ip.end, this.icmp)) return this.echoFrame(rec);
      }
      return this.other();
    }
  }

  /** Points the link layer at what the tunnel just found: an Ethernet frame, or (GRE) an IPv4 datagram. */
  private enterTunnel(buf: Uint8Array): boolean {
    const t = this.tunnel;
    const link = this.link;
    if (link.vlanCount > 0) t.keepOuterVlans(link.vlanIds, link.vlanCount);
    if (t.innerType === ETHERTYPE_IPV4) {
      // An IPv4 datagram inside GRE has no link layer of its own: the tags were the outer frame's.
      link.vlanCount = 0;
      link.ethertype = ETHERTYPE_IPV4;
      link.l3 = t.inner;
      link.end = t.innerEnd;
      return true;
    }
    return decodeLink(buf, t.inner, t.innerEnd - t.inner, LINKTYPE_ETHERNET, link);
  }

  /** One list collects a kept frame's problems (decoding never re-enters itself); copied out only when there are some. */
  private readonly problems: DecodeProblem[] = [];

  private scratchProblems(): DecodeProblem[] {
    const found = this.problems;
    if (found.length !== 0) found.length = 0; // setting the length is a call into the runtime
    return found;
  }

  private problemsOf(found: DecodeProblem[]): readonly DecodeProblem[] {
    return found.length === 0 ? NO_PROBLEMS : found.slice();
  }

  private other(): undefined {
    this.stats.other++;
    return undefined;
  }

  private arpFrame(rec: RawRecord): ArpFrame | MalformedFrame {
    const link = this.link;
    const found = this.scratchProblems();
    const arp = decodeArpPacket(rec.buf, link.l3, link.end - link.l3, link.l3 - rec.offset, found);
    if (arp === undefined) return this.malformed(rec, 'arp', found.slice());
    this.stats.arp++;
    return this.frame(rec, 'arp', this.problemsOf(found), false, this.keepBytes, undefined, undefined, undefined, undefined, arp) as ArpFrame;
  }

  private dhcpFrame(rec: RawRecord): DhcpFrame | MalformedFrame {
    const buf = rec.buf;
    const ip = this.ip;
    const udp = this.udp;
    const ipInfo = buildIpInfo(buf, ip);
    const udpInfo = portPair(udp.srcPort, udp.dstPort);
    const len = udp.end - udp.payload;
    const at = udp.payload - rec.offset;
    if (len < BOOTP_HEADER_LENGTH) {
      const short = problem('UDP_PAYLOAD_TOO_SHORT', at, len, ipInfo.fragment ? 1 : 0);
      return this.malformed(rec, 'dhcp', [short], ipInfo, udpInfo);
    }
    const found = this.scratchProblems();
    // At the IPv4 flags and fragment offset field; before the message's own.
    if (ipInfo.fragment) found.push(problem('IPV4_FRAGMENT', ip.start - rec.offset + 6));
    const message = decodeDhcpMessage(buf, udp.payload, len, at, found);
    this.stats.dhcp++;
    return this.frame(rec, 'dhcp', this.problemsOf(found), true, this.keepBytes, ipInfo, udpInfo, message) as DhcpFrame;
  }

  private quotedDhcpFrame(rec: RawRecord): DhcpFrame | MalformedFrame {
    const buf = rec.buf;
    const qip = this.quotedIp;
    const qudp = this.quotedUdp;
    const ipInfo = buildIpInfo(buf, qip);
    const udpInfo = { srcPort: qudp.srcPort, dstPort: qudp.dstPort };
    const len = qudp.end - qudp.payload;
    const icmp = this.icmp;
    if (len < MIN_QUOTED_DHCP) {
      const short = problem('ICMP_QUOTE_TOO_SHORT', qudp.payload - rec.offset, icmp.code, len);
      return this.malformed(rec, 'dhcp', [short], ipInfo, udpInfo);
    }
    const found = this.scratchProblems();
    const message = decodeDhcpMessage(buf, qudp.payload, len, qudp.payload - rec.offset, found);
    const problems = this.problemsOf(found);
    this.stats.dhcp++;
    const quotedBy = {
      icmpType: icmp.type,
      icmpCode: icmp.code,
      from: formatIpv4(buf, this.ip.start + 12),
      to: formatIpv4(buf, this.ip.start + 16),
    };
    return this.frame(rec, 'dhcp', problems, true, this.keepBytes, ipInfo, udpInfo, message, quotedBy) as DhcpFrame;
  }

  private echoFrame(rec: RawRecord): IcmpEchoFrame {
    // Neither DHCP nor ARP: counted as other, as it would be without the analyser's interest in it.
    this.stats.other++;
    const icmp = this.icmp;
    const echo = { op: icmp.type === ICMP_ECHO_REQUEST ? ('request' as const) : ('reply' as const), id: icmp.id, seq: icmp.seq };
    // No byte copy: an echo is evidence for the analyser, never shown as a packet.
    const ip = buildIpInfo(rec.buf, this.ip);
    return this.frame(rec, 'icmp-echo', NO_PROBLEMS, true, false, ip, undefined, undefined, undefined, undefined, undefined, echo) as IcmpEchoFrame;
  }

  private malformed(
    rec: RawRecord,
    layer: string,
    problems: readonly DecodeProblem[],
    ip?: IpInfo,
    udp?: UdpPorts,
  ): MalformedFrame {
    this.stats.malformed++;
    const hasIp = ip !== undefined;
    return this.frame(rec, 'malformed', problems, hasIp, this.keepBytes, ip, udp, undefined, undefined, undefined, layer) as MalformedFrame;
  }

  /**
   * A kept frame, as one object literal with every field of every kind: all frames share one shape, which keeps
   * the stages that read them fast, and nothing is copied or added afterwards (adding the kind's fields to an
   * object of the shared ones, by spread or Object.assign, was the costliest step of decoding a DHCP frame).
   * `hasIp`: this.ip holds the frame's (outer) IPv4 header.
   */
  private frame(
    rec: RawRecord,
    kind: DecodedFrame['kind'],
    problems: readonly DecodeProblem[],
    hasIp: boolean,
    keepBytes: boolean,
    ip?: IpInfo,
    udp?: UdpPorts,
    dhcp?: DhcpMessage,
    quotedBy?: DhcpFrame['quotedBy'],
    arp?: ArpPacket,
    layer?: string,
    echo?: IcmpEchoFrame['echo'],
  ): KeptFrame {
    const link = this.link;
    const buf = rec.buf;
    const n = link.vlanCount;
    // At the network header, where the tag stack the list leaves out ends; and where the capture stopped.
    if (link.vlanOverflow) problems = [...problems, problem('VLAN_STACK_TOO_DEEP', link.l3 - rec.offset)];
    if (rec.caplen < rec.origlen) problems = [...problems, problem('FRAME_TRUNCATED', rec.caplen, rec.caplen, rec.origlen)];
    return {
      frame: rec.frame,
      captureFrame: rec.captureFrame,
      captureIndex: rec.captureIndex,
      interfaceId: rec.interfaceId,
      tsSec: rec.tsSec,
      tsNanos: rec.tsNanos,
      tsDigits: rec.tsDigits,
      caplen: rec.caplen,
      origlen: rec.origlen,
      linkType: rec.linkType,
      vlan: n === 0 ? NO_VLANS : vlanList(link.vlanIds, n),
      vlanTpids: n === 0 ? undefined : tpidList(link.vlanTpids, n),
      srcMac: link.srcMac >= 0 ? formatMac(buf, link.srcMac) : undefined,
      dstMac: link.dstMac >= 0 ? formatMac(buf, link.dstMac) : undefined,
      l2: this.l2Class(buf, hasIp),
      sllPacketType: link.sllType >= 0 ? link.sllType : undefined,
      bytes: keepBytes ? buf.slice(rec.offset, rec.offset + rec.caplen) : NO_BYTES,
      tunnel: this.tunnel.count === 0 ? undefined : this.tunnel.layers(buf),
      problems,
      kind,
      ip,
      udp,
      dhcp,
      quotedBy,
      arp,
      layer,
      echo,
    };
  }

  /**
   * From the destination MAC when there is one; for Linux cooked captures from the SLL packet type, and for
   * outgoing packets (type 4: no destination recorded) from the IP destination when it is a broadcast or
   * multicast address. Otherwise (raw IP, loopback) unknown.
   */
  private l2Class(buf: Uint8Array, hasIp: boolean): L2Class {
    const link = this.link;
    const d = link.dstMac;
    if (d >= 0) {
      if ((buf[d]! & buf[d + 1]! & buf[d + 2]! & buf[d + 3]! & buf[d + 4]! & buf[d + 5]!) === 0xff) return 'broadcast';
      return (buf[d]! & 1) !== 0 ? 'multicast' : 'unicast';
    }
    switch (link.sllType) {
      case 0:
      case 3:
        return 'unicast';
      case 1:
        return 'broadcast';
      case 2:
        return 'multicast';
      case 4: {
        if (!hasIp) return 'unknown';
        const l3 = classifyIpv4(buf, this.ip.start + 16);
        return l3 === 'unicast' ? 'unknown' : l3;
      }
      default:
        return 'unknown';
    }
  }
}
