/**
 * Text drawing of a ladder diagram: a character canvas with a colour role per cell, merged into segments.
 * Meaning never rests on colour alone: ⇉ broadcast, → unicast, ✗ delivery not as RFC 2131 expects (or an
 * ARP conflict), ↻ retransmission.
 */
import { sanitize } from '../sanitize.js';
import { duration, relative } from './format.js';
import type { Ladder, LadderColumn, LadderRow } from '../ladder/index.js';
import type { Role } from './theme.js';

export interface Segment {
  readonly text: string;
  readonly role?: Role;
}

class Canvas {
  private readonly chars: string[];
  private readonly roles: (Role | undefined)[];
  constructor(readonly width: number) {
    this.chars = Array.from({ length: width }, () => ' ');
    this.roles = Array.from({ length: width }, () => undefined);
  }
  put(x: number, text: string, role?: Role): void {
    [...text].forEach((ch, i) => {
      const at = x + i;
      if (at < 0 || at >= this.width) return;
      this.chars[at] = ch;
      this.roles[at] = role;
    });
  }
  segments(): Segment[] {
    const out: Segment[] = [];
    let text = '';
    let role: Role | undefined;
    this.chars.forEach((ch, i) => {
      const r = this.roles[i];
      if (r !== role && text !== '') {
        out.push(role ? { text, role } : { text });
        text = '';
      }
      role = r;
      text += ch;
    });
    if (text !== '') out.push(role ? { text, role } : { text });
    return out;
  }
}

export interface Geometry {
  /** Columns before the diagram: marker (2) + time (9) + space. */
  readonly margin: number;
  readonly diagram: number;
  readonly notes: number;
  readonly slot: number;
  readonly x: readonly number[];
}

export const MARGIN = 12;

/**
 * Each column gets an equal slot with its lifeline in the middle, so every label has the slot's width
 * (18 fits a MAC address); what is left on the right holds latency and notes.
 */
export function geometry(columns: number, width: number): Geometry {
  const room = Math.max(20, width - MARGIN);
  const slot = Math.max(6, Math.min(20, Math.floor((room - 14) / Math.max(1, columns))));
  const x = Array.from({ length: columns }, (_, i) => slot * i + Math.floor(slot / 2));
  // Labels of the last column may reach the end of its slot; arrows end at its lifeline.
  const diagram = slot * columns;
  return { margin: MARGIN, diagram, slot, notes: Math.max(0, width - MARGIN - diagram - 1), x };
}

function label(column: LadderColumn, line: 0 | 1): string {
  return sanitize(line === 0 ? column.title : column.name);
}

const COLUMN_ROLE: { readonly [kind in LadderColumn['kind']]: Role } = {
  client: 'client',
  relay: 'relay',
  server: 'server',
  other: 'warning',
  lan: 'dim',
};

/** The two header lines: role (and hypervisor) then address, centred over each lifeline. */
export function drawHeader(ladder: Ladder, g: Geometry): Segment[][] {
  return ([0, 1] as const).map((line) => {
    const canvas = new Canvas(g.diagram);
    ladder.columns.forEach((column, i) => {
      let text = label(column, line);
      const max = Math.max(1, g.slot - 1);
      if (text.length > max) text = `${text.slice(0, max - 1)}…`;
      const lo = i * g.slot;
      const start = Math.max(lo, Math.min(lo + g.slot - text.length, (g.x[i] ?? 0) - Math.floor(text.length / 2)));
      canvas.put(start, text, COLUMN_ROLE[column.kind]);
    });
    const margin = line === 0 ? `  ${'time'.padStart(MARGIN - 3)} ` : ' '.repeat(MARGIN);
    const notes: Segment[] = line === 0 && g.notes > 8 ? [{ text: ` ${'Δt'.padStart(5)} note`, role: 'dim' }] : [];
    return [{ text: margin, role: 'dim' as const }, ...canvas.segments(), ...notes];
  });
}

export function rowRole(row: LadderRow): Role {
  if (row.conflict) return 'error';
  if (row.retransmission) return 'dim';
  if (row.kind === 'arp') return row.from === 0 ? 'client' : 'warning';
  if (row.kind === 'check') return 'dim';
  if (row.label === 'NAK' || row.label === 'DECLINE') return 'error';
  const direction = row.step?.direction;
  return direction === 'server' ? 'server' : direction === 'relay' ? 'relay' : 'client';
}

export function arrowLabel(row: LadderRow): { readonly text: string; readonly bad: string } {
  const mark = row.broadcast ? '⇉' : '→';
  const bad = !row.deliveryOk || row.conflict ? ' ✗' : '';
  return { text: ` ${sanitize(row.label)} ${mark}${row.retransmission ? ' ↻' : ''}`, bad: `${bad} ` };
}

/** One arrow line: relative time, the arrow between lifelines with its label, then latency and notes. */
export function drawRow(row: LadderRow, g: Geometry, selected: boolean): Segment[] {
  const canvas = new Canvas(g.diagram);
  for (const x of g.x) canvas.put(x, '│', 'dim');
  const role = rowRole(row);
  const a = g.x[row.from] ?? 0;
  const b = g.x[row.to] ?? g.diagram - 1;
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  if (hi > lo) {
    canvas.put(lo + 1, '─'.repeat(Math.max(0, hi - lo - 1)), role);
    for (const x of g.x) if (x > lo && x < hi) canvas.put(x, '┼', role);
    canvas.put(a, a < b ? '├' : '┤', role);
    canvas.put(a < b ? b - 1 : b + 1, a < b ? '▶' : '◀', role);
    const { text, bad } = arrowLabel(row);
    // Label the first hop when it fits, so a broadcast's crossings (┼) of the other lifelines stay visible.
    const next = a < b ? g.x.find((x) => x > a) : [...g.x].reverse().find((x) => x < a);
    const firstHop = next === undefined ? hi - lo : Math.abs(next - a);
    const span = text.length + bad.length <= firstHop - 4 ? firstHop : hi - lo;
    const left = a < b ? lo : Math.max(lo, a - span);
    const room = span - 4;
    const shown = text.length + bad.length <= room ? text : text.slice(0, Math.max(0, room - bad.length));
    const start = left + 2 + Math.max(0, Math.floor((room - shown.length - bad.length) / 2));
    canvas.put(start, shown, role);
    if (bad.trim() !== '') canvas.put(start + shown.length, bad, 'error');
  } else {
    // A host's own action (a server checking an address before offering it): its label on its lifeline.
    const text = ` ${sanitize(row.label)}${row.conflict ? ' ✗' : ''} `;
    canvas.put(Math.max(0, a - Math.floor(text.length / 2)), text, role);
  }
  const notes: Segment[] = [];
  const latency = row.latencyMs !== undefined ? duration(row.latencyMs) : '';
  notes.push({ text: ` ${latency.padStart(5)}`, role: 'dim' });
  if (!row.deliveryOk) notes.push({ text: ` ✗ expected ${sanitize(row.expected ?? '?')}`, role: 'error' });
  if (row.note) notes.push({ text: ` ${sanitize(row.note)}`, role: row.conflict ? 'error' : 'dim' });
  const time = Number.isNaN(row.rel) ? `#${row.frame}` : relative(row.rel);
  return [
    { text: selected ? '› ' : '  ', role },
    { text: `${time.padStart(MARGIN - 3)} `, role: row.retransmission ? 'dim' : 'info' },
    ...canvas.segments(),
    ...notes,
  ];
}
