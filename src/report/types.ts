/**
 * The Report: the published contract (schemaVersion 1) that every renderer reads and outside scripts parse.
 * Names here are fixed by DESIGN.md; fields may be added, never renamed or removed without a version bump.
 * report.schema.json beside this file is its JSON Schema.
 */
import type { L2Class, L3Class, OptionValue } from '../decode/frame.js';
import type { FindingCode } from '../analyze/finding-codes.js';
import type { ServerNetwork } from '../analyze/network.js';
import type { ProblemCode } from '../decode/problems.js';
import type { TunnelLayer } from '../decode/tunnel.js';

export type { TunnelLayer, TunnelType } from '../decode/tunnel.js';

export type { Confidence, NetworkKind, NetworkMode, ServerNetwork } from '../analyze/network.js';

export type { FindingCode } from '../analyze/finding-codes.js';
export type Severity = 'info' | 'warning' | 'error';
export type MessageTypeName = string; // DISCOVER, OFFER, ..., TYPE_<n>

export interface Report {
  readonly schemaVersion: 1;
  readonly tool: { readonly name: 'dorascope'; readonly version: string };
  readonly captures: readonly CaptureSummary[];
  readonly stats: Stats;
  readonly packets?: readonly PacketRecord[];
  readonly transactions: readonly Transaction[];
  readonly leases: readonly Lease[];
  readonly servers: readonly Server[];
  readonly clients: readonly Client[];
  readonly arp: readonly ArpBinding[];
  readonly findings: readonly Finding[];
  readonly warnings: readonly ReportWarning[];
  /** The lease databases given with --leases: what each says, and the server whose records it holds. */
  readonly leaseDatabases?: readonly LeaseDatabaseSummary[];
  /** Present while a capture is still being read (TUI live view). */
  readonly progress?: Progress;
  /** With --explain: every exchange, step, lease, server, network and finding explained (render/explain/). */
  readonly explanations?: Explanations;
}

export interface Progress {
  readonly done: boolean;
  readonly bytesRead: number;
  readonly bytesTotal?: number;
  readonly frames: number;
}

export interface CaptureSummary {
  readonly path: string;
  readonly format: 'pcap' | 'pcapng';
  readonly compressed: boolean;
  readonly linkTypes: readonly number[];
  readonly timestampResolution: string;
  readonly packets: number;
  readonly bytes: number;
  readonly firstFrame: number;
  readonly firstTime: string | null;
  readonly lastTime: string | null;
  readonly complete: boolean;
}

export interface Stats {
  readonly packets: number;
  readonly dhcp: number;
  readonly arp: number;
  readonly malformed: number;
  /** Frames that are neither DHCP nor ARP: packets = dhcp + arp + malformed + other. */
  readonly other: number;
  readonly messageTypes: { readonly [name: MessageTypeName]: number };
}

export interface Endpoint {
  readonly mac?: string | undefined;
  readonly ip?: string | undefined;
  readonly port?: number | undefined;
}

export interface PacketDhcp {
  readonly op: 'BOOTREQUEST' | 'BOOTREPLY' | string;
  readonly htype: number;
  readonly hlen: number;
  readonly hops: number;
  readonly xid: string;
  readonly secs: number;
  readonly broadcastFlag: boolean;
  readonly ciaddr: string;
  readonly yiaddr: string;
  readonly siaddr: string;
  readonly giaddr: string;
  readonly chaddr: string;
  readonly sname: string;
  readonly file: string;
  readonly cookie: boolean;
  readonly messageType?: MessageTypeName;
  readonly options: readonly {
    readonly code: number;
    readonly name: string;
    readonly length: number;
    readonly value: OptionValue;
    readonly source?: 'file' | 'sname';
  }[];
}

export interface PacketArp {
  readonly opcode: number;
  readonly op: string;
  readonly kind: 'probe' | 'announcement' | 'request' | 'reply';
  readonly senderMac: string;
  readonly senderIp: string;
  readonly targetMac: string;
  readonly targetIp: string;
  readonly htype?: number;
  readonly ptype?: number;
}

