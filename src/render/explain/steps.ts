/**
 * One template per kind of step (step-kind.ts): what this message is for, filled with this capture's addresses,
 * times and frames, then how it travelled against the rule (delivery.ts).
 */
import type { Report, Step, Transaction } from '../../report/types.js';
import { addressChecksOf } from './contract.js';
import { deliverySentence } from './delivery.js';
import { stepKind, type StepKind } from './step-kind.js';
import { Draft, type Explanation } from './types.js';
import { and, client, clock, frames, leaseLength, optionOf, quote, span, ZERO_IP } from './words.js';

interface StepContext {
  readonly report: Report;
  readonly tx: Transaction;
  readonly step: Step;
  readonly d: Draft;
}

type Template = (c: StepContext) => void;

const ms = (a: Step, b: Step): number => (b.epoch - a.epoch) * 1000;
const firstClientStep = (tx: Transaction): Step | undefined => tx.steps.find((s) => s.direction === 'client');

function relaySentence(c: StepContext): void {
  const { tx, d } = c;
  if (!tx.relay) {
    d.say('Routers do not forward this broadcast unless a DHCP relay is configured on them; here none was (giaddr 0.0.0.0), so the server that answered sits on the client\'s own segment.');
    return;
  }
  const r = tx.relay;
  const agent = [r.circuitId ? `circuit-id ${quote(r.circuitId)}` : '', r.remoteId ? `remote-id ${quote(r.remoteId)}` : ''].filter(Boolean);
  d.say(`A relay agent at ${r.giaddr} forwarded it to a server on another network: the relay writes its own address in giaddr (${r.giaddr}) so the server knows which subnet to pick an address from (RFC 2131 §4.1, RFC 1542), and counts the hop (hops ${r.hops}).`);
  if (agent.length > 0) d.say(`The relay also added option 82 (${and(agent)}), which tells the server where the client is plugged in (RFC 3046).`);
}

function flagSentence(c: StepContext): void {
  const { step, d } = c;
  d.say(
    step.broadcastFlag
      ? 'It set the BOOTP broadcast flag: it cannot receive unicast IP before it has an address, so servers must broadcast their answers to it (RFC 2131 §4.1).'
      : 'It left the BOOTP broadcast flag clear, so a server may answer with unicast to its MAC and the address it is offered (RFC 2131 §4.1).',
  );
}

function retransmission(c: StepContext): void {
  const { tx, step, d } = c;
  if (!step.retransmission) return;
  const earlier = tx.steps.filter((s) => s.messageType === step.messageType && s.direction === step.direction && s.frame !== step.frame && s.epoch <= step.epoch);
  const first = earlier[0];
  d.say(
    first
      ? `This is a retransmission: the same ${step.messageType} as frame ${first.frame}, sent again ${span(ms(first, step))} later because no usable answer had come (RFC 2131 §4.1: clients retransmit with a growing delay).`
      : `This is a retransmission of an earlier ${step.messageType}: no usable answer had come.`,
    first ? [first.frame] : [],
  );
}

