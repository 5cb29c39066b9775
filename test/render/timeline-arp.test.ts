/** The text timeline and NDJSON stream on a real lab capture (dhcpcd's probe answered by a squatter, a DECLINE). */
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/index.js';
import { renderText } from '../../src/render/text.js';
import { run } from '../../src/run.js';

const capture = path.resolve(import.meta.dirname, '../../fixtures/captures/05-decline.pcap');

describe('timeline of an answered probe', () => {
  it('shows the probe and the other machine answering between the DHCP steps, in time order', async () => {
    const text = renderText(await analyze(capture));
    const block = text.split('\n\n').find((b) => b.startsWith('T1 DORA'))!;
    const lines = block.split('\n').slice(1);
    expect(lines.map((l) => l.match(/(DISCOVER|OFFER|REQUEST|ACK|ARP \w+)/)?.[1])).toEqual([
      'DISCOVER',
      'OFFER',
      'REQUEST',
      'ACK',
      'ARP probe',
      'ARP reply',
    ]);
    expect(lines[4]).toContain('who has 10.9.5.50? (sender 0.0.0.0)');
    expect(lines[5]).toContain('10.9.5.50 is at 02:00:00:00:05:99');
    expect(lines[5]).toContain('another machine answers for this address');
  });

  it('describes the linked ARP in the report: the client probing, the squatter answering', async () => {
    const r = await analyze(capture);
    const dora = r.transactions[0]!;
    expect(dora.arp.map((a) => [a.kind, a.senderMac, a.fromOther])).toEqual([
      ['probe', '02:00:00:00:05:01', false],
      ['reply', '02:00:00:00:05:99', true],
    ]);
    expect(dora.arp.map((a) => a.frame)).toEqual(dora.arpFrames);
  });
});

describe('NDJSON stream', () => {
  it('emits findings as they are raised, each once, with ids in order, and ends with the summary', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => (text += c.toString('utf8')));
    const code = await run(
      { inputs: [capture], format: 'ndjson', packets: false, hex: false, filter: {}, trustedServers: [], color: false, analyzer: {} },
      { stdout: out, stderr: new PassThrough() },
    );
    expect(code).toBe(0);
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as { type: string; data: { id?: string; code?: string } });
    const findings = lines.filter((l) => l.type === 'finding');
    expect(findings.map((f) => f.data.id)).toEqual(findings.map((_, i) => `F${i + 1}`));
    expect(findings.map((f) => f.data.code).sort()).toEqual(['ARP_CONFLICT', 'DECLINE', 'PROBE_ANSWERED']);
    // The probe finding is known as soon as the answer arrives, before the last exchange is over.
    const firstFinding = lines.findIndex((l) => l.type === 'finding');
    const lastTransaction = lines.map((l) => l.type).lastIndexOf('transaction');
    expect(firstFinding).toBeLessThan(lastTransaction);
    expect(lines.at(-1)!.type).toBe('summary');
  });
});
