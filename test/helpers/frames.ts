/**
 * Small builders for link/network/transport layers, to spell test frames in code. Checksums are computed
 * where a receiver would check them (IPv4 header, ICMP), so tshark accepts the frames too.
 */
import type { RawRecord } from '../../src/capture/record.js';

export type Bytes = Uint8Array | readonly number[];

export function concat(...parts: Bytes[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function mac(s: string): Uint8Array {
  const parts = s.split(':');
  if (parts.length !== 6) throw new Error(`bad MAC ${s}`);
  return Uint8Array.from(parts.map((h) => parseInt(h, 16)));
}

export function ip4(s: string): Uint8Array {
  const parts = s.split('.').map(Number);
  if (parts.length !== 4 || parts.some((n) => !(n >= 0 && n <= 255))) throw new Error(`bad IPv4 ${s}`);
  return Uint8Array.from(parts);
}

export function u16(v: number): number[] {
  return [(v >>> 8) & 0xff, v & 0xff];
}

export function u32(v: number): number[] {
  return [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
}

export function hexBytes(h: string): Uint8Array {
  const clean = h.replace(/[\s:]/g, '');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function checksum(b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < b.length; i += 2) sum += (b[i]! << 8) | (b[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

export const ETH_BROADCAST = 'ff:ff:ff:ff:ff:ff';

export interface VlanTag {
  readonly tpid?: number; // default 0x8100
  readonly id: number;
  readonly pcp?: number;
}

/** Ethernet II, with VLAN tags outermost first. */
export function buildEthernet(o: { dst?: string; src?: string; type: number; vlans?: readonly VlanTag[]; payload: Bytes }): Uint8Array {
  const tags: number[] = [];
  const vlans = o.vlans ?? [];
  // Each tag is TPID + TCI; the TPID of the first sits where the ethertype would be.
  const types = [...vlans.map((v) => v.tpid ?? 0x8100), o.type];
  for (let i = 0; i < vlans.length; i++) {
    const v = vlans[i]!;
    tags.push(...u16(((v.pcp ?? 0) << 13) | (v.id & 0xfff)), ...u16(types[i + 1]!));
  }
  return concat(mac(o.dst ?? ETH_BROADCAST), mac(o.src ?? '02:00:00:00:00:01'), u16(types[0]!), tags, o.payload);
}

/** 802.3 (length field) + LLC/SNAP carrying an ethertype. */
export function build8023Snap(o: { dst?: string; src?: string; type: number; payload: Bytes; oui?: number }): Uint8Array {
  const oui = o.oui ?? 0;
  const llc = concat([0xaa, 0xaa, 0x03, (oui >>> 16) & 0xff, (oui >>> 8) & 0xff, oui & 0xff], u16(o.type), o.payload);
  return concat(mac(o.dst ?? ETH_BROADCAST), mac(o.src ?? '02:00:00:00:00:01'), u16(llc.length), llc);
}

/** Linux cooked capture v1 (LINKTYPE_LINUX_SLL, 113). */
export function buildSll(o: { packetType: number; src?: string; addrLen?: number; proto: number; payload: Bytes; arphrd?: number }): Uint8Array {
  const addr = new Uint8Array(8);
  if (o.src !== undefined) addr.set(mac(o.src));
  return concat(u16(o.packetType), u16(o.arphrd ?? 1), u16(o.addrLen ?? (o.src !== undefined ? 6 : 0)), addr, u16(o.proto), o.payload);
}

/** Linux cooked capture v2 (LINKTYPE_LINUX_SLL2, 276). */
export function buildSll2(o: { packetType: number; src?: string; proto: number; payload: Bytes; ifindex?: number }): Uint8Array {
  const addr = new Uint8Array(8);
  if (o.src !== undefined) addr.set(mac(o.src));
  return concat(u16(o.proto), [0, 0], u32(o.ifindex ?? 2), u16(1), [o.packetType, o.src !== undefined ? 6 : 0], addr, o.payload);
}

/** BSD loopback (LINKTYPE_NULL): 4-byte address family in the capturing host's byte order. */
export function buildNull(payload: Bytes, family = 2, littleEndian = true): Uint8Array {
  const fam = littleEndian ? [family & 0xff, (family >>> 8) & 0xff, 0, 0] : u32(family);
  return concat(fam, payload);
}

/** Radiotap (minimal: flags only, optionally with FCS) + 802.11 data frame + LLC/SNAP. */
export function buildRadiotap80211(o: {
  toDs?: boolean;
  fromDs?: boolean;
  qos?: boolean;
  addr1: string;
  addr2: string;
  addr3: string;
  addr4?: string;
  type: number;
  payload: Bytes;
  fcs?: boolean;
  radiotap?: boolean;
}): Uint8Array {
  const fc1 = (o.toDs === true ? 1 : 0) | (o.fromDs === true ? 2 : 0);
  const subtype = o.qos === true ? 8 : 0;
  const hdr = concat(
    [(subtype << 4) | (2 << 2), fc1],
    [0, 0], // duration
    mac(o.addr1),
    mac(o.addr2),
    mac(o.addr3),
    [0x10, 0x00], // sequence control
    o.toDs === true && o.fromDs === true ? mac(o.addr4 ?? '00:00:00:00:00:00') : [],
    o.qos === true ? [0, 0] : [],
  );
  const body = concat(hdr, [0xaa, 0xaa, 0x03, 0, 0, 0], u16(o.type), o.payload, o.fcs === true ? [0xde, 0xad, 0xbe, 0xef] : []);
  if (o.radiotap === false) return body;
  // version 0, pad, length 9 (LE), present = Flags (bit 1), flags byte.
  return concat([0, 0, 9, 0, 0x02, 0, 0, 0, o.fcs === true ? 0x10 : 0x00], body);
}

export interface Ipv4Spec {
  readonly src: string;
  readonly dst: string;
  readonly protocol: number;
  readonly payload: Bytes;
  readonly ttl?: number;
  readonly id?: number;
  /** IP options (padded to a multiple of 4). */
  readonly options?: Bytes;
  readonly dontFragment?: boolean;
  readonly moreFragments?: boolean;
  /** In bytes (a multiple of 8). */
  readonly fragOffset?: number;
  /** Override the total length field. */
  readonly totalLength?: number;
}

export function buildIpv4(o: Ipv4Spec): Uint8Array {
  const opts = Array.from(o.options ?? []);
  while (opts.length % 4 !== 0) opts.push(0);
  const ihl = 20 + opts.length;
  const flags = (o.dontFragment === true ? 0x4000 : 0) | (o.moreFragments === true ? 0x2000 : 0) | ((o.fragOffset ?? 0) / 8);
  const hdr = concat(
    [0x40 | (ihl / 4), 0],
    u16(o.totalLength ?? ihl + o.payload.length),
    u16(o.id ?? 1),
    u16(flags),
    [o.ttl ?? 64, o.protocol],
    [0, 0],
    ip4(o.src),
    ip4(o.dst),
    opts,
  );
  const sum = checksum(hdr);
  hdr[10] = sum >>> 8;
  hdr[11] = sum & 0xff;
  return concat(hdr, o.payload);
}

/** UDP header (checksum 0: "not computed", valid for IPv4). */
export function buildUdp(o: { srcPort: number; dstPort: number; payload: Bytes; length?: number }): Uint8Array {
  return concat(u16(o.srcPort), u16(o.dstPort), u16(o.length ?? 8 + o.payload.length), [0, 0], o.payload);
}

/** ICMP destination unreachable (type 3) quoting `quoted` (an IPv4 datagram, possibly cut short). */
export function buildIcmpUnreachable(o: { code?: number; quoted: Bytes; type?: number }): Uint8Array {
  const msg = concat([o.type ?? 3, o.code ?? 3, 0, 0, 0, 0, 0, 0], o.quoted);
  const sum = checksum(msg);
  msg[2] = sum >>> 8;
  msg[3] = sum & 0xff;
  return msg;
}

/** ICMP echo request (type 8) or reply (type 0), RFC 792: type, code 0, checksum, identifier, sequence, data. */
export function buildIcmpEcho(o: { reply?: boolean; id: number; seq: number; data?: Bytes }): Uint8Array {
  const msg = concat([o.reply ? 0 : 8, 0, 0, 0], u16(o.id), u16(o.seq), o.data ?? new Uint8Array(20));
  const sum = checksum(msg);
  msg[2] = sum >>> 8;
  msg[3] = sum & 0xff;
  return msg;
}

export interface ArpSpec {
  readonly htype?: number;
  readonly ptype?: number;
  readonly hlen?: number;
  readonly plen?: number;
  readonly opcode: number;
  readonly senderMac: string | Bytes;
  readonly senderIp: string | Bytes;
  readonly targetMac: string | Bytes;
  readonly targetIp: string | Bytes;
}

export function buildArp(o: ArpSpec): Uint8Array {
  const hw = (v: string | Bytes): Bytes => (typeof v === 'string' ? mac(v) : v);
  const pa = (v: string | Bytes): Bytes => (typeof v === 'string' ? ip4(v) : v);
  const sha = hw(o.senderMac);
  const spa = pa(o.senderIp);
  return concat(
    u16(o.htype ?? 1),
    u16(o.ptype ?? 0x0800),
    [o.hlen ?? sha.length, o.plen ?? spa.length, ...u16(o.opcode)],
    sha,
    spa,
    hw(o.targetMac),
    pa(o.targetIp),
  );
}

/** Ethernet + IPv4 + UDP around a DHCP payload: the common case. */
export function buildDhcpEthernet(o: {
  payload: Bytes;
  srcMac?: string;
  dstMac?: string;
  srcIp?: string;
  dstIp?: string;
  srcPort?: number;
  dstPort?: number;
  vlans?: readonly VlanTag[];
}): Uint8Array {
  const udp = buildUdp({ srcPort: o.srcPort ?? 68, dstPort: o.dstPort ?? 67, payload: o.payload });
  const ip = buildIpv4({ src: o.srcIp ?? '0.0.0.0', dst: o.dstIp ?? '255.255.255.255', protocol: 17, payload: udp });
  return buildEthernet({
    ...(o.dstMac !== undefined ? { dst: o.dstMac } : {}),
    ...(o.srcMac !== undefined ? { src: o.srcMac } : {}),
    type: 0x0800,
    ...(o.vlans !== undefined ? { vlans: o.vlans } : {}),
    payload: ip,
  });
}

/**
 * A RawRecord for `bytes`, placed at `offset` inside a larger buffer filled with 0xee (so a decoder that
 * reads outside its record sees garbage, not helpful zeros).
 */
export function record(
  bytes: Uint8Array,
  linkType = 1,
  extra: Partial<Omit<RawRecord, 'buf' | 'offset' | 'caplen'>> & { offset?: number; trailing?: number } = {},
): RawRecord {
  const offset = extra.offset ?? 7;
  const buf = new Uint8Array(offset + bytes.length + (extra.trailing ?? 5)).fill(0xee);
  buf.set(bytes, offset);
  return {
    buf,
    offset,
    caplen: bytes.length,
    origlen: extra.origlen ?? bytes.length,
    linkType,
    interfaceId: extra.interfaceId ?? 0,
    tsSec: extra.tsSec ?? 1_700_000_000,
    tsNanos: extra.tsNanos ?? 123_456_000,
    tsDigits: extra.tsDigits ?? 6,
    frame: extra.frame ?? 1,
    captureFrame: extra.captureFrame ?? extra.frame ?? 1,
    captureIndex: extra.captureIndex ?? 0,
    fileOffset: extra.fileOffset ?? 0,
    dataOffset: extra.dataOffset ?? 0,
  };
}
