/**
 * Packet text is attacker-controlled. A capture whose hostnames, vendor class, NAK message and domain hold
 * markup and script must give a page where all of it is text: no element, no script, no dialog came from it,
 * in the file (always checked) and in a real browser (where Chromium can be found).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, launch, screenshotPath, watchedPage } from '../../helpers/browser.js';
import { buildDist, dorascope } from '../../helpers/cli.js';
import { opt } from '../../helpers/dhcp-builder.js';
import { scenario } from '../../helpers/scenario.js';

const IMG = '<img src=x onerror=alert(1)>';
const BREAKOUT = '</script><script>alert(2);window.pwned=1</script>';
const SVG = '"><svg onload=alert(3)>';
const NAK = "'><iframe srcdoc=\"<script>alert(4)</script>\">";
const MARKERS = [IMG, BREAKOUT, SVG, NAK];

function hostileCapture(): Uint8Array {
  const server = '10.66.0.1';
  return scenario()
    .at(0)
    .dora({ mac: '02:00:00:00:66:01', xid: 0x66000001, server, yiaddr: '10.66.0.50', hostname: IMG })
    .at(1)
    .dora({ mac: '02:00:00:00:66:02', xid: 0x66000002, server, yiaddr: '10.66.0.51', hostname: BREAKOUT })
    .at(2)
    .discover({ mac: '02:00:00:00:66:03', xid: 0x66000003, hostname: 'vendor', options: [opt(60, SVG)] })
    .at(3)
    .request({ mac: '02:00:00:00:66:04', xid: 0x66000004, requested: '10.66.0.99', hostname: 'nakked' })
    .at(3.01)
    .nak({ server, mac: '02:00:00:00:66:04', xid: 0x66000004, message: NAK })
    .build();
}

let dir: string;
let file: string;
let html: string;

beforeAll(() => {
  buildDist();
  dir = mkdtempSync(join(tmpdir(), 'dorascope-hostile-'));
  const capture = join(dir, 'hostile.pcap');
  writeFileSync(capture, hostileCapture());
  file = join(dir, 'hostile.html');
  const r = dorascope([capture, '--html', file]);
  expect(r.code, r.stderr).toBe(0);
  html = readFileSync(file, 'utf8');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a page built from hostile packet text', () => {
  it('holds every hostile string only escaped: as markup it appears nowhere in the file', () => {
    for (const marker of MARKERS) expect(html).not.toContain(marker);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toMatch(/<img|<iframe|<svg onload/i);
    // Exactly the page's own script elements: the three data blocks and the script.
    expect(html.match(/<script\b/gi)).toHaveLength(4);
    expect(html.match(/<\/script>/gi)).toHaveLength(4);
  });

  const chromium = findChromium();
  it.skipIf(!chromium)('in Chromium: no element, no script and no dialog came from it, and its text is shown as text', async () => {
    const browser = await launch(chromium!);
    try {
      const w = await watchedPage(browser);
      await w.page.goto(`file://${file}`, { waitUntil: 'load' });
      const look = () =>
        w.page.evaluate(() => ({
          imgs: document.querySelectorAll('img, iframe, object, embed').length,
          scripts: [...document.scripts].map((s) => s.id || s.type || 'page'),
          handlers: [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
          pwned: (window as unknown as { pwned?: number }).pwned ?? null,
          text: document.body.textContent ?? '',
        }));
      const before = await look();
      expect(before).toMatchObject({ imgs: 0, scripts: ['page-data', 'page-packets', 'page-query', 'page'], handlers: 0, pwned: null });
      expect(before.text).toContain(IMG);
      expect(before.text).toContain(BREAKOUT);
      expect(before.text).toContain(SVG);
      // Drawn again by the page's own script: the search, and every frame's packet dialog.
      await w.page.type('#search', 'onerror');
      await w.page.waitForFunction(() => document.getElementById('search-note')?.textContent !== '');
      // A filter that names the hostile text, and one whose error message quotes it back.
      for (const expr of [`hostname=${JSON.stringify(IMG)}`, `(${IMG}`]) {
        await w.page.$eval('#search', (el, v) => {
          (el as HTMLInputElement).value = v;
          el.dispatchEvent(new Event('input'));
        }, expr);
        await w.page.waitForFunction((v) => document.getElementById('search-note')?.dataset.filter === v, {}, expr);
      }
      expect(await w.page.$eval('#search-note', (el) => [el.className, el.textContent])).toEqual(['error', `(${IMG} column 2: < needs a field name before it`]);
      const shown: string[] = [];
      for (let frame = 1; frame <= 11; frame += 1) {
        await w.page.evaluate((h) => {
          location.hash = h;
        }, `#frame-${frame}`);
        await w.page.waitForFunction((f) => document.querySelector('dialog#packet[open] h2')?.textContent === `Frame ${f}`, {}, frame);
        shown.push(await w.page.$eval('#packet-body', (el) => el.textContent ?? ''));
      }
      for (const marker of MARKERS) expect(shown.join('\n')).toContain(marker);
      const after = await look();
      expect(after).toMatchObject({ imgs: 0, handlers: 0, pwned: null });
      expect(after.scripts).toEqual(['page-data', 'page-packets', 'page-query', 'page']);
      expect(w.dialogs).toEqual([]);
      expect(w.errors).toEqual([]);
      expect(w.requests).toEqual([]);
      await w.page.screenshot({ path: screenshotPath('hostile'), fullPage: true });
    } finally {
      await browser.close();
    }
  });
  if (!chromium) it.skip('in Chromium (skipped: no chromium on PATH; install Debian’s chromium package, or set CHROMIUM)', () => undefined);
});
