import { describe, expect, it } from 'vitest';
import { SnapshotThrottle } from '../../src/report/live.js';
import type { Report } from '../../src/report/types.js';
import { buildSampleReport } from '../helpers/sample-report.js';

/** A throttle whose builds take `cost` ms of a fake clock; returns the throttle, the clock and the build count. */
function rig(cost: () => number) {
  let now = 1_000;
  let builds = 0;
  const base = buildSampleReport();
  const throttle = new SnapshotThrottle(
    (): Report => {
      builds++;
      now += cost();
      return { ...base, warnings: [{ message: `build ${builds}` }] };
    },
    { everyMs: 500, costFactor: 9, now: () => now },
  );
  return { throttle, advance: (ms: number) => (now += ms), builds: () => builds };
}

describe('SnapshotThrottle', () => {
  it('builds at most every everyMs while reading', () => {
    const r = rig(() => 10);
    const first = r.throttle.get(false);
    r.advance(400);
    expect(r.throttle.get(false)).toBe(first);
    r.advance(100);
    expect(r.throttle.get(false)).not.toBe(first);
    expect(r.builds()).toBe(2);
  });

  it('waits costFactor times as long as a slow build took, so building stays a bounded share of the time', () => {
    const r = rig(() => 200); // a big capture: each report takes 200 ms to build
    r.throttle.get(false);
    r.advance(1_000);
    r.throttle.get(false);
    expect(r.builds()).toBe(1);
    r.advance(800); // 1 800 ms after the build: 9 × 200
    r.throttle.get(false);
    expect(r.builds()).toBe(2);
  });

  it('keeps the final report once reading is over, and builds it anew after a reset', () => {
    const r = rig(() => 1);
    r.throttle.get(false);
    r.throttle.reset();
    const last = r.throttle.get(true);
    r.advance(60_000);
    expect(r.throttle.get(true)).toBe(last);
    expect(r.builds()).toBe(2);
  });

  it('builds the final report once on finish and keeps it without its builder', () => {
    const r = rig(() => 5);
    r.throttle.get(false);
    const last = r.throttle.finish();
    r.advance(60_000);
    expect(r.throttle.get(true)).toBe(last);
    expect(r.throttle.get(false)).toBe(last);
    expect(r.builds()).toBe(2);
  });
});
