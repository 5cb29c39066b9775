/**
 * Overlays that carry whole Ethernet frames between hosts: VXLAN (RFC 7348; UDP 4789, and 8472 for Linux's old
 * default), Geneve (RFC 8926; UDP 6081, with options), GRE (RFC 2784/2890, key and sequence number) with
 * transparent Ethernet bridging (0x6558) or plain IPv4 inside, and ERSPAN (draft-foschiano-erspan: type I, GRE
 * 0x88be without sequence number and no header of its own; type II, 0x88be with an 8-byte header; type III,
 * 0x22eb with a 12-byte header and an optional 8-byte platform sub-header). Hot path: byte arithmetic into a
 * reused scratch object, nothing allocated until a frame inside is kept.
 */
import { rd16 } from './bytes.js';
import { formatIpv4 } from './format.js';
import { MAX_VLAN_TAGS } from './link.js';

export type TunnelType = 'vxlan' | 'geneve' | 'gre' | 'erspan';

export interface TunnelLayer {
  readonly type: TunnelType;
  /** Outer IPv4 source and destination: the tunnel endpoints. */
  readonly src: string;
  readonly dst: string;
  /** VXLAN / Geneve network identifier. */
  readonly vni?: number;
  /** GRE key (RFC 2890). */
  readonly key?: number;
  /** ERSPAN session id. */
  readonly session?: number;
  /** 802.1Q/802.1ad VLAN ids of the outer frame that carried this layer, outermost first (absent when untagged). */
  readonly vlan?: readonly number[];
}

export const VXLAN_PORT = 4789;
export const VXLAN_LINUX_PORT = 8472;
export const GENEVE_PORT = 6081;
export const IPPROTO_GRE = 47;

const ETHERTYPE_TEB = 0x6558;
const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_ERSPAN_2 = 0x88be;
const ETHERTYPE_ERSPAN_3 = 0x22eb;
/** Tunnels inside tunnels followed at most this deep (a crafted packet could nest without end). */
export const MAX_TUNNEL_DEPTH = 4;
const TYPES: readonly TunnelType[] = ['vxlan', 'geneve', 'gre', 'erspan'];
const NONE = -1;

export function isTunnelPort(dstPort: number): boolean {
  return dstPort === VXLAN_PORT || dstPort === VXLAN_LINUX_PORT || dstPort === GENEVE_PORT;
}

/** The tunnels a frame came through, outermost first, as offsets and numbers until a kept frame asks for them. */
export class TunnelScratch {
  count = 0;
  readonly type = new Uint8Array(MAX_TUNNEL_DEPTH);
  /** Offsets of the outer IPv4 header of each layer (addresses at +12 and +16). */
  readonly ipStart = new Int32Array(MAX_TUNNEL_DEPTH);
  readonly vni = new Float64Array(MAX_TUNNEL_DEPTH);
  readonly key = new Float64Array(MAX_TUNNEL_DEPTH);
  readonly session = new Int32Array(MAX_TUNNEL_DEPTH);
  /** The outer frame's VLAN ids of each layer (MAX_VLAN_TAGS per layer) and how many there are. */
  readonly vlanIds = new Uint16Array(MAX_TUNNEL_DEPTH * MAX_VLAN_TAGS);
  readonly vlanCount = new Uint8Array(MAX_TUNNEL_DEPTH);
  /** Where the decapsulated payload starts and ends, and what it is (0x6558 Ethernet or 0x0800 IPv4). */
  inner = 0;
  innerEnd = 0;
  innerType = 0;

  reset(): void {
    this.count = 0;
  }

  private push(kind: TunnelType, ipStart: number): number {
    const i = this.count++;
    this.type[i] = TYPES.indexOf(kind);
    this.ipStart[i] = ipStart;
    this.vni[i] = NONE;
    this.key[i] = NONE;
    this.session[i] = NONE;
    this.vlanCount[i] = 0;
    return i;
  }

  /** Keeps the VLAN tags of the frame that carried the latest layer, before the link layer moves inside it. */
  keepOuterVlans(ids: Uint16Array, n: number): void {
    const i = this.count - 1;
    if (i < 0) return;
    this.vlanIds.set(ids.subarray(0, n), i * MAX_VLAN_TAGS);
    this.vlanCount[i] = n;
  }

  /** VXLAN or Geneve in a UDP payload [pos, end); true when an Ethernet frame follows (`inner`). */
  udp(buf: Uint8Array, dstPort: number, pos: number, end: number, ipStart: number): boolean {
    if (this.count >= MAX_TUNNEL_DEPTH || pos + 8 > end) return false;
    if (dstPort === GENEVE_PORT) {
      const b0 = buf[pos]!;
      if (b0 >> 6 !== 0 || rd16(buf, pos + 2) !== ETHERTYPE_TEB) return false;
      const len = 8 + (b0 & 0x3f) * 4;
      if (pos + len + 14 > end) return false;
      const i = this.push('geneve', ipStart);
      this.vni[i] = (buf[pos + 4]! << 16) | (buf[pos + 5]! << 8) | buf[pos + 6]!;
      return this.found(pos + len, end, ETHERTYPE_TEB);
    }
    // VXLAN: the I flag says the VNI is valid; the header is 8 bytes.
    if ((buf[pos]! & 0x08) === 0 || pos + 8 + 14 > end) return false;
    const i = this.push('vxlan', ipStart);
    this.vni[i] = (buf[pos + 4]! << 16) | (buf[pos + 5]! << 8) | buf[pos + 6]!;
    return this.found(pos + 8, end, ETHERTYPE_TEB);
  }

