/**
 * Fields other branches added to the Report (the shared contracts in the coordination notes): a server's network
 * (`servers[].network`) and a server's own check of an address before its OFFER (`transactions[].addressChecks`).
 * Read here through one narrow door so the templates work on reports that have them and on reports that do not.
 */
import type { AddressCheck, Server, ServerNetwork, Transaction } from '../../report/types.js';

export type { AddressCheck, NetworkKind, NetworkMode } from '../../report/types.js';
export type NetworkInfo = ServerNetwork;

export function networkOf(server: Server): NetworkInfo | undefined {
  return server.network;
}

export function addressChecksOf(tx: Transaction): readonly AddressCheck[] {
  return tx.addressChecks ?? [];
}