/** The other offers of this exchange, and each server's own check of an address before offering it. */
function otherOffers(c: StepContext): void {
  const { tx, step, d } = c;
  const mine = tx.offers.find((o) => o.frame === step.frame);
  for (const o of tx.offers) {
    if (o.frame === step.frame || o.server === mine?.server) continue;
    const other = tx.steps.find((s) => s.frame === o.frame);
    const when = other ? `${span(Math.abs(ms(step, other)))} ${other.epoch >= step.epoch ? 'later' : 'earlier'}` : '';
    d.say(`Another server, ${o.server}, also offered ${o.yiaddr}${when ? `, ${when}` : ''} (frame ${o.frame}).`, [o.frame]);
  }
  for (const check of addressChecksOf(tx)) {
    if (tx.offers.length < 2 && check.server !== step.server) continue;
    const who = check.server === step.server ? 'This server' : check.server;
    const by = and(check.methods.map((m) => (m === 'arp' ? 'ARP' : 'ICMP echo (ping)')));
    const took = check.durationMs !== null ? `, which took ${span(check.durationMs)} before its OFFER` : '';
    const result = check.answered
      ? `Someone answered (${frames(check.answerFrames)}): ${check.ip} is in use, so the server ${check.offered === 'other' ? 'offered another address' : check.offered === 'none' ? 'offered nothing' : 'offered it anyway'}.`
      : 'Nobody answered, so the address was free.';
    d.say(`${who} first checked that ${check.ip} was free with ${by} (${frames(check.frames)})${took}; that is why its offer came later. ${result}`, [...check.frames, ...check.answerFrames]);
  }
  const request = tx.steps.find((s) => s.messageType === 'REQUEST' && s.direction === 'client' && s.server !== undefined);
  if (tx.offers.length > 1 && request?.server) {
    const chosen = tx.offers.find((o) => o.server === request.server);
    const firstOffer = [...tx.offers].sort((a, b) => a.frame - b.frame)[0];
    const first = chosen && firstOffer && chosen.frame === firstOffer.frame ? ': it answered first' : '';
    d.say(`The client chose ${request.server}'s offer (option 54 in its REQUEST, frame ${request.frame})${first}.`, [request.frame]);
  }
}

/** The last ACK of the lease this exchange renews or rebinds, and how far into that lease the client was. */
function leaseTiming(c: StepContext, share: string): void {
  const { report, tx, step, d } = c;
  const ip = tx.assignedIp ?? tx.requestedIp ?? step.from.ip;
  const lease = report.leases.find((l) => l.mac === tx.clientMac && (l.transactions.includes(tx.id) || l.ip === ip));
  const earlier = (lease?.transactions ?? [])
    .map((id) => report.transactions.find((t) => t.id === id))
    .filter((t): t is Transaction => t !== undefined && t.id !== tx.id && t.firstTime < tx.firstTime);
  const prev = earlier.at(-1);
  const ack = prev?.steps.filter((s) => s.messageType === 'ACK' && s.direction === 'server').at(-1);
  if (!prev || !ack) return;
  const lengthNote = prev.leaseSeconds !== undefined ? ` of a ${leaseLength(prev.leaseSeconds)} lease` : '';
  d.say(`It came ${span(ms(ack, step))} after the ACK in frame ${ack.frame}${lengthNote}; ${share}`, [ack.frame]);
}

