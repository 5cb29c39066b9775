/**
 * Overlay encapsulations built from their published layouts, independently of src/decode/tunnel.ts:
 * - VXLAN, RFC 7348 §5: flags (I = 0x08) | 24 reserved bits | 24-bit VNI | 8 reserved bits, in UDP to 4789.
 * - Geneve, RFC 8926 §3.4: Ver(2)=0 | Opt Len(6, in 4-byte words) | O | C | Rsvd(6) | Protocol Type(16) |
 *   VNI(24) | Reserved(8), then options (class 16, type 8, R(3) | length(5, words), data), in UDP to 6081.
 * - GRE, RFC 2784 §2.1 / RFC 2890 §2: C(1) R(1)=0 K(1) S(1) Reserved0(9) Ver(3)=0 | Protocol Type(16) |
 *   [Checksum(16) Reserved1(16)] [Key(32)] [Sequence Number(32)], in IP protocol 47.
 * - ERSPAN, draft-foschiano-erspan-03: type I is GRE 0x88be with no sequence number and no ERSPAN header;
 *   type II (§4.1) GRE 0x88be with S set, then Ver(4)=1 | VLAN(12) | COS(3) En(2) T(1) Session ID(10) |
 *   Reserved(12) Index(20); type III (§4.2) GRE 0x22eb, then Ver(4)=2 | VLAN(12) | COS(3) BSO(2) T(1)
 *   Session ID(10) | Timestamp(32) | SGT(16) | P(1) FT(5) Hw ID(6) D(1) Gra(2) O(1), and with O an 8-byte
 *   platform-specific sub-header.
 */
import { buildEthernet, buildIpv4, buildUdp, concat, u16, u32 } from './frames.js';

type Bytes = Uint8Array | readonly number[];

/** The outer path: an Ethernet frame between two hosts carrying IPv4 from `src` to `dst`. */
interface Outer {
  readonly src: string;
  readonly dst: string;
  readonly srcMac?: string;
  readonly dstMac?: string;
  readonly vlans?: readonly { readonly id: number; readonly tpid?: number }[];
}

function outerIp(o: Outer, protocol: number, payload: Bytes): Uint8Array {
  return buildEthernet({
    src: o.srcMac ?? '02:aa:00:00:00:01',
    dst: o.dstMac ?? '02:aa:00:00:00:02',
    type: 0x0800,
    ...(o.vlans ? { vlans: o.vlans } : {}),
    payload: buildIpv4({ src: o.src, dst: o.dst, protocol, payload }),
  });
}

const vni24 = (vni: number): number[] => [(vni >>> 16) & 0xff, (vni >>> 8) & 0xff, vni & 0xff];

export function buildVxlan(o: Outer & { vni: number; port?: number; inner: Bytes }): Uint8Array {
  const header = [0x08, 0, 0, 0, ...vni24(o.vni), 0];
  return outerIp(o, 17, buildUdp({ srcPort: 49152, dstPort: o.port ?? 4789, payload: concat(header, o.inner) }));
}

export interface GeneveOption {
  readonly optClass: number;
  readonly type: number;
  /** A multiple of 4 bytes. */
  readonly data: Bytes;
}

export function buildGeneve(o: Outer & { vni: number; options?: readonly GeneveOption[]; inner: Bytes }): Uint8Array {
  const opts = concat(...(o.options ?? []).map((x) => concat(u16(x.optClass), [x.type, (x.data.length / 4) & 0x1f], x.data)));
  const header = [(opts.length / 4) & 0x3f, 0, ...u16(0x6558), ...vni24(o.vni), 0];
  return outerIp(o, 17, buildUdp({ srcPort: 49153, dstPort: 6081, payload: concat(header, opts, o.inner) }));
}

export function buildGre(o: Outer & { protocol: number; checksum?: boolean; key?: number; seq?: number; inner: Bytes }): Uint8Array {
  const flags = (o.checksum ? 0x80 : 0) | (o.key !== undefined ? 0x20 : 0) | (o.seq !== undefined ? 0x10 : 0);
  const header = concat(
    [flags, 0],
    u16(o.protocol),
    o.checksum ? [0, 0, 0, 0] : [],
    o.key !== undefined ? u32(o.key) : [],
    o.seq !== undefined ? u32(o.seq) : [],
  );
  return outerIp(o, 47, concat(header, o.inner));
}

export function buildErspan(o: Outer & { type: 1 | 2 | 3; session?: number; vlan?: number; seq?: number; platform?: boolean; inner: Bytes }): Uint8Array {
  const session = (o.session ?? 0) & 0x3ff;
  const vlan = (o.vlan ?? 0) & 0xfff;
  if (o.type === 1) return buildGre({ ...o, protocol: 0x88be, inner: o.inner });
  if (o.type === 2) {
    const header = concat(u16((1 << 12) | vlan), u16(session), u32(7)); // COS 0, En 0, T 0; index 7
    return buildGre({ ...o, protocol: 0x88be, seq: o.seq ?? 1, inner: concat(header, o.inner) });
  }
  const header = concat(u16((2 << 12) | vlan), u16(session), u32(0x01020304), u16(0), [0, o.platform ? 0x01 : 0x00]);
  const sub = o.platform ? [0x08, 0, 0, 0, 0, 0, 0, 1] : [];
  return buildGre({ ...o, protocol: 0x22eb, seq: o.seq ?? 1, inner: concat(header, sub, o.inner) });
}
