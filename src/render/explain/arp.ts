/**
 * The client's ARP around its handshake, read as RFC 5227 says: probes (sender 0.0.0.0) ask whether anyone
 * already uses the address, an answer means it is taken, announcements claim it, and a first request usually
 * looks for the router or server.
 */
import type { Transaction, TransactionArp } from '../../report/types.js';
import type { Draft } from './types.js';
import { frames, plural, span } from './words.js';

const isAck = (tx: Transaction): boolean => tx.steps.some((s) => s.messageType === 'ACK' && s.direction === 'server');

export function explainArp(tx: Transaction, d: Draft): void {
  const own = tx.arp.filter((a) => !a.fromOther);
  const probes = own.filter((a) => a.kind === 'probe');
  const answers = tx.arp.filter((a) => a.fromOther);
  const announcements = own.filter((a) => a.kind === 'announcement');
  const address = tx.assignedIp ?? probes[0]?.targetIp;
  if (probes.length > 0) {
    const gap = probes.length > 1 ? `, ${span((probes.at(-1)!.epoch - probes[0]!.epoch) * 1000)} apart from first to last` : '';
    d.say(`Before using ${probes[0]!.targetIp}, the client checks that nobody else has it: ${plural(probes.length, 'ARP probe')} ("who has ${probes[0]!.targetIp}?", ${frames(probes.map((a) => a.frame))}${gap}) with sender address 0.0.0.0, so no neighbour learns a binding that may turn out wrong (RFC 5227 §2.1.1).`, probes.map((a) => a.frame));
    d.say(
      answers.length > 0
        ? `${answers[0]!.senderMac} answered (${frames(answers.map((a) => a.frame))}): ${answers[0]!.senderIp} is already in use by another machine. An answered probe means the client must not use the address; it should decline it and ask again (RFC 5227 §2.1.1, RFC 2131 §4.4.1).`
        : 'Nobody answered, so the address is free to use.',
      answers.map((a) => a.frame),
    );
  } else if (answers.length > 0) {
    d.say(`${answers[0]!.senderMac} answered for ${answers[0]!.senderIp} in ARP (${frames(answers.map((a) => a.frame))}): another machine uses the address this client was given.`, answers.map((a) => a.frame));
  } else if (isAck(tx) && address && (tx.kind === 'DORA' || tx.kind === 'INIT-REBOOT')) {
    d.say(`The client sent no ARP probe for ${address} in this capture. RFC 2131 §4.4.1 says it should check the address before using it; some clients (dhclient, udhcpc) skip the RFC 5227 probe or check another way.`);
  }
  const requests = own.filter((a) => a.kind === 'request');
  const announce = (): void => {
    if (announcements.length === 0) return;
    d.say(`It announces ${announcements[0]!.senderIp} as its own: ${plural(announcements.length, 'ARP announcement')} (${frames(announcements.map((a) => a.frame))}) with sender and target both ${announcements[0]!.senderIp}, so neighbours update their ARP caches (RFC 5227 §2.3).`, announcements.map((a) => a.frame));
  };
  const request = (): void => {
    if (requests.length > 0) d.say(`Its first ARP request asks for ${requests[0]!.targetIp} (frame ${requests[0]!.frame}): the first host it talks to from its new address, usually its router or the server.`, [requests[0]!.frame]);
  };
  // In the order they happened.
  if (requests.length > 0 && announcements.length > 0 && requests[0]!.frame < announcements[0]!.frame) {
    request();
    announce();
  } else {
    announce();
    request();
  }
  const replies = own.filter((a: TransactionArp) => a.kind === 'reply');
  if (replies.length > 0) d.say(`It answers ARP for ${replies[0]!.senderIp} (${frames(replies.map((a) => a.frame))}): someone asked who has its new address, and it said it does.`, replies.map((a) => a.frame));
}
