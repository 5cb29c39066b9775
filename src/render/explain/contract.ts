/**
 * Fields other branches add to the Report (the shared contracts in the coordination notes): a server's network
 * (`servers[].network`) and a server's own check of an address before its OFFER (`transactions[].addressChecks`).
 * Read here through one narrow door so the templates work on reports that have them and on reports that do not.
 */
import type { Server, Transaction } from '../../report/types.js';

export type NetworkKind =
  | 'vmware-nat'
  | 'vmware-host-only'
  | 'virtualbox-nat'
  | 'virtualbox-nat-network'
  | 'virtualbox-host-only'
  | 'libvirt-default'
  | 'qemu-user'
  | 'hyperv-default-switch'
  | 'parallels-shared'
  | 'bridged'
  | 'lan';

export type NetworkMode = 'nat' | 'nat-network' | 'host-only' | 'bridged' | 'user' | 'shared' | 'default-switch' | 'lan';

export interface NetworkInfo {
  readonly kind: NetworkKind;
  readonly hypervisor: string | null;
  readonly mode: NetworkMode;
  readonly label: string;
  readonly confidence: 'low' | 'medium' | 'high';
  readonly evidence: readonly string[];
}

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

export function networkOf(server: Server): NetworkInfo | undefined {
  return (server as Server & { readonly network?: NetworkInfo }).network;
}

export function addressChecksOf(tx: Transaction): readonly AddressCheck[] {
  return (tx as Transaction & { readonly addressChecks?: readonly AddressCheck[] }).addressChecks ?? [];
}
