import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { noColorFromEnv, runTui } from '../../../src/render/tui/index.js';
import { buildSampleReport, staticLive } from '../../helpers/sample-report.js';

/** A keyboard and a screen that look enough like a terminal for Ink. */
function terminal(): { stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream; output: () => string; type: (s: string) => void } {
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => input, ref: () => input, unref: () => input });
  let written = '';
  const output = Object.assign(new PassThrough(), { isTTY: true, columns: 100, rows: 30 });
  output.on('data', (chunk: Buffer) => {
    written += chunk.toString('utf8');
  });
  return {
    stdin: input as unknown as NodeJS.ReadStream,
    stdout: output as unknown as NodeJS.WriteStream,
    output: () => written,
    type: (s) => input.write(s),
  };
}

describe('runTui', () => {
  it('takes over the screen, draws the report, and resolves with the terminal restored when q is pressed', async () => {
    const term = terminal();
    const done = runTui(staticLive(buildSampleReport()), { stdin: term.stdin, stdout: term.stdout, noColor: true, title: 'lab' });
    // The first frame comes when Ink has rendered: wait for it (a loaded CI machine may take a while).
    for (let waited = 0; !term.output().includes('dorascope · lab') && waited < 5000; waited += 20) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(term.output()).toContain('\u001B[?1049h');
    expect(term.output()).toContain('dorascope · lab');
    term.type('q');
    await done;
    expect(term.output().endsWith('\u001B[?1049l')).toBe(true);
  });

  it('reads NO_COLOR the way no-color.org says: set and not empty', () => {
    expect(noColorFromEnv({ NO_COLOR: '1' })).toBe(true);
    expect(noColorFromEnv({ NO_COLOR: '' })).toBe(false);
    expect(noColorFromEnv({})).toBe(false);
  });
});
