/** Drives the TUI through ink-testing-library: keys in, the last frame out. */
import { render } from 'ink-testing-library';
import { App } from '../../../src/render/tui/app.js';
import type { LiveReport } from '../../../src/report/live.js';
import type { Report } from '../../../src/report/types.js';
import { buildSampleReport, staticLive } from '../../helpers/sample-report.js';

export const KEY = {
  enter: '\r',
  escape: '\u001B',
  tab: '\t',
  shiftTab: '\u001B[Z',
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  backspace: '\u007F',
  ctrlC: '\u0003',
} as const;

export const tick = (ms = 20): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface Harness {
  /** Press keys one after another (each a separate write, with a tick after it). */
  press(...keys: string[]): Promise<void>;
  /** Waits (at most 2 s) until the frame contains `text`: for what the UI fills in between keys. */
  until(text: string): Promise<void>;
  /** Type text one character at a time. */
  type(text: string): Promise<void>;
  frame(): string;
  /** Every frame written so far (raw, with any escape codes). */
  frames(): readonly string[];
  unmount(): void;
}

export interface HarnessOptions {
  readonly columns?: number;
  readonly rows?: number;
  readonly noColor?: boolean;
  readonly live?: LiveReport;
  readonly onQuit?: () => void;
}

export async function renderApp(report: Report = buildSampleReport(), options: HarnessOptions = {}): Promise<Harness> {
  const ui = render(
    <App
      live={options.live ?? staticLive(report)}
      noColor={options.noColor ?? true}
      size={{ columns: options.columns ?? 80, rows: options.rows ?? 24 }}
      {...(options.onQuit ? { onQuit: options.onQuit } : {})}
    />,
  );
  await tick();
  // Input is handled asynchronously; a loaded machine may take longer than a tick to redraw, so after the
  // tick wait (a bounded time) for the frame that the key produced.
  const press = async (...keys: string[]): Promise<void> => {
    for (const key of keys) {
      const before = ui.frames.length;
      ui.stdin.write(key);
      await tick();
      const deadline = Date.now() + 2000;
      while (ui.frames.length === before && Date.now() < deadline) await tick(5);
    }
  };
  const until = async (text: string): Promise<void> => {
    const deadline = Date.now() + 2000;
    while (!(ui.lastFrame() ?? '').includes(text) && Date.now() < deadline) await tick(5);
  };
  return {
    press,
    until,
    type: (text) => press(...text),
    frame: () => ui.lastFrame() ?? '',
    frames: () => ui.frames,
    unmount: () => ui.unmount(),
  };
}

/** The line of the frame that contains `text` (or undefined). */
export function lineWith(frame: string, text: string): string | undefined {
  return frame.split('\n').find((line) => line.includes(text));
}
