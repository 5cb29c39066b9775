/**
 * The analyser's own model: plain data, capture-time stamps, no presentation. src/report turns it into the
 * published Report (ISO times, hex xids, sorted and filtered).
 */
import type { L2Class, L3Class } from '../decode/frame.js';
import type { TunnelLayer } from '../decode/tunnel.js';
import type { AddressCheckState } from './address-checks.js';
import type { FindingCode } from './finding-codes.js';
import type { OneOrMany } from './one-or-many.js';
import type { ClientRecord } from './servers.js';
import type { Timestamp } from './time.js';
import type { LeaseDatabase } from '../leasedb/types.js';

export type TransactionKind = 'DORA' | 'INIT-REBOOT' | 'RENEW' | 'REBIND' | 'INFORM' | 'RELEASE' | 'DECLINE' | 'BOOTP' | 'LEASEQUERY';
export type Outcome = 'ACK' | 'NAK' | 'NO_OFFER' | 'NO_REQUEST' | 'NO_ACK' | 'DECLINED' | 'RELEASED' | 'INFORMED';
export type Severity = 'info' | 'warning' | 'error';
export type Direction = 'client' | 'server' | 'relay';

export interface TxStep {
  readonly frame: number;
  readonly ts: Timestamp;
  readonly messageType: string;
  readonly type: number | undefined;
  readonly direction: Direction;
  // Flat fields rather than from/to objects: a large capture keeps hundreds of thousands of steps.
  readonly fromMac: string | null;
  readonly fromIp: string;
  readonly toMac: string | null;
  readonly toIp: string;
  readonly l2: L2Class;
  readonly l3: L3Class;
  readonly broadcastFlag: boolean;
  readonly expectedDelivery: string;
  readonly deliveryOk: boolean;
  readonly retransmission: boolean;
  readonly server: string | undefined;
  readonly yiaddr: string | undefined;
  readonly relayed: boolean;
  readonly icmpUnreachable: boolean;
  readonly duplicate: boolean;
  readonly secs: number;
  readonly note: string | undefined;
}

export interface TxArp {
  readonly frame: number;
  readonly ts: Timestamp;
  readonly kind: 'probe' | 'announcement' | 'request' | 'reply';
  readonly senderMac: string;
  readonly senderIp: string;
  readonly targetIp: string;
  /** Sent by a MAC other than the client's: someone else answering for the address. */
  readonly fromOther: boolean;
}

export interface TxOffer {
  readonly server: string;
  readonly yiaddr: string;
  readonly frame: number;
}

export interface TxState {
  readonly id: string;
  /** The frame that started it, which names it (`id` is `T` and this number): leases and clients keep this. */
  readonly firstFrame: number;
  /** Counted in the report (within --max-transactions); the rest are counted and left out. */
  readonly kept: boolean;
  readonly xid: number;
  readonly clientMac: string;
  clientId?: string | undefined;
  hostname?: string | undefined;
  vendorClass?: string | undefined;
  kind: TransactionKind;
  outcome: Outcome;
  server?: string | undefined;
  /** This and the other lists of an exchange are made at their exact length and replaced as they grow (one-or-many.ts `grown`). */
  offers: readonly TxOffer[];
  selectedServer?: string | undefined;
  requestedIp?: string | undefined;
  assignedIp?: string | undefined;
  leaseSeconds?: number | undefined;
  relay?: { giaddr: string; hops: number; circuitId?: string; remoteId?: string } | undefined;
  rapidCommit: boolean;
  nakMessage?: string | undefined;
  nakServer?: string | undefined;
  readonly first: Timestamp;
  last: Timestamp;
  /** Its steps in order (the analyser's exchanges make them as views of its step store when read). */
  readonly steps: readonly TxStep[];
  readonly arpFrames: readonly number[];
  /** The same ARP frames, described (for timelines that show them between the DHCP steps). */
  readonly arp: readonly TxArp[];
  /** The server's own checks of candidate addresses before its OFFER (absent when none were seen). */
  checks?: AddressCheckState[] | undefined;
  /** Retransmissions and duplicates counted but not stored (a client stuck in a loop). */
  omittedSteps: number;
  /** Capture time after which the exchange counts as over (ACK seen, grace for duplicates). */
  done: boolean;
  /** Where the client's first message was seen (segment.ts; '' for the plain LAN): its lease and ARP are looked up there. */
  readonly segment: string;
  vlan: readonly number[];
  /** The overlays the client's first message came through (VXLAN, Geneve, GRE, ERSPAN), outermost first. */
  readonly tunnel?: readonly TunnelLayer[] | undefined;
  /** The client's record (servers.ts ClientBook), found at its first message: the later ones need no look-up. */
  client: ClientRecord | undefined;
}

