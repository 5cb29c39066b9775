import { afterEach, describe, expect, it } from 'vitest';
import type { Report } from '../../../src/report/types.js';
import { buildSampleReport, controlledLive } from '../../helpers/sample-report.js';
import { renderApp, tick, type Harness } from './harness.js';

let ui: Harness | undefined;
afterEach(() => ui?.unmount());

function partial(report: Report, transactions: number, bytesRead: number, done = false): Report {
  return {
    ...report,
    transactions: report.transactions.slice(0, transactions),
    progress: { done, bytesRead, bytesTotal: 4 * 1024 * 1024, frames: transactions * 10 },
  };
}

describe('a capture that is still being read', () => {
  it('shows a progress line and updates the views as the report grows', async () => {
    const full = buildSampleReport();
    const live = controlledLive(partial(full, 2, 1024 * 1024));
    ui = await renderApp(undefined, { live });
    await ui.press('2');
    const first = ui.frame();
    expect(first.split('\n')[1]).toMatch(/reading 1\.0 MiB \/ 4\.0 MiB \(25%\) · 20 frames/);
    expect(first).toContain('2 Handshakes 2');

    live.set(partial(full, 5, 3 * 1024 * 1024));
    await tick(150);
    expect(ui.frame()).toContain('(75%) · 50 frames');
    expect(ui.frame()).toContain('2 Handshakes 5');

    live.set({ ...full, progress: { done: true, bytesRead: 4 * 1024 * 1024, bytesTotal: 4 * 1024 * 1024, frames: 100 } });
    live.finish();
    await tick(150);
    expect(ui.frame()).not.toContain('reading');
    expect(ui.frame()).toContain('2 Handshakes 10');
    expect(ui.frame().split('\n')).toHaveLength(24);
  });

  it('redraws at most about 10 times a second however often the producer notifies', async () => {
    const full = buildSampleReport();
    const live = controlledLive(partial(full, 1, 0));
    ui = await renderApp(undefined, { live });
    const before = ui.frames().length;
    const started = Date.now();
    // A fixed number of notifications, whatever the machine's speed; the bound follows the time they took, so
    // a loaded machine (slower loop) is judged by the same 10-a-second rule.
    const notifications = 100;
    for (let n = 1; n <= notifications; n++) {
      live.set(partial(full, 1 + (n % 9), n * 1000));
      await tick(2);
    }
    await tick(150);
    const elapsed = Date.now() - started;
    const redraws = ui.frames().length - before;
    expect(redraws).toBeGreaterThanOrEqual(1);
    // Unthrottled it would redraw about once per notification (100): far above this unless the loop took 10 s.
    expect(redraws).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 2);
  });
});