const TEMPLATES: Readonly<Record<StepKind, Template>> = {
  DISCOVER(c) {
    const { tx, step, d } = c;
    const noAddress = step.from.ip === ZERO_IP;
    d.say(
      `${client(tx)} ${noAddress ? 'has no address yet, so it' : `sends from ${step.from.ip} but`} asks every host on its segment for one: it broadcasts a DISCOVER (frame ${step.frame}, at ${clock(step.time)}, UDP port 68 to 67).`,
      [step.frame],
    );
    relaySentence(c);
    if (tx.rapidCommit) d.say('It carries option 80, Rapid Commit (RFC 4039): the client will take an ACK straight away, skipping OFFER and REQUEST.');
    flagSentence(c);
  },
  OFFER(c) {
    const { report, tx, step, d } = c;
    const lease = optionOf(report, step.frame, 51);
    const discover = firstClientStep(tx);
    const after = discover ? `, ${span(ms(discover, step))} after the DISCOVER` : '';
    d.say(`${step.server ?? step.from.ip} offers ${step.yiaddr ?? 'an address'}${lease ? ` for ${leaseLength(Number(lease))}` : ''} in frame ${step.frame}${after}. An offer is only a proposal: nothing is leased until the client asks for it and the server ACKs.`, [step.frame]);
    if (tx.relay && step.from.ip === tx.relay.giaddr) d.say(`It reaches the client from the relay ${tx.relay.giaddr} (the relay's MAC), while option 54 still names the real server, ${step.server ?? 'unknown'}.`);
    else if (step.l2 === 'unicast' && !step.broadcastFlag) d.say('The server sends it unicast to the client\'s MAC because the client did not set the broadcast flag; RFC 2131 §4.1 allows that.');
    else if (step.broadcastFlag) d.say('The server broadcasts it because the client set the broadcast flag.');
    otherOffers(c);
  },
  'REQUEST-SELECTING'(c) {
    const { tx, step, d } = c;
    const chosen = step.server ? `names the server it chose in option 54 (${step.server})` : 'names no server (option 54 missing)';
    const asked = tx.requestedIp ? ` and the address in option 50 (${tx.requestedIp})` : '';
    d.say(`The client answers the offer: its REQUEST (frame ${step.frame}) ${chosen}${asked}. This is the SELECTING state (RFC 2131 §4.3.2, §4.4.1).`, [step.frame]);
    const losers = [...new Set(tx.offers.map((o) => o.server).filter((s) => s !== step.server))];
    d.say(
      losers.length > 0
        ? `It broadcasts even though it knows the server, so every server that offered hears the choice: ${and(losers)} learns it was not chosen and takes back its offer.`
        : 'It broadcasts even though it knows the server, so that any other server that offered would learn it was not chosen.',
    );
  },
  'REQUEST-INIT-REBOOT'(c) {
    const { tx, step, d } = c;
    d.say(`${client(tx)} remembers an earlier address${tx.requestedIp ? `, ${tx.requestedIp},` : ''} and asks to keep it (option 50) without a DISCOVER: the INIT-REBOOT state, after a reboot or a reconnect (RFC 2131 §4.3.2, §4.4.2). Frame ${step.frame}.`, [step.frame]);
    d.say('It names no server (no option 54) and broadcasts, because it does not know yet whether it is still on the network that gave it the address.');
  },
  'REQUEST-RENEWING'(c) {
    const { step, d } = c;
    d.say(`Time T1 came, so the client renews its lease directly with the server that gave it: a REQUEST from its own address ${step.from.ip} to ${step.to.ip}, with ciaddr set (frame ${step.frame}). This is the RENEWING state (RFC 2131 §4.4.5).`, [step.frame]);
    leaseTiming(c, 'T1 is half the lease unless the server set option 58.');
  },
  'REQUEST-REBINDING'(c) {
    const { step, d } = c;
    d.say(`The server did not answer the renewal before T2, so the client now asks any server: it broadcasts a REQUEST from ${step.from.ip} (ciaddr set) to ${step.to.ip} (frame ${step.frame}). This is the REBINDING state (RFC 2131 §4.4.5).`, [step.frame]);
    leaseTiming(c, 'T2 is 87.5% of the lease unless the server set option 59.');
  },
  ACK(c) {
    const { tx, step, d } = c;
    const lease = tx.leaseSeconds !== undefined ? ` for ${leaseLength(tx.leaseSeconds)}` : '';
    const renew = tx.kind === 'RENEW' || tx.kind === 'REBIND' ? ' The lease starts again from this moment.' : '';
    d.say(`In its ACK (frame ${step.frame}, at ${clock(step.time)}), ${step.server ?? step.from.ip} confirms that ${step.yiaddr ?? tx.assignedIp ?? 'the address'} belongs to ${tx.clientMac}${lease}. The client may use the address now.${renew}`, [step.frame]);
    if (tx.relay && step.from.ip === tx.relay.giaddr) d.say(`It reaches the client from the relay ${tx.relay.giaddr}, while option 54 still names the real server, ${step.server ?? 'unknown'}.`);
  },
  'ACK-RAPID-COMMIT'(c) {
    const { tx, step, d } = c;
    const discover = firstClientStep(tx);
    d.say(`${step.server ?? step.from.ip} answers the DISCOVER${discover ? ` (frame ${discover.frame})` : ''} directly with an ACK for ${step.yiaddr ?? 'the address'} (frame ${step.frame}), carrying option 80: Rapid Commit (RFC 4039) makes the exchange two messages instead of four.`, discover ? [discover.frame, step.frame] : [step.frame]);
    d.say('A server answers this way only when the client asked for it (option 80 in its DISCOVER) and the server is set up to allow it.');
  },
  'ACK-INFORM'(c) {
    const { step, d } = c;
    d.say(`${step.server ?? step.from.ip} answers the INFORM with settings only (frame ${step.frame}): yiaddr is 0.0.0.0 and there is no lease time, because the client already has its address (RFC 2131 §3.4, §4.3.5). No lease is made.`, [step.frame]);
  },
  NAK(c) {
    const { tx, step, d } = c;
    const msg = tx.nakMessage ? ` with the message ${quote(tx.nakMessage)} (option 56)` : '';
    d.say(`${step.server ?? step.from.ip} refuses the request (NAK, frame ${step.frame})${msg}. The client must stop using ${tx.requestedIp ?? 'the address'} and start again with a DISCOVER (RFC 2131 §3.2, §4.3.2).`, [step.frame]);
    if (tx.kind === 'INIT-REBOOT') d.say(`A server refuses an INIT-REBOOT request when the address does not belong to this network: the client moved, or its old lease is gone.`);
    const selected = tx.steps.find((s) => s.messageType === 'REQUEST' && s.server !== undefined)?.server;
    if (selected && step.server && selected !== step.server) d.say(`The client had chosen ${selected}, not ${step.server}; a NAK from a server it did not choose does not count if the chosen one ACKs.`);
  },
  INFORM(c) {
    const { tx, step, d } = c;
    d.say(`${client(tx)} already has an address, ${step.from.ip}, set by hand; it only asks for the other settings (router, DNS, domain) with an INFORM (frame ${step.frame}, RFC 2131 §3.4, §4.4.3). No lease is made.`, [step.frame]);
  },
  RELEASE(c) {
    const { tx, step, d } = c;
    d.say(`${client(tx)} gives back ${step.from.ip} to ${step.server ?? step.to.ip} with a RELEASE (frame ${step.frame}, at ${clock(step.time)}; RFC 2131 §4.4.6). The server may hand the address to another client from now on, and no answer is expected.`, [step.frame]);
  },
  DECLINE(c) {
    const { report, tx, step, d } = c;
    const probe = report.transactions.flatMap((t) => (t.clientMac === tx.clientMac && t.xid === tx.xid ? t.arp : [])).find((a) => a.fromOther);
    d.say(`${client(tx)} tells the servers that the address it was given is already used by another machine: a DECLINE (frame ${step.frame}; RFC 2131 §3.1 step 5, §4.4.1).`, [step.frame]);
    if (probe) d.say(`Its reason is on the wire: ${probe.senderMac} answered for ${probe.senderIp} in ARP (frame ${probe.frame}).`, [probe.frame]);
    d.say('It sends from 0.0.0.0 to the broadcast address because it has no address it may use; the server marks the address as taken and the client starts over.');
  },
  'BOOTP-REQUEST'(c) {
    const { tx, step, d } = c;
    d.say(`${client(tx)} sends a plain BOOTP request (frame ${step.frame}): no DHCP message type (option 53), the older protocol DHCP grew out of (RFC 951). BOOTP has no leases: an address it gets is its own until someone changes the server's table.`, [step.frame]);
  },
  'BOOTP-REPLY'(c) {
    const { step, d } = c;
    d.say(`${step.server ?? step.from.ip} answers with a BOOTP reply${step.yiaddr ? ` giving ${step.yiaddr}` : ''} (frame ${step.frame}). A DHCP server answers BOOTP clients without a lease time (RFC 1534).`, [step.frame]);
  },
  'RELAY-TO-SERVER'(c) {
    const { tx, step, d } = c;
    const r = tx.relay;
    d.say(`The relay ${step.from.ip} forwards the client's ${step.messageType} to the server ${step.to.ip} as unicast from UDP port 67 to 67 (frame ${step.frame}), with giaddr ${r?.giaddr ?? 'set'} so the server knows the client's subnet and answers back to the relay (RFC 2131 §4.1, RFC 1542).`, [step.frame]);
    if (r?.circuitId || r?.remoteId) d.say(`It adds option 82 (${and([r.circuitId ? `circuit-id ${quote(r.circuitId)}` : '', r.remoteId ? `remote-id ${quote(r.remoteId)}` : ''].filter(Boolean))}): where the client is plugged in (RFC 3046).`);
  },
  'SERVER-TO-RELAY'(c) {
    const { tx, step, d } = c;
    d.say(`${step.server ?? step.from.ip} answers the relay ${step.to.ip}, not the client: when giaddr is set a reply goes to the relay, which hands it to the client on its own segment (RFC 2131 §4.1). ${step.messageType}${step.yiaddr ? ` for ${step.yiaddr}` : ''}, frame ${step.frame}.`, [step.frame]);
    if (tx.kind === 'DORA' && step.messageType === 'OFFER') otherOffers(c);
  },
  OTHER(c) {
    const { step, d } = c;
    d.say(`A ${step.messageType} from ${step.from.ip} to ${step.to.ip} (frame ${step.frame}, at ${clock(step.time)}).`, [step.frame]);
  },
};