export interface LeaseState {
  readonly ip: string;
  readonly mac: string;
  clientId?: string | undefined;
  hostname?: string | undefined;
  server: string;
  readonly start: Timestamp;
  /** Seconds from the latest ACK; null for infinite / unknown. Where it ends: `leaseEnd`. */
  leaseSeconds: number | null;
  /** When the latest ACK of this lease was seen. */
  lastAck: Timestamp;
  /** The RELEASE or DECLINE that ended it. */
  endFrame?: number | undefined;
  /**
   * Renewal (T1, option 58) and rebinding (T2, option 59) times in seconds as the latest ACK gave them, null when
   * it did not (`renewalTimes` applies RFC 2131's defaults). Numbers held per lease are kept few and small: a
   * capture can hold a quarter of a million leases.
   */
  t1: number | null;
  t2: number | null;
  renewals: number;
  state: 'active' | 'expired' | 'released' | 'declined';
  endedAt?: Timestamp | undefined;
  /**
   * The exchanges that granted, renewed and ended it, by first frame (`exchangeId` makes the "T…" text where it
   * is written): a number costs nothing beside the lease, a text of its own each.
   */
  transactions: OneOrMany<number>;
  /** Frames of the first and the latest ACK of this lease. */
  firstAckFrame: number;
  lastAckFrame: number;
}

export interface ServerState {
  readonly ip: string;
  mac: string;
  offers: number;
  acks: number;
  naks: number;
  readonly subnets: Set<string>;
  router?: string | undefined;
  dns?: readonly string[] | undefined;
  domain?: string | undefined;
  /** Lease time (51) of its first reply that gave one. */
  leaseSeconds?: number | undefined;
  /** The first few addresses it offered or acked (for recognising a hypervisor's default pool). */
  readonly offered: string[];
  /** Some of its replies came through a relay. */
  relayed: boolean;
  readonly frames: number[];
  readonly segments: Set<string>;
  firstFrame: number;
  readonly firstTs: Timestamp;
}

export interface ClientState {
  readonly mac: string;
  hostnames: OneOrMany<string>;
  vendorClasses: OneOrMany<string>;
  ips: OneOrMany<string>;
  /** Its exchanges by first frame, as a lease's. */
  transactions: OneOrMany<number>;
}

/** One MAC's claims of one address (arp.ts keeps them compact and makes these fields when read). */
export interface ArpClaim {
  readonly mac: string;
  readonly firstFrame: number;
  readonly lastFrame: number;
  readonly first: Timestamp;
  readonly last: Timestamp;
  readonly count: number;
  /** The kinds of frame it was seen in ('announcement', 'probe', 'reply', 'request'), in that order. */
  readonly kinds: readonly string[];
}

export interface ArpIpState {
  readonly ip: string;
  /** Where the claims were seen (segment.ts); '' for the plain LAN. */
  readonly segment: string;
  /** Oldest first. */
  readonly claims: readonly ArpClaim[];
  readonly conflict: boolean;
}

export interface FindingDraft {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly message: string;
  readonly ts: Timestamp;
  readonly frames: readonly number[];
  readonly ips: readonly string[];
  readonly macs: readonly string[];
  readonly transactions?: readonly string[];
  /** Lease database records that prove it (file and line; line null: the file as a whole). */
  readonly sources?: readonly { readonly file: string; readonly line: number | null }[];
}

export interface AnalyzerOptions {
  /** Trusted server addresses (--server); any other answering server is ROGUE_SERVER. */
  readonly trustedServers?: readonly string[];
  /** Open transactions tracked at once before the oldest are closed early. */
  readonly maxOpenTransactions?: number;
  /**
   * Transactions kept for the report; beyond it new ones are counted but not stored. Clients, leases and ARP
   * addresses are capped at the same number, so a flood of made-up MACs cannot exhaust memory.
   */
  readonly maxTransactions?: number;
  /**
   * Findings kept per code (ARP conflicts, declines, ...) as they are raised; a hostile capture can make one
   * per frame. Beyond it they are counted and said in a warning.
   */
  readonly maxFindingsPerCode?: number;
  /** STARVATION: this many distinct client MACs discovering within starvationWindow seconds. */
  readonly starvationClients?: number;
  readonly starvationWindow?: number;
  /** RETRANSMISSION_STORM: this many copies of one client message in one transaction. */
  readonly stormRetransmissions?: number;
  /** Capture seconds without a message after which an open transaction is closed. */
  readonly transactionTimeout?: number;
  /**
   * Keep closed transactions for snapshots (default). A consumer that takes each one as it closes (a streamed
   * report) turns this off, and the analyser lets them go: memory then follows the open ones only.
   */
  readonly retainTransactions?: boolean;
  /** Lease databases (--leases) to compare with the wire, and the server clock skew allowed (--lease-skew). */
  readonly leaseDatabases?: readonly LeaseDatabase[];
  readonly leaseSkew?: number;
}

/** Options given per run with no default. */
type RunInputs = 'trustedServers' | 'leaseDatabases' | 'leaseSkew';

export const DEFAULT_OPTIONS: Required<Omit<AnalyzerOptions, RunInputs>> = {
  retainTransactions: true,
  maxOpenTransactions: 100_000,
  maxTransactions: 250_000,
  maxFindingsPerCode: 10_000,
  starvationClients: 30,
  starvationWindow: 10,
  stormRetransmissions: 8,
  transactionTimeout: 60,
};
