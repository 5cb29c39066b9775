import { useReducer, type ReactNode } from 'react';
import { useApp, useInput } from 'ink';
import type { LiveReport } from '../../report/live.js';
import { keyToCommand } from './keys.js';
import { Screen, pageSize } from './screen.js';
import { initState, reducer, type ViewName } from './state.js';
import { ThemeProvider, makeTheme } from './theme.js';
import { useDerived } from './use-derived.js';
import { useLiveReport } from './use-live-report.js';
import { useTerminalSize, type Size } from './use-terminal-size.js';

export interface AppProps {
  readonly live: LiveReport;
  readonly noColor?: boolean;
  readonly title?: string;
  /** Fixed terminal size (tests); otherwise the real one, following resizes. */
  readonly size?: Size;
  readonly initialView?: ViewName;
  /** Called when the user quits, before the app exits. */
  readonly onQuit?: () => void;
}

/** Wires keys to the reducer and the state to the screen; nothing else lives here. */
export function App({ live, noColor = false, title, size: fixedSize, initialView, onQuit }: AppProps): ReactNode {
  const { exit } = useApp();
  const report = useLiveReport(live);
  const size = useTerminalSize(fixedSize);
  const [state, dispatch] = useReducer(reducer, initialView, initState);
  const derived = useDerived(report, state);
  useInput((input, key) => {
    const command = keyToCommand(input, key, state, derived, pageSize(size));
    if (command === null) return;
    if (command.type === 'quit') {
      onQuit?.();
      exit();
      return;
    }
    dispatch(command);
  });
  const name = title ?? report.captures.map((c) => c.path).join(', ');
  return (
    <ThemeProvider theme={makeTheme(!noColor)}>
      <Screen state={state} d={derived} size={size} title={name || 'capture'} />
    </ThemeProvider>
  );
}
