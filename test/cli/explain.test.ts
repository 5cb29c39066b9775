/** --explain through the real binary: the guided walk on the demo, the JSON `explanations` section, the NDJSON refusal. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/types.js';
import { buildDist, dorascope } from '../helpers/cli.js';
import { validateReport } from '../helpers/schema.js';

beforeAll(() => buildDist());

describe('--explain', () => {
  it('walks through every network, exchange, step and finding of the demo', () => {
    const r = dorascope(['fixtures/demo.pcapng', '--text', '--explain']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const out = r.stdout;
    const json = JSON.parse(dorascope(['fixtures/demo.pcapng', '--json']).stdout) as Report;
    expect(out).toMatch(/^Networks explained$/m);
    for (const s of json.servers.filter((x) => x.offers + x.acks > 0)) expect(out).toContain(`▸ ${s.ip}: `);
    for (const tx of json.transactions) {
      expect(out).toContain(`▸ ${tx.id} ${tx.kind} → ${tx.outcome}`);
      for (const step of tx.steps) expect(out).toMatch(new RegExp(`▸ Frame ${step.frame}: ${step.messageType}`));
    }
    for (const f of json.findings) expect(out).toContain(`▸ ${f.id} ${f.code} (${f.severity})`);
    const timeline = new Set(dorascope(['fixtures/demo.pcapng', '--text']).stdout.split('\n'));
    const walk = out.split('\n').filter((l) => !timeline.has(l));
    expect(walk.length).toBeGreaterThan(100);
    expect(walk.filter((l) => l.length > 100)).toEqual([]);
  });

  it('leaves the timeline as it was without the flag', () => {
    const plain = dorascope(['fixtures/demo.pcapng', '--text']).stdout;
    expect(plain).not.toContain('▸');
    const explained = dorascope(['fixtures/demo.pcapng', '--text', '--explain']).stdout;
    const withoutWalk = explained.split('\n').filter((l) => !/^\s*▸|^ {4,}\S/.test(l) || /#\d+( |$)/.test(l));
    expect(withoutWalk.filter((l) => /#\d+/.test(l))).toEqual(plain.split('\n').filter((l) => /#\d+/.test(l)));
  });

  it('adds an explanations section to the JSON that matches the schema, one entry per object', () => {
    const r = dorascope(['fixtures/captures/03-two-servers.pcap', '--json', '--explain']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(validateReport(report)).toEqual([]);
    const ex = report.explanations!;
    expect(ex.transactions.map((t) => t.id)).toEqual(report.transactions.map((t) => t.id));
    expect(ex.transactions[0]!.steps).toHaveLength(report.transactions[0]!.steps.length);
    expect(ex.findings.map((f) => f.id)).toEqual(report.findings.map((f) => f.id));
    expect(ex.servers.map((s) => s.ip)).toEqual(report.servers.map((s) => s.ip));
    expect(ex.leases).toHaveLength(report.leases.length);
    expect(ex.networks.at(-1)!.title).toBe('Comparing the DHCP services');
    const plain = JSON.parse(dorascope(['fixtures/captures/03-two-servers.pcap', '--json']).stdout) as Report;
    expect(plain.explanations).toBeUndefined();
    expect({ ...report, explanations: undefined }).toEqual({ ...plain, explanations: undefined });
  });

  it("quotes an OFFER's lease time from the packet, and keeps packet records out of the JSON unless --packets", () => {
    const text = dorascope(['fixtures/captures/03-two-servers.pcap', '--text', '--explain']).stdout;
    expect(text).toContain('10.9.3.2 offers 10.9.3.150 for 60 min (3600 s) in frame 4');
    const bare = JSON.parse(dorascope(['fixtures/captures/03-two-servers.pcap', '--json', '--explain']).stdout) as Report;
    expect(bare.packets).toBeUndefined();
    const withPackets = JSON.parse(dorascope(['fixtures/captures/03-two-servers.pcap', '--json', '--explain', '--packets']).stdout) as Report;
    expect(withPackets.packets?.length).toBeGreaterThan(0);
    expect(validateReport(withPackets)).toEqual([]);
  });

  it('refuses --ndjson with one line and exit code 2', () => {
    const r = dorascope(['fixtures/demo.pcapng', '--ndjson', '--explain']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(2);
    expect(r.stderr).toContain('--explain');
  });
});
