/**
 * The ladder diagram of one transaction as data: columns (client, relays, servers, other ARP speakers) and
 * rows (one per DHCP step or ARP frame of the client), each an arrow between two columns. ladder.tsx draws it.
 */
import { checkNote } from '../address-check.js';
import type { PacketArp, PacketRecord, Server, Step, Transaction } from '../../report/types.js';
import { epochOf } from './format.js';

export type ColumnKind = 'client' | 'relay' | 'server' | 'other' | 'lan';

export interface LadderColumn {
  readonly kind: ColumnKind;
  /** First label line: role (and hypervisor). */
  readonly title: string;
  /** Second label line: IP or MAC. */
  readonly name: string;
}

export interface LadderRow {
  readonly kind: 'step' | 'arp' | 'check';
  readonly frame: number;
  /** Seconds since the transaction's first step (NaN when the time is unknown). */
  readonly rel: number;
  readonly label: string;
  readonly from: number;
  readonly to: number;
  /** Delivered to everyone on the segment (drawn across every column it passes). */
  readonly broadcast: boolean;
  readonly deliveryOk: boolean;
  readonly expected?: string;
  readonly retransmission: boolean;
  readonly conflict: boolean;
  readonly latencyMs?: number;
  /** Short text beside the arrow (address offered, ARP question...). */
  readonly note: string;
  readonly step?: Step;
}

export interface Ladder {
  readonly columns: readonly LadderColumn[];
  readonly rows: readonly LadderRow[];
}

const BROADCAST = '255.255.255.255';

function isBroadcast(step: Step): boolean {
  return step.l2 === 'broadcast' || step.l3 === 'broadcast';
}

const ARP_UNKNOWN: LadderRow = {
  kind: 'arp',
  frame: 0,
  rel: Number.NaN,
  label: 'ARP',
  from: 0,
  to: 0,
  broadcast: true,
  deliveryOk: true,
  retransmission: false,
  conflict: false,
  note: 'frame not in report',
};

function arpNote(arp: PacketArp, conflict: boolean): string {
  if (arp.kind === 'reply') return `${conflict ? 'CONFLICT: ' : ''}${arp.senderIp} is-at ${arp.senderMac}`;
  if (arp.kind === 'announcement') return `${arp.senderIp} is mine`;
  return `who-has ${arp.targetIp}`;
}

