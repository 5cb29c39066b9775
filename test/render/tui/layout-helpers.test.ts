import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bar, clip, clock, duration, ipKey, relative, wrap } from '../../../src/render/tui/format.js';
import { buildModel } from '../../../src/render/tui/model.js';
import { fitColumns } from '../../../src/render/tui/table.js';
import { timeline } from '../../../src/render/tui/timeline.js';
import { scrollWindow } from '../../../src/render/tui/use-window.js';
import { buildSampleReport } from '../../helpers/sample-report.js';

describe('formatting', () => {
  it('times, durations and bars', () => {
    expect(clock('2024-03-01T10:00:05.123456789Z')).toBe('10:00:05.123');
    expect(clock('2024-03-01T10:00:05Z')).toBe('10:00:05.000');
    expect(duration(0.25)).toBe('0.25ms');
    expect(duration(12.4)).toBe('12ms');
    expect(duration(1234)).toBe('1.23s');
    expect(duration(125_000)).toBe('2m05s');
    expect(duration(86_400_000)).toBe('24h00m');
    expect(relative(0)).toBe('+0');
    expect(relative(0.00045)).toBe('+0.45ms');
    expect(relative(0.0125)).toBe('+12.5ms');
    expect(relative(-0.1)).toBe('-100.0ms');
    expect(relative(3.4)).toBe('+3.400s');
    expect(relative(150)).toBe('+2m30s');
    expect(bar(4, 8, 4)).toBe('██');
    expect(bar(1, 1000, 4)).toBe('▏');
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(wrap('one two three four', 9, 2)).toEqual(['one two', 'three fo…']);
  });

  it('timeline bars across the capture span', () => {
    const span = { start: 0, end: 100 };
    expect(timeline(0, 100, span, 10)).toBe('━━━━━━━━━━');
    expect(timeline(50, 1000, span, 10)).toBe('·····━━━━▶');
    expect(timeline(-10, 30, span, 10)).toBe('◀━━━······');
  });
});

describe('lists', () => {
  it('scroll only when the selection leaves the window', () => {
    expect(scrollWindow(0, 5, 10, 100)).toEqual({ offset: 0, size: 10 });
    expect(scrollWindow(0, 12, 10, 100)).toEqual({ offset: 3, size: 10 });
    expect(scrollWindow(3, 8, 10, 100)).toEqual({ offset: 3, size: 10 });
    expect(scrollWindow(3, 1, 10, 100)).toEqual({ offset: 1, size: 10 });
    expect(scrollWindow(50, 4, 10, 5)).toEqual({ offset: 0, size: 5 });
  });

  it('drop the least important columns first and give the rest to the flexible one', () => {
    const col = (title: string, width: number, priority: number, flex = false) => ({ title, width, priority, flex, text: () => '' });
    const fitted = fitColumns([col('a', 10, 1), col('b', 10, 3), col('c', 10, 2, true)], 30);
    expect(fitted.map((f) => [f.column.title, f.width])).toEqual([['a', 10], ['c', 17]]);
  });

  it('filter by hostname finds all of that client’s transactions; MACs may be typed with dashes', () => {
    const report = buildSampleReport();
    expect(buildModel(report, 'kali').transactions.map((t) => t.id)).toEqual(['t-4', 't-5']);
    expect(buildModel(report, '00-0c-29-4f').transactions.map((t) => t.id)).toEqual(['t-1', 't-6']);
    const leases = buildModel(report, '').leases;
    expect(leases.filter((l) => l.overlap).map((l) => l.lease.mac)).toEqual(['08:00:27:d4:1c:9e', '52:54:00:99:88:77']);
  });
});

describe('ipKey', () => {
  /** What it has always meant: four dot-separated integers 0–255 as Number() reads them, else the largest key. */
  const byParts = (ip: string): number => {
    const parts = ip.split('.');
    if (parts.length !== 4 || parts.some((p) => !Number.isInteger(Number(p)) || Number(p) < 0 || Number(p) > 255)) return Number.MAX_SAFE_INTEGER;
    return parts.reduce((key, p) => key * 256 + Number(p), 0);
  };

  it('orders addresses as numbers', () => {
    expect(ipKey('10.0.0.9')).toBeLessThan(ipKey('10.0.0.10'));
    expect(ipKey('255.255.255.255')).toBe(2 ** 32 - 1);
    expect(ipKey('0.0.0.0')).toBe(0);
  });

  it('reads odd texts as it always did', () => {
    for (const ip of ['1.2.3', '1.2.3.4.5', '256.1.1.1', '1..2.3', ' 1.2.3.4', '1.2.3.0x1', '01.002.3.4', '1.2.3.', '.1.2.3', 'a.b.c.d', '', '1e2.0.0.1', '0001.2.3.4', '1.2.3.1000']) {
      expect(ipKey(ip), ip).toBe(byParts(ip));
    }
    fc.assert(fc.property(fc.stringMatching(/^[0-9.]{0,16}$/), (ip) => ipKey(ip) === byParts(ip)));
  });
});
