/**
 * The TUI reads a live session's report (compact step records, exchanges converted as they close); what it
 * draws from one is what it draws from a batch session's report of the same capture, key for key.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveReport } from '../../../src/report/live.js';
import { AnalysisSession, packetLookup } from '../../../src/session.js';
import { staticLive } from '../../helpers/sample-report.js';
import { validateReport } from '../../helpers/schema.js';
import { projectRoot } from '../../helpers/shared-captures.js';
import { KEY, renderApp, tick, type Harness } from './harness.js';

const captures = ['fixtures/demo.pcapng', 'fixtures/captures/03-two-servers.pcap', 'fixtures/captures/12-arp-conflict.pcap'];

/** As the TUI reads a capture (run.ts), live or not (the title names the file the same either way). */
async function read(file: string, live: boolean): Promise<LiveReport> {
  const session = new AnalysisSession({ packets: true, hex: true, indexPackets: true, live });
  await session.read([file]);
  const report = session.report();
  expect(validateReport(report)).toEqual([]);
  return { ...staticLive(report), packet: packetLookup(session.packetIndex!, session.echoes), frames: session.packetIndex! };
}

/** Every frame drawn while the keys are pressed one by one. */
async function framesOf(live: LiveReport, keys: readonly string[]): Promise<string[]> {
  const ui: Harness = await renderApp(live.snapshot(), { live, columns: 120, rows: 40 });
  opened.push(ui);
  const seen = [ui.frame()];
  for (const key of keys) {
    await ui.press(key);
    // The tab counts of a filter fill in between keys, as fast as the machine goes: wait for them.
    for (let i = 0; i < 100 && /…\/\d/.test(ui.frame()); i++) await tick();
    seen.push(ui.frame());
  }
  return seen;
}

const opened: Harness[] = [];
afterEach(() => opened.splice(0).forEach((ui) => ui.unmount()));

describe('the TUI on a live session', () => {
  it.each(captures)('draws %s as from a batch report: handshakes, ladder steps, packets, explanations, filters', async (name) => {
    const file = path.join(projectRoot, name);
    // Down the list, into the ladder, a step's packet and back, its explanation, x / p between views, a filter.
    const keys = ['2', 'j', 'j', 'j', KEY.enter, 'j', 'e', 'e', KEY.enter, KEY.escape, 'p', 'x', 'G', KEY.enter, 'j', KEY.enter, KEY.escape, KEY.escape, '/', ...'type == ACK', KEY.enter, 'j', '6', '2'];
    const [live, batch] = [await framesOf(await read(file, true), keys), await framesOf(await read(file, false), keys)];
    expect(live).toEqual(batch);
    // The keys went somewhere: the ladder and a packet were shown.
    expect(batch.some((f) => f.includes('Frame '))).toBe(true);
  });
});
