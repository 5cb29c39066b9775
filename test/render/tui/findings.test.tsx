import { afterEach, describe, expect, it } from 'vitest';
import { KEY, lineWith, renderApp, type Harness } from './harness.js';

let ui: Harness | undefined;
afterEach(() => ui?.unmount());

function currentTab(frame: string): string {
  return /\[(\d \w+)/.exec(frame.split('\n')[0] ?? '')?.[1] ?? '';
}

/** Select the finding with `code` in the Findings view. */
async function selectFinding(h: Harness, code: string): Promise<void> {
  await h.press('5', 'g');
  for (let i = 0; i < 10 && !lineWith(h.frame(), '›')?.includes(code); i += 1) await h.press('j');
  expect(lineWith(h.frame(), '›')).toContain(code);
}

describe('findings', () => {
  it('lists severity (with a mark), code and message, and says where Enter goes', async () => {
    ui = await renderApp();
    await ui.press('5');
    expect(lineWith(ui.frame(), 'PROBE_ANSWERED')).toMatch(/✗ error +PROBE_ANSWERED/);
    expect(lineWith(ui.frame(), 'MULTIPLE_SERVERS')).toMatch(/▲ warning +MULTIPLE_SERVERS/);
    expect(ui.frame()).toContain('⏎ jumps to the transaction');
  });

  it('Enter on a conflict finding with a transaction jumps to it, cursor on the evidence step', async () => {
    ui = await renderApp();
    await selectFinding(ui, 'PROBE_ANSWERED');
    await ui.press(KEY.enter);
    expect(currentTab(ui.frame())).toBe('2 Handshakes');
    expect(lineWith(ui.frame(), '› 10:')).toContain('00:0c:29:11:22:33');
    expect(lineWith(ui.frame(), '›  ')).toContain('ARP probe');
    expect(ui.frame()).toContain('⏎ packet');
  });

  it('Enter on an ARP conflict without a transaction jumps to the ARP entry', async () => {
    ui = await renderApp();
    await selectFinding(ui, 'ARP_CONFLICT');
    expect(ui.frame()).toContain('⏎ jumps to the ARP entry');
    await ui.press(KEY.enter);
    expect(currentTab(ui.frame())).toBe('4 ARP');
    expect(lineWith(ui.frame(), '›')).toMatch(/192\.168\.136\.129 +✗ CONFLICT/);
  });

  it('Enter on a double assignment jumps to the lease', async () => {
    ui = await renderApp();
    await selectFinding(ui, 'DOUBLE_ASSIGNMENT');
    await ui.press(KEY.enter);
    expect(currentTab(ui.frame())).toBe('3 Leases');
    expect(lineWith(ui.frame(), '›')).toMatch(/192\.168\.136\.50 +08:00:27:d4:1c:9e/);
  });

  it('a finding that names no transaction jumps to the exchange holding its frames', async () => {
    const { buildSampleReport } = await import('../../helpers/sample-report.js');
    const base = buildSampleReport();
    const findings = base.findings.map(({ transactions: _ids, ...f }) => f);
    ui = await renderApp({ ...base, findings });
    await selectFinding(ui, 'MULTIPLE_SERVERS');
    await ui.press(KEY.enter);
    expect(currentTab(ui.frame())).toBe('2 Handshakes');
    expect(lineWith(ui.frame(), '› 10:')).toContain('00:0c:29:4f:8e:35');
  });

  it('a jump to something the filter hides clears the filter', async () => {
    ui = await renderApp();
    await ui.press('5', '/');
    await ui.type('00:50:56:c0:00:08');
    await ui.press(KEY.enter);
    expect(ui.frame()).toContain('5 Findings 2/8');
    await ui.until('2 Handshakes 0/10');
    expect(ui.frame()).toContain('2 Handshakes 0/10');
    expect(lineWith(ui.frame(), '›')).toContain('PROBE_ANSWERED');
    expect(ui.frame()).toContain('(clears the filter)');
    await ui.press(KEY.enter);
    expect(currentTab(ui.frame())).toBe('2 Handshakes');
    expect(ui.frame()).not.toContain('filter:');
    expect(lineWith(ui.frame(), '› 10:')).toContain('00:0c:29:11:22:33');
  });
});

describe('Enter in the ARP view', () => {
  it('on a conflicted address jumps to the finding that explains it, and back again', async () => {
    ui = await renderApp();
    await ui.press('4', 'g');
    for (let i = 0; i < 20 && !lineWith(ui.frame(), '›')?.includes('192.168.136.129'); i += 1) await ui.press('j');
    expect(lineWith(ui.frame(), '›')).toMatch(/192\.168\.136\.129 +✗ CONFLICT/);
    expect(ui.frame()).toContain('⏎ finding / lease');
    await ui.press(KEY.enter);
    expect(currentTab(ui.frame())).toBe('5 Findings');
    expect(lineWith(ui.frame(), '›')).toContain('ARP_CONFLICT');
    await ui.press(KEY.enter);
    expect(currentTab(ui.frame())).toBe('4 ARP');
    expect(lineWith(ui.frame(), '›')).toMatch(/192\.168\.136\.129/);
  });
});
