import { useCallback, useEffect, useMemo, useReducer, useRef, type ReactNode } from 'react';
import { useApp, useInput, type Key } from 'ink';
import type { LiveReport } from '../../report/live.js';
import { keyToCommand, splitKeys } from './keys.js';
import { Screen, pageSize } from './screen.js';
import { initState, reducer, type State, type ViewName } from './state.js';
import { ThemeProvider, makeTheme } from './theme.js';
import { derive, useDerived } from './use-derived.js';
import { useLiveReport } from './use-live-report.js';
import { useTerminalSize, type Size } from './use-terminal-size.js';

/** Time a packet filter may take between two redraws. */
const SCAN_SLICE_MS = 150;
/**
 * Time the work between keys takes at a time (counting filtered lists, building look-ups): a key waits at
 * most this long for the slice under way, then for its own redraw.
 */
const IDLE_SLICE_MS = 10;

export interface AppProps {
  readonly live: LiveReport;
  readonly noColor?: boolean;
  readonly title?: string;
  /** Fixed terminal size (tests); otherwise the real one, following resizes. */
  readonly size?: Size;
  readonly initialView?: ViewName;
  /** Start with the explanation pane open (--explain). */
  readonly explain?: boolean;
  /** Called when the user quits, before the app exits. */
  readonly onQuit?: () => void;
}

/**
 * Wires keys to the reducer and the state to the screen; nothing else lives here.
 * The view state is kept in a ref and reduced synchronously on every key, then React is asked to redraw:
 * a key typed before React got round to rendering the previous one still acts on the newest state.
 */
export function App({ live, noColor = false, title, size: fixedSize, initialView, explain = false, onQuit }: AppProps): ReactNode {
  const { exit } = useApp();
  const report = useLiveReport(live);
  const size = useTerminalSize(fixedSize);
  const store = useRef<State | null>(null);
  store.current ??= { ...initState(initialView), explain };
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const packetAt = useMemo(() => live.packet?.bind(live), [live]);
  const { derived, cache } = useDerived(report, store.current, packetAt, live.frames);
  const latest = useRef({ report, size, onQuit });
  /** The next slice of work between keys; a key cancels it, so that its redraw comes first. */
  const idle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  latest.current = { report, size, onQuit };
  const onKey = useCallback(
    (chunk: string, chunkKey: Key) => {
      const now = latest.current;
      clearTimeout(idle.current);
      for (const [input, key] of splitKeys(chunk, chunkKey)) {
        const state = store.current ?? initState();
        const command = keyToCommand(input, key, state, derive(now.report, state, cache, packetAt, live.frames), pageSize(now.size));
        if (command === null) continue;
        if (command.type === 'quit') {
          now.onQuit?.();
          exit();
          return;
        }
        store.current = reducer(state, command);
      }
      redraw();
    },
    [exit, cache],
  );
  useInput(onKey);
  // A packet filter still looking through the frames takes another slice after each redraw, keys in between.
  const scanning = derived.model.packetsInProgress;
  useEffect(() => {
    if (!scanning) return undefined;
    const id = setTimeout(() => {
      scanning.advance(SCAN_SLICE_MS);
      redraw();
    }, 0);
    return () => clearTimeout(id);
  });
  // Between keys, a slice at a time: the tab bar's counts for the views not shown under a filter, then (once
  // the capture is read) what later keys will look up. A key waits at most for the slice under way.
  // The work starts again after each redraw (this effect), so a key's redraw never waits behind it.
  useEffect(() => {
    const model = derived.model;
    const slice = (): void => {
      const deadline = Date.now() + IDLE_SLICE_MS;
      const counting = model.countNext(deadline);
      if (counting === 'counted') redraw();
      else if (counting === 'more' || model.prepare(deadline)) idle.current = setTimeout(slice, 0);
    };
    idle.current = setTimeout(slice, 0);
    return () => clearTimeout(idle.current);
  });
  const name = title ?? report.captures.map((c) => c.path).join(', ');
  return (
    <ThemeProvider theme={makeTheme(!noColor)}>
      <Screen state={store.current} d={derived} size={size} title={name || 'capture'} />
    </ThemeProvider>
  );
}
