/**
 * Key presses → actions. Pure: reads the state and the derived model (list lengths, the ladder row under the
 * cursor, a finding's evidence) so that the reducer never needs the report.
 */
import type { Key } from 'ink';
import type { Finding, Transaction } from '../../report/types.js';
import { buildLadder } from '../ladder/index.js';
import { buildModel, type LeaseRow, type Model } from './model.js';
import { sanitize } from '../sanitize.js';
import { describeFilterError, parseFilter } from '../../query/index.js';
import { VIEWS, type Action, type ListView, type State } from './state.js';
import type { Derived } from './use-derived.js';
import { explanationRows } from './explain-pane.js';
import { explainSelection } from './explain-selection.js';

export type Command = Action | { readonly type: 'quit' };

const ARP_CODES = new Set(['ARP_CONFLICT', 'PROBE_ANSWERED', 'STALE_USE']);
const LEASE_CODES = new Set(['DOUBLE_ASSIGNMENT']);

/** The same report without the filter (where a jump goes when the filter hides its target). */
function unfiltered(model: Model): Model {
  return buildModel(model.report, '', model.packetAt, model.frames);
}

/** Length of the list the cursor is in right now. */
export function activeCount(state: State, d: Derived): number {
  if (state.overlay?.kind === 'packet') return d.packet?.fields.length ?? 0;
  if (state.view === 'overview') return 0;
  if (state.view === 'handshakes' && state.focus === 'steps') return d.ladder?.rows.length ?? 0;
  if (state.view === 'handshakes') return d.model.transactions.length;
  if (state.view === 'packets') return d.model.packets.length;
  return d.model[state.view].length;
}

/** A frame's row in the Packets view (clearing the filter when it hides the frame). */
export function packetTarget(frame: number, model: Model): Command | null {
  const here = model.packets.indexOf(frame);
  if (here >= 0) return { type: 'jump', view: 'packets', index: here, clearFilter: false };
  const everywhere = unfiltered(model).packets.indexOf(frame);
  return everywhere >= 0 ? { type: 'jump', view: 'packets', index: everywhere, clearFilter: true } : null;
}

/** The exchange a frame belongs to, in the Handshakes view, with the cursor on its step. */
export function exchangeTarget(frame: number, model: Model): Command | null {
  const t = model.exchangeOf(frame);
  if (!t) return null;
  const full = (): Model => unfiltered(model);
  return onStep(locate(model, full, 'handshakes', (m) => m.transactions.findIndex((x) => x.id === t.id)), t, model, (n) => n === frame);
}

/** A jump to an exchange, with the ladder cursor on the first step whose frame is wanted. */
function onStep(jump: Command | null, t: Transaction, model: Model, wanted: (frame: number) => boolean): Command | null {
  if (jump?.type !== 'jump') return jump;
  const rows = buildLadder(t, { packetOf: (frame) => model.packet(frame), servers: model.report.servers }).rows;
  const step = rows.findIndex((r) => wanted(r.frame));
  return step >= 0 ? { ...jump, step } : jump;
}

function locate(model: Model, full: () => Model, view: ListView, match: (m: Model) => number): Command | null {
  const here = match(model);
  if (here >= 0) return { type: 'jump', view, index: here, clearFilter: false };
  const everywhere = match(full());
  return everywhere >= 0 ? { type: 'jump', view, index: everywhere, clearFilter: true } : null;
}

/** Where Enter on a finding goes: its first transaction (cursor on the evidence step), else the entry that shows it best. */
export function findingTarget(f: Finding, model: Model): Command | null {
  let fullModel: Model | undefined;
  const full = (): Model => (fullModel ??= unfiltered(model));
  const id = f.transactions?.[0];
  if (id !== undefined) {
    const jump = locate(model, full, 'handshakes', (m) => m.transactions.findIndex((t) => t.id === id));
    const t = model.transaction(id);
    if (jump?.type === 'jump' && t) return onStep(jump, t, model, (n) => f.frames.includes(n));
    if (jump) return jump;
  }
  const arp = (m: Model): number => m.arp.findIndex((b) => f.ips.includes(b.ip));
  const lease = (m: Model): number =>
    m.leases.findIndex((r) => f.ips.includes(r.lease.ip) && (f.macs.length === 0 || f.macs.includes(r.lease.mac)));
  const frames = new Set(f.frames);
  const byFrame = (m: Model): number => m.transactions.findIndex((t) => t.steps.some((s) => frames.has(s.frame)));
  const byMac = (m: Model): number => m.transactions.findIndex((t) => f.macs.includes(t.clientMac));
  const toArp = (): Command | null => locate(model, full, 'arp', arp);
  const toLease = (): Command | null => locate(model, full, 'leases', lease);
  const toFrame = (): Command | null => locate(model, full, 'handshakes', byFrame);
  // The view that shows the evidence best: ARP findings → who claimed the address, lease findings → the
  // overlapping leases, anything else → the exchange that holds the frames.
  const order = ARP_CODES.has(f.code)
    ? [toArp, toLease, toFrame]
    : LEASE_CODES.has(f.code)
      ? [toLease, toArp, toFrame]
      : [toFrame, toLease, toArp];
  for (const target of order) {
    const found = target();
    if (found) return found;
  }
  return locate(model, full, 'handshakes', byMac);
}

