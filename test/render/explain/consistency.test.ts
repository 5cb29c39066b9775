/**
 * No explanation contradicts the report, on every lab capture and the demo (and the shared reference captures
 * when present): a step the report marks as delivered wrongly is said to break the rule and never said to be
 * what the rule expects; a step delivered rightly is never said to break it; every frame quoted exists; every
 * explanation has sentences; and the report with its explanations still matches the JSON Schema.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/index.js';
import { explainReport } from '../../../src/render/explain/index.js';
import type { Explanation, Report } from '../../../src/report/types.js';
import { A, B, IP, IP2, S1 } from '../../helpers/hosts.js';
import { scenario } from '../../helpers/scenario.js';
import { validateReport } from '../../helpers/schema.js';
import { haveSharedCaptures, noteMissingSharedCaptures, sharedCaptureFiles, sharedCapturesDir } from '../../helpers/shared-captures.js';

const LAB = readdirSync('fixtures/captures').filter((f) => /\.(pcap|pcapng|gz)$/.test(f)).map((f) => `fixtures/captures/${f}`);
if (!haveSharedCaptures) noteMissingSharedCaptures('explanations consistency (shared captures)');
const SHARED = sharedCaptureFiles().map((f) => `${sharedCapturesDir}/${f}`);

/** Deliveries that break the rule, in both directions (no lab capture has one). */
const WRONG = scenario()
  .at(0).discover({ mac: B, xid: 0x22, broadcastFlag: true })
  .at(0.01).offer({ server: S1, mac: B, xid: 0x22, yiaddr: IP2, to: 'unicast', broadcastFlag: true })
  .at(0.02).request({ mac: B, xid: 0x22, server: S1, requested: IP2, to: 'unicast', dst: S1, broadcastFlag: true })
  .at(0.03).ack({ server: S1, mac: B, xid: 0x22, yiaddr: IP2, to: 'unicast', broadcastFlag: true })
  .at(1).dora({ mac: A, xid: 0x11, server: S1, yiaddr: IP })
  .build();

const SAYS_OK = /that is what happened|as the rule says|\bnormal\b/;
const SAYS_BROKEN = /breaks RFC|breaks the rule|should have gone/;

function all(e: Explanation): string {
  return `${e.title} ${e.sentences.join(' ')}`;
}

function check(report: Report): number {
  const ex = explainReport(report);
  const maxFrame = report.captures.reduce((n, c) => n + c.packets, 0);
  const every: Explanation[] = [...ex.networks, ...ex.servers, ...ex.transactions, ...ex.transactions.flatMap((t) => t.steps), ...ex.leases, ...ex.findings];
  for (const e of every) {
    expect(e.sentences.length).toBeGreaterThan(0);
    for (const s of e.sentences) expect(s.trim()).not.toBe('');
    for (const f of e.frames) expect(f >= 1 && f <= maxFrame, `frame ${f} of ${maxFrame} in "${e.title}"`).toBe(true);
  }
  let wrong = 0;
  report.transactions.forEach((tx, i) => {
    const steps = ex.transactions[i]!.steps;
    expect(steps).toHaveLength(tx.steps.length);
    tx.steps.forEach((step, j) => {
      const said = all(steps[j]!);
      if (step.deliveryOk) expect(said, `frame ${step.frame}`).not.toMatch(SAYS_BROKEN);
      else {
        wrong++;
        expect(said, `frame ${step.frame}`).toMatch(SAYS_BROKEN);
        expect(said, `frame ${step.frame}`).not.toMatch(SAYS_OK);
        expect(said).toContain(step.expectedDelivery);
      }
    });
    if (tx.steps.some((s) => !s.deliveryOk)) expect(all(ex.transactions[i]!)).toMatch(/broke RFC 2131's delivery rule/);
  });
  expect(validateReport({ ...report, explanations: ex })).toEqual([]);
  return wrong;
}

describe('explanations never contradict the report', () => {
  for (const file of [...LAB, 'fixtures/demo.pcapng', ...SHARED]) {
    it(file.replace(/^.*\//, ''), async () => {
      check(await analyze(file));
    });
  }

  it('a capture with wrong deliveries says each one broke the rule', async () => {
    const report = await analyze(WRONG);
    expect(check(report)).toBeGreaterThanOrEqual(2);
  });
});
