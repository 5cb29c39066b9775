/**
 * ARP (RFC 826), classified the RFC 5227 way: a probe has sender IP 0.0.0.0; an announcement (gratuitous
 * ARP) has sender IP = target IP, whether sent as request or reply; anything else is a request or reply by
 * opcode. Only Ethernet-style (48-bit) hardware with IPv4 protocol addresses is classified that way.
 */
import type { ArpPacket } from './frame.js';
import { rd16 } from './bytes.js';
import { formatColonHex, formatIpv4, formatMac } from './format.js';
import { arpOpName } from './dhcp/names.js';
import { NO_PROBLEMS, problem, type DecodeProblem } from './problems.js';

export const ARP_FIXED_LENGTH = 8;

export type ArpDecodeResult =
  | { readonly kind: 'arp'; readonly arp: ArpPacket; readonly problems: readonly DecodeProblem[] }
  | { readonly kind: 'truncated'; readonly problem: DecodeProblem };

/** Opcodes that answer something (reply, RARP/DRARP/InARP replies, DRARP error, ARP-NAK). */
function isReplyOpcode(op: number): boolean {
  return op === 2 || op === 4 || op === 6 || op === 7 || op === 9 || op === 10;
}

/** Decodes the ARP packet in buf[offset, offset + length); `frameOffset`: where it starts in its frame. */
export function decodeArp(buf: Uint8Array, offset: number, length: number, frameOffset = 0): ArpDecodeResult {
  const found: DecodeProblem[] = [];
  const arp = decodeArpPacket(buf, offset, length, frameOffset, found);
  if (arp === undefined) return { kind: 'truncated', problem: found[0]! };
  return { kind: 'arp', arp, problems: found.length === 0 ? NO_PROBLEMS : found };
}

/**
 * As decodeArp, for the decoder's hot path: the packet, or undefined when it is truncated; its problems (the
 * truncation's alone in that case) are appended to `problems`, so no result object is made per packet.
 */
export function decodeArpPacket(buf: Uint8Array, offset: number, length: number, frameOffset: number, problems: DecodeProblem[]): ArpPacket | undefined {
  if (length < ARP_FIXED_LENGTH) {
    problems.push(problem('ARP_TOO_SHORT', frameOffset + length, length));
    return undefined;
  }
  const htype = rd16(buf, offset);
  const ptype = rd16(buf, offset + 2);
  const hlen = buf[offset + 4]!;
  const plen = buf[offset + 5]!;
  const opcode = rd16(buf, offset + 6);
  const need = ARP_FIXED_LENGTH + 2 * hlen + 2 * plen;
  if (length < need) {
    problems.push(problem('ARP_TRUNCATED', frameOffset + length, length, need, hlen, plen));
    return undefined;
  }
  const sha = offset + 8;
  const spa = sha + hlen;
  const tha = spa + plen;
  const tpa = tha + hlen;
  // IEEE 802 (6) is what 802.3/SNAP and token ring stations put here for the same 48-bit MACs.
  const hwMac = (htype === 1 || htype === 6) && hlen === 6;
  const ipv4 = ptype === 0x0800 && plen === 4;
  const ethernetIpv4 = hwMac && ipv4;
  const senderIp = ipv4 ? formatIpv4(buf, spa) : formatColonHex(buf, spa, plen);
  const targetIp = ipv4 ? formatIpv4(buf, tpa) : formatColonHex(buf, tpa, plen);
  const op = arpOpName(opcode);
  if (!ethernetIpv4) problems.push(problem('ARP_NOT_ETHERNET_IPV4', frameOffset, htype, hlen, ptype, plen));
  if (op.startsWith('opcode-')) problems.push(problem('ARP_UNKNOWN_OPCODE', frameOffset + 6, opcode));
  let kind: ArpPacket['kind'] = isReplyOpcode(opcode) ? 'reply' : 'request';
  if (ethernetIpv4 && (opcode === 1 || opcode === 2)) {
    if (senderIp === '0.0.0.0') kind = 'probe';
    else if (senderIp === targetIp) kind = 'announcement';
  }
  return {
    htype,
    ptype,
    hlen,
    plen,
    opcode,
    op,
    ethernetIpv4,
    senderMac: hlen === 6 ? formatMac(buf, sha) : formatColonHex(buf, sha, hlen),
    senderIp,
    targetMac: hlen === 6 ? formatMac(buf, tha) : formatColonHex(buf, tha, hlen),
    targetIp,
    kind,
  };
}
