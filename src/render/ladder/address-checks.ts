/**
 * A server's own check of a candidate address before its OFFER (ARP and/or ICMP echo), as the analysis
 * links it to the exchange: `transactions[].addressChecks` (COMMON contract; produced by the virtual-networks
 * work). Read here as an optional field so the ladder draws it whenever a report carries it.
 */
import type { Transaction } from '../../report/types.js';
import type { Columns } from './columns.js';
import type { LadderRow } from './types.js';

export interface AddressCheck {
  readonly server: string;
  readonly ip: string;
  readonly methods: readonly ('arp' | 'icmp')[];
  readonly frames: readonly number[];
  readonly answered: boolean;
  readonly answerFrames: readonly number[];
  readonly time: string;
  readonly durationMs: number | null;
  readonly offered: 'same' | 'other' | 'none';
}

export function addressChecksOf(t: Transaction): readonly AddressCheck[] {
  const checks = (t as Transaction & { readonly addressChecks?: readonly AddressCheck[] }).addressChecks;
  return Array.isArray(checks) ? checks : [];
}

const OFFERED: Readonly<Record<AddressCheck['offered'], string>> = {
  same: 'then offered it',
  other: 'then offered another address',
  none: 'then offered nothing',
};

/** The check as an action on the server's own lifeline; an answer means the address is in use (a conflict). */
export function checkRow(c: AddressCheck, columns: Columns, base: number): LadderRow {
  const column = columns.columnOfIp(c.server) ?? columns.last;
  const answer = c.answered ? `answered${c.answerFrames.length > 0 ? ` (#${c.answerFrames.join(', #')})` : ''}: in use` : 'no answer';
  const before = c.durationMs !== null ? `, ${Math.round(c.durationMs)} ms before the OFFER` : '';
  return {
    kind: 'check',
    frame: c.frames[0] ?? 0,
    rel: Date.parse(c.time) / 1000 - base,
    label: `${c.methods.map((m) => m.toUpperCase()).join('+')} check ${c.ip}`,
    from: column,
    to: column,
    broadcast: false,
    deliveryOk: true,
    retransmission: false,
    conflict: c.answered,
    note: `${answer}; ${OFFERED[c.offered]}${before}`,
  };
}
