import { useRef } from 'react';
import type { PacketRecord, Report, Transaction } from '../../report/types.js';
import { buildLadder, type Ladder } from '../ladder/index.js';
import { buildModel, type Model, type PacketLookup } from './model.js';
import type { FrameList } from './packet-rows.js';
import { packetFields, type FieldRow } from './packet-fields.js';
import type { ListView, State } from './state.js';

export interface PacketView {
  readonly frame: number;
  readonly record: PacketRecord | undefined;
  readonly fields: readonly FieldRow[];
}

export interface Derived {
  readonly model: Model;
  /** Selection of a list, clamped to the list's current length (computing only that list). */
  index(view: ListView): number;
  readonly transaction: Transaction | undefined;
  readonly ladder: Ladder | null;
  readonly packet: PacketView | null;
}

/** Memo of the expensive parts, reused while their inputs are the same objects. */
export interface DeriveCache {
  model?: Model;
  filter?: string;
  /** Frames the packet index held when the model was built (it grows while a capture is read). */
  framesSize?: number | undefined;
  ladderOf?: Transaction | undefined;
  ladder?: Ladder | null;
  packetOf?: { readonly model: Model; readonly frame: number };
  packet?: PacketView;
}

function clampIndex(value: number, count: number): number {
  return count === 0 ? 0 : Math.max(0, Math.min(value, count - 1));
}

/**
 * Everything the views and the key map read. Pure apart from the cache, so the key handler can call it with
 * the newest state even before React has rendered it.
 */
export function derive(report: Report, state: State, cache: DeriveCache = {}, packetAt?: PacketLookup, frames?: FrameList): Derived {
  if (cache.model?.report !== report || cache.filter !== state.filter.applied || cache.framesSize !== frames?.size) {
    cache.framesSize = frames?.size;
    cache.model = buildModel(report, state.filter.applied, packetAt, frames);
    cache.filter = state.filter.applied;
  }
  const model = cache.model;
  const index = (view: ListView): number =>
    clampIndex(state.selection[view], view === 'handshakes' ? model.transactions.length : view === 'packets' ? model.packets.length : model[view].length);
  // Only the Handshakes view shows (and its keys use) the selected transaction's ladder.
  const transaction = state.view === 'handshakes' ? model.transactions[index('handshakes')] : undefined;
  if (cache.ladder === undefined || cache.ladderOf !== transaction) {
    cache.ladderOf = transaction;
    cache.ladder = transaction ? buildLadder(transaction, { packetOf: (frame) => model.packet(frame), servers: report.servers }) : null;
  }
  let packet: PacketView | null = null;
  if (state.overlay?.kind === 'packet') {
    const frame = state.overlay.frame;
    if (!cache.packet || cache.packetOf?.model !== model || cache.packetOf.frame !== frame) {
      const record = model.packet(frame);
      cache.packetOf = { model, frame };
      cache.packet = { frame, record, fields: record ? packetFields(record) : [] };
    }
    packet = cache.packet;
  }
  return { model, index, transaction, ladder: cache.ladder, packet };
}

/** `derive` with a cache that lives as long as the component. */
export function useDerived(report: Report, state: State, packetAt?: PacketLookup, frames?: FrameList): { derived: Derived; cache: DeriveCache } {
  const cache = useRef<DeriveCache>({}).current;
  return { derived: derive(report, state, cache, packetAt, frames), cache };
}