export function buildLadder(
  t: Transaction,
  packetOf: (frame: number) => PacketRecord | undefined,
  servers: readonly Server[] = [],
): Ladder {
  const columns: LadderColumn[] = [{ kind: 'client', title: t.hostname ? `client ${t.hostname}` : 'client', name: t.clientMac }];
  const byIp = new Map<string, number>();
  const byMac = new Map<string, number>([[t.clientMac, 0]]);
  const serverInfo = new Map(servers.map((s) => [s.ip, s]));
  const add = (kind: ColumnKind, ip: string | undefined, mac?: string | null): void => {
    if (!ip || ip === BROADCAST || ip === '0.0.0.0') return;
    const known = byIp.get(ip);
    if (known !== undefined) {
      if (mac && !byMac.has(mac)) byMac.set(mac, known);
      return;
    }
    const info = serverInfo.get(ip);
    const title = kind === 'server' && info?.hypervisor ? `server ${info.hypervisor.kind}` : kind;
    byIp.set(ip, columns.length);
    const knownMac = mac ?? info?.mac;
    if (knownMac && !byMac.has(knownMac)) byMac.set(knownMac, columns.length);
    columns.push({ kind, title, name: ip });
  };

  add('relay', t.relay?.giaddr);
  // A relay talks to the server from its own (server-side) address, not giaddr: one column all the same.
  const relayColumn = t.relay ? byIp.get(t.relay.giaddr) : undefined;
  for (const s of t.steps) {
    if (s.direction !== 'relay') continue;
    if (relayColumn === undefined) add('relay', s.from.ip, s.from.mac);
    else {
      if (!byIp.has(s.from.ip)) byIp.set(s.from.ip, relayColumn);
      if (s.from.mac && !byMac.has(s.from.mac)) byMac.set(s.from.mac, relayColumn);
    }
  }
  // Steps first: the MAC a reply really came from beats the one the server list remembers (behind a relay
  // the server's replies arrive from the relay's MAC).
  for (const s of t.steps) {
    if (s.direction === 'server') add('server', s.from.ip, s.from.mac);
    add('server', s.server);
  }
  for (const o of t.offers) add('server', o.server);
  if (t.server) add('server', t.server);
  for (const s of t.steps) {
    if (s.direction === 'client' && !isBroadcast(s)) add('server', s.to.ip, s.to.mac);
  }
  if (columns.length === 1) columns.push({ kind: 'lan', title: 'no server', name: 'broadcast' });
  const farthest = columns.length - 1;
  const colOf = (ip: string | undefined, mac: string | null | undefined): number | undefined =>
    (ip !== undefined ? byIp.get(ip) : undefined) ?? (mac ? byMac.get(mac) : undefined);

  // Date.parse keeps only milliseconds: the steps' epochs are the precise origin when there are any.
  const base = t.steps.length > 0 ? Math.min(...t.steps.map((s) => s.epoch)) : epochOf(t.firstTime);
  const rows: LadderRow[] = [];
  for (const s of t.steps) {
    const from = s.direction === 'client' ? 0 : (colOf(s.from.ip, s.from.mac) ?? colOf(s.server, null) ?? farthest);
    let to: number;
    if (s.direction === 'client') to = isBroadcast(s) ? farthest : (colOf(s.to.ip, s.to.mac) ?? farthest);
    else {
      const target = colOf(s.to.ip, s.to.mac);
      to = target !== undefined && target !== from ? target : 0;
    }
    const yiaddr = s.yiaddr && s.yiaddr !== '0.0.0.0' ? s.yiaddr : undefined;
    rows.push({
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
      note: [yiaddr ?? '', s.icmpUnreachable ? 'ICMP unreachable' : '', s.note ?? '']
        .filter(Boolean)
        .join(' · '),
      step: s,
    });
  }

  // Other hosts that spoke ARP about the client's address get their own columns, right of the servers.
  for (const frame of t.arpFrames) {
    const arp = packetOf(frame)?.arp;
    if (arp && !byMac.has(arp.senderMac)) {
      byMac.set(arp.senderMac, columns.length);
      columns.push({ kind: 'other', title: 'other host', name: arp.senderMac });
    }
  }
  // The server's own checks of candidate addresses: an arrow from the server to the address it tested.
  for (const c of t.addressChecks ?? []) {
    if (byIp.has(c.ip)) continue;
    byIp.set(c.ip, columns.length);
    columns.push({ kind: 'other', title: 'checked', name: c.ip });
  }
  const last = columns.length - 1;
  for (const c of t.addressChecks ?? []) {
    rows.push({
      kind: 'check',
      frame: c.frames[0] ?? 0,
      rel: c.epoch - base,
      label: c.methods.includes('icmp') ? 'PING' : 'ARP?',
      from: colOf(c.server, null) ?? farthest,
      to: byIp.get(c.ip) ?? last,
      broadcast: false,
      deliveryOk: true,
      retransmission: false,
      conflict: c.answered && c.offered === 'same',
      note: checkNote(c),
    });
  }
  for (const frame of t.arpFrames) {
    const p = packetOf(frame);
    const arp = p?.arp;
    if (!p || !arp) {
      rows.push({ ...ARP_UNKNOWN, frame, to: last });
      continue;
    }
    const from = byMac.get(arp.senderMac) ?? 0;
    const conflict = from !== 0 && arp.kind === 'reply';
    const to = from !== 0 ? 0 : arp.kind === 'reply' ? (byMac.get(arp.targetMac) ?? last) : last;
    rows.push({
      kind: 'arp',
      frame,
      rel: p.epoch - base,
      label: `ARP ${arp.kind === 'announcement' ? 'announce' : arp.kind}`,
      from,
      to: to === from ? last : to,
      broadcast: p.l2 === 'broadcast',
      deliveryOk: true,
      retransmission: false,
      conflict,
      note: arpNote(arp, conflict),
    });
  }
  // ARP rows are merged into the steps by time; rows without a time go last. The sort is stable.
  rows.sort((a, b) => (Number.isNaN(a.rel) ? 1 : 0) - (Number.isNaN(b.rel) ? 1 : 0) || (a.rel - b.rel || 0));
  return { columns, rows: withLatency(rows) };
}

/** Whether an arrow reaches a column: its target, or any lifeline a broadcast passes. */
function reaches(row: LadderRow, column: number): boolean {
  if (row.to === column) return true;
  return row.broadcast && column > Math.min(row.from, row.to) && column < Math.max(row.from, row.to);
}

/**
 * Latency of each hop that answers or forwards something: the time since the last arrow that reached the
 * column it leaves from (the client's own messages have none: that is the client's think time).
 */
function withLatency(rows: readonly LadderRow[]): LadderRow[] {
  return rows.map((row, i) => {
    if (row.from === 0 || Number.isNaN(row.rel)) return row;
    for (let j = i - 1; j >= 0; j -= 1) {
      const earlier = rows[j];
      if (earlier && earlier.from !== row.from && reaches(earlier, row.from) && !Number.isNaN(earlier.rel)) {
        return { ...row, latencyMs: (row.rel - earlier.rel) * 1000 };
      }
    }
    return row;
  });
}