/** One decode problem of a packet, as Wireshark's expert info: code, severity, where in the frame, the sentence. */
export interface PacketIssue {
  readonly code: ProblemCode;
  readonly severity: Severity;
  /** Byte offset in the frame (0 = first byte of the link-layer header). */
  readonly offset: number;
  /** The same sentence as in `problems`. */
  readonly message: string;
}

export interface PacketRecord {
  readonly capture: number;
  readonly frame: number;
  readonly captureFrame: number;
  readonly time: string;
  readonly epoch: number;
  readonly length: number;
  readonly vlan: readonly number[];
  readonly src: Endpoint;
  readonly dst: Endpoint;
  readonly l2: L2Class;
  readonly l3?: L3Class | undefined;
  readonly dhcp?: PacketDhcp | undefined;
  readonly arp?: PacketArp | undefined;
  /** Set when the DHCP message was quoted inside an ICMP destination-unreachable. */
  readonly icmp?: { readonly type: number; readonly code: number; readonly from: string; readonly to: string } | undefined;
  /** The overlays the frame came through, outermost first (the other fields are the inner frame's). */
  readonly tunnel?: readonly TunnelLayer[] | undefined;
  /** An ICMP echo of a server's address check: such records are read on demand (TUI), never in `packets`. */
  readonly echo?: { readonly op: 'request' | 'reply'; readonly id: number; readonly seq: number } | undefined;
  readonly problems: readonly string[];
  /** The same problems with their codes, severities and byte offsets; present only when there are problems. */
  readonly issues?: readonly PacketIssue[] | undefined;
  /** The frame bytes as hex, only with --hex (the TUI keeps them for its hex pane). */
  readonly hex?: string | undefined;
}

export type TransactionKind =
  | 'DORA'
  | 'INIT-REBOOT'
  | 'RENEW'
  | 'REBIND'
  | 'INFORM'
  | 'RELEASE'
  | 'DECLINE'
  | 'BOOTP'
  | 'LEASEQUERY';

export type Outcome = 'ACK' | 'NAK' | 'NO_OFFER' | 'NO_REQUEST' | 'NO_ACK' | 'DECLINED' | 'RELEASED' | 'INFORMED';

export interface Step {
  readonly frame: number;
  readonly time: string;
  readonly epoch: number;
  readonly messageType: MessageTypeName;
  readonly direction: 'client' | 'server' | 'relay';
  readonly from: { readonly mac: string | null; readonly ip: string };
  readonly to: { readonly mac: string | null; readonly ip: string };
  readonly l2: L2Class;
  readonly l3: L3Class;
  readonly broadcastFlag: boolean;
  readonly expectedDelivery: string;
  readonly deliveryOk: boolean;
  readonly retransmission: boolean;
  /** Server identifier (54) of a server message, or the server a REQUEST selected. */
  readonly server?: string | undefined;
  readonly yiaddr?: string | undefined;
  readonly relayed?: boolean | undefined;
  /** Quoted inside an ICMP unreachable (the datagram did not reach its port). */
  readonly icmpUnreachable?: boolean | undefined;
  /** The same packet as an earlier step, captured again (another interface or direction: `-i any`). */
  readonly duplicate?: boolean | undefined;
  readonly note?: string | undefined;
}

