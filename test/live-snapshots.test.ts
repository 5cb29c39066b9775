import { describe, expect, it } from 'vitest';
import { LiveSnapshots } from '../src/live-snapshots.js';
import type { Report } from '../src/report/types.js';

/**
 * A capture read at a steady pace on a fake clock: a full report costs in proportion to what has been read
 * (the clock moves on by that much while it is built), a refreshed one costs nothing.
 */
function reading(opts: { readonly msPerFullMsRead: number; readonly fullShare?: number }) {
  let now = 0;
  const made: ('full' | 'refresh')[] = [];
  let fullMs = 0;
  const report = (kind: string): Report => ({ kind, at: now }) as unknown as Report;
  const snapshots = new LiveSnapshots(
    {
      full: () => {
        const cost = Math.max(1, now * opts.msPerFullMsRead);
        now += cost;
        fullMs += cost;
        made.push('full');
        return report('full');
      },
      refresh: (base) => {
        made.push('refresh');
        return { ...base, refreshedAt: now } as Report;
      },
    },
    { everyMs: 500, fullShare: opts.fullShare ?? 0.1, now: () => now },
  );
  return {
    snapshots,
    made,
    /** The view asks for a report every 100 ms of reading until `untilMs`. */
    readUntil(untilMs: number): Report[] {
      const seen: Report[] = [];
      while (now < untilMs) {
        seen.push(snapshots.get(false));
        now += 100;
      }
      return seen;
    },
    get fullMs() {
      return fullMs;
    },
    get now() {
      return now;
    },
  };
}

describe('LiveSnapshots', () => {
  it('builds the first report in full and hands the same one out until everyMs has passed', () => {
    const r = reading({ msPerFullMsRead: 0 });
    const first = r.snapshots.get(false);
    expect(r.made).toEqual(['full']);
    expect(r.snapshots.get(false)).toBe(first);
    r.readUntil(400);
    expect(r.made).toEqual(['full']);
  });

  it('hands out a new report at least every everyMs (plus one request) while reading, so that the progress moves', () => {
    const r = reading({ msPerFullMsRead: 0.075 });
    const seen = r.readUntil(20_000);
    let last = seen[0]!;
    let since = 0;
    for (const s of seen) {
      if (s === last) since += 1;
      else [last, since] = [s, 0];
      expect(since).toBeLessThanOrEqual(5);
    }
    expect(r.made.filter((m) => m === 'refresh').length).toBeGreaterThan(r.made.filter((m) => m === 'full').length);
  });

  it('keeps full reports built while reading within about fullShare of the time, however dear they grow', () => {
    // Each full report costs 7.5 % of the time read so far (a dhcp-dense capture: ~0.3 s at 4 s).
    const r = reading({ msPerFullMsRead: 0.075 });
    r.readUntil(60_000);
    const firstMs = 1;
    expect(r.fullMs - firstMs).toBeLessThanOrEqual(0.1 * r.now + 0.075 * r.now * 0.2);
    expect(r.made.filter((m) => m === 'full').length).toBeGreaterThanOrEqual(3);
    expect(r.snapshots.fullBuilds).toBe(r.made.filter((m) => m === 'full').length);
  });

  it('builds full reports every everyMs while they are cheap', () => {
    const r = reading({ msPerFullMsRead: 0 });
    r.readUntil(5_000);
    expect(r.made.every((m) => m === 'full')).toBe(true);
    expect(r.made.length).toBeGreaterThanOrEqual(9);
  });

  it('builds the final report in full once it is asked for, keeps it, and lets go of the makers on finish', () => {
    const r = reading({ msPerFullMsRead: 1 });
    r.readUntil(3_000);
    const before = r.made.length;
    const final = r.snapshots.finish();
    expect(r.made.slice(before)).toEqual(['full']);
    expect(r.snapshots.get(false)).toBe(final);
    expect(r.snapshots.get(true)).toBe(final);
    expect(r.made.length).toBe(before + 1);
  });
});
