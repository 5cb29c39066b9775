/**
 * Fields of the Report the templates read through one narrow door: a server's network (`servers[].network`,
 * absent from reports made before networks were classified) and a server's own check of an address before its
 * OFFER (`transactions[].addressChecks`, a shared contract read here before its producer lands).
 */
import type { Server, ServerNetwork, Transaction } from '../../report/types.js';

export type { NetworkKind, NetworkMode, ServerNetwork as NetworkInfo } from '../../report/types.js';

export interface AddressCheck {
  readonly server: string;
  readonly ip: string;
  readonly methods: readonly ('arp' | 'icmp')[];
  readonly frames: readonly number[];
  readonly answered: boolean;
  readonly answerFrames: readonly number[];
  readonly time: string;
  readonly durationMs: number | null;
  readonly offered: 'same' | 'other' | 'none';
}

export function networkOf(server: Server): ServerNetwork | undefined {
  return server.network;
}

export function addressChecksOf(tx: Transaction): readonly AddressCheck[] {
  return (tx as Transaction & { readonly addressChecks?: readonly AddressCheck[] }).addressChecks ?? [];
}
