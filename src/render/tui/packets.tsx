/**
 * The Packets view: every DHCP/ARP frame in capture order with Wireshark's columns (No., Time, Source,
 * Destination, Protocol, Info) and a mark on frames a finding names. Only the rows on screen are decoded.
 */
import type { ReactNode } from 'react';
import type { Finding, PacketRecord, Severity } from '../../report/types.js';
import { ListWithDetails, type DetailLine } from './details.js';
import type { Model } from './model.js';
import { summarizePacket, type PacketSummary } from './packet-info.js';
import { severityMark, severityRole } from './roles.js';
import type { TimeFormat } from './state.js';
import type { Column, Rows } from './table.js';

export interface PacketRow {
  readonly frame: number;
  readonly record: PacketRecord | undefined;
  readonly summary: PacketSummary | undefined;
  readonly time: string;
  readonly worst: Severity | undefined;
}

const RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };

function worstOf(findings: readonly Finding[]): Severity | undefined {
  return findings.reduce<Severity | undefined>((w, f) => (w === undefined || RANK[f.severity] > RANK[w] ? f.severity : w), undefined);
}

const COLUMNS: readonly Column<PacketRow>[] = [
  { title: '!', width: 1, priority: 1, text: (r) => (r.worst ? severityMark(r.worst) : ''), role: (r) => (r.worst ? severityRole(r.worst) : undefined) },
  { title: 'No.', width: 7, priority: 1, align: 'right', text: (r) => String(r.frame) },
  { title: 'Time', width: 15, priority: 2, text: (r) => r.time },
  { title: 'Source', width: 17, priority: 3, text: (r) => r.summary?.source ?? '' },
  { title: 'Destination', width: 17, priority: 4, text: (r) => r.summary?.destination ?? '' },
  { title: 'Proto', width: 5, priority: 5, text: (r) => r.summary?.protocol ?? '' },
  { title: 'Info', width: 20, priority: 1, flex: true, text: (r) => r.summary?.info ?? '(not readable again)' },
];

/** HH:MM:SS.ffffff of an ISO time (microseconds, as Wireshark shows them). */
function wallClock(iso: string): string {
  const m = /T(\d\d:\d\d:\d\d)(\.\d+)?/.exec(iso);
  return m ? `${m[1]}${(m[2] ?? '.').padEnd(7, '0').slice(0, 7)}` : iso;
}

export function formatTime(format: TimeFormat, p: PacketRecord | undefined, first: number, previous: PacketRecord | undefined): string {
  if (!p) return '';
  switch (format) {
    case 'absolute':
      return wallClock(p.time);
    case 'relative':
      return Number.isFinite(first) ? (p.epoch - first).toFixed(6) : '';
    case 'delta':
      return previous ? (p.epoch - previous.epoch).toFixed(6) : '0.000000';
  }
}

/** Rows made when the table asks for the visible slice: each frame is read again and described. */
export function packetRowSource(model: Model, format: TimeFormat): Rows<PacketRow> {
  const rows = model.packets;
  const first = model.span?.start ?? Number.NaN;
  return {
    length: rows.length,
    slice: (start, end) => {
      const out: PacketRow[] = [];
      let previous = format === 'delta' && start > 0 ? model.rowPacket(rows.frameAt(start - 1)) : undefined;
      for (let i = Math.max(0, start); i < Math.min(end, rows.length); i += 1) {
        const frame = rows.frameAt(i);
        const record = model.rowPacket(frame);
        out.push({
          frame,
          record,
          summary: record ? summarizePacket(record) : undefined,
          time: formatTime(format, record, first, previous),
          worst: worstOf(model.findingsOfFrame(frame)),
        });
        previous = record;
      }
      return out;
    },
  };
}

function details(model: Model, frame: number | undefined): DetailLine[] {
  if (frame === undefined) return [];
  const t = model.exchangeOf(frame);
  const findings = model.findingsOfFrame(frame);
  return [
    ...findings.slice(0, 2).map((f) => ({ text: `${severityMark(f.severity)} ${f.code}: ${f.message}`, role: severityRole(f.severity) })),
    {
      text: t ? `exchange ${t.id} ${t.kind} ${t.outcome} xid ${t.xid} · x jumps to it · ⏎ opens the packet` : '⏎ opens the packet · part of no exchange',
      role: 'key',
    },
  ];
}

export function Packets(props: { model: Model; selected: number; timeFormat: TimeFormat; width: number; height: number }): ReactNode {
  const { model, selected, width, height } = props;
  const rows = model.packets;
  const scanning = model.packetsInProgress;
  const empty = scanning
    ? `filtering… ${Math.floor((100 * scanning.scanned) / Math.max(1, scanning.total))}%`
    : model.filter !== '' ? `no packet matches "${model.filter}"` : 'no DHCP or ARP packets (yet)';
  const frame = rows.length > 0 ? rows.frameAt(Math.min(selected, rows.length - 1)) : undefined;
  return (
    <ListWithDetails
      columns={COLUMNS}
      rows={packetRowSource(model, props.timeFormat)}
      selected={selected}
      width={width}
      height={height}
      empty={empty}
      details={scanning && rows.length > 0 ? [{ text: `filtering… ${Math.floor((100 * scanning.scanned) / Math.max(1, scanning.total))}% of ${scanning.total} frames`, role: 'dim' }, ...details(model, frame)] : details(model, frame)}
    />
  );
}
