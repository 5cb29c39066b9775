/**
 * Every renderer on every capture of the repository (the lab's real DHCP software, and the demo): the JSON is
 * byte-identical run after run and the schema accepts it, the NDJSON lines are each a JSON object, the text
 * timeline has a block per transaction, and each TUI view draws. On a plain clone these captures are all the
 * real traffic there is, so they stand where ../shared's would.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { analyze } from '../../src/index.js';
import { ndjsonLine, renderJson, summaryOf } from '../../src/render/json.js';
import { renderText } from '../../src/render/text.js';
import type { Report } from '../../src/report/types.js';
import { validateReport } from '../helpers/schema.js';
import { nonEmpty, repoCaptureFiles } from '../helpers/shared-captures.js';
import { renderApp, type Harness } from './tui/harness.js';

const files = repoCaptureFiles();
const reports = new Map<string, Promise<Report>>();
const reportOf = (file: string): Promise<Report> => {
  if (!reports.has(file)) reports.set(file, analyze(file, { packets: true }));
  return reports.get(file)!;
};

let ui: Harness | undefined;
afterEach(() => ui?.unmount());

describe('every renderer on the repository captures', () => {
  nonEmpty('repository captures', files);

  describe.each(files.map((f) => [path.basename(f), f]))('%s', (_name, file) => {
    it('JSON: byte-identical for the same capture, and the schema accepts it', async () => {
      const one = renderJson(await reportOf(file));
      const two = renderJson(await analyze(file, { packets: true }));
      expect(one).toBe(two);
      expect(validateReport(JSON.parse(one))).toEqual([]);
    });

    it('NDJSON: one JSON object per line', async () => {
      const r = await reportOf(file);
      const text = [...r.transactions.map((t) => ndjsonLine({ type: 'transaction', data: t })), ndjsonLine(summaryOf(r))].join('');
      const lines = text.split('\n').filter((l) => l !== '');
      expect(lines.length).toBe(r.transactions.length + 1);
      for (const l of lines) expect(typeof JSON.parse(l)).toBe('object');
    });

    it('text: a block per transaction, and every step\'s frame shown', async () => {
      const r = await reportOf(file);
      const lines = renderText(r).split('\n');
      const headers = lines.filter((l) => /^T\d+ /.test(l));
      expect(headers.map((l) => l.split(' ')[0])).toEqual(r.transactions.map((t) => t.id));
      const framesShown = new Set(lines.flatMap((l) => [...l.matchAll(/ #(\d+)\b/g)].map((m) => m[1])));
      for (const t of r.transactions) for (const s of t.steps) expect(framesShown, `${t.id} step #${s.frame}`).toContain(String(s.frame));
    });

    it('TUI: each view draws, with the frame count on the overview', async () => {
      const r = await reportOf(file);
      ui = await renderApp(r, { columns: 120, rows: 40 });
      expect(ui.frame()).toContain(`${r.stats.packets} all`);
      for (const key of ['2', '3', '4', '5', '1']) {
        await ui.press(key);
        expect(ui.frame().split('\n').length).toBeGreaterThan(5);
      }
    });
  });
});
