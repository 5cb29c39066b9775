import { afterEach, describe, expect, it } from 'vitest';
import { sanitize } from '../../../src/render/sanitize.js';
import type { Report } from '../../../src/report/types.js';
import { buildSampleReport } from '../../helpers/sample-report.js';
import { KEY, renderApp, type Harness } from './harness.js';

describe('sanitize', () => {
  it('replaces C0 controls, DEL, C1 controls and bidi controls with U+FFFD, keeping ordinary text', () => {
    expect(sanitize('evil\u001B[31mhost\u0007\r\n\t')).toBe('evil\uFFFD[31mhost\uFFFD\uFFFD\uFFFD\uFFFD');
    expect(sanitize('a\u007Fb\u0085c\u009Bd')).toBe('a\uFFFDb\uFFFDc\uFFFDd');
    expect(sanitize('abc\u202Egnp.exe\u2066x\u2069\u200F')).toBe('abc\uFFFDgnp.exe\uFFFDx\uFFFD\uFFFD');
    expect(sanitize('büro-PC 東京 ✓')).toBe('büro-PC 東京 ✓');
  });
});

let ui: Harness | undefined;
afterEach(() => ui?.unmount());

/** The sample report with hostile strings wherever a packet can put text. */
function hostileReport(): Report {
  const base = buildSampleReport();
  const evil = 'evil\u001B[2J\u001B]0;pwned\u0007host\u202E\u009B31m';
  const [first, ...rest] = base.transactions;
  if (!first) throw new Error('sample has transactions');
  const packets = (base.packets ?? []).map((p) =>
    p.frame === 1 && p.dhcp
      ? { ...p, dhcp: { ...p.dhcp, sname: evil, options: p.dhcp.options.map((o) => (o.code === 12 ? { ...o, value: evil } : o)) } }
      : p,
  );
  return {
    ...base,
    packets,
    transactions: [{ ...first, hostname: evil, vendorClass: evil, nakMessage: evil }, ...rest],
    leases: base.leases.map((l) => ({ ...l, hostname: evil })),
    clients: base.clients.map((c) => ({ ...c, hostnames: [evil], vendor: evil })),
  };
}

describe('strings from packets', () => {
  it('are rendered without their control characters in every view', async () => {
    ui = await renderApp(hostileReport(), { columns: 160, rows: 40 });
    let all = ui.frame();
    for (const keys of [['2'], [KEY.enter, KEY.enter, 'G'], [KEY.escape, KEY.escape, '3'], ['4', 'G'], ['5']]) {
      await ui.press(...keys);
      all += ui.frame();
    }
    expect(all).toContain('evil\uFFFD[2J\uFFFD]0;pwned\uFFFDhost');
    expect(all).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/);
  });
});