/** The database's record of the lease disagrees with the wire, or a lease-database finding names its address. */
export function disagrees(row: LeaseRow, model: Model): boolean {
  if (!row.db || row.source === 'database') return false;
  return row.db.agrees === false || model.report.findings.some((f) => f.sources !== undefined && f.ips.includes(row.lease.ip));
}

function enter(state: State, d: Derived): Command | null {
  if (state.overlay) return null;
  switch (state.view) {
    case 'handshakes':
      if (state.focus === 'list') return d.ladder && d.ladder.rows.length > 0 ? { type: 'focusSteps', step: 0 } : null;
      {
        const row = d.ladder?.rows[state.step];
        if (!row) return null;
        // A server's check opens on its first frame; [ and ] step through its ARP and ICMP frames.
        const check = row.kind === 'check' ? d.transaction?.addressChecks?.find((c) => c.frames[0] === row.frame) : undefined;
        return { type: 'openPacket', frame: row.frame, ...(check ? { frames: [...check.frames, ...check.answerFrames].sort((a, b) => a - b) } : {}) };
      }
    case 'findings': {
      const f = d.model.findings[d.index('findings')];
      return f ? findingTarget(f, d.model) : null;
    }
    case 'leases': {
      // A disagreement with the lease database → both sides; otherwise → the handshake that granted it.
      const row = d.model.leases[d.index('leases')];
      if (row && disagrees(row, d.model)) return { type: 'openLease', index: d.index('leases') };
      const ids = row?.lease.transactions ?? [];
      const id = ids[ids.length - 1];
      if (id === undefined) return null;
      const full = (): Model => unfiltered(d.model);
      return locate(d.model, full, 'handshakes', (m) => m.transactions.findIndex((t) => t.id === id));
    }
    case 'arp': {
      // A conflicted address → the finding that explains it; otherwise → its lease, if DHCP gave it out.
      const b = d.model.arp[d.index('arp')];
      if (!b) return null;
      const full = (): Model => unfiltered(d.model);
      const about = (m: Model): number => {
        const conflict = m.findings.findIndex((f) => f.code === 'ARP_CONFLICT' && f.ips.includes(b.ip));
        return conflict >= 0 ? conflict : m.findings.findIndex((f) => f.ips.includes(b.ip));
      };
      const finding = (): Command | null => locate(d.model, full, 'findings', about);
      const lease = (): Command | null => locate(d.model, full, 'leases', (m) => m.leases.findIndex((r) => r.lease.ip === b.ip));
      return b.conflict ? (finding() ?? lease()) : (lease() ?? finding());
    }
    case 'packets': {
      const frame = selectedFrame(d);
      return frame === undefined ? null : { type: 'openPacket', frame };
    }
    case 'overview':
      return null;
  }
}

function selectedFrame(d: Derived): number | undefined {
  const rows = d.model.packets;
  return rows.length > 0 ? rows.frameAt(d.index('packets')) : undefined;
}

/** `x`: from a packet (list row or open pane) to its exchange; `p`: from a ladder step to its packet. */
function crossJump(input: string, state: State, d: Derived): Command | null {
  const paneFrame = state.overlay?.kind === 'packet' ? state.overlay.frame : undefined;
  if (input === 'x') {
    const frame = paneFrame ?? (state.view === 'packets' ? selectedFrame(d) : undefined);
    return frame === undefined ? null : exchangeTarget(frame, d.model);
  }
  if (input === 'p') {
    const frame = paneFrame ?? (state.view === 'handshakes' && state.focus === 'steps' ? d.ladder?.rows[state.step]?.frame : undefined);
    return frame === undefined ? null : packetTarget(frame, d.model);
  }
  return null;
}

