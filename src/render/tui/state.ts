/**
 * View state of the TUI: which view is shown, where each list's cursor is, the filter, the focus inside the
 * Handshakes view and the overlay. A pure reducer over typed actions; the key map (keys.ts) turns key presses
 * into these actions, looking up list lengths and jump targets in the derived model so the reducer stays dumb.
 */

export const VIEWS = ['overview', 'handshakes', 'leases', 'arp', 'findings', 'packets'] as const;
export type ViewName = (typeof VIEWS)[number];
export type ListView = Exclude<ViewName, 'overview'>;

export type Overlay =
  | { readonly kind: 'help' }
  /** `frames`: the frames `[` and `]` step through (a server's address check: its ARP and ICMP frames). */
  | { readonly kind: 'packet'; readonly frame: number; readonly field: number; readonly frames?: readonly number[] }
  /** A lease and what the lease database holds for its address, side by side (Enter on a disagreement). */
  | { readonly kind: 'lease'; readonly index: number };

export interface FilterState {
  /** The filter in force (empty: none). */
  readonly applied: string;
  /** Text being typed after `/`; null when not editing. */
  readonly draft: string | null;
  /** Why the draft was not applied ("column 6: …"), shown in the footer until the next key. */
  readonly error?: string | undefined;
}

/** How the Packets view shows time, as Wireshark's View › Time Display Format. */
export const TIME_FORMATS = ['absolute', 'relative', 'delta'] as const;
export type TimeFormat = (typeof TIME_FORMATS)[number];

export interface State {
  readonly view: ViewName;
  readonly selection: { readonly [view in ListView]: number };
  /** Handshakes: the cursor is in the transaction list or in the selected transaction's ladder. */
  readonly focus: 'list' | 'steps';
  readonly step: number;
  readonly filter: FilterState;
  readonly overlay: Overlay | null;
  readonly timeFormat: TimeFormat;
  /** The explanation pane (`e`) under the view, following the selection; its first line shown. */
  readonly explain: boolean;
  readonly explainOffset: number;
}

export type Action =
  | { readonly type: 'view'; readonly view: ViewName }
  | { readonly type: 'cycleView'; readonly delta: 1 | -1 }
  /** Move the active cursor (list, ladder step or packet field) by delta, within [0, count). */
  | { readonly type: 'move'; readonly delta: number; readonly count: number }
  | { readonly type: 'focusSteps'; readonly step: number }
  | { readonly type: 'focusList' }
  | { readonly type: 'openPacket'; readonly frame: number; readonly frames?: readonly number[] }
  /** In a packet pane opened on several frames: the next (1) or previous (-1) of them. */
  | { readonly type: 'stepPacket'; readonly delta: 1 | -1 }
  | { readonly type: 'openLease'; readonly index: number }
  | { readonly type: 'closeOverlay' }
  | { readonly type: 'toggleHelp' }
  | { readonly type: 'filterStart' }
  | { readonly type: 'filterInput'; readonly text: string }
  | { readonly type: 'filterBackspace' }
  | { readonly type: 'filterApply' }
  | { readonly type: 'filterClear' }
  | { readonly type: 'filterError'; readonly message: string }
  | { readonly type: 'cycleTime' }
  | { readonly type: 'toggleExplain' }
  /** Scroll the explanation pane by delta lines, within [0, lines). */
  | { readonly type: 'scrollExplain'; readonly delta: number; readonly lines: number }
  | {
      readonly type: 'jump';
      readonly view: ListView;
      readonly index: number;
      readonly step?: number;
      readonly clearFilter: boolean;
    };

export const initialState: State = {
  view: 'overview',
  selection: { handshakes: 0, leases: 0, arp: 0, findings: 0, packets: 0 },
  focus: 'list',
  step: 0,
  filter: { applied: '', draft: null },
  overlay: null,
  timeFormat: 'absolute',
  explain: false,
  explainOffset: 0,
};

export function initState(view: ViewName = 'overview'): State {
  return { ...initialState, view };
}

function clamp(value: number, count: number): number {
  if (count <= 0) return 0;
  return Math.max(0, Math.min(count - 1, value));
}

