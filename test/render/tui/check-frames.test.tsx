/**
 * A server's address check in the packet pane: Enter on its ladder row opens its first frame, and [ ] step
 * through its ARP and ICMP echo frames. The echoes are no packets of the report: the session keeps where they
 * are (a plain file, read again) or their records (other inputs), and the pane decodes them on demand.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { LiveReport } from '../../../src/report/live.js';
import { AnalysisSession, packetLookup } from '../../../src/session.js';
import { scenario } from '../../helpers/scenario.js';
import { staticLive } from '../../helpers/sample-report.js';
import { validateReport } from '../../helpers/schema.js';
import { KEY, renderApp, type Harness } from './harness.js';

const SRV = '10.77.3.1';
const SRV_MAC = '02:00:00:77:03:0a';
const CLIENT = '02:00:00:77:03:01';
const SQUAT_MAC = '02:00:00:77:03:99';
const TAKEN = '10.77.3.149';
const FREE = '10.77.3.150';

/** The server checks TAKEN (ARP answered, ICMP echo answered: frames 2–5), then offers FREE. */
const capture = scenario()
  .at(0).discover({ mac: CLIENT, xid: 1 })
  .at(0.0005).arpRequest({ mac: SRV_MAC, ip: SRV, target: TAKEN })
  .at(0.0006).arpReply({ mac: SQUAT_MAC, ip: TAKEN, toMac: SRV_MAC, toIp: SRV })
  .at(0.0007).ping({ from: SRV, to: TAKEN, fromMac: SRV_MAC, toMac: SQUAT_MAC, id: 0x1234, seq: 7 })
  .at(0.0008).ping({ from: TAKEN, to: SRV, fromMac: SQUAT_MAC, toMac: SRV_MAC, id: 0x1234, seq: 7, reply: true })
  .at(1.001).offer({ server: SRV, serverMac: SRV_MAC, mac: CLIENT, xid: 1, yiaddr: FREE, lease: 600 })
  .build();

const dir = mkdtempSync(path.join(tmpdir(), 'dorascope-check-frames-'));
const file = path.join(dir, 'check.pcap');
writeFileSync(file, capture);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** As the TUI reads a capture (run.ts): packet records indexed, hex kept. */
async function read(input: string | Uint8Array): Promise<{ session: AnalysisSession; live: LiveReport }> {
  const session = new AnalysisSession({ packets: true, hex: true, indexPackets: true });
  await session.read([input]);
  const report = session.report();
  expect(validateReport(report)).toEqual([]);
  return { session, live: { ...staticLive(report), packet: packetLookup(session.packetIndex!, session.echoes), frames: session.packetIndex! } };
}

let ui: Harness | undefined;
afterEach(() => ui?.unmount());

describe('a server\'s address check in the packet pane', () => {
  it.each([
    ['a plain file (read again by offset)', file],
    ['bytes that cannot be read again (kept records)', capture],
  ])('the session finds its ICMP echoes again: %s', async (_name, input) => {
    const { session, live } = await read(input);
    // The report's packets stay DHCP and ARP only.
    expect(live.snapshot().packets?.map((p) => p.frame)).toEqual(typeof input === 'string' ? [] : [1, 2, 3, 6]);
    const echo = live.packet!(4);
    expect([echo?.echo, echo?.src.ip, echo?.dst.ip]).toEqual([{ op: 'request', id: 0x1234, seq: 7 }, SRV, TAKEN]);
    // Its bytes for the hex pane, although the decoder never copies an echo's bytes for the analysis.
    expect(echo?.hex?.length).toBe(2 * echo!.length);
    expect(live.packet!(5)?.echo?.op).toBe('reply');
    expect(session.echoes?.packet(1)).toBeUndefined();
    session.echoes?.close();
    session.packetIndex?.close();
  });

  it('Enter on the check opens its first frame; ] and [ step through its ARP and ICMP frames', async () => {
    const { live } = await read(file);
    ui = await renderApp(live.snapshot(), { live, columns: 120, rows: 30 });
    await ui.press('2', KEY.enter, 'j', KEY.enter);
    expect(ui.frame()).toContain('Frame 2 · ARP request');
    expect(ui.frame()).toContain('1 of 4 frames of the check ([ ])');
    expect(ui.frame()).toContain('[ ] check frames');
    await ui.press(']', ']');
    expect(ui.frame()).toContain(`Frame 4 · ICMP echo request · ${SRV} → ${TAKEN} · 3 of 4 frames of the check`);
    expect(ui.frame()).toMatch(/ICMP echo\s+request/);
    expect(ui.frame()).toMatch(/identifier\s+0x1234 \(4660\)/);
    expect(ui.frame()).toMatch(/sequence\s+7/);
    expect(ui.frame()).not.toContain('hex not kept');
    await ui.press(']', ']');
    expect(ui.frame()).toContain(`Frame 5 · ICMP echo reply · ${TAKEN} → ${SRV} · 4 of 4`);
    await ui.press('[');
    expect(ui.frame()).toContain('Frame 4 · ICMP echo request');
    // A DHCP step's pane has no frames to step through.
    await ui.press(KEY.escape, 'k', KEY.enter);
    expect(ui.frame()).toContain('Frame 1 · DISCOVER');
    expect(ui.frame()).not.toContain('frames of the check');
    await ui.press(']');
    expect(ui.frame()).toContain('Frame 1 · DISCOVER');
  });
});
