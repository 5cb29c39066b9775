/**
 * Colour on and off. Colours only reach the output when chalk believes the terminal supports them, so this
 * file forces colour before Ink is loaded (each test file runs in its own process).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env['FORCE_COLOR'] = '1';
});

const { KEY, renderApp } = await import('./harness.js');
type Harness = Awaited<ReturnType<typeof renderApp>>;

// eslint-disable-next-line no-control-regex
const ANSI = /\u001B\[/;

let ui: Harness | undefined;
afterEach(() => ui?.unmount());

async function visitEverything(h: Harness): Promise<string> {
  let all = h.frame();
  const grab = async (...keys: string[]): Promise<void> => {
    await h.press(...keys);
    all += h.frame();
  };
  await grab('2');
  await grab(KEY.enter, 'j', 'j');
  await grab(KEY.enter, 'j', 'j', 'j', 'j', 'j', 'j', 'j', 'j', 'j', 'j', 'j', 'j');
  await grab(KEY.escape, KEY.escape, 'j', 'j', 'j');
  await grab('3');
  await grab('4', 'G');
  await grab('5');
  await grab('?');
  await grab(KEY.escape, '/', 'x');
  return all;
}

describe('colour', () => {
  it('is used when allowed (so the NO_COLOR check below means something)', async () => {
    ui = await renderApp(undefined, { noColor: false });
    expect(await visitEverything(ui)).toMatch(ANSI);
  });

  it('NO_COLOR: no escape codes in any view, yet the marks are still there', async () => {
    ui = await renderApp(undefined, { noColor: true });
    const all = await visitEverything(ui);
    expect(all).not.toMatch(ANSI);
    expect(all).not.toContain('\u001B');
    for (const mark of ['✗', '⇉', '→', '›', '!', '▲']) expect(all).toContain(mark);
  });
});
