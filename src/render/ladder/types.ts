/**
 * The ladder diagram of one transaction as data: columns (client, relays, servers, other ARP speakers) and
 * rows (one per DHCP step or ARP frame of the client), each an arrow between two columns. The TUI, the HTML
 * page and Mermaid only draw it.
 */
import type { Step } from '../../report/types.js';

export type ColumnKind = 'client' | 'relay' | 'server' | 'other' | 'lan';

export interface LadderColumn {
  readonly kind: ColumnKind;
  /** First label line: role (and hypervisor). */
  readonly title: string;
  /** Second label line: IP or MAC. */
  readonly name: string;
  /** The column's address and MAC when known (a column may stand for several: the first is kept). */
  readonly ip?: string;
  readonly mac?: string;
  /** What the MAC says: a VM platform or hypervisor ("VMware"), else the vendor of its OUI. */
  readonly tag?: string;
}

/** A DHCP step, an ARP frame of the client, or a server's own check of an address before its OFFER. */
export type RowKind = 'step' | 'arp' | 'check';

export interface LadderRow {
  readonly kind: RowKind;
  readonly frame: number;
  /** Seconds since the transaction's first step (NaN when the time is unknown). */
  readonly rel: number;
  readonly label: string;
  readonly from: number;
  readonly to: number;
  /** Delivered to everyone on the segment (drawn across every column it passes). */
  readonly broadcast: boolean;
  readonly deliveryOk: boolean;
  readonly expected?: string;
  readonly retransmission: boolean;
  readonly conflict: boolean;
  readonly latencyMs?: number;
  /** Short text beside the arrow (address offered, ARP question...). */
  readonly note: string;
  readonly step?: Step;
}

export interface Ladder {
  readonly columns: readonly LadderColumn[];
  readonly rows: readonly LadderRow[];
}
