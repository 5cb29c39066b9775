/** Colour roles of report values (outcomes, severities, lease states) and their colour-free marks. */
import type { LeaseState, Outcome, Severity } from '../../report/types.js';
import type { Role } from './theme.js';

export function outcomeRole(outcome: Outcome): Role {
  switch (outcome) {
    case 'ACK':
      return 'ok';
    case 'NAK':
    case 'DECLINED':
      return 'error';
    case 'NO_OFFER':
    case 'NO_REQUEST':
    case 'NO_ACK':
      return 'warning';
    case 'RELEASED':
    case 'INFORMED':
      return 'info';
  }
}

export function severityRole(severity: Severity): Role {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'info';
}

export function severityMark(severity: Severity): string {
  return severity === 'error' ? '✗' : severity === 'warning' ? '▲' : 'i';
}

export function leaseRole(state: LeaseState): Role | undefined {
  return state === 'active' ? 'ok' : state === 'declined' ? 'error' : 'dim';
}
