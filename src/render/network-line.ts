/** The one-line account of a DHCP service's network, shared by the text timeline and the TUI overview. */
import type { Server } from '../report/types.js';

/** e.g. "looks like VMware NAT network (vmnet8): NAT gateway and DNS at .2, DHCP at .254 (confidence high)". */
export function networkLine(s: Server): string | undefined {
  const n = s.network;
  if (!n) return undefined;
  const what = n.kind === 'lan' ? n.label : `looks like ${n.label}`;
  return `${what}${n.roles ? `: ${n.roles}` : ''} (confidence ${n.confidence})`;
}
