/** The Packets view (6): Wireshark's columns, finding marks, time formats, the packet pane, jumps both ways, the filter. */
import { afterEach, describe, expect, it } from 'vitest';
import { buildSampleReport } from '../../helpers/sample-report.js';
import { KEY, lineWith, renderApp, type Harness } from './harness.js';

let ui: Harness | undefined;
afterEach(() => ui?.unmount());

const report = buildSampleReport();
const frames = report.packets!.map((p) => p.frame);
const rows = (frame: string) => frame.split('\n').filter((l) => /^[› ] [✗▲i ] +\d+ /.test(l));

describe('the Packets view', () => {
  it('6 lists every DHCP/ARP frame in capture order with No., time, source, destination, protocol and info', async () => {
    ui = await renderApp(report, { columns: 140, rows: 80 });
    await ui.press('6');
    const frame = ui.frame();
    expect(frame).toContain(`6 Packets ${frames.length}`);
    expect(lineWith(frame, 'No.')).toMatch(/No\. Time +Source +Destination +Proto +Info/);
    const numbers = rows(frame).map((l) => Number(/^[› ] [✗▲i ] +(\d+)/.exec(l)![1]));
    expect(numbers).toEqual(frames.slice(0, numbers.length));
    expect(numbers.length).toBeGreaterThan(20);
    expect(frame).toMatch(/DHCP DISCOVER xid 0x[0-9a-f]{8}/);
    expect(frame).toMatch(/DHCP REQUEST xid 0x[0-9a-f]{8} \(SELECTING\) for /);
    expect(frame).toMatch(/ARP probe: who has 192\.168\.136\.129\? \(from 0\.0\.0\.0\)/);
  });

  it('marks the frames a finding cites with its severity', async () => {
    ui = await renderApp(report, { columns: 140, rows: 80 });
    await ui.press('6');
    const cited = new Map<number, string>();
    for (const f of report.findings) for (const n of f.frames) if (f.severity === 'error' || !cited.has(n)) cited.set(n, f.severity);
    const line = (n: number) => rows(ui!.frame()).find((l) => new RegExp(`^[› ] . +${n} `).test(l))!;
    expect(line(23)).toMatch(/^[› ] ✗/);
    const uncited = frames.find((n) => !cited.has(n))!;
    expect(line(uncited)).toMatch(/^[› ]  /);
  });

  it('t switches the time column: absolute, relative to the first frame, delta to the row above', async () => {
    ui = await renderApp(report, { columns: 140, rows: 30 });
    await ui.press('6');
    expect(rows(ui.frame())[0]).toMatch(/ 10:00:00\.\d{6} /);
    await ui.press('t');
    expect(rows(ui.frame())[0]).toMatch(/ 0\.000000 /);
    expect(rows(ui.frame())[1]).toMatch(/ 0\.00\d{4} /);
    await ui.press('t');
    expect(rows(ui.frame())[0]).toMatch(/ 0\.000000 /);
    await ui.press('t');
    expect(rows(ui.frame())[0]).toMatch(/ 10:00:00\.\d{6} /);
  });

  it('Enter opens the packet pane; x goes to its exchange with the cursor on the step; p comes back to the row', async () => {
    ui = await renderApp(report, { columns: 100, rows: 40 });
    await ui.press('6', 'j', 'j', KEY.enter);
    const third = frames[2]!;
    expect(ui.frame()).toContain(`Frame ${third} · `);
    await ui.press(KEY.escape, 'x');
    expect(ui.frame()).toContain('[2 Handshakes');
    expect(lineWith(ui.frame(), '›')).toBeDefined();
    await ui.press('p');
    expect(ui.frame()).toContain('[6 Packets');
    expect(rows(ui.frame()).find((l) => l.startsWith('›'))).toMatch(new RegExp(`^› . +${third} `));
  });

  it('/ filters the packets by the language; a mistake shows in the footer with its column and is not applied', async () => {
    ui = await renderApp(report, { columns: 120, rows: 60 });
    await ui.press('6', '/');
    await ui.type('type=NAK');
    await ui.press(KEY.enter);
    const naks = report.packets!.filter((p) => p.dhcp?.messageType === 'NAK').map((p) => p.frame);
    expect(rows(ui.frame()).map((l) => Number(/(\d+) /.exec(l.slice(4))![1]))).toEqual(naks);
    expect(ui.frame()).toContain(`6 Packets ${naks.length}/${frames.length}`);
    await ui.press('/');
    await ui.type(' and latency>soon');
    await ui.press(KEY.enter);
    expect(ui.frame().split('\n').at(-1)).toContain('column 22: not a duration: "soon"');
    expect(ui.frame().split('\n').at(-1)).toContain('/type=NAK and latency>soon');
  });

  it('/outcome=NAK and a bare NAK leave only the NAK exchange; /code=ARP_CONFLICT only the conflict', async () => {
    ui = await renderApp(report, { columns: 120, rows: 40 });
    const naked = report.transactions.filter((t) => t.outcome === 'NAK').length;
    for (const text of ['outcome=NAK', 'NAK']) {
      await ui.press('2', '/', KEY.escape, '/');
      await ui.type(text);
      await ui.press(KEY.enter);
      expect(ui.frame(), text).toContain(`2 Handshakes ${naked}/${report.transactions.length}`);
      expect(lineWith(ui.frame(), '›'), text).toContain('NAK');
    }
    await ui.press('5', '/', KEY.escape, '/');
    await ui.type('code=ARP_CONFLICT');
    await ui.press(KEY.enter);
    expect(ui.frame()).toContain(`5 Findings 1/${report.findings.length}`);
    expect(lineWith(ui.frame(), '›')).toContain('ARP_CONFLICT');
  });
});
