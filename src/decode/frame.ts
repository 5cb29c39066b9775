/**
 * Decoded frames: what `decodeRecord` makes of a capture record that carries DHCP or ARP (or is broken).
 * Frames that are neither are only counted, never materialised (the hot path allocates nothing).
 */
import type { DecodeProblem } from './problems.js';

import type { TunnelLayer } from './tunnel.js';

export type L2Class = 'broadcast' | 'multicast' | 'unicast' | 'unknown';
export type L3Class = 'broadcast' | 'multicast' | 'unicast';

/** A JSON-friendly decoded option value. */
export type OptionValue =
  | string
  | number
  | boolean
  | null
  | readonly OptionValue[]
  | { readonly [key: string]: OptionValue };

export interface DhcpOption {
  readonly code: number;
  readonly name: string;
  /** Total length of the (joined, RFC 3396) value in bytes. */
  readonly length: number;
  readonly value: OptionValue;
  /** Where the option was found when option overload (52) is in use. */
  readonly source?: 'file' | 'sname' | undefined;
  /** Byte offset (within the frame) of the first instance's code byte, for the hex view. */
  readonly offset?: number;
  /** The raw value as lowercase hex (always present, so nothing is lost). */
  readonly hex: string;
}

export interface DhcpMessage {
  readonly op: number; // 1 BOOTREQUEST, 2 BOOTREPLY (others kept as-is and flagged)
  readonly htype: number;
  readonly hlen: number;
  readonly hops: number;
  readonly xid: number; // unsigned 32-bit
  readonly secs: number;
  readonly flags: number;
  readonly broadcastFlag: boolean;
  readonly ciaddr: string;
  readonly yiaddr: string;
  readonly siaddr: string;
  readonly giaddr: string;
  /** aa:bb:cc:dd:ee:ff when htype 1 / hlen 6; otherwise the first hlen (max 16) bytes, colon-separated hex. */
  readonly chaddr: string;
  readonly sname: string;
  readonly file: string;
  readonly cookie: boolean;
  /** Option 53 value, when present. */
  readonly messageType?: number | undefined;
  readonly options: readonly DhcpOption[];
  /** Byte offset of the BOOTP header within the frame (for the hex view). */
  readonly offset: number;
}

export interface ArpPacket {
  readonly htype: number;
  readonly ptype: number;
  readonly hlen: number;
  readonly plen: number;
  readonly opcode: number;
  /** 'request' | 'reply' | 'rarp-request' | ... | 'opcode-<n>' */
  readonly op: string;
  /** Ethernet (1/6) hardware with IPv4 (0x0800/4) protocol addresses: the only kind classified below. */
  readonly ethernetIpv4: boolean;
  readonly senderMac: string;
  readonly senderIp: string;
  readonly targetMac: string;
  readonly targetIp: string;
  readonly kind: 'probe' | 'announcement' | 'request' | 'reply';
}

interface FrameBase {
  readonly frame: number;
  readonly captureFrame: number;
  readonly captureIndex: number;
  /** pcapng interface id (0 for classic pcap): with several interfaces, each is its own network segment. */
  readonly interfaceId: number;
  readonly tsSec: number;
  readonly tsNanos: number;
  readonly tsDigits: number;
  readonly caplen: number;
  readonly origlen: number;
  readonly linkType: number;
  readonly vlan: readonly number[];
  /** TPID of each tag in `vlan` (0x8100 802.1Q, 0x88a8 802.1ad, 0x9100), when there are tags. */
  readonly vlanTpids?: readonly number[] | undefined;
  readonly srcMac?: string | undefined;
  /** Absent for Linux cooked captures (no destination MAC there). */
  readonly dstMac?: string | undefined;
  readonly l2: L2Class;
  /** Linux SLL packet type (0 host, 1 broadcast, 2 multicast, 3 other host, 4 outgoing) when cooked. */
  readonly sllPacketType?: number | undefined;
  /** Copy of the frame bytes for the hex view; empty when the decoder was told not to keep them. */
  readonly bytes: Uint8Array;
  /** The overlays the frame came through (VXLAN, Geneve, GRE, ERSPAN), outermost first; the fields above are the inner frame's. */
  readonly tunnel?: readonly TunnelLayer[] | undefined;
  /** Problems found while decoding (code, severity, offset; `problemText` makes the sentence); the frame is still reported. */
  readonly problems: readonly DecodeProblem[];
}

export interface IpInfo {
  readonly src: string;
  readonly dst: string;
  readonly ttl: number;
  readonly l3: L3Class;
  /** More-fragments set or non-zero offset: the UDP payload may be incomplete. */
  readonly fragment: boolean;
}

export interface DhcpFrame extends FrameBase {
  readonly kind: 'dhcp';
  readonly ip: IpInfo;
  readonly udp: { readonly srcPort: number; readonly dstPort: number };
  readonly dhcp: DhcpMessage;
  /**
   * Set when the DHCP message was found quoted inside an ICMP destination-unreachable. `ip` and `udp` are
   * then the quoted datagram's (the original sender and receiver); `from`/`to` are the ICMP message's own
   * IP source and destination. The link-layer fields are the ICMP frame's.
   */
  readonly quotedBy?: { readonly icmpType: number; readonly icmpCode: number; readonly from: string; readonly to: string } | undefined;
}

export interface ArpFrame extends FrameBase {
  readonly kind: 'arp';
  readonly arp: ArpPacket;
}

export interface MalformedFrame extends FrameBase {
  readonly kind: 'malformed';
  /** What the frame was meant to be: 'dhcp', 'arp', 'ipv4', 'link' ... */
  readonly layer: string;
  readonly ip?: IpInfo | undefined;
  readonly udp?: { readonly srcPort: number; readonly dstPort: number } | undefined;
}

export type Frame = DhcpFrame | ArpFrame | MalformedFrame;

/**
 * An ICMP echo request or reply: evidence of a DHCP server's check of an address before it offers it. Handed to
 * the analyser only; never a packet record (the report's packet list stays DHCP and ARP).
 */
export interface IcmpEchoFrame extends FrameBase {
  readonly kind: 'icmp-echo';
  readonly ip: IpInfo;
  readonly echo: { readonly op: 'request' | 'reply'; readonly id: number; readonly seq: number };
}

/** What the decoder hands on. */
export type DecodedFrame = Frame | IcmpEchoFrame;