function move(state: State, delta: number, count: number): State {
  const overlay = state.overlay;
  if (overlay?.kind === 'packet') return { ...state, overlay: { ...overlay, field: clamp(overlay.field + delta, count) } };
  if (overlay) return state;
  if (state.view === 'overview') return state;
  if (state.view === 'handshakes' && state.focus === 'steps') return { ...state, step: clamp(state.step + delta, count) };
  const view = state.view;
  const index = clamp(state.selection[view] + delta, count);
  if (index === state.selection[view]) return state;
  return { ...state, selection: { ...state.selection, [view]: index }, step: view === 'handshakes' ? 0 : state.step };
}

const NO_SELECTION = initialState.selection;

/** A new selection starts its explanation from the top. */
export function reducer(state: State, action: Action): State {
  const next = reduce(state, action);
  return next !== state && action.type !== 'scrollExplain' && next.explainOffset !== 0 ? { ...next, explainOffset: 0 } : next;
}

function reduce(state: State, action: Action): State {
  switch (action.type) {
    case 'view':
      return { ...state, view: action.view, overlay: null };
    case 'cycleView': {
      const index = VIEWS.indexOf(state.view);
      const next = VIEWS[(index + action.delta + VIEWS.length) % VIEWS.length] ?? 'overview';
      return { ...state, view: next, overlay: null };
    }
    case 'move':
      return move(state, action.delta, action.count);
    case 'focusSteps':
      return { ...state, focus: 'steps', step: action.step };
    case 'focusList':
      return { ...state, focus: 'list' };
    case 'openPacket':
      return { ...state, overlay: { kind: 'packet', frame: action.frame, field: 0, ...(action.frames && action.frames.length > 1 ? { frames: action.frames } : {}) } };
    case 'stepPacket': {
      const overlay = state.overlay;
      if (overlay?.kind !== 'packet' || !overlay.frames) return state;
      const at = overlay.frames.indexOf(overlay.frame) + action.delta;
      const frame = overlay.frames[at];
      return frame === undefined ? state : { ...state, overlay: { ...overlay, frame, field: 0 } };
    }
    case 'openLease':
      return { ...state, overlay: { kind: 'lease', index: action.index } };
    case 'closeOverlay':
      return { ...state, overlay: null };
    case 'toggleHelp':
      return { ...state, overlay: state.overlay?.kind === 'help' ? null : { kind: 'help' } };
    case 'filterStart':
      return { ...state, filter: { applied: state.filter.applied, draft: state.filter.applied } };
    case 'filterInput':
      return { ...state, filter: { applied: state.filter.applied, draft: (state.filter.draft ?? '') + action.text } };
    case 'filterBackspace':
      return { ...state, filter: { applied: state.filter.applied, draft: (state.filter.draft ?? '').slice(0, -1) } };
    case 'filterError':
      return { ...state, filter: { ...state.filter, error: action.message } };
    case 'cycleTime':
      return { ...state, timeFormat: TIME_FORMATS[(TIME_FORMATS.indexOf(state.timeFormat) + 1) % TIME_FORMATS.length] ?? 'absolute' };
    case 'filterApply': {
      const applied = (state.filter.draft ?? state.filter.applied).trim();
      return { ...state, filter: { applied, draft: null }, selection: NO_SELECTION, focus: 'list', step: 0 };
    }
    case 'filterClear':
      return { ...state, filter: { applied: '', draft: null }, selection: NO_SELECTION, focus: 'list', step: 0 };
    case 'toggleExplain':
      return { ...state, explain: !state.explain, explainOffset: 0 };
    case 'scrollExplain':
      return { ...state, explainOffset: clamp(state.explainOffset + action.delta, action.lines) };
    case 'jump':
      return {
        ...state,
        view: action.view,
        selection: { ...state.selection, [action.view]: action.index },
        focus: action.step === undefined ? 'list' : 'steps',
        step: action.step ?? 0,
        overlay: null,
        filter: action.clearFilter ? { applied: '', draft: null } : state.filter,
      };
    default:
      return assertNever(action);
  }
}

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
