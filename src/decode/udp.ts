/** UDP header and the DHCP port test (hot path: integers only). */
import { rd16 } from './bytes.js';

export class UdpScratch {
  srcPort = 0;
  dstPort = 0;
  /** Offset of the UDP payload and its end (min of the UDP length and what the IP layer holds). */
  payload = 0;
  end = 0;
}

/** DHCP/BOOTP server and client ports, and PXE's 4011 (RFC 4578 proxy DHCP). */
export function isDhcpPort(port: number): boolean {
  return port === 67 || port === 68 || port === 4011;
}

/** Reads the UDP header at `pos` (datagram ends at `end`). False when fewer than 8 bytes are there. */
export function decodeUdp(buf: Uint8Array, pos: number, end: number, s: UdpScratch): boolean {
  if (pos + 8 > end) return false;
  s.srcPort = rd16(buf, pos);
  s.dstPort = rd16(buf, pos + 2);
  s.payload = pos + 8;
  const len = rd16(buf, pos + 4);
  // A sane UDP length bounds the payload (drops Ethernet padding); an impossible one is ignored.
  s.end = len >= 8 && pos + len <= end ? pos + len : end;
  return true;
}
