/**
 * An exchange explained as a whole: what kind of conversation it is (one template per TransactionKind), how it
 * ended (one per Outcome), its timing, and the client's ARP around it (arp.ts). explainStep covers each message.
 */
import type { Outcome, Report, Transaction, TransactionKind } from '../../report/types.js';
import { explainArp } from './arp.js';
import { Draft, type Explanation } from './types.js';
import { client, clock, leaseLength, quote, span } from './words.js';

export const KIND_TEMPLATES: Readonly<Record<TransactionKind, (tx: Transaction) => string>> = {
  DORA: (tx) =>
    tx.rapidCommit && !tx.steps.some((s) => s.messageType === 'REQUEST')
      ? `${client(tx)} gets an address with rapid commit (RFC 4039): DISCOVER, then ACK, two messages instead of the usual four.`
      : `${client(tx)} gets an address the usual way, "DORA": Discover (who can give me an address?), Offer (this one), Request (I take it), Ack (it is yours) (RFC 2131 §3.1).`,
  'INIT-REBOOT': (tx) => `${client(tx)} starts up still holding an address from before and asks to keep it, without a DISCOVER: INIT-REBOOT (RFC 2131 §3.2).`,
  RENEW: (tx) => `${client(tx)} renews its lease at T1, talking directly (unicast) to the server that gave it (RFC 2131 §4.4.5).`,
  REBIND: (tx) => `${client(tx)} rebinds: its server did not answer the renewals, T2 came, and it now broadcasts to any server (RFC 2131 §4.4.5).`,
  INFORM: (tx) => `${client(tx)} has an address set by hand and asks only for the other settings: INFORM (RFC 2131 §3.4).`,
  RELEASE: (tx) => `${client(tx)} gives its address back: RELEASE (RFC 2131 §4.4.6).`,
  DECLINE: (tx) => `${client(tx)} refuses the address it was given because another machine already uses it: DECLINE (RFC 2131 §4.4.1).`,
  BOOTP: (tx) => `${client(tx)} speaks BOOTP, DHCP's predecessor (RFC 951): one request, one reply, no lease.`,
  LEASEQUERY: (tx) => `A relay or access device asks the server about the lease of ${tx.clientMac}: lease query (RFC 4388).`,
};

export const OUTCOME_TEMPLATES: Readonly<Record<Outcome, (tx: Transaction) => string>> = {
  ACK: (tx) => `It ended with an ACK from ${tx.server ?? 'the server'}${tx.assignedIp ? `: ${tx.assignedIp}` : ''}${tx.leaseSeconds !== undefined ? ` for ${leaseLength(tx.leaseSeconds)}` : ''}.`,
  NAK: (tx) => `It ended with a NAK from ${tx.server ?? 'the server'}${tx.nakMessage ? ` (${quote(tx.nakMessage)})` : ''}: the client may not use the address and must start again.`,
  NO_OFFER: () => 'Nobody offered an address: no server heard the DISCOVER or none would answer it.',
  NO_REQUEST: () => 'The client got an offer but never asked for it in this capture (it may have chosen another, given up, or the capture ended).',
  NO_ACK: () => 'The client asked, and no server answered before the capture moved on.',
  DECLINED: () => 'The client declined the address; it has to start again with a DISCOVER.',
  RELEASED: () => 'The address is released: no answer is expected.',
  INFORMED: (tx) => `${tx.server ?? 'The server'} answered with the settings; the address stays the one the client set by hand.`,
};

export function explainTransaction(report: Report, tx: Transaction): Explanation {
  const d = new Draft();
  d.say(KIND_TEMPLATES[tx.kind](tx));
  const first = tx.steps[0];
  const lasts = tx.steps.length > 1 ? `, and lasts ${span(tx.durationMs)}` : '';
  if (first) d.say(`It starts at ${clock(first.time)} (frame ${first.frame}) with transaction id ${tx.xid}, which ties its messages together${lasts}.`, [first.frame]);
  d.say(OUTCOME_TEMPLATES[tx.outcome](tx));
  const lat = [tx.latencyMs.offer !== undefined ? `the first offer came ${span(tx.latencyMs.offer)} after the DISCOVER` : '', tx.latencyMs.ack !== undefined ? `the ACK ${span(tx.latencyMs.ack)} after the ${tx.steps.some((s) => s.messageType === 'REQUEST') ? 'REQUEST' : 'client\'s message'}` : ''].filter(Boolean);
  if (lat.length > 0) d.say(`Timing: ${lat.join(', ')}.`);
  if (tx.vlan) d.say(`The client's messages are tagged VLAN ${tx.vlan.join('.')}: this exchange happened on that virtual LAN.`);
  const wrong = tx.steps.filter((s) => !s.deliveryOk);
  if (wrong.length > 0) d.say(`${wrong.length === 1 ? 'One message' : `${wrong.length} messages`} broke RFC 2131's delivery rule (frame ${wrong.map((s) => s.frame).join(', ')}); see below.`, wrong.map((s) => s.frame));
  explainArp(tx, d);
  const own = new Set([...tx.steps.map((st) => st.frame), ...tx.arpFrames]);
  const findings = report.findings.filter((f) => f.transactions?.includes(tx.id) || (!f.transactions && f.frames.some((n) => own.has(n))));
  if (findings.length > 0) d.say(`Findings about it: ${findings.map((f) => `${f.id} ${f.code}`).join(', ')}.`);
  return d.done(`${tx.id} ${tx.kind} → ${tx.outcome}`);
}
