import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDist, dorascope } from '../helpers/cli.js';

let dir: string;
beforeAll(() => {
  buildDist();
  dir = mkdtempSync(join(tmpdir(), 'dorascope-cli-html-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--html and --mermaid on the command line', () => {
  it('--html FILE writes the page to the file and nothing to stdout', () => {
    const file = join(dir, 'demo.html');
    const r = dorascope(['fixtures/demo.pcapng', '--html', file]);
    expect(r).toMatchObject({ code: 0, stdout: '' });
    const html = readFileSync(file, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('--html - writes the page to stdout, and the filters keep only what concerns them', () => {
    const all = dorascope(['fixtures/demo.pcapng', '--html', '-']);
    const one = dorascope(['fixtures/demo.pcapng', '--html', '-', '--mac', '02:00:00:00:03:01']);
    expect(all.code).toBe(0);
    expect(one.code).toBe(0);
    const count = (html: string) => html.slice(0, html.indexOf('<script')).match(/<article class="tx /g)?.length ?? 0;
    expect(count(all.stdout)).toBe(8);
    expect(count(one.stdout)).toBe(1);
  });

  it('a page that cannot be written is a usage error, said in one line before the capture is read', () => {
    const r = dorascope(['fixtures/demo.pcapng', '--html', join(dir, 'no', 'such', 'dir.html')]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(/^dorascope: cannot write .*dir\.html: ENOENT$/);
    expect(existsSync(join(dir, 'no'))).toBe(false);
  });

  it('an unreadable capture leaves no page behind (exit 3)', () => {
    const file = join(dir, 'none.html');
    const r = dorascope(['README.md', '--html', file]);
    expect(r.code).toBe(3);
    expect(existsSync(file)).toBe(false);
  });

  it('--html needs a file and is one output format among the others', () => {
    expect(dorascope(['fixtures/demo.pcapng', '--html']).code).toBe(2);
    const both = dorascope(['fixtures/demo.pcapng', '--json', '--html', join(dir, 'x.html')]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('choose one output format, not --json and --html');
  });

  it('--mermaid prints a diagram per exchange; --xid keeps one', () => {
    const all = dorascope(['fixtures/captures/05-decline.pcap', '--mermaid']);
    expect(all.code).toBe(0);
    expect(all.stdout.match(/^```mermaid$/gm)).toHaveLength(3);
    const one = dorascope(['fixtures/captures/05-decline.pcap', '--mermaid', '--xid', '0x0be56466']);
    expect(one.stdout.match(/^```mermaid$/gm)).toHaveLength(1);
    expect(one.stdout).toContain('P1->>P0: ACK · 10.9.5.51');
  });
});