/** Notes that hold for any kind of step: the ICMP error that quoted it, a second copy of the same packet. */
function notes(c: StepContext): void {
  const { tx, step, d } = c;
  const original = tx.steps.find((s) => s.frame !== step.frame && s.messageType === step.messageType && s.direction === step.direction && !s.icmpUnreachable && !s.duplicate && s.epoch <= step.epoch);
  const of = original ? ` of frame ${original.frame}` : '';
  if (step.icmpUnreachable) {
    d.say(`This is no new message: frame ${step.frame} is an ICMP "port unreachable" quoting the ${step.messageType}${of}. The message reached ${step.to.ip}, but nothing listened on its DHCP port there (a server that is down or stopped).`, [step.frame, ...(original ? [original.frame] : [])]);
  } else if (step.duplicate) {
    d.say(`Frame ${step.frame} is the same packet${of} captured a second time (a capture on several interfaces sees it on each), not a new message.`, [step.frame]);
  }
}

export function explainStep(report: Report, tx: Transaction, stepIndex: number): Explanation {
  const step = tx.steps[stepIndex];
  const d = new Draft();
  if (!step) return d.say(`${tx.id} has no step ${stepIndex + 1}.`).done(`${tx.id} step ${stepIndex + 1}`);
  const kind = stepKind(tx, step);
  const c: StepContext = { report, tx, step, d };
  // A copy of an earlier message (quoted in ICMP, or captured twice) says what it is, not the message again.
  if (step.icmpUnreachable || step.duplicate) notes(c);
  else {
    TEMPLATES[kind](c);
    retransmission(c);
  }
  d.say(deliverySentence(step, kind), [step.frame]);
  return d.done(`Frame ${step.frame}: ${step.messageType}${kindSuffix(kind)}`);
}

const SUFFIX: Partial<Readonly<Record<StepKind, string>>> = {
  'REQUEST-SELECTING': ' (SELECTING)',
  'REQUEST-INIT-REBOOT': ' (INIT-REBOOT)',
  'REQUEST-RENEWING': ' (RENEWING, unicast at T1)',
  'REQUEST-REBINDING': ' (REBINDING, broadcast at T2)',
  'ACK-RAPID-COMMIT': ' (rapid commit)',
  'ACK-INFORM': ' (answer to INFORM)',
  'RELAY-TO-SERVER': ' (relay → server)',
  'SERVER-TO-RELAY': ' (server → relay)',
};

function kindSuffix(kind: StepKind): string {
  return SUFFIX[kind] ?? '';
}

export { TEMPLATES as STEP_TEMPLATES };
