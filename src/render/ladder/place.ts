/**
 * Where the columns go, left to right: the client, then the relay, then every server in the order the
 * exchange met it, then (once the ARP rows are known) other hosts that spoke ARP about the client's address.
 */
import type { Transaction } from '../../report/types.js';
import type { Columns } from './columns.js';

export function isBroadcast(step: { readonly l2: string; readonly l3: string }): boolean {
  return step.l2 === 'broadcast' || step.l3 === 'broadcast';
}

/** The relay's column: giaddr names it; it talks to the server from its own (server-side) address, one column all the same. */
export function placeRelay(columns: Columns, t: Transaction): void {
  columns.addHost('relay', t.relay?.giaddr);
  const relayColumn = t.relay ? columns.columnOfIp(t.relay.giaddr) : undefined;
  for (const s of t.steps) {
    if (s.direction !== 'relay') continue;
    if (relayColumn === undefined) columns.addHost('relay', s.from.ip, s.from.mac);
    else columns.alias(relayColumn, s.from.ip, s.from.mac);
  }
}

/**
 * One column per server. Steps first: the MAC a reply really came from beats the one the server list
 * remembers (behind a relay the server's replies arrive from the relay's MAC). Then servers only named (by an
 * offer, option 54, or a unicast REQUEST's destination).
 */
export function placeServers(columns: Columns, t: Transaction): void {
  for (const s of t.steps) {
    if (s.direction === 'server') columns.addHost('server', s.from.ip, s.from.mac);
    columns.addHost('server', s.server);
  }
  for (const o of t.offers) columns.addHost('server', o.server);
  if (t.server) columns.addHost('server', t.server);
  for (const s of t.steps) {
    if (s.direction === 'client' && !isBroadcast(s)) columns.addHost('server', s.to.ip, s.to.mac);
  }
  if (columns.all.length === 1) columns.addPlaceholder();
}