  /** GRE at [pos, end): true when an Ethernet frame (TEB, ERSPAN) or an IPv4 datagram follows (`inner`). */
  gre(buf: Uint8Array, pos: number, end: number, ipStart: number): boolean {
    if (this.count >= MAX_TUNNEL_DEPTH || pos + 4 > end) return false;
    const f0 = buf[pos]!;
    const f1 = buf[pos + 1]!;
    // Version 0 only (1 is PPTP's enhanced GRE); no source routing (RFC 1701's R bit).
    if ((f1 & 0x07) !== 0 || (f0 & 0x40) !== 0) return false;
    const proto = rd16(buf, pos + 2);
    let p = pos + 4;
    if (f0 & 0x80) p += 4; // checksum and reserved
    let key = NONE;
    if (f0 & 0x20) {
      if (p + 4 > end) return false;
      key = ((buf[p]! << 24) >>> 0) + ((buf[p + 1]! << 16) | (buf[p + 2]! << 8) | buf[p + 3]!);
      p += 4;
    }
    const hasSeq = (f0 & 0x10) !== 0;
    if (hasSeq) p += 4;
    if (p > end) return false;
    if (proto === ETHERTYPE_TEB || proto === ETHERTYPE_IPV4) {
      const i = this.push('gre', ipStart);
      this.key[i] = key;
      return this.found(p, end, proto);
    }
    if (proto === ETHERTYPE_ERSPAN_2) {
      const i = this.push('erspan', ipStart);
      this.key[i] = key;
      // Type I has no sequence number and no ERSPAN header: the mirrored frame follows GRE at once.
      if (!hasSeq) return this.found(p, end, ETHERTYPE_TEB);
      if (p + 8 > end || buf[p]! >> 4 !== 1) return false;
      this.session[i] = rd16(buf, p + 2) & 0x03ff;
      return this.found(p + 8, end, ETHERTYPE_TEB);
    }
    if (proto === ETHERTYPE_ERSPAN_3) {
      if (p + 12 > end || buf[p]! >> 4 !== 2) return false;
      const i = this.push('erspan', ipStart);
      this.key[i] = key;
      this.session[i] = rd16(buf, p + 2) & 0x03ff;
      const platform = (buf[p + 11]! & 0x01) !== 0 ? 8 : 0; // O bit: an 8-byte platform-specific sub-header
      return this.found(p + 12 + platform, end, ETHERTYPE_TEB);
    }
    return false;
  }

  private found(inner: number, end: number, type: number): boolean {
    if (inner >= end) {
      this.count--;
      return false;
    }
    this.inner = inner;
    this.innerEnd = end;
    this.innerType = type;
    return true;
  }

  /** The layers as report data (allocates: only for kept frames). */
  layers(buf: Uint8Array): TunnelLayer[] {
    const out: TunnelLayer[] = [];
    for (let i = 0; i < this.count; i++) {
      const at = this.ipStart[i]!;
      out.push({
        type: TYPES[this.type[i]!]!,
        src: formatIpv4(buf, at + 12),
        dst: formatIpv4(buf, at + 16),
        ...(this.vni[i]! >= 0 ? { vni: this.vni[i]! } : {}),
        ...(this.key[i]! >= 0 ? { key: this.key[i]! } : {}),
        ...(this.session[i]! >= 0 ? { session: this.session[i]! } : {}),
        ...(this.vlanCount[i]! > 0 ? { vlan: Array.from(this.vlanIds.subarray(i * MAX_VLAN_TAGS, i * MAX_VLAN_TAGS + this.vlanCount[i]!)) } : {}),
      });
    }
    return out;
  }
}

/** "VXLAN 10.0.0.1 → 10.0.0.2 VNI 42" (" over VLAN 100" when the underlay was tagged) — how a path is named in timelines. */
export function describeTunnel(t: TunnelLayer): string {
  const id = t.vni !== undefined ? ` VNI ${t.vni}` : t.session !== undefined ? ` session ${t.session}` : t.key !== undefined ? ` key ${t.key}` : '';
  const over = t.vlan ? ` over VLAN ${t.vlan.join('.')}` : '';
  return `${t.type === 'erspan' ? 'ERSPAN' : t.type === 'geneve' ? 'Geneve' : t.type.toUpperCase()} ${t.src} → ${t.dst}${id}${over}`;
}
