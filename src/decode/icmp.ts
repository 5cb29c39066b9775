/**
 * ICMP destination unreachable quoting a UDP datagram to or from a DHCP port: a closed server or client
 * port (FIELD-NOTES: "Server down"). Hot path until the quoted ports match: integers only.
 */
import { decodeIpv4, IPPROTO_UDP, type Ipv4Scratch } from './ipv4.js';
import { decodeUdp, isDhcpPort, type UdpScratch } from './udp.js';

export const ICMP_DEST_UNREACHABLE = 3;

export class IcmpScratch {
  type = 0;
  code = 0;
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
