import { afterEach, describe, expect, it } from 'vitest';
import { KEY, lineWith, renderApp, type Harness } from './harness.js';

let ui: Harness | undefined;
afterEach(() => ui?.unmount());

/** Lines of the ladder rows (they start with the relative time). */
function ladderRows(frame: string): string[] {
  return frame.split('\n').filter((line) => /^[› ] +(?:[+-]\d|#\d)/.test(line));
}

describe('the ladder of a DORA with two offers', () => {
  it('draws the client and both servers as columns and one arrow per step', async () => {
    ui = await renderApp();
    await ui.press('2');
    const frame = ui.frame();
    const header = lineWith(frame, '00:0c:29:4f:8e:35  ');
    expect(header).toMatch(/00:0c:29:4f:8e:35 +192\.168\.136\.254 +192\.168\.136\.10/);
    expect(lineWith(frame, 'server VMware')).toContain('server QEMU');
    const rows = ladderRows(frame);
    expect(rows.filter((r) => r.includes('OFFER'))).toHaveLength(2);
    expect(rows.map((r) => /(DISCOVER|OFFER|REQUEST|ACK|ARP \w+)/.exec(r)?.[1])).toEqual([
      'DISCOVER', 'OFFER', 'OFFER', 'REQUEST', 'ACK', 'ARP probe', 'ARP announce',
    ]);
  });

  it('marks broadcast ⇉, unicast → and a delivery the RFC does not expect ✗, with relative times and latency', async () => {
    ui = await renderApp(undefined, { columns: 120 });
    await ui.press('2');
    const rows = ladderRows(ui.frame());
    expect(rows[0]).toMatch(/ \+0 .*DISCOVER ⇉/);
    expect(rows[1]).toMatch(/\+4\.00ms .*◀.*OFFER ⇉.*4ms/);
    expect(rows[2]).toMatch(/\+6\.00ms .*OFFER → ✗.*6ms ✗ expected broadcast/);
    expect(rows[3]).toMatch(/\+1\.010s .*REQUEST ⇉/);
    expect(rows[4]).toContain('ACK ⇉');
    expect(rows[5]).toContain('who-has 192.168.136.128');
  });

  it('shows the transaction summary: outcome, offers and lease', async () => {
    ui = await renderApp();
    await ui.press('2');
    expect(ui.frame()).toContain('0x3903f326 DORA ACK');
    expect(ui.frame()).toContain('2 offers: 192.168.136.254 → 192.168.136.128 (#2), 192.168.136.10');
  });
});

describe('other exchanges', () => {
  it('a NAK shows its outcome and the option 56 message', async () => {
    ui = await renderApp();
    await ui.press('2', 'j');
    expect(lineWith(ui.frame(), '›')).toContain('NAK');
    expect(ui.frame()).toContain('INIT-REBOOT NAK');
    expect(ui.frame()).toContain('NAK message: "requested address is not on this network"');
    expect(ladderRows(ui.frame()).some((r) => r.includes('NAK ⇉'))).toBe(true);
  });

  it('a relayed exchange gets a relay column between client and server, with the relay details', async () => {
    ui = await renderApp();
    await ui.press('2', 'j', 'j');
    const frame = ui.frame();
    expect(lineWith(frame, 'client build-01')).toMatch(/client build-01 +relay +server/);
    expect(lineWith(frame, '52:54:00:ab:cd:ef  ')).toMatch(/52:54:00:ab:cd:ef +10\.20\.0\.1 +10\.0\.0\.53/);
    expect(frame).toContain('relayed via 10.20.0.1 · hops 1 · circuit-id eth0/1/3');
    const rows = ladderRows(frame);
    expect(rows.length).toBeGreaterThanOrEqual(6);
    expect(rows.some((r) => /│ +├── DISCOVER →/.test(r))).toBe(true);
  });

  it("an ARP reply from another MAC to the client's probe is drawn as a conflict", async () => {
    ui = await renderApp(undefined, { columns: 120 });
    await ui.press('2', 'j', 'j', 'j');
    const frame = ui.frame();
    expect(lineWith(frame, 'other host')).toBeDefined();
    expect(frame).toContain('00:50:56:c0:00:08');
    const reply = ladderRows(frame).find((r) => r.includes('ARP reply'));
    expect(reply).toContain('✗');
    expect(reply).toContain('CONFLICT');
  });

  it('a retransmission is marked ↻', async () => {
    ui = await renderApp();
    await ui.press('2', 'G', 'k');
    expect(ui.frame()).toContain('NO_OFFER');
    expect(ladderRows(ui.frame()).filter((r) => r.includes('DISCOVER'))[1]).toContain('↻');
  });
});

describe('layout', () => {
  it('puts the ladder below the list at 80×24 and beside it at 160 columns', async () => {
    ui = await renderApp();
    await ui.press('2');
    const narrow = ui.frame().split('\n');
    expect(narrow).toHaveLength(24);
    const listLine = narrow.findIndex((l) => l.includes('10:00:00.000'));
    const ladderLine = narrow.findIndex((l) => l.includes('DISCOVER ⇉'));
    expect(ladderLine).toBeGreaterThan(listLine);
    expect(narrow.every((l) => l.length <= 80)).toBe(true);
    ui.unmount();

    ui = await renderApp(undefined, { columns: 160, rows: 30 });
    await ui.press('2');
    const wide = ui.frame().split('\n');
    expect(wide).toHaveLength(30);
    // List and ladder share lines: the list's header row carries the ladder's title.
    expect(lineWith(wide.join('\n'), 'outcome')).toContain('0x3903f326 DORA ACK');
    expect(lineWith(wide.join('\n'), '10:00:00.000')).toContain('│');
  });
});

describe('steps and packets', () => {
  it('Enter moves into the steps, Enter on a step opens the packet, Esc goes back', async () => {
    ui = await renderApp();
    await ui.press('2', KEY.enter);
    expect(ladderRows(ui.frame())[0]).toMatch(/^›/);
    expect(ui.frame()).toContain('frame #1 · 0.0.0.0 → 255.255.255.255 · l2 broadcast');
    await ui.press('j', 'j', KEY.enter);
    const packet = ui.frame();
    expect(packet).toContain('Frame 3 · OFFER · 192.168.136.10 → 192.168.136.50');
    expect(packet).toContain('BOOTREPLY');
    expect(packet).toMatch(/0000 +00 0c 29 4f 8e 35 52 54/);
    await ui.press(KEY.escape);
    expect(ui.frame()).not.toContain('Frame 3 ·');
    expect(ladderRows(ui.frame()).find((r) => r.startsWith('›'))).toContain('OFFER →');
    await ui.press(KEY.escape);
    expect(ladderRows(ui.frame()).some((r) => r.startsWith('›'))).toBe(false);
    expect(ui.frame()).toContain('⏎/→ steps');
  });

  it('shows options with nested values (option 82 sub-options) and highlights the selected field in the hex', async () => {
    ui = await renderApp(undefined, { rows: 40 });
    await ui.press('2', 'j', 'j', KEY.enter, 'j', KEY.enter);
    expect(ui.frame()).toContain('Frame 11 · DISCOVER · 10.0.0.1 → 10.0.0.53');
    await ui.press('G');
    const frame = ui.frame();
    expect(frame).toContain('82 Relay Agent Information');
    expect(lineWith(frame, '1 Agent Circuit ID')).toMatch(/1 Agent Circuit ID +eth0\/1\/3/);
    expect(lineWith(frame, '2 Agent Remote ID')).toContain('00:1b:21:aa:00:01');
    await ui.press('g', ...'jjjjjjjjjjjj');
    expect(lineWith(ui.frame(), '›')).toContain('xid');
    // No colour: the xid's 4 bytes are bracketed in the dump (they straddle two lines here).
    expect(ui.frame()).toMatch(/^0020 .*06 01\[0b ad\]/m);
    expect(ui.frame()).toMatch(/^0030\[f0 0d\]00 00/m);
  });

  it('says so when the report has no record for a frame', async () => {
    const { buildSampleReport } = await import('../../helpers/sample-report.js');
    const { packets: _dropped, ...report } = buildSampleReport();
    ui = await renderApp(report);
    await ui.press('2', KEY.enter, KEY.enter);
    expect(ui.frame()).toContain('no packet record for this frame');
  });
});
