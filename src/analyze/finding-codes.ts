/**
 * Every finding code, once: its usual severity and what raises it. The analyzer takes its codes from this
 * union; the schema's enum for Finding.code and the README's findings table are checked against this table
 * by test/analyze/finding-codes.test.ts. A new code is one row here, one in the schema and one in the README.
 * Codes are part of the JSON contract: add, never rename.
 */
import type { Severity } from './types.js';

export interface FindingCodeRow {
  /** The severity it is raised with, unless the row's meaning says when it is another. */
  readonly severity: Severity;
  readonly meaning: string;
}

export const FINDING_CODES = {
  MULTIPLE_SERVERS: { severity: 'warning', meaning: 'more than one server answered on one segment; not raised with --server' },
  ROGUE_SERVER: { severity: 'error', meaning: 'with --server, a server not named there answered' },
  DOUBLE_ASSIGNMENT: { severity: 'error', meaning: 'one address acked to two MACs while the first lease was still running' },
  ARP_CONFLICT: { severity: 'error', meaning: 'a leased address claimed in ARP by another MAC, or by two MACs in turn' },
  PROBE_ANSWERED: { severity: 'warning', meaning: 'an RFC 5227 ARP probe answered by another MAC' },
  DECLINE: { severity: 'warning', meaning: 'a client declined its address' },
  NAK: { severity: 'warning', meaning: "a server refused a request (info when another server's ACK won)" },
  NO_OFFER: { severity: 'warning', meaning: 'DISCOVERs unanswered' },
  NO_ACK: { severity: 'warning', meaning: 'REQUESTs or INFORMs unanswered' },
  SERVER_MISMATCH: { severity: 'warning', meaning: 'the ACK came from a server other than the one the REQUEST selected' },
  SERVER_UNREACHABLE: { severity: 'warning', meaning: "an ICMP unreachable quoting a client's DHCP message" },
  CLIENT_UNREACHABLE: { severity: 'info', meaning: "an ICMP unreachable quoting a server's reply: the client's port 68 was closed" },
  DELIVERY_MISMATCH: { severity: 'warning', meaning: 'a message not delivered as RFC 2131 §4.1/§4.4 expects' },
  STARVATION: { severity: 'error', meaning: 'many client MACs discovering in a short window, or servers falling silent' },
  RETRANSMISSION_STORM: { severity: 'warning', meaning: 'many copies of one client message, or many messages from one client' },
  CHADDR_MISMATCH: { severity: 'warning', meaning: "a client message whose chaddr differs from its Ethernet source" },
  STALE_USE: { severity: 'warning', meaning: 'ARP from an address after its lease was released or ran out' },
  CHECKED_ADDRESS_OFFERED: { severity: 'warning', meaning: "a server's own check of an address was answered and it offered that address anyway" },
  POOL_ADDRESS_IN_USE: { severity: 'info', meaning: "a server's ping check of an address was answered, so it offered another address or nothing" },
  MALFORMED: { severity: 'warning', meaning: 'frames with decode problems, grouped per problem code' },
  // Lease databases (--leases) against the wire: analyze/leasedb.ts. Each names its database file and line.
  DB_MAC_MISMATCH: { severity: 'error', meaning: 'an address ACKed to one MAC that the lease database holds for another' },
  DB_END_MISMATCH: { severity: 'warning', meaning: "the lease database ends a lease at another time than the ACK's lease time" },
  DB_LEASE_MISSING: { severity: 'warning', meaning: 'an ACK that no lease database records (file older than the capture, or another server)' },
  DB_ARP_CONFLICT: { severity: 'error', meaning: 'an active database lease whose address another MAC claims in ARP' },
  DB_FREE_IN_USE: { severity: 'warning', meaning: 'an address the database calls free, expired or released, still in use on the wire' },
  DB_DECLINED_EXPLAINED: { severity: 'info', meaning: 'an ISC abandoned or Kea declined lease that the capture explains' },
  DB_DECLINED_UNEXPLAINED: { severity: 'warning', meaning: 'an ISC abandoned or Kea declined lease that nothing in the capture explains' },
} as const satisfies Record<string, FindingCodeRow>;

export type FindingCode = keyof typeof FINDING_CODES;

/** The codes in table order (the README's order). */
export const FINDING_CODE_LIST: readonly FindingCode[] = Object.keys(FINDING_CODES) as FindingCode[];
