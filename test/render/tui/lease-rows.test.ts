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
