/**
 * Which template explains a step: the message type, refined by the client's state (a REQUEST in SELECTING,
 * INIT-REBOOT, RENEWING or REBINDING), by rapid commit, by INFORM, and by the relay leg it travelled.
 */
import type { Step, Transaction, TransactionKind } from '../../report/types.js';

export const STEP_KINDS = [
  'DISCOVER',
  'OFFER',
  'REQUEST-SELECTING',
  'REQUEST-INIT-REBOOT',
  'REQUEST-RENEWING',
  'REQUEST-REBINDING',
  'ACK',
  'ACK-RAPID-COMMIT',
  'ACK-INFORM',
  'NAK',
  'INFORM',
  'RELEASE',
  'DECLINE',
  'BOOTP-REQUEST',
  'BOOTP-REPLY',
  'RELAY-TO-SERVER',
  'SERVER-TO-RELAY',
  'OTHER',
] as const;

export type StepKind = (typeof STEP_KINDS)[number];

/** The client's state (RFC 2131 §4.3.2) when it sent a REQUEST, from the kind of exchange it opened. */
const REQUEST_STATE: Readonly<Record<TransactionKind, StepKind>> = {
  DORA: 'REQUEST-SELECTING',
  'INIT-REBOOT': 'REQUEST-INIT-REBOOT',
  RENEW: 'REQUEST-RENEWING',
  REBIND: 'REQUEST-REBINDING',
  INFORM: 'REQUEST-SELECTING',
  RELEASE: 'REQUEST-SELECTING',
  DECLINE: 'REQUEST-SELECTING',
  BOOTP: 'REQUEST-SELECTING',
  LEASEQUERY: 'REQUEST-SELECTING',
};

const PLAIN: Readonly<Record<string, StepKind>> = {
  DISCOVER: 'DISCOVER',
  OFFER: 'OFFER',
  NAK: 'NAK',
  INFORM: 'INFORM',
  RELEASE: 'RELEASE',
  DECLINE: 'DECLINE',
};

/** A BOOTP message has no DHCP message type: the report names it by its op. */
const BOOTP: Readonly<Record<string, StepKind>> = { BOOTREQUEST: 'BOOTP-REQUEST', BOOTREPLY: 'BOOTP-REPLY' };

export function stepKind(tx: Transaction, step: Step): StepKind {
  // A lease query travels between relay and server too, but it forwards nobody's message.
  if (tx.kind === 'LEASEQUERY') return 'OTHER';
  if (step.direction === 'relay') return 'RELAY-TO-SERVER';
  if (step.direction === 'server' && step.relayed === true && tx.relay !== undefined && step.to.ip === tx.relay.giaddr) return 'SERVER-TO-RELAY';
  const type = step.messageType;
  if (type === 'REQUEST') return REQUEST_STATE[tx.kind];
  if (type === 'ACK') return tx.kind === 'INFORM' ? 'ACK-INFORM' : tx.rapidCommit === true && !tx.steps.some((s) => s.messageType === 'REQUEST') ? 'ACK-RAPID-COMMIT' : 'ACK';
  if (tx.kind === 'BOOTP') return BOOTP[type] ?? (step.direction === 'client' ? 'BOOTP-REQUEST' : 'BOOTP-REPLY');
  return PLAIN[type] ?? 'OTHER';
}
