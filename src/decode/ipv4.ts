/**
 * IPv4 header, decoded into a reused scratch object (hot path: integers only, addresses stay in the buffer
 * as offsets until a DHCP frame needs them as strings).
 */
import type { IpInfo, L3Class } from './frame.js';
import { formatIpv4 } from './format.js';
import { rd16 } from './bytes.js';

export const IPPROTO_ICMP = 1;
export const IPPROTO_UDP = 17;

export class Ipv4Scratch {
  /** Offset of the IPv4 header. */
  start = 0;
  /** Offset of the payload (after IHL × 4 bytes of header). */
  payload = 0;
  /** End of the datagram: min(start + total length, captured end). */
  end = 0;
  protocol = 0;
  ttl = 0;
  /** Fragment offset in bytes (0 for a first or unfragmented datagram). */
  fragOffset = 0;
  moreFragments = false;
  /** Total length field is larger than what was captured. */
  truncated = false;
}

/** Reads the IPv4 header at `pos` (captured bytes end at `end`). False when it is not a usable IPv4 header. */
export function decodeIpv4(buf: Uint8Array, pos: number, end: number, s: Ipv4Scratch): boolean {
  if (pos + 20 > end) return false;
  const vihl = buf[pos]!;
  if (vihl >> 4 !== 4) return false;
  const ihl = (vihl & 0x0f) * 4;
  if (ihl < 20 || pos + ihl > end) return false;
  const total = rd16(buf, pos + 2);
  s.start = pos;
  s.payload = pos + ihl;
  // Trust the total length only as far as it was captured (and ignore one shorter than the header:
  // TSO/offloaded captures write 0 there).
  if (total >= ihl && pos + total <= end) {
    s.end = pos + total;
    s.truncated = false;
  } else {
    s.end = end;
    s.truncated = total > end - pos;
  }
  const frag = rd16(buf, pos + 6);
  s.moreFragments = (frag & 0x2000) !== 0;
  s.fragOffset = (frag & 0x1fff) * 8;
  s.ttl = buf[pos + 8]!;
  s.protocol = buf[pos + 9]!;
  return true;
}

export function classifyIpv4(buf: Uint8Array, i: number): L3Class {
  const a = buf[i]!;
  if (a === 255 && buf[i + 1] === 255 && buf[i + 2] === 255 && buf[i + 3] === 255) return 'broadcast';
  if (a >= 224 && a <= 239) return 'multicast';
  return 'unicast';
}

/** The IpInfo of a kept frame (allocates: only for DHCP frames). */
export function buildIpInfo(buf: Uint8Array, s: Ipv4Scratch): IpInfo {
  return {
    src: formatIpv4(buf, s.start + 12),
    dst: formatIpv4(buf, s.start + 16),
    ttl: s.ttl,
    l3: classifyIpv4(buf, s.start + 16),
    fragment: s.moreFragments || s.fragOffset !== 0,
  };
}
