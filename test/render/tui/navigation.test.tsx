import { afterEach, describe, expect, it } from 'vitest';
import { KEY, lineWith, renderApp, type Harness } from './harness.js';

let ui: Harness | undefined;
afterEach(() => ui?.unmount());

/** The highlighted tab: in NO_COLOR mode the current view is bracketed. */
function currentTab(frame: string): string {
  return /\[(\d \w+)/.exec(frame.split('\n')[0] ?? '')?.[1] ?? '';
}

describe('switching views', () => {
  it('starts on the overview with every view in the header bar', async () => {
    ui = await renderApp();
    const header = ui.frame().split('\n')[0] ?? '';
    for (const name of ['1 Overview', '2 Handshakes 10', '3 Leases 6', '4 ARP 3', '5 Findings 8']) expect(header).toContain(name);
    expect(currentTab(ui.frame())).toBe('1 Overview');
  });

  it('Tab and Shift-Tab cycle through the views, wrapping around', async () => {
    ui = await renderApp();
    await ui.press(KEY.tab);
    expect(currentTab(ui.frame())).toBe('2 Handshakes');
    await ui.press(KEY.tab, KEY.tab, KEY.tab);
    expect(currentTab(ui.frame())).toBe('5 Findings');
    await ui.press(KEY.tab);
    expect(currentTab(ui.frame())).toBe('6 Packets');
    await ui.press(KEY.tab);
    expect(currentTab(ui.frame())).toBe('1 Overview');
    await ui.press(KEY.shiftTab);
    expect(currentTab(ui.frame())).toBe('6 Packets');
  });

  it('digits 1–5 jump straight to a view', async () => {
    ui = await renderApp();
    await ui.press('4');
    expect(currentTab(ui.frame())).toBe('4 ARP');
    expect(ui.frame()).toContain('CONFLICT');
    await ui.press('3');
    expect(currentTab(ui.frame())).toBe('3 Leases');
    await ui.press('1');
    expect(currentTab(ui.frame())).toBe('1 Overview');
  });

  it('the footer shows the keys that work in the current place', async () => {
    ui = await renderApp();
    await ui.press('2');
    expect(ui.frame()).toContain('steps');
    await ui.press(KEY.enter);
    expect(ui.frame()).toContain('⏎ packet');
    await ui.press('5');
    expect(ui.frame()).toContain('jump to evidence');
  });
});

describe('moving the selection', () => {
  it('j/k and the arrow keys move the cursor in the transaction list', async () => {
    ui = await renderApp();
    await ui.press('2');
    expect(lineWith(ui.frame(), '›')).toContain('00:0c:29:4f:8e:35');
    await ui.press('j');
    expect(lineWith(ui.frame(), '›')).toContain('08:00:27:d4:1c:9e');
    await ui.press(KEY.down);
    expect(lineWith(ui.frame(), '›')).toContain('52:54:00:ab:cd:ef');
    await ui.press(KEY.up, 'k');
    expect(lineWith(ui.frame(), '›')).toContain('00:0c:29:4f:8e:35');
    await ui.press('k');
    expect(lineWith(ui.frame(), '›')).toContain('00:0c:29:4f:8e:35');
  });

  it('G and g go to the last and first rows, scrolling the list', async () => {
    ui = await renderApp();
    await ui.press('2', 'G');
    expect(lineWith(ui.frame(), '›')).toContain('RELEASE');
    expect(ui.frame()).toContain('10/10');
    expect(ui.frame()).not.toContain('INIT-REBOOT');
    await ui.press('g');
    expect(lineWith(ui.frame(), '›')).toContain('00:0c:29:4f:8e:35');
  });

  it('handles each key of a chunk that arrives at once (fast typing, paste, send-keys)', async () => {
    ui = await renderApp();
    await ui.press('2jj\r');
    expect(lineWith(ui.frame(), '› 10:')).toContain('52:54:00:ab:cd:ef');
    expect(ui.frame()).toContain('⏎ packet');
  });

  it('each view keeps its own selection', async () => {
    ui = await renderApp();
    await ui.press('5', 'j', 'j', '2', 'j', '5');
    expect(lineWith(ui.frame(), '›')).toContain('NAK');
    await ui.press('2');
    expect(lineWith(ui.frame(), '›')).toContain('INIT-REBOOT');
  });
});

describe('help and quitting', () => {
  it('? shows the help overlay with keys and marks; Esc closes it', async () => {
    ui = await renderApp();
    await ui.press('?');
    expect(ui.frame()).toContain('dorascope — keys');
    expect(ui.frame()).toContain('broadcast');
    expect(ui.frame()).toContain('retransmission');
    await ui.press(KEY.escape);
    expect(ui.frame()).not.toContain('dorascope — keys');
    expect(ui.frame()).toContain('DHCP messages');
    await ui.press('?', '?');
    expect(ui.frame()).not.toContain('dorascope — keys');
  });

  it('q quits', async () => {
    let quit = 0;
    ui = await renderApp(undefined, { onQuit: () => (quit += 1) });
    await ui.press('q');
    expect(quit).toBe(1);
  });

  it('Ctrl-C quits', async () => {
    let quit = 0;
    ui = await renderApp(undefined, { onQuit: () => (quit += 1) });
    await ui.press(KEY.ctrlC);
    expect(quit).toBe(1);
  });
});