export interface Transaction {
  readonly id: string;
  readonly xid: string;
  readonly clientMac: string;
  readonly clientId?: string | undefined;
  readonly hostname?: string | undefined;
  readonly vendorClass?: string | undefined;
  readonly kind: TransactionKind;
  readonly outcome: Outcome;
  readonly server?: string | undefined;
  readonly offers: readonly { readonly server: string; readonly yiaddr: string; readonly frame: number }[];
  readonly selectedServer?: string | undefined;
  readonly requestedIp?: string | undefined;
  readonly assignedIp?: string | undefined;
  readonly leaseSeconds?: number | undefined;
  readonly relay?: { readonly giaddr: string; readonly hops: number; readonly circuitId?: string | undefined; readonly remoteId?: string | undefined } | undefined;
  readonly rapidCommit?: boolean | undefined;
  /** Where the client's messages were seen when that was inside an overlay: the tunnel path (and VLANs inside it). */
  readonly segment?: TransactionSegment | undefined;
  /** 802.1Q/802.1ad VLAN ids of the client's messages, outermost first (absent when untagged). */
  readonly vlan?: readonly number[] | undefined;
  readonly nakMessage?: string | undefined;
  readonly firstTime: string;
  readonly lastTime: string;
  readonly durationMs: number;
  /** offer: DISCOVER → OFFER; ack: REQUEST → ACK/NAK; check: the part of the offer latency the server spent checking the address. */
  readonly latencyMs: { readonly offer?: number; readonly ack?: number; readonly check?: number };
  /** The server's own checks (ARP who-has, ICMP echo) of candidate addresses before its OFFER. */
  readonly addressChecks?: readonly AddressCheck[];
  readonly steps: readonly Step[];
  readonly arpFrames: readonly number[];
  /** The same ARP frames described: the client's probes and announcements, and answers from other MACs. */
  readonly arp: readonly TransactionArp[];
}

export interface TransactionSegment {
  /** e.g. "VXLAN 192.0.2.1 → 192.0.2.2 VNI 5001, VLAN 30". */
  readonly label: string;
  readonly tunnel: readonly TunnelLayer[];
  readonly vlan?: readonly number[];
}

export interface AddressCheck {
  /** The checking server's address. */
  readonly server: string;
  /** The address it checked. */
  readonly ip: string;
  readonly methods: readonly ('arp' | 'icmp')[];
  /** Its ARP requests and ICMP echo requests. */
  readonly frames: readonly number[];
  /** Someone answered (ARP reply, echo reply): the address is in use. */
  readonly answered: boolean;
  readonly answerFrames: readonly number[];
  /** The MAC that answered in ARP. */
  readonly answerMac?: string;
  /** Time of the first check frame. */
  readonly time: string;
  /** The same time in seconds (always written by dorascope; optional for reports built by hand). */
  readonly epoch?: number;
  /** First check frame → the OFFER; null when no offer followed. */
  readonly durationMs: number | null;
  /** The server then offered this address, another one, or nothing. */
  readonly offered: 'same' | 'other' | 'none';
}

export interface TransactionArp {
  readonly frame: number;
  readonly time: string;
  readonly epoch: number;
  readonly kind: 'probe' | 'announcement' | 'request' | 'reply';
  readonly senderMac: string;
  readonly senderIp: string;
  readonly targetIp: string;
  /** Sent by a MAC other than the client's (someone else answering for the address). */
  readonly fromOther: boolean;
}

export type LeaseState = 'active' | 'expired' | 'released' | 'declined';

export interface Lease {
  readonly ip: string;
  /** Where it was granted, when not the plain LAN: "vlan 10", "VXLAN VNI 42" (the same address in two segments is two leases). */
  readonly segment?: string;
  readonly mac: string;
  readonly clientId?: string;
  readonly hostname?: string;
  readonly server: string;
  readonly start: string;
  readonly end: string | null;
  readonly leaseSeconds: number | null;
  readonly renewals: number;
  readonly state: LeaseState;
  readonly transactions: readonly string[];
  /** What the lease database (--leases) holds for this address, when one was given and has it. */
  readonly database?: LeaseDbView;
}

/** One database record beside a wire lease. */
export interface LeaseDbView {
  readonly file: string;
  readonly line: number;
  readonly state: DbLeaseState;
  readonly mac: string | null;
  readonly start: string | null;
  readonly end: string | null;
  /** The database holds the address for this MAC, with an end that fits the ACK (or a later renewal). */
  readonly agrees: boolean;
}

