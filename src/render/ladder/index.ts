/**
 * buildLadder: a transaction (and what the report knows of its hosts) → columns and arrows. In order:
 * place the columns (client, relay, servers), draw a row per DHCP step, add columns for other hosts that
 * spoke ARP about the client's address, draw a row per ARP frame and per server address check (with a column
 * for each checked address), sort by time, measure each hop's latency.
 */
import type { Client, Server, Transaction } from '../../report/types.js';
import { Columns, hostsOf } from './columns.js';
import { withLatency } from './latency.js';
import { placeRelay, placeServers } from './place.js';
import { arpFramesOf, arpRow, byTime, checkRow, missingArpRow, stepRow, type PacketLookup } from './rows.js';
import type { Ladder } from './types.js';

export type { ColumnKind, Ladder, LadderColumn, LadderRow, RowKind } from './types.js';
export type { PacketLookup } from './rows.js';

export interface LadderContext {
  /** The packet record of a frame, when the report (or an index) holds it: ARP details come from it. */
  readonly packetOf?: PacketLookup;
  readonly servers?: readonly Server[];
  /** For the vendor or VM tag of the client's and other hosts' columns. */
  readonly clients?: readonly Client[];
}

const NO_PACKET: PacketLookup = () => undefined;

export function buildLadder(t: Transaction, context: LadderContext = {}): Ladder {
  const columns = new Columns(hostsOf(context.servers, context.clients));
  columns.addClient(t);
  placeRelay(columns, t);
  placeServers(columns, t);

  const base = timeOrigin(t);
  const stepRows = t.steps.map((s) => stepRow(s, columns, base));

  const arp = arpFramesOf(t, context.packetOf ?? NO_PACKET);
  for (const f of arp) if (!('missing' in f)) columns.addOther(f.arp.senderMac);
  const arpRows = arp.map((f) => ('missing' in f ? missingArpRow(f.frame, columns) : arpRow(f, columns, base)));

  const checks = t.addressChecks ?? [];
  for (const c of checks) columns.addChecked(c.ip);
  const checkRows = checks.map((c) => checkRow(c, columns, base));

  return { columns: columns.all, rows: withLatency(byTime([...stepRows, ...arpRows, ...checkRows])) };
}

/** Date.parse keeps only milliseconds: the steps' epochs are the precise origin when there are any. */
function timeOrigin(t: Transaction): number {
  if (t.steps.length > 0) return t.steps.reduce((min, s) => Math.min(min, s.epoch), Number.POSITIVE_INFINITY);
  return Date.parse(t.firstTime) / 1000;
}