function back(state: State, escape: boolean): Command | null {
  if (state.overlay) return { type: 'closeOverlay' };
  if (state.view === 'handshakes' && state.focus === 'steps') return { type: 'focusList' };
  if (escape && state.filter.applied !== '') return { type: 'filterClear' };
  return null;
}

function editFilter(input: string, key: Key, draft: string): Command | null {
  if (key.return) {
    const parsed = parseFilter(draft);
    return parsed.ok ? { type: 'filterApply' } : { type: 'filterError', message: describeFilterError(parsed.error) };
  }
  if (key.escape) return { type: 'filterClear' };
  if (key.backspace || key.delete) return { type: 'filterBackspace' };
  if (key.ctrl && input === 'c') return { type: 'quit' };
  if (key.ctrl || key.meta || key.tab) return null;
  const text = sanitize(input);
  return text === '' ? null : { type: 'filterInput', text };
}

const NO_KEY: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false,
  end: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false,
  meta: false, super: false, hyper: false, capsLock: false, numLock: false,
};

/**
 * Ink hands over a chunk of several characters at once (keys typed faster than they are read, a paste, or
 * tmux send-keys) as one input; split it back into single key presses.
 */
export function splitKeys(input: string, key: Key): [string, Key][] {
  const chars = [...input];
  if (chars.length <= 1) return [[input, key]];
  return chars.map((c): [string, Key] => {
    const code = c.codePointAt(0) ?? 0;
    if (c === '\r' || c === '\n') return ['', { ...NO_KEY, return: true }];
    if (c === '\t') return ['', { ...NO_KEY, tab: true }];
    if (c === '\u007F' || c === '\b') return ['', { ...NO_KEY, backspace: true }];
    if (code < 0x20) return [String.fromCharCode(code + 96), { ...NO_KEY, ctrl: true }];
    return [c, { ...NO_KEY, shift: /[A-Z]/.test(c) }];
  });
}

export function keyToCommand(input: string, key: Key, state: State, d: Derived, page: number): Command | null {
  if (state.filter.draft !== null) return editFilter(input, key, state.filter.draft);
  if (input === 'q' || (key.ctrl && input === 'c')) return { type: 'quit' };
  if (state.overlay?.kind === 'help') {
    return key.escape || key.return || input === '?' ? { type: 'closeOverlay' } : null;
  }
  if (input === '?') return { type: 'toggleHelp' };
  if (input === 'e' && state.overlay === null) return { type: 'toggleExplain' };
  if ((input === '[' || input === ']') && state.overlay?.kind === 'packet' && state.overlay.frames) return { type: 'stepPacket', delta: input === '[' ? -1 : 1 };
  if ((input === '[' || input === ']') && state.explain && state.overlay === null) {
    return { type: 'scrollExplain', delta: input === '[' ? -3 : 3, lines: explanationRows(explainSelection(state, d), 80).length };
  }
  if (input === '/') return { type: 'filterStart' };
  if (key.tab) return { type: 'cycleView', delta: key.shift ? -1 : 1 };
  const digit = Number(input);
  if (input.length === 1 && digit >= 1 && digit <= VIEWS.length) {
    const view = VIEWS[digit - 1];
    return view ? { type: 'view', view } : null;
  }
  const count = activeCount(state, d);
  const move = (delta: number): Command => ({ type: 'move', delta, count });
  if (key.upArrow || input === 'k') return move(-1);
  if (key.downArrow || input === 'j') return move(1);
  if (key.pageUp || (key.ctrl && input === 'b')) return move(-page);
  if (key.pageDown || (key.ctrl && input === 'f') || input === ' ') return move(page);
  if (key.home || input === 'g') return move(-count);
  if (key.end || input === 'G') return move(count);
  if (key.return) return enter(state, d);
  if (input === 'x' || input === 'p') return crossJump(input, state, d);
  if (input === 't' && state.view === 'packets' && !state.overlay) return { type: 'cycleTime' };
  if ((key.rightArrow || input === 'l') && state.view === 'handshakes' && !state.overlay) return enter(state, d);
  if (key.escape) return back(state, true);
  if (key.leftArrow || input === 'h') return back(state, false);
  return null;
}