export type DbLeaseState = 'active' | 'free' | 'expired' | 'released' | 'abandoned' | 'reset' | 'backup' | 'declined' | 'offered';

export interface LeaseDatabaseSummary {
  readonly file: string;
  readonly format: 'isc' | 'dnsmasq' | 'kea' | 'virtualbox' | 'libvirt' | 'empty';
  /** The server whose ACKs it records, as the capture shows; null when the capture does not tell. */
  readonly server: string | null;
  /** Addresses it holds a record for (its latest record of each). */
  readonly leaseCount: number;
  /** Records read, superseded ones included. */
  readonly records: number;
  /** Earliest and latest time the file mentions. */
  readonly firstTime: string | null;
  readonly lastTime: string | null;
  readonly leases: readonly DatabaseLease[];
}

export interface DatabaseLease {
  readonly ip: string;
  readonly mac: string | null;
  readonly clientId?: string;
  readonly hostname?: string;
  readonly state: DbLeaseState;
  readonly start: string | null;
  readonly end: string | null;
  readonly line: number;
}

export interface Server {
  readonly ip: string;
  /** null when the server was only seen through its identifier (replies via a relay or another address). */
  readonly mac: string | null;
  readonly offers: number;
  readonly acks: number;
  readonly naks: number;
  readonly subnets: readonly string[];
  readonly options: { readonly router?: string; readonly dns?: readonly string[]; readonly domain?: string };
  readonly hypervisor?: { readonly kind: string; readonly evidence: readonly string[] };
  /** The platform of the server's own NIC when it is a virtual one (a DHCP server running in a guest). */
  readonly virtualization?: string;
  readonly trusted?: boolean;
  /** Which network this DHCP service most likely serves (a hypervisor's NAT/host-only/shared one, bridged, a LAN). */
  readonly network?: ServerNetwork;
}

export interface Client {
  readonly mac: string;
  readonly vendor?: string;
  readonly virtualization?: string;
  readonly hostnames: readonly string[];
  readonly vendorClasses: readonly string[];
  readonly ips: readonly string[];
  readonly transactions: readonly string[];
}

/** Who claimed an address in ARP, in time order. */
export interface ArpBinding {
  readonly ip: string;
  /** Where the claims were seen, when not the plain LAN: "vlan 10", "VXLAN VNI 42", "interface 1" (one binding per address and segment). */
  readonly segment?: string;
  readonly claims: readonly {
    readonly mac: string;
    readonly firstFrame: number;
    readonly lastFrame: number;
    readonly firstTime: string;
    readonly lastTime: string;
    readonly count: number;
    readonly kinds: readonly string[];
  }[];
  readonly conflict: boolean;
}

export interface Finding {
  readonly id: string;
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly message: string;
  readonly time: string;
  readonly frames: readonly number[];
  readonly ips: readonly string[];
  readonly macs: readonly string[];
  /** Transaction ids that hold the evidence (for jumping to them). */
  readonly transactions?: readonly string[];
  /** Lease database records that prove it: file and line (null: the file as a whole). */
  readonly sources?: readonly { readonly file: string; readonly line: number | null }[];
}

export interface ReportWarning {
  readonly capture?: number;
  readonly frame?: number;
  readonly message: string;
}

/** What one part of the report means, in plain sentences that quote this capture (with --explain). */
export interface Explanation {
  readonly title: string;
  readonly sentences: readonly string[];
  /** The frames the sentences quote, ascending. */
  readonly frames: readonly number[];
}

/** The report explained (only with --explain): the same text the timeline, the TUI's `e` pane and the HTML page show. */
export interface Explanations {
  readonly networks: readonly Explanation[];
  readonly servers: readonly (Explanation & { readonly ip: string })[];
  readonly transactions: readonly (Explanation & { readonly id: string; readonly steps: readonly Explanation[] })[];
  readonly leases: readonly (Explanation & { readonly ip: string; readonly mac: string; readonly start: string })[];
  readonly findings: readonly (Explanation & { readonly id: string })[];
}
