import { afterEach, describe, expect, it } from 'vitest';
import { KEY, lineWith, renderApp, type Harness } from './harness.js';

let ui: Harness | undefined;
afterEach(() => ui?.unmount());

function listed(frame: string): string[] {
  return frame.split('\n').filter((l) => /^[› ] \d\d:\d\d:\d\d\.\d{3} /.test(l));
}

describe('the filter', () => {
  it('/ shows the typed text in the footer; Enter narrows the list; Esc clears it', async () => {
    ui = await renderApp();
    await ui.press('2', '/');
    await ui.type('win10');
    expect(ui.frame().split('\n').at(-1)).toContain('/win10');
    expect(listed(ui.frame())).toHaveLength(6); // not applied yet
    await ui.press(KEY.enter);
    const rows = listed(ui.frame());
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.includes('08:00:27:d4:1c:9e'))).toBe(true);
    expect(ui.frame()).toContain('2 Handshakes 2/10');
    expect(ui.frame()).toContain('filter: win10');
    await ui.press(KEY.escape);
    expect(ui.frame()).toContain('[2 Handshakes 10]');
    expect(listed(ui.frame()).length).toBeGreaterThan(2);
  });

  it('matches MACs (also written with dashes), IPs and xids, in every view', async () => {
    ui = await renderApp();
    await ui.press('2', '/');
    await ui.type('52-54-00-AB');
    await ui.press(KEY.enter);
    expect(listed(ui.frame())).toHaveLength(1);
    expect(lineWith(ui.frame(), '›')).toContain('52:54:00:ab:cd:ef');

    await ui.press('/', KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace);
    await ui.press(KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace);
    await ui.type('192.168.136.129');
    await ui.press(KEY.enter);
    // The view shown is filtered at once; the other tabs' counts fill in between keys.
    expect(ui.frame()).toContain('2 Handshakes 2/10');
    expect(ui.frame()).toMatch(/3 Leases (…|1)\/6/);
    await ui.until('4 ARP 1/3');
    expect(ui.frame()).toContain('3 Leases 1/6');
    expect(ui.frame()).toContain('4 ARP 1/3');
    await ui.press('4');
    expect(lineWith(ui.frame(), '›')).toContain('192.168.136.129');

    await ui.press('/', KEY.escape, '/');
    await ui.type('0x0badf00d');
    await ui.press(KEY.enter, '2');
    expect(listed(ui.frame())).toHaveLength(1);
    expect(ui.frame()).toContain('0x0badf00d DORA ACK');
  });

  it('typing does not trigger commands (q, digits, j)', async () => {
    ui = await renderApp();
    await ui.press('2', '/');
    await ui.type('qj3');
    expect(ui.frame()).toContain('/qj3');
    expect(ui.frame()).toContain('[2 Handshakes');
    await ui.press(KEY.enter);
    expect(ui.frame()).toContain('no transaction matches "qj3"');
  });
});
