/** The `e` pane: the explanation of whatever is selected, the same text --explain prints, toggled and scrolled. */
import { afterEach, describe, expect, it } from 'vitest';
import { analyze } from '../../../src/index.js';
import { explainFinding, explainLease, explainNetworks, explainStep, explainTransaction } from '../../../src/render/explain/index.js';
import { explanationRows } from '../../../src/render/tui/explain-pane.js';
import type { Explanation, Report } from '../../../src/report/types.js';
import { KEY, renderApp, type Harness } from './harness.js';
import { staticLive } from '../../helpers/sample-report.js';

let ui: Harness | undefined;
afterEach(() => ui?.unmount());

const WIDTH = 120;
const twoServers = (): Promise<Report> => analyze('fixtures/captures/03-two-servers.pcap');

/** The pane shows the title and the first rows of exactly this explanation. */
function expectPane(frame: string, e: Explanation, rows = 3): void {
  expect(frame).toContain(` ${e.title}`);
  for (const row of explanationRows(e, WIDTH).slice(0, rows)) expect(frame).toContain(` ${row}`);
}

describe('explanation pane (e)', () => {
  it('explains the selected exchange, then the step under the ladder cursor, and closes again', async () => {
    const report = await twoServers();
    const tx = report.transactions[0]!;
    ui = await renderApp(report, { columns: WIDTH, rows: 40 });
    await ui.press('2', 'e');
    expectPane(ui.frame(), explainTransaction(report, tx));
    // DISCOVER, then 10.9.3.2's ARP check of 10.9.3.150 (a row with no step of its own), then the OFFER.
    await ui.press(KEY.enter, 'j', 'j');
    const offer = explainStep(report, tx, 1);
    expect(offer.title).toBe('Frame 3: OFFER');
    expectPane(ui.frame(), offer);
    expect(ui.frame()).toContain('10.9.3.2, also offered 10.9.3.150, 1.0 s later (frame 4).');
    await ui.press('e');
    expect(ui.frame()).not.toContain(offer.title);
    expect(ui.frame()).not.toContain('10.9.3.2, also offered');
  });

  it("names the lease an OFFER carries also when the report keeps no packet records (the step's record is read again)", async () => {
    const withRecords = await analyze('fixtures/captures/03-two-servers.pcap', { packets: true });
    const { packets, ...rest } = withRecords;
    const report: Report = { ...rest, packets: [] };
    const tx = report.transactions[0]!;
    const offer = explainStep(withRecords, tx, 1);
    expect(offer.sentences[0]).toMatch(/offers 10\.9\.3\.\d+ for \d/);
    // As the TUI has it for a plain file: no records in the report, each read again by frame on demand.
    const live = { ...staticLive(report), packet: (frame: number) => packets?.find((p) => p.frame === frame) };
    ui = await renderApp(report, { columns: WIDTH, rows: 40, live });
    await ui.press('2', 'e', KEY.enter, 'j', 'j');
    expect(ui.frame()).toContain(offer.title);
    expect(ui.frame()).toContain(offer.sentences[0]!.slice(0, 60));
  });

  it('explains the selected finding, lease, and on the Overview every DHCP service', async () => {
    const report = await twoServers();
    ui = await renderApp(report, { columns: WIDTH, rows: 40 });
    await ui.press('5', 'e');
    expectPane(ui.frame(), explainFinding(report, report.findings[0]!));
    await ui.press('3');
    expectPane(ui.frame(), explainLease(report, report.leases[0]!));
    await ui.press('1');
    const first = explainNetworks(report)[0]!;
    expect(ui.frame()).toContain('The DHCP services and their networks');
    expect(ui.frame()).toContain(`▸ ${first.title}`);
  });

  it('scrolls a long explanation with ] and [, and starts again at the top for a new selection', async () => {
    const report = await twoServers();
    ui = await renderApp(report, { columns: 80, rows: 24 });
    await ui.press('1', 'e');
    expect(ui.frame()).toMatch(/lines 1–\d+ of \d+/);
    await ui.press(']');
    expect(ui.frame()).toMatch(/lines 4–\d+ of \d+/);
    await ui.press('[');
    expect(ui.frame()).toMatch(/lines 1–\d+ of \d+/);
    await ui.press(']', '2');
    expect(ui.frame()).not.toMatch(/lines 4–/);
  });

  it('says the keys in the footer and the help', async () => {
    ui = await renderApp(await twoServers(), { columns: WIDTH, rows: 40 });
    expect(ui.frame()).toContain(' e explain ');
    await ui.press('e');
    expect(ui.frame()).toContain('[ ] scroll');
    await ui.press('?');
    expect(ui.frame()).toContain('explain the selection in plain sentences; [ ] scroll it');
  });
});

describe('--explain on the terminal UI', () => {
  it('opens with the pane shown', async () => {
    const { render } = await import('ink-testing-library');
    const { App } = await import('../../../src/render/tui/app.js');
    const { staticLive } = await import('../../helpers/sample-report.js');
    const report = await twoServers();
    const app = render(<App live={staticLive(report)} noColor size={{ columns: WIDTH, rows: 40 }} explain />);
    await new Promise((r) => setTimeout(r, 50));
    expect(app.lastFrame()).toContain('The DHCP services and their networks');
    app.unmount();
  });
});
