/**
 * The HTML page in a real browser (headless Chromium via puppeteer-core): the lab captures' pages, their DOM
 * against their JSON reports, links, search, batches, colour schemes and print. Screenshots go to
 * artifacts/screenshots. Skipped, with the reason, where no Chromium can be found.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../../src/report/types.js';
import { findChromium, launch, screenshotPath, watchedPage, type Watched } from '../../helpers/browser.js';
import { buildDist, dorascope, ROOT } from '../../helpers/cli.js';
import { scenario } from '../../helpers/scenario.js';

const chromium = findChromium();
const CAPTURES = join(ROOT, 'fixtures', 'captures');
const captures = readdirSync(CAPTURES).filter((f) => /\.(pcap|pcapng)(\.gz)?$/.test(f)).sort();

let browser: Browser;
let dir: string;

function page(capture: string): { file: string; report: Report } {
  const file = join(dir, `${basename(capture)}.html`);
  const html = dorascope([capture, '--html', file]);
  expect(html.code, html.stderr).toBe(0);
  const json = dorascope([capture, '--json']);
  return { file, report: JSON.parse(json.stdout) as Report };
}

async function open(file: string, hash = ''): Promise<Watched> {
  const w = await watchedPage(browser);
  await w.page.goto(`file://${file}${hash}`, { waitUntil: 'load' });
  return w;
}

function clean(w: Watched): void {
  expect(w.errors, 'script errors').toEqual([]);
  expect(w.requests, 'requests that left the file').toEqual([]);
  expect(w.dialogs, 'dialogs').toEqual([]);
}

const isBroadcast = (s: { l2: string; l3: string }) => s.l2 === 'broadcast' || s.l3 === 'broadcast';

describe.skipIf(!chromium)('HTML page in Chromium', () => {
  beforeAll(async () => {
    buildDist();
    dir = mkdtempSync(join(tmpdir(), 'dorascope-html-'));
    browser = await launch(chromium!);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(captures)('%s: a ladder per exchange with its arrow kinds, a bar per lease, links per finding', async (name) => {
    const { file, report } = page(join('fixtures', 'captures', name));
    const w = await open(file);
    const dom = await w.page.evaluate(() => ({
      ladders: [...document.querySelectorAll('#list-tx article.tx')].map((a) => ({
        id: a.getAttribute('data-id'),
        svg: a.querySelectorAll('svg.ladder').length,
        bc: a.querySelectorAll('.row.step.bc').length,
        uc: a.querySelectorAll('.row.step.uc').length,
        bad: a.querySelectorAll('.row.step.bad').length,
        arp: a.querySelectorAll('.row.arp').length,
        frames: [...a.querySelectorAll('svg a[href^="#frame-"]')].map((l) => Number(l.getAttribute('href')!.slice(7))),
      })),
      bars: document.querySelectorAll('#list-addresses .bar').length,
      findings: [...document.querySelectorAll('#list-findings li.finding')].map((li) => ({
        id: li.getAttribute('data-id'),
        frames: [...li.querySelectorAll('a[href^="#frame-"]')].map((l) => Number(l.getAttribute('href')!.slice(7))),
        tx: [...li.querySelectorAll('a[href^="#tx-"]')].map((l) => l.getAttribute('href')!.slice(4)),
      })),
    }));
    expect(dom.ladders.map((l) => l.id)).toEqual(report.transactions.slice(0, 50).map((t) => t.id));
    for (const [i, l] of dom.ladders.entries()) {
      const t = report.transactions[i]!;
      expect(l, t.id).toMatchObject({
        svg: 1,
        bc: t.steps.filter(isBroadcast).length,
        uc: t.steps.filter((s) => !isBroadcast(s)).length,
        bad: t.steps.filter((s) => !s.deliveryOk).length,
        arp: t.arpFrames.length,
      });
      // A server's address check before its OFFER is a row too, linked by its first frame.
      const checks = (t.addressChecks ?? []).flatMap((c) => c.frames.slice(0, 1));
      expect(l.frames.sort((a, b) => a - b)).toEqual([...t.steps.map((s) => s.frame), ...t.arpFrames, ...checks].sort((a, b) => a - b));
    }
    expect(dom.bars).toBe(report.leases.length);
    expect(dom.findings.map((f) => f.id)).toEqual(report.findings.map((f) => f.id));
    for (const [i, f] of dom.findings.entries()) {
      expect(f.frames).toEqual(report.findings[i]!.frames);
      for (const id of f.tx) expect(report.transactions.some((t) => t.id === id)).toBe(true);
    }
    await w.page.screenshot({ path: screenshotPath(`capture-${name}`), fullPage: true });
    clean(w);
    await w.page.close();
  });

  it('the demo capture’s page opens offline with every section filled in', async () => {
    const { file, report } = page('fixtures/demo.pcapng');
    const w = await open(file);
    const sections = await w.page.evaluate(() =>
      Object.fromEntries(['summary', 'findings', 'leases', 'exchanges'].map((id) => {
        const el = document.getElementById(id);
        return [id, el ? { visible: el.getBoundingClientRect().height > 50, items: el.querySelectorAll('.card, li.finding, .addr, article.tx').length } : null];
      })),
    );
    expect(sections).toEqual({
      summary: { visible: true, items: 8 },
      findings: { visible: true, items: report.findings.length },
      leases: { visible: true, items: new Set(report.leases.map((l) => l.ip)).size },
      exchanges: { visible: true, items: report.transactions.length },
    });
    expect(await w.page.$$eval('.judgement', (cells) => cells.length)).toBe(report.servers.length);
    await w.page.screenshot({ path: screenshotPath('demo'), fullPage: true });
    clean(w);
    await w.page.close();
  });

  it('opens a frame’s fields and bytes from a finding, and its exchange from there', async () => {
    const { file, report } = page(join('fixtures', 'captures', '05-decline.pcap'));
    const w = await open(file);
    const finding = report.findings.find((f) => f.code === 'PROBE_ANSWERED')!;
    const frame = finding.frames[0]!;
    await w.page.click(`#finding-${finding.id} a[href="#frame-${frame}"]`);
    await w.page.waitForSelector('dialog#packet[open]');
    const text = await w.page.$eval('#packet-body', (el) => el.textContent ?? '');
    expect(text).toContain(`Frame ${frame}`);
    expect(text).toContain('ARP');
    expect(await w.page.$eval('#packet-body pre.hex', (el) => el.textContent?.split('\n').length ?? 0)).toBeGreaterThan(2);
    await w.page.screenshot({ path: screenshotPath('packet-dialog') });
    await w.page.click('#packet-body a.to-tx');
    await w.page.waitForFunction(() => !document.querySelector('dialog#packet[open]'));
    expect(await w.page.evaluate(() => location.hash)).toMatch(/^#tx-/);
    clean(w);
    await w.page.close();
  });

  it('clicking a lease bar opens its exchange', async () => {
    const { file, report } = page(join('fixtures', 'captures', '05-decline.pcap'));
    const w = await open(file);
    const lease = report.leases[0]!;
    await w.page.click(`.addr[data-ip="${lease.ip}"] .bar`);
    expect(await w.page.evaluate(() => location.hash)).toBe(`#tx-${lease.transactions.at(-1)}`);
    clean(w);
    await w.page.close();
  });

  /** Sets the filter box as a reader would, and waits until the lists show that expression. */
  async function filterBy(w: Watched, expr: string): Promise<void> {
    await w.page.$eval('#search', (el, v) => {
      (el as HTMLInputElement).value = v;
      el.dispatchEvent(new Event('input'));
    }, expr);
    await w.page.waitForFunction((v) => document.getElementById('search-note')?.dataset.filter === v, {}, expr);
  }

  const shownRows = (w: Watched) =>
    w.page.evaluate(() => ({
      tx: [...document.querySelectorAll('#list-tx article.tx')].map((a) => a.getAttribute('data-id')),
      leases: [...document.querySelectorAll('#list-addresses .bar')].map((b) => `${b.closest('.addr')?.getAttribute('data-ip')} ${b.getAttribute('data-mac')}`).sort(),
      findings: [...document.querySelectorAll('#list-findings li.finding')].map((li) => li.getAttribute('data-id')),
    }));

  it.each(['fixtures/demo.pcapng', 'fixtures/captures/12-arp-conflict.pcap', 'fixtures/captures/04-init-reboot-nak.pcap', 'fixtures/captures/15-virtual-lab-vmware.pcap', 'fixtures/captures/06-renew-rebind.pcap'])(
    '%s: the filter box keeps the exchanges, leases and findings that --json --filter keeps',
    async (capture) => {
      const { file, report } = page(capture);
      const t = report.transactions.at(-1)!;
      const expressions = [
        'outcome=NAK or outcome=NO_OFFER',
        'kind=RENEW and latency<1s',
        'not kind=DORA or severity>=warning',
        `mac=${t.clientMac.replaceAll(':', '-')}`,
        `xid=${t.xid.replace(/^0x0*/, '')} or code=ARP_CONFLICT`,
        `ip=${t.assignedIp ?? t.requestedIp ?? '10.9.0.1'} and not delivery=wrong`,
        'ip=10.9.0.0/16 and (type=DECLINE or type=probe or vendor~/vm/)',
        'mac~00:0c:29 || hostname~client',
        'ACK',
      ];
      const w = await open(file);
      for (const expr of expressions) {
        await filterBy(w, expr);
        const cli = dorascope([capture, '--json', '--filter', expr]);
        expect(cli.code, cli.stderr).toBe(0);
        const want = JSON.parse(cli.stdout) as Report;
        expect(await shownRows(w), expr).toEqual({
          tx: want.transactions.map((x) => x.id),
          leases: want.leases.map((l) => `${l.ip} ${l.mac}`).sort(),
          findings: want.findings.map((f) => f.id),
        });
        const n = (k: number, one: string, many = `${one}s`) => `${k} ${k === 1 ? one : many}`;
        expect(await w.page.$eval('#search-note', (el) => el.textContent), expr).toBe(
          `${n(want.transactions.length, 'exchange')}, ${n(want.leases.length, 'lease')} (${n(new Set(want.leases.map((l) => l.ip)).size, 'address', 'addresses')}), ${n(want.findings.length, 'finding')} match`,
        );
      }
      clean(w);
      await w.page.close();
    },
  );

  it('says where a filter expression is wrong, as the terminal UI does, keeps the lists, and shows all again when cleared', async () => {
    const { file, report } = page('fixtures/demo.pcapng');
    const w = await open(file);
    await filterBy(w, 'outcome=ACK');
    const before = await shownRows(w);
    expect(before.tx.length).toBeGreaterThan(0);
    await filterBy(w, 'kind=RENEW and latncy>1s');
    expect(await w.page.$eval('#search-note', (el) => [el.className, el.textContent, el.querySelector('mark')?.textContent])).toEqual([
      'error',
      expect.stringContaining('kind=RENEW and latncy>1s column 16: unknown field "latncy"'),
      'l',
    ]);
    expect(await w.page.$eval('#search', (el) => el.getAttribute('aria-invalid'))).toBe('true');
    expect(await shownRows(w)).toEqual(before);
    await w.page.screenshot({ path: screenshotPath('filter-error') });
    await filterBy(w, '');
    expect(await shownRows(w)).toMatchObject({ tx: report.transactions.map((x) => x.id), findings: report.findings.map((f) => f.id) });
    expect((await shownRows(w)).leases).toHaveLength(report.leases.length);
    clean(w);
    await w.page.close();
  });

  it.each(['fixtures/captures/03-two-servers.pcap', 'fixtures/captures/06-renew-rebind.pcap', 'fixtures/captures/07-relay-server-side.pcap'])(
    '%s: every message of every ladder is explained, as --explain says it, in its arrow’s tooltip and a line under the ladder',
    async (capture) => {
      const { file } = page(capture);
      const json = dorascope([capture, '--json', '--explain']);
      expect(json.code, json.stderr).toBe(0);
      const report = JSON.parse(json.stdout) as Report & { explanations: { transactions: { id: string; steps: { title: string; sentences: string[] }[] }[] } };
      const w = await open(file);
      const dom = await w.page.evaluate(() =>
        [...document.querySelectorAll('#list-tx article.tx')].map((a) => ({
          id: a.getAttribute('data-id'),
          lines: [...a.querySelectorAll('details.steps li')].map((li) => ({ frame: Number(li.getAttribute('data-frame')), title: li.querySelector('b')?.textContent, sentences: [...li.querySelectorAll('p')].map((p) => p.textContent) })),
          tips: [...a.querySelectorAll('.row.step')].map((g) => g.querySelector('title')?.textContent ?? ''),
        })),
      );
      expect(dom.map((d) => d.id)).toEqual(report.transactions.map((t) => t.id));
      for (const [i, d] of dom.entries()) {
        const t = report.transactions[i]!;
        const steps = report.explanations.transactions.find((x) => x.id === t.id)!.steps;
        expect(d.lines, t.id).toEqual(t.steps.map((s, j) => ({ frame: s.frame, title: steps[j]!.title, sentences: steps[j]!.sentences })));
        expect(d.tips.length).toBe(t.steps.length);
        for (const [j, tip] of d.tips.entries()) for (const sentence of steps[j]!.sentences) expect(tip).toContain(sentence);
      }
      await w.page.$eval('#list-tx details.steps', (el) => ((el as HTMLDetailsElement).open = true));
      await w.page.$eval('#list-tx details.steps', (el) => el.closest('article')!.scrollIntoView());
      await w.page.screenshot({ path: screenshotPath(`steps-${basename(capture)}`) });
      clean(w);
      await w.page.close();
    },
  );

  it('draws a long list in batches: the first 50 exchanges, then more on request or when scrolled to', async () => {
    const s = scenario();
    for (let i = 0; i < 120; i += 1) {
      s.at(i).dora({ mac: `02:00:00:00:10:${i.toString(16).padStart(2, '0')}`, xid: 0x1000 + i, server: '10.1.0.1', yiaddr: `10.1.0.${i + 10}`, hostname: `host-${i}` });
    }
    const capture = join(dir, 'many.pcap');
    writeFileSync(capture, s.build());
    const { file } = page(capture);
    const w = await open(file);
    const shown = () => w.page.evaluate(() => document.querySelectorAll('#list-tx article').length);
    expect(await shown()).toBe(50);
    // Clicked where it is (a real click would scroll it into view, which draws a batch by itself).
    await w.page.$eval('#more-tx', (el) => (el as HTMLElement).click());
    expect(await shown()).toBe(100);
    await w.page.$eval('#more-tx', (el) => el.scrollIntoView());
    await w.page.waitForFunction(() => document.querySelectorAll('#list-tx article').length === 120);
    expect(await w.page.$eval('#more-tx', (el) => (el as HTMLElement).hidden)).toBe(true);
    // An exchange beyond the first batch opens on its own when linked to.
    const late = await open(file, '#tx-T' + String(4 * 110 + 1));
    expect(await late.page.$eval('#opened', (el) => el.querySelector('article.tx')?.getAttribute('data-id'))).toBe('T441');
    // Drawn by the page's script, with each message's explanation too.
    expect(await late.page.$$eval('#opened article.tx details.steps li', (lis) => lis.map((li) => li.querySelector('b')?.textContent))).toEqual([
      'Frame 441: DISCOVER', 'Frame 442: OFFER', 'Frame 443: REQUEST (SELECTING)', 'Frame 444: ACK',
    ]);
    clean(w);
    clean(late);
    await w.page.close();
    await late.page.close();
  });

  it('says which frames have packet details when the capture has more DHCP/ARP frames than the page carries, and how to open a later one', async () => {
    const s = scenario();
    for (let i = 0; i < 2_600; i += 1) {
      s.at(i).dora({ mac: `02:00:00:01:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`, xid: 0x20000 + i, server: '10.2.0.1', yiaddr: `10.2.${(i >> 8) + 1}.${i & 255}` });
    }
    const capture = join(dir, 'over-cap.pcap');
    writeFileSync(capture, s.build());
    const { file, report } = page(capture);
    const frames = report.transactions.flatMap((t) => t.steps.map((st) => st.frame));
    expect(Math.max(...frames)).toBeGreaterThan(10_000);
    const w = await open(file);
    expect(await w.page.$eval('#packets-cap', (el) => el.textContent)).toContain('for the first 10000 DHCP and ARP frames, up to frame 10000');
    const late = Math.max(...frames);
    await w.page.evaluate((h) => (location.hash = h), `#frame-${late}`);
    await w.page.waitForSelector('dialog#packet[open]');
    const text = await w.page.$eval('#packet-body', (el) => el.textContent ?? '');
    expect(text).toContain(`frame.number == ${late}`);
    expect(text).toContain(`--json --packets --hex --filter frame=${late}`);
    await w.page.evaluate(() => (location.hash = '#frame-3'));
    await w.page.waitForFunction(() => document.querySelector('#packet-body h2')?.textContent === 'Frame 3');
    expect(await w.page.$eval('#packet-body', (el) => el.querySelectorAll('table.fields tr').length)).toBeGreaterThan(5);
    clean(w);
    await w.page.close();
  });

  it('follows the system’s colour scheme and prints without its controls', async () => {
    const { file } = page('fixtures/demo.pcapng');
    const w = await open(file);
    const background = () => w.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await w.page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    const light = await background();
    await w.page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    const dark = await background();
    expect(light).toBe('rgb(255, 255, 255)');
    expect(dark).not.toBe(light);
    await w.page.screenshot({ path: screenshotPath('demo-dark') });
    await w.page.emulateMediaType('print');
    expect(await w.page.$eval('.bar-top', (el) => getComputedStyle(el).display)).toBe('none');
    expect(await w.page.$eval('#list-tx article', (el) => getComputedStyle(el).breakInside)).toBe('avoid');
    const pdf = await w.page.pdf({ format: 'A4' });
    expect(pdf.length).toBeGreaterThan(10_000);
    clean(w);
    await w.page.close();
  });
});

if (!chromium) {
  describe('HTML page in Chromium', () => {
    it.skip('skipped: no chromium on PATH (install Debian’s chromium package, or set CHROMIUM)', () => undefined);
  });
}
