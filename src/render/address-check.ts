/** How a server's own check of an address reads, in the ladder (TUI) and the text timeline alike. */
import type { AddressCheck } from '../report/types.js';

/** "server checked 10.77.3.150: no answer, 1.00 s" and what the server did next. */
export function checkNote(c: AddressCheck): string {
  const outcome = c.answered ? `answered${c.answerMac ? ` by ${c.answerMac}` : ''} (in use)` : 'no answer';
  // Until the OFFER: the time the check cost when it found the address free.
  const wait = c.durationMs !== null && !c.answered ? `, ${(c.durationMs / 1000).toFixed(2)} s` : '';
  const then = c.offered === 'other' ? ', offered another address' : c.offered === 'none' ? ', no offer' : c.answered ? ', offered it anyway' : '';
  return `server checked ${c.ip}: ${outcome}${wait}${then}`;
}

/** When the check began, in seconds (from `epoch`, or from the ISO time of a report built without it). */
export function checkEpoch(c: AddressCheck): number {
  return c.epoch ?? Date.parse(c.time) / 1000;
}
