/**
 * Link layers, decoded into a reused scratch object: this runs for every record, so it only does byte
 * arithmetic on the buffer and writes small integers (offsets, types) into `LinkScratch`. No allocation.
 */
import { rd16, rd16le } from './bytes.js';

export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_ARP = 0x0806;
export const MAX_VLAN_TAGS = 8;

/** LINKTYPE_* numbers we read (https://www.tcpdump.org/linktypes.html). */
export const LINKTYPE = {
  NULL: 0,
  ETHERNET: 1,
  RAW_BSD_A: 12,
  RAW_BSD_B: 14,
  RAW: 101,
  IEEE802_11: 105,
  LOOP: 108,
  LINUX_SLL: 113,
  IEEE802_11_RADIOTAP: 127,
  IPV4: 228,
  LINUX_SLL2: 276,
} as const;

/** What the link layer said; refilled for every record. Offsets are absolute indexes into the buffer. */
export class LinkScratch {
  /** Offset of the network-layer header. */
  l3 = 0;
  /** End (exclusive) of the captured bytes. */
  end = 0;
  /** Ethertype of the network layer (0x0800, 0x0806, ...); 0 when unknown. */
  ethertype = 0;
  /** Offset of the 6-byte source / destination MAC, or -1 when the link has none. */
  srcMac = -1;
  dstMac = -1;
  /** Linux SLL packet type, or -1. */
  sllType = -1;
  vlanCount = 0;
  /** More tags than MAX_VLAN_TAGS were stacked (the extra ones are skipped, not kept). */
  vlanOverflow = false;
  readonly vlanIds = new Uint16Array(MAX_VLAN_TAGS);
  readonly vlanTpids = new Uint16Array(MAX_VLAN_TAGS);
  /** Offset of the start of the frame (rec.offset), to turn absolute offsets into frame offsets. */
  base = 0;

  reset(base: number, end: number): void {
    this.base = base;
    this.end = end;
    this.l3 = base;
    this.ethertype = 0;
    this.srcMac = -1;
    this.dstMac = -1;
    this.sllType = -1;
    this.vlanCount = 0;
    this.vlanOverflow = false;
  }
}

/** In Linux cooked headers, protocol 4 (ETH_P_802_2) means an 802.2 LLC header follows. */
const LINUX_ETH_P_802_2 = 4;

function isVlanTpid(t: number): boolean {
  return t === 0x8100 || t === 0x88a8 || t === 0x9100;
}

/**
 * Follows an ethertype `type` whose payload starts at `pos`: VLAN tags and, where `allowLength` (an
 * Ethernet/802.3 context), a value ≤ 1500 that is a length followed by LLC/SNAP.
 */
function followType(buf: Uint8Array, type: number, pos: number, s: LinkScratch, allowLength: boolean): boolean {
  const end = s.end;
  while (isVlanTpid(type)) {
    if (pos + 4 > end) return false;
    if (s.vlanCount < MAX_VLAN_TAGS) {
      s.vlanIds[s.vlanCount] = rd16(buf, pos) & 0x0fff;
      s.vlanTpids[s.vlanCount] = type;
      s.vlanCount++;
    } else {
      s.vlanOverflow = true;
    }
    type = rd16(buf, pos + 2);
    pos += 4;
  }
  if (type <= 1500 && allowLength) return followLlc(buf, pos, s);
  s.ethertype = type;
  s.l3 = pos;
  return true;
}

/** LLC/SNAP (AA AA 03, any OUI, then an ethertype): the only LLC we can follow to IPv4/ARP. */
function followLlc(buf: Uint8Array, pos: number, s: LinkScratch): boolean {
  if (pos + 8 > s.end) return false;
  if (buf[pos] !== 0xaa || buf[pos + 1] !== 0xaa || buf[pos + 2] !== 0x03) return false;
  return followType(buf, rd16(buf, pos + 6), pos + 8, s, false);
}

function followSllProtocol(buf: Uint8Array, proto: number, pos: number, s: LinkScratch): boolean {
  return proto === LINUX_ETH_P_802_2 ? followLlc(buf, pos, s) : followType(buf, proto, pos, s, false);
}

