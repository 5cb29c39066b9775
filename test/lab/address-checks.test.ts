/**
 * The lab's own captures of servers checking an address before they offer it (ISC dhcpd ping-check, dnsmasq:
 * scenarios 20 and 22): every check the capture's expected.json names is linked to its exchange in the JSON,
 * drawn in the ladder (the rows the TUI, the HTML page and Mermaid draw) between the DISCOVER and the OFFER, and
 * written in the text timeline.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/index.js';
import { buildLadder } from '../../src/render/ladder/index.js';
import { renderMermaid } from '../../src/render/mermaid.js';
import { renderText } from '../../src/render/text.js';
import type { Expected } from './expectations.js';

const dir = path.resolve(import.meta.dirname, '../../fixtures/captures');
const names = ['20-ping-check-isc', '20-ping-check-dnsmasq', '22-ping-check-first'];

describe.each(names.filter((n) => existsSync(path.join(dir, `${n}.pcap`))))('the lab\'s %s', (name) => {
  it('links every expected check in the JSON, draws it in the ladder before the OFFER and writes it in the text', async () => {
    const expected = (JSON.parse(readFileSync(path.join(dir, `${name}.expected.json`), 'utf8')) as Expected).addressChecks ?? [];
    expect(expected.length).toBeGreaterThan(0);
    const r = await analyze(path.join(dir, `${name}.pcap`), { packets: true });
    const text = renderText(r).split('\n');
    const mermaid = renderMermaid(r);
    for (const e of expected) {
      const tx = r.transactions.find((t) => t.clientMac === e.clientMac && t.addressChecks?.some((c) => c.ip === e.ip));
      const check = tx?.addressChecks?.find((c) => c.ip === e.ip);
      expect([check?.server, check?.answered, check?.offered], `${e.clientMac} ${e.ip}`).toEqual([e.server, e.answered, e.offered]);
      const rows = buildLadder(tx!, { packetOf: (frame) => r.packets?.find((p) => p.frame === frame), servers: r.servers }).rows;
      const at = rows.findIndex((row) => row.kind === 'check' && row.frame === check!.frames[0]);
      expect(at, `ladder row of ${e.ip}`).toBeGreaterThan(rows.findIndex((row) => row.label.startsWith('DISC')));
      const offer = rows.findIndex((row) => row.label.startsWith('OFFER'));
      if (check!.offered !== 'none') expect(at).toBeLessThan(offer);
      // The text timeline: under the exchange's heading, between its first DISCOVER and its OFFER.
      const head = text.findIndex((l) => l.startsWith(`${tx!.id} `));
      const line = text.findIndex((l, i) => i > head && l.includes(`server checked ${e.ip}: ${e.answered ? 'answered' : 'no answer'}`));
      expect(line, `text line of ${e.ip}`).toBeGreaterThan(text.findIndex((l, i) => i > head && l.includes('DISCOVER')));
      if (check!.offered !== 'none') expect(line).toBeLessThan(text.findIndex((l, i) => i > head && l.includes(' OFFER ')));
      expect(mermaid).toContain(e.ip);
    }
  });
});
