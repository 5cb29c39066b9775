/**
 * The filter language, one for the CLI's --filter, the TUI's `/` and the HTML page: parse once, then match
 * rows of each kind. Pure TypeScript without node: imports (the HTML page inlines it).
 */
import type { ArpBinding, Finding, Lease, PacketRecord, Report, Server, Transaction } from '../report/types.js';
import { matchRow, prepareSearchText } from './match.js';

export { keepSearchTexts } from './match.js';
import type { Filter } from './parse.js';
import { ARP, FINDING, LEASE, PACKET, SERVER, TRANSACTION } from './rows.js';

export { parseFilter, describeFilterError, type Filter, type ParseResult } from './parse.js';
export { FIELDS, type FieldName } from './fields.js';

export const matchTransaction = (f: Filter, t: Transaction, r: Report): boolean => matchRow(f, t, r, TRANSACTION);
export const matchLease = (f: Filter, l: Lease, r: Report): boolean => matchRow(f, l, r, LEASE);
export const matchArp = (f: Filter, b: ArpBinding, r: Report): boolean => matchRow(f, b, r, ARP);
export const matchFinding = (f: Filter, x: Finding, r: Report): boolean => matchRow(f, x, r, FINDING);
// Packet records may be read again for each filter (the TUI's Packets view): no search text is kept for them.
export const matchPacket = (f: Filter, p: PacketRecord, r: Report): boolean => matchRow(f, p, r, PACKET, false);
/** Builds an exchange's search text ahead of the first search (see keepSearchTexts). */
export const prepareTransactionSearch = (t: Transaction, r: Report): void => prepareSearchText(t, r, TRANSACTION);
export const matchServer = (f: Filter, s: Server, r: Report): boolean => matchRow(f, s, r, SERVER);

/** True when the filter keeps everything (empty text). */
export const isEmpty = (f: Filter): boolean => f.root === null;
