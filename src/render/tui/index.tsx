/**
 * The Ink terminal UI. The CLI loads this module with a dynamic import() so that --json never loads React.
 * It reads only the Report (through a LiveReport, so a capture that is still being read updates live).
 */
import { openSync } from 'node:fs';
import { ReadStream } from 'node:tty';
import { render } from 'ink';
import type { LiveReport } from '../../report/live.js';
import { App } from './app.js';
import { yogaReady } from './yoga.js';

// Compiling the layout engine's WebAssembly starts now, while the capture is being read (see yoga.ts).
void yogaReady();

export interface TuiOptions {
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  noColor?: boolean;
  title?: string;
  /** Open with the explanation pane shown (--explain). */
  explain?: boolean;
}

const ENTER_ALT_SCREEN = '\u001B[?1049h\u001B[H';
const LEAVE_ALT_SCREEN = '\u001B[?1049l';

/** NO_COLOR (https://no-color.org): set and not empty. */
export function noColorFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '';
}

/**
 * Keys come from the terminal even when stdin is the capture itself (`tcpdump -w - | dorascope - --tui`):
 * a stdin that is not a terminal cannot deliver key presses, so /dev/tty is opened instead.
 */
function keyboard(given: NodeJS.ReadStream | undefined): { stream: NodeJS.ReadStream; close: () => void } {
  const stdin = given ?? process.stdin;
  if (stdin.isTTY) return { stream: stdin, close: () => undefined };
  try {
    const tty = new ReadStream(openSync('/dev/tty', 'r'));
    return { stream: tty, close: () => tty.destroy() };
  } catch {
    return { stream: stdin, close: () => undefined };
  }
}

/** Runs the TUI until the user quits (q or Ctrl-C); the terminal is restored before the promise resolves. */
export async function runTui(live: LiveReport, opts: TuiOptions = {}): Promise<void> {
  await yogaReady();
  const stdout = opts.stdout ?? process.stdout;
  const input = keyboard(opts.stdin);
  const fullScreen = stdout.isTTY === true;
  if (fullScreen) stdout.write(ENTER_ALT_SCREEN);
  const app = render(
    <App live={live} noColor={opts.noColor ?? noColorFromEnv()} {...(opts.title !== undefined ? { title: opts.title } : {})} explain={opts.explain === true} />,
    { stdout, stdin: input.stream, exitOnCtrlC: true, patchConsole: false },
  );
  try {
    await app.waitUntilExit();
  } finally {
    app.cleanup();
    if (fullScreen) stdout.write(LEAVE_ALT_SCREEN);
    input.close();
  }
}
