import { useMemo } from 'react';
import type { PacketRecord, Report, Transaction } from '../../report/types.js';
import { buildLadder, type Ladder } from './ladder-model.js';
import { buildModel, type Model } from './model.js';
import { packetFields, type FieldRow } from './packet-fields.js';
import type { ListView, State } from './state.js';

export interface Derived {
  readonly model: Model;
  /** Selection of each list, clamped to the list's current length. */
  readonly index: { readonly [view in ListView]: number };
  readonly transaction: Transaction | undefined;
  readonly ladder: Ladder | null;
  readonly packet: { readonly frame: number; readonly record: PacketRecord | undefined; readonly fields: readonly FieldRow[] } | null;
}

function clampIndex(value: number, count: number): number {
  return count === 0 ? 0 : Math.max(0, Math.min(value, count - 1));
}

export function derive(model: Model, state: State): Omit<Derived, 'ladder' | 'packet'> {
  const index = {
    handshakes: clampIndex(state.selection.handshakes, model.transactions.length),
    leases: clampIndex(state.selection.leases, model.leases.length),
    arp: clampIndex(state.selection.arp, model.arp.length),
    findings: clampIndex(state.selection.findings, model.findings.length),
  };
  return { model, index, transaction: model.transactions[index.handshakes] };
}

/** Everything the views and the key map read, memoised on the report snapshot and the view state. */
export function useDerived(report: Report, state: State): Derived {
  const model = useMemo(() => buildModel(report, state.filter.applied), [report, state.filter.applied]);
  const base = derive(model, state);
  const { transaction } = base;
  const ladder = useMemo(
    () => (transaction ? buildLadder(transaction, model.packets, model.report.servers) : null),
    [transaction, model],
  );
  const frame = state.overlay?.kind === 'packet' ? state.overlay.frame : undefined;
  const packet = useMemo(() => {
    if (frame === undefined) return null;
    const record = model.packets.get(frame);
    return { frame, record, fields: record ? packetFields(record) : [] };
  }, [frame, model]);
  return { ...base, ladder, packet };
}
