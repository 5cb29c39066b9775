import type { PacketRecord, Report } from './types.js';

/**
 * A report that is still being built (a large file or stdin being read). The TUI subscribes and redraws;
 * `snapshot()` is cheap enough to call a few times a second.
 */
export interface LiveReport {
  snapshot(): Report;
  /** Called whenever new data was analysed (throttled by the producer). Returns an unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Resolves when reading is over (also on a broken input: the report then carries the warnings). */
  readonly finished: Promise<void>;
  /** A packet record the report does not hold: a large capture's records are read again from the file on demand. */
  packet?(frame: number, opts?: { readonly hex?: boolean }): PacketRecord | undefined;
  /** Every DHCP/ARP frame of the plain capture files, by position (the Packets view). */
  readonly frames?: { readonly size: number; frameAt(i: number): number };
}