/** 802.11 data frame (MAC header, optional QoS/HT control) followed by LLC/SNAP. */
function readIeee80211(buf: Uint8Array, pos: number, s: LinkScratch): boolean {
  const end = s.end;
  if (pos + 24 > end) return false;
  const fc0 = buf[pos]!;
  const fc1 = buf[pos + 1]!;
  if (((fc0 >> 2) & 3) !== 2) return false; // not a data frame
  const subtype = fc0 >> 4;
  if ((subtype & 0x4) !== 0) return false; // null-function: no body
  if ((fc1 & 0x40) !== 0) return false; // protected: encrypted body
  const toDs = fc1 & 1;
  const fromDs = (fc1 >> 1) & 1;
  let hdr = 24;
  if (toDs === 1 && fromDs === 1) hdr += 6;
  if ((subtype & 0x8) !== 0) {
    hdr += 2; // QoS control
    if ((fc1 & 0x80) !== 0) hdr += 4; // +HTC
  }
  // Addresses: addr1 at +4, addr2 at +10, addr3 at +16, addr4 at +24.
  s.dstMac = toDs === 0 ? pos + 4 : pos + 16;
  s.srcMac = fromDs === 0 ? pos + 10 : toDs === 0 ? pos + 16 : pos + 24;
  return followLlc(buf, pos + hdr, s);
}

/**
 * Decodes the link layer of the record in buf[off, off + caplen). Returns false when the frame cannot
 * carry IPv4 or ARP as far as we can tell (unknown link type, too short, not a data frame).
 */
export function decodeLink(buf: Uint8Array, off: number, caplen: number, linkType: number, s: LinkScratch): boolean {
  const end = off + caplen;
  s.reset(off, end);
  switch (linkType) {
    case LINKTYPE.ETHERNET:
      if (caplen < 14) return false;
      s.dstMac = off;
      s.srcMac = off + 6;
      return followType(buf, rd16(buf, off + 12), off + 14, s, true);
    case LINKTYPE.LINUX_SLL: {
      if (caplen < 16) return false;
      s.sllType = rd16(buf, off);
      if (rd16(buf, off + 4) === 6) s.srcMac = off + 6;
      return followSllProtocol(buf, rd16(buf, off + 14), off + 16, s);
    }
    case LINKTYPE.LINUX_SLL2: {
      if (caplen < 20) return false;
      s.sllType = buf[off + 10]!;
      if (buf[off + 11] === 6) s.srcMac = off + 12;
      return followSllProtocol(buf, rd16(buf, off), off + 20, s);
    }
    case LINKTYPE.RAW:
    case LINKTYPE.IPV4:
    case LINKTYPE.RAW_BSD_A:
    case LINKTYPE.RAW_BSD_B:
      if (caplen < 1 || buf[off]! >> 4 !== 4) return false;
      s.ethertype = ETHERTYPE_IPV4;
      s.l3 = off;
      return true;
    case LINKTYPE.NULL: {
      // AF_INET is 2 everywhere, written in the capturing host's byte order.
      if (caplen < 4) return false;
      const le = buf[off] === 2 && buf[off + 1] === 0 && buf[off + 2] === 0 && buf[off + 3] === 0;
      const be = buf[off] === 0 && buf[off + 1] === 0 && buf[off + 2] === 0 && buf[off + 3] === 2;
      if (!le && !be) return false;
      s.ethertype = ETHERTYPE_IPV4;
      s.l3 = off + 4;
      return true;
    }
    case LINKTYPE.LOOP:
      if (caplen < 4 || rd16(buf, off) !== 0 || rd16(buf, off + 2) !== 2) return false;
      s.ethertype = ETHERTYPE_IPV4;
      s.l3 = off + 4;
      return true;
    case LINKTYPE.IEEE802_11_RADIOTAP: {
      if (caplen < 8) return false;
      const rtLen = rd16le(buf, off + 2);
      if (rtLen < 8 || rtLen > caplen) return false;
      if (radiotapHasFcs(buf, off, rtLen) && s.end - 4 >= off + rtLen) s.end -= 4;
      return readIeee80211(buf, off + rtLen, s);
    }
    case LINKTYPE.IEEE802_11:
      return readIeee80211(buf, off, s);
    default:
      return false;
  }
}

/** Radiotap Flags field (present bit 1) with "frame includes FCS" (0x10): the last 4 bytes are the FCS. */
function radiotapHasFcs(buf: Uint8Array, off: number, rtLen: number): boolean {
  const present0 = buf[off + 4]!;
  if ((present0 & 0x02) === 0) return false;
  let pos = off + 4;
  while (pos + 4 <= off + rtLen && (buf[pos + 3]! & 0x80) !== 0) pos += 4; // extended present words
  pos += 4;
  if ((present0 & 0x01) !== 0) pos = off + ((pos - off + 7) & ~7) + 8; // TSFT: 8 bytes, 8-aligned
  return pos < off + rtLen && (buf[pos]! & 0x10) !== 0;
}
