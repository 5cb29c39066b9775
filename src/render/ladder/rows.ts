/**
 * The arrows: one per DHCP step, one per ARP frame of the client (its probes and announcements, and answers
 * from other hosts), each between two columns.
 */
import type { AddressCheck, PacketArp, PacketRecord, Step, Transaction } from '../../report/types.js';
import { checkEpoch, checkNote } from '../address-check.js';
import type { Columns } from './columns.js';
import { isBroadcast } from './place.js';
import type { LadderRow } from './types.js';

/** An ARP frame as the ladder needs it, from its packet record or (without one) the transaction's own list. */
export interface ArpFrame {
  readonly frame: number;
  readonly epoch: number;
  readonly broadcast: boolean;
  readonly arp: Pick<PacketArp, 'kind' | 'senderMac' | 'senderIp' | 'targetIp'> & { readonly targetMac?: string };
}

export type PacketLookup = (frame: number) => PacketRecord | undefined;

export function arpFramesOf(t: Transaction, packetOf: PacketLookup): (ArpFrame | { readonly frame: number; readonly missing: true })[] {
  const described = new Map((t.arp ?? []).map((a) => [a.frame, a]));
  return t.arpFrames.map((frame) => {
    const p = packetOf(frame);
    if (p?.arp) return { frame, epoch: p.epoch, broadcast: p.l2 === 'broadcast', arp: p.arp };
    const a = described.get(frame);
    // Probes, announcements and requests are broadcast; a reply goes to the asker.
    if (a) return { frame, epoch: a.epoch, broadcast: a.kind !== 'reply', arp: a };
    return { frame, missing: true } as const;
  });
}

function stepNote(s: Step): string {
  const yiaddr = s.yiaddr && s.yiaddr !== '0.0.0.0' ? s.yiaddr : '';
  return [yiaddr, s.icmpUnreachable ? 'ICMP unreachable' : '', s.note ?? ''].filter(Boolean).join(' · ');
}

/** A client message leaves the client's column; a server or relay message leaves its sender's and goes to its target, else the client. */
export function stepRow(s: Step, columns: Columns, base: number): LadderRow {
  const farthest = columns.last;
  const from = s.direction === 'client' ? 0 : (columns.columnOf(s.from.ip, s.from.mac) ?? columns.columnOf(s.server, null) ?? farthest);
  let to: number;
  if (s.direction === 'client') to = isBroadcast(s) ? farthest : (columns.columnOf(s.to.ip, s.to.mac) ?? farthest);
  else {
    const target = columns.columnOf(s.to.ip, s.to.mac);
    to = target !== undefined && target !== from ? target : 0;
  }
  return {
    kind: 'step',
    frame: s.frame,
    rel: s.epoch - base,
    label: s.messageType,
    from,
    to,
    broadcast: isBroadcast(s),
    deliveryOk: s.deliveryOk,
    expected: s.expectedDelivery,
    retransmission: s.retransmission,
    conflict: false,
    note: stepNote(s),
    step: s,
  };
}

function arpNote(arp: ArpFrame['arp'], conflict: boolean): string {
  if (arp.kind === 'reply') return `${conflict ? 'CONFLICT: ' : ''}${arp.senderIp} is-at ${arp.senderMac}`;
  if (arp.kind === 'announcement') return `${arp.senderIp} is mine`;
  return `who-has ${arp.targetIp}`;
}

/**
 * The client's ARP goes out to the far right (everyone); another host's answer comes back to the client and
 * is a conflict: someone else holds the address.
 */
export function arpRow(f: ArpFrame, columns: Columns, base: number): LadderRow {
  const last = columns.last;
  const from = columns.columnOfMac(f.arp.senderMac) ?? 0;
  const conflict = from !== 0 && f.arp.kind === 'reply';
  const to = from !== 0 ? 0 : f.arp.kind === 'reply' ? (columns.columnOfMac(f.arp.targetMac) ?? last) : last;
  return {
    kind: 'arp',
    frame: f.frame,
    rel: f.epoch - base,
    label: `ARP ${f.arp.kind === 'announcement' ? 'announce' : f.arp.kind}`,
    from,
    to: to === from ? last : to,
    broadcast: f.broadcast,
    deliveryOk: true,
    retransmission: false,
    conflict,
    note: arpNote(f.arp, conflict),
  };
}

/** A server's check of an address: an arrow from the server to the checked address, before the OFFER. */
export function checkRow(c: AddressCheck, columns: Columns, base: number): LadderRow {
  return {
    kind: 'check',
    frame: c.frames[0] ?? 0,
    rel: checkEpoch(c) - base,
    label: c.methods.includes('icmp') ? 'PING' : 'ARP?',
    from: columns.columnOfIp(c.server) ?? columns.last,
    to: columns.columnOfIp(c.ip) ?? columns.last,
    broadcast: false,
    deliveryOk: true,
    retransmission: false,
    // Offering an address whose check was answered is the finding CHECKED_ADDRESS_OFFERED.
    conflict: c.answered && c.offered === 'same',
    note: checkNote(c),
  };
}

/** A row for an ARP frame the report does not describe: drawn, and said to be missing. */
export function missingArpRow(frame: number, columns: Columns): LadderRow {
  return {
    kind: 'arp',
    frame,
    rel: Number.NaN,
    label: 'ARP',
    from: 0,
    to: columns.last,
    broadcast: true,
    deliveryOk: true,
    retransmission: false,
    conflict: false,
    note: 'frame not in report',
  };
}

/** ARP rows are merged into the steps by time; rows without a time go last. The sort is stable. */
export function byTime(rows: readonly LadderRow[]): LadderRow[] {
  return [...rows].sort((a, b) => (Number.isNaN(a.rel) ? 1 : 0) - (Number.isNaN(b.rel) ? 1 : 0) || (a.rel - b.rel || 0));
}
