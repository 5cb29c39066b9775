/**
 * Headless Chromium for the HTML page's tests: the system's own browser (Debian's `chromium` package) driven
 * by puppeteer-core, which downloads nothing. Found on PATH (or $CHROMIUM); when there is none, the tests
 * that need it say so and skip.
 */
import { accessSync, constants, mkdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { ROOT } from './cli.js';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

export function findChromium(): string | undefined {
  const fromEnv = process.env['CHROMIUM'];
  if (fromEnv) return fromEnv;
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    for (const name of NAMES) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

export async function launch(executablePath: string): Promise<Browser> {
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  return puppeteer.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}

/** A page that records script errors, console errors, dialogs (alert) and any request that leaves file://. */
export interface Watched {
  readonly page: Page;
  readonly errors: string[];
  readonly dialogs: string[];
  readonly requests: string[];
}

export async function watchedPage(browser: Browser, viewport = { width: 1400, height: 1000 }): Promise<Watched> {
  const page = await browser.newPage();
  await page.setViewport(viewport);
  const w: Watched = { page, errors: [], dialogs: [], requests: [] };
  page.on('pageerror', (e) => w.errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') w.errors.push(m.text());
  });
  page.on('dialog', (d) => {
    w.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) w.requests.push(r.url());
  });
  return w;
}

/** Screenshots are test artefacts: kept in artifacts/screenshots (git-ignored) for a person to look at. */
export function screenshotPath(name: string): `${string}.png` {
  const dir = join(ROOT, 'artifacts', 'screenshots');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name.replace(/[^\w.-]+/g, '_')}.png`) as `${string}.png`;
}
