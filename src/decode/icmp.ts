/**
 * ICMP destination unreachable quoting a UDP datagram to or from a DHCP port: a closed server or client
 * port (FIELD-NOTES: "Server down"). Hot path until the quoted ports match: integers only.
 */
import { decodeIpv4, IPPROTO_UDP, type Ipv4Scratch } from './ipv4.js';
import { decodeUdp, isDhcpPort, type UdpScratch } from './udp.js';

export const ICMP_DEST_UNREACHABLE = 3;
export const ICMP_ECHO_REPLY = 0;
export const ICMP_ECHO_REQUEST = 8;

export class IcmpScratch {
  type = 0;
  code = 0;
  /** Echo identifier and sequence number (valid when type is an echo request or reply). */
  id = 0;
  seq = 0;
}

/**
 * After decodeIcmpQuote said no: true when the ICMP message at `pos` is an echo request or reply (a server's
 * ping check of an address it is about to offer, and its answer), its id and sequence then in `s`.
 */
export function readIcmpEcho(buf: Uint8Array, pos: number, end: number, s: IcmpScratch): boolean {
  if (pos + 8 > end || (s.type !== ICMP_ECHO_REQUEST && s.type !== ICMP_ECHO_REPLY) || s.code !== 0) return false;
  s.id = (buf[pos + 4]! << 8) | buf[pos + 5]!;
  s.seq = (buf[pos + 6]! << 8) | buf[pos + 7]!;
  return true;
}

/**
 * Reads an ICMP message at `pos`; true when it is a destination unreachable quoting an IPv4/UDP datagram
 * with a DHCP port on either side, the quoted headers then being in `ip` and `udp`.
 */
export function decodeIcmpQuote(
  buf: Uint8Array,
  pos: number,
  end: number,
  s: IcmpScratch,
  ip: Ipv4Scratch,
  udp: UdpScratch,
): boolean {
  if (pos + 8 > end) return false;
  s.type = buf[pos]!;
  s.code = buf[pos + 1]!;
  if (s.type !== ICMP_DEST_UNREACHABLE) return false;
  if (!decodeIpv4(buf, pos + 8, end, ip)) return false;
  if (ip.protocol !== IPPROTO_UDP || ip.fragOffset !== 0) return false;
  if (!decodeUdp(buf, ip.payload, ip.end, udp)) return false;
  return isDhcpPort(udp.srcPort) || isDhcpPort(udp.dstPort);
}
