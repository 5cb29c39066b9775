/**
 * Every frame of a server's address check opens its fields and bytes in the page: the ARP frames are packets of
 * the report, the ICMP echoes (evidence, never in --packets) ride along in the page's packet block. Checked on
 * the lab's ISC ping-check capture (ARP then ICMP echo, answered) through the real CLI.
 */
import { describe, expect, it } from 'vitest';
import { dorascope } from '../../helpers/cli.js';
import type { Report } from '../../../src/report/types.js';

const CAPTURE = 'fixtures/captures/20-ping-check-isc.pcap';
const block = (html: string, id: string): unknown => JSON.parse(new RegExp(`<script type="application/json" id="${id}">(.*?)</script>`, 's').exec(html)?.[1] ?? 'null');

describe('HTML page: address checks', () => {
  it('carries the fields and bytes of every check frame, ICMP echoes included, and --json still holds no echo', () => {
    const json = dorascope([CAPTURE, '--json', '--packets']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as Report;
    const checks = report.transactions.flatMap((t) => t.addressChecks ?? []);
    const frames = [...new Set(checks.flatMap((c) => [...c.frames, ...c.answerFrames]))];
    const arpFrames = new Set((report.packets ?? []).map((p) => p.frame));
    const icmp = frames.filter((f) => !arpFrames.has(f));
    expect(checks.some((c) => c.methods.includes('icmp'))).toBe(true);
    expect(icmp.length).toBeGreaterThan(0);
    expect((report.packets ?? []).some((p) => p.echo !== undefined)).toBe(false);

    const html = dorascope([CAPTURE, '--html', '-']);
    expect(html.code).toBe(0);
    const packets = block(html.stdout, 'page-packets') as Record<string, { s: string; fl: [number, string, string, number][]; h?: string }>;
    for (const f of frames) expect(packets[String(f)], `frame ${f}`).toBeDefined();
    for (const f of icmp) {
      const p = packets[String(f)]!;
      expect(p.fl.some(([, label]) => label === 'ICMP echo'), `frame ${f} fields`).toBe(true);
      expect(p.s, `frame ${f} summary`).toMatch(/^ICMP echo (request|reply) · /);
      expect(p.h?.length ?? 0, `frame ${f} bytes`).toBeGreaterThan(0);
    }
  });
});
