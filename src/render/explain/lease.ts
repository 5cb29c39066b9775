/** A lease explained: who holds which address from which server, for how long, and what its state means. */
import type { Lease, LeaseState, Report } from '../../report/types.js';
import { Draft, type Explanation } from './types.js';
import { and, clock, leaseLength, plural, quote } from './words.js';

export const LEASE_STATE_TEMPLATES: Readonly<Record<LeaseState, string>> = {
  active: 'It was still running when the capture ended: the client may use the address until the end time, renewing at T1 (half the lease) to keep it.',
  expired: 'It ran out during the capture without a renewal: the client had to stop using the address, and the server may give it to another client.',
  released: 'The client gave it back with a RELEASE: the server may give the address to another client now.',
  declined: 'The client declined it: it found the address in use by another machine (an ARP answer) and refused it, so it never used it.',
};

export function explainLease(report: Report, lease: Lease): Explanation {
  const d = new Draft();
  const who = lease.hostname ? `${lease.mac} (${quote(lease.hostname)})` : lease.mac;
  const length = lease.leaseSeconds === null ? 'with no end' : `for ${leaseLength(lease.leaseSeconds)}`;
  d.say(`${lease.server} leased ${lease.ip} to ${who} ${length}, from ${clock(lease.start)}${lease.end ? ` to ${clock(lease.end)}` : ''} UTC.`);
  const txs = lease.transactions.map((id) => report.transactions.find((t) => t.id === id)).filter((t) => t !== undefined);
  const acks = txs.flatMap((t) => t.steps.filter((s) => s.messageType === 'ACK' && s.direction === 'server').map((s) => s.frame));
  if (txs.length > 0) d.say(`Its exchanges: ${and(txs.map((t) => `${t.id} (${t.kind})`))}; the ACKs are ${acks.length === 1 ? `frame ${acks[0]}` : `frames ${acks.join(', ')}`}.`, acks);
  d.say(lease.renewals > 0 ? `The client renewed it ${plural(lease.renewals, 'time')}; each renewal restarts the lease.` : 'It was not renewed in this capture.');
  d.say(LEASE_STATE_TEMPLATES[lease.state]);
  return d.done(`Lease ${lease.ip} → ${lease.mac}`);
}
