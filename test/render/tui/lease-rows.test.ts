import { describe, expect, it } from 'vitest';
import { leaseRowsBuilder, leaseRowsOf } from '../../../src/render/tui/lease-rows.js';
import type { Lease, Report } from '../../../src/report/types.js';
import { at, buildSampleReport } from '../../helpers/sample-report.js';

function lease(ip: string, start: number, end: number | null, extra: Partial<Lease> = {}): Lease {
  return { ip, mac: '00:0c:29:00:00:01', server: '10.0.0.1', start: at(start), end: end === null ? null : at(end), leaseSeconds: 60, renewals: 0, state: 'active', transactions: [], ...extra };
}

/** A report holding these leases (in the order the analysis found them). */
function withLeases(leases: readonly Lease[]): Report {
  return { ...buildSampleReport(), leases };
}

describe('lease rows', () => {
  const leases = [
    lease('10.0.0.20', 50, 150),
    lease('10.0.0.3', 0, 100),
    lease('10.0.0.20', 100, 200),
    lease('10.0.0.20', 0, 40),
    lease('10.0.0.100', 0, null),
    // The same address in another VLAN is another address: no overlap with the leases above.
    lease('10.0.0.3', 10, 90, { segment: 'VLAN 20' }),
    lease('not an ip', 0, 10),
  ];

  it('lists leases by IP as a number, then start; overlaps only within one IP and segment', () => {
    const rows = leaseRowsOf(withLeases(leases));
    expect(rows.map((r) => `${r.lease.ip}@${r.lease.start.slice(11, 19)}${r.overlap ? '!' : ''}`)).toEqual([
      '10.0.0.3@10:00:00',
      '10.0.0.3@10:00:10',
      '10.0.0.20@10:00:00',
      '10.0.0.20@10:00:50!',
      '10.0.0.20@10:01:40!',
      '10.0.0.100@10:00:00',
      'not an ip@10:00:00',
    ]);
    expect(rows.every((r) => r.source === 'wire')).toBe(true);
  });

  it('orders many leases by IP as a number, then its text, then start, then as found, with or without addresses that are no dotted quad', () => {
    // Repeated addresses, equal starts, one address written two ways ("010.0.0.7" is 10.0.0.7 as a number).
    const many = Array.from({ length: 3000 }, (_, i) => lease(`${i % 3 === 0 ? '010' : '10'}.0.${(i * 7) % 11}.${(i * 13) % 97}`, (i * 31) % 40, null, { mac: `m${i}` }));
    const key = (ip: string) => ip.split('.').reduce((k, p) => k * 256 + Number(p), 0);
    const expected = (list: readonly Lease[]) =>
      list
        .map((l, i) => ({ l, i }))
        .sort((a, b) => key(a.l.ip) - key(b.l.ip) || a.l.ip.localeCompare(b.l.ip) || a.l.start.localeCompare(b.l.start) || a.i - b.i)
        .map((x) => x.l.mac);
    expect(leaseRowsOf(withLeases(many)).map((r) => r.lease.mac)).toEqual(expected(many));
    const withOdd = [...many, lease('fe80::1', 0, 10, { mac: 'odd' })];
    expect(leaseRowsOf(withLeases(withOdd)).map((r) => r.lease.mac)).toEqual([...expected(many), 'odd']);
  });

  it('orders the starts of one address as localeCompare does, also where they differ in more than a digit', () => {
    const starts = ['2026-01-01T10:00:00Z', '2026-01-01T10:00:00.5Z', '2026-01-01T10:00:00.25Z', '2026-01-01T09:59:59.999Z', '2026-01-01T10:00:01Z', '2026-01-01T10:00:00.500Z', 'x', 'B', 'a', '2026-01-01 10:00:00Z', '2026-01-01T10:00:00.5z'];
    const many = starts.map((start, i) => ({ ...lease('10.0.0.9', 0, null, { mac: `m${i}` }), start }));
    const expected = many.map((l, i) => ({ l, i })).sort((a, b) => a.l.start.localeCompare(b.l.start) || a.i - b.i).map((x) => x.l.mac);
    expect(leaseRowsOf(withLeases(many)).map((r) => r.lease.mac)).toEqual(expected);
  });

  it('builds the same rows a slice at a time as all at once, once per report', () => {
    const many = Array.from({ length: 5000 }, (_, i) => lease(`10.0.${i % 7}.${i % 50}`, i % 500, (i % 500) + 30));
    const report = withLeases(many);
    const builder = leaseRowsBuilder(report);
    let calls = 0;
    // A deadline already past: one slice per call.
    while (!builder.advance(0)) calls += 1;
    expect(calls).toBeGreaterThan(3);
    const sliced = builder.result();
    expect(leaseRowsOf(report)).toBe(sliced);
    const atOnce = leaseRowsOf(withLeases([...many]));
    expect(sliced.map((r) => [r.lease, r.overlap])).toEqual(atOnce.map((r) => [r.lease, r.overlap]));
    expect(sliced.filter((r) => r.overlap).length).toBeGreaterThan(0);
  });

  it('lists the lease databases when there is no capture', () => {
    const report = buildSampleReport();
    const dbOnly: Report = {
      ...report,
      captures: [],
      leases: [],
      leaseDatabases: [
        { file: 'dhcpd.leases', format: 'isc', server: '10.0.0.1', leaseCount: 2, records: 2, firstTime: null, lastTime: null, leases: [
          { ip: '10.0.0.9', mac: null, state: 'free', start: null, end: null, line: 3 },
          { ip: '10.0.0.2', mac: '00:0c:29:00:00:02', state: 'active', start: at(0), end: at(60), line: 9 },
        ] },
      ],
    };
    const rows = leaseRowsOf(dbOnly);
    expect(rows.map((r) => [r.lease.ip, r.source, r.lease.state, r.db?.line])).toEqual([
      ['10.0.0.2', 'database', 'active', 9],
      ['10.0.0.9', 'database', 'expired', 3],
    ]);
  });
});
