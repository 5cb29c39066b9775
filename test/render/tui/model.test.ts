import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../src/render/tui/model.js';
import { buildSampleReport } from '../../helpers/sample-report.js';

describe('Model.packet', () => {
  it('finds a record in the report, else asks the packet lookup (records read again from the file)', () => {
    const report = buildSampleReport();
    const inReport = report.packets![0]!;
    const elsewhere = { ...inReport, frame: 99_999 };
    const asked: number[] = [];
    const model = buildModel(report, '', (frame) => {
      asked.push(frame);
      return frame === elsewhere.frame ? elsewhere : undefined;
    });
    expect(model.packet(inReport.frame)).toBe(inReport);
    expect(model.packet(99_999)).toBe(elsewhere);
    expect(model.packet(12_345)).toBeUndefined();
    expect(asked).toEqual([99_999, 12_345]);
    expect(buildModel(report, '').packet(99_999)).toBeUndefined();
  });
});

describe('Model between keys', () => {
  it('counts the filtered lists a slice at a time, with the counts filtering them at once gives', () => {
    const report = buildSampleReport();
    const filter = 'mac ~ 00:0c:29';
    const slow = buildModel(report, filter);
    const expected = { handshakes: slow.transactions.length, leases: slow.leases.length, arp: slow.arp.length, findings: slow.findings.length };
    const model = buildModel(report, filter);
    expect(model.counted('leases')).toBeUndefined();
    let turns = 0;
    let result: string;
    do {
      result = model.countNext(Number.POSITIVE_INFINITY);
      turns += 1;
    } while (result !== 'done' && turns < 100);
    // One list per turn, then 'done'.
    expect(turns).toBe(5);
    expect({ handshakes: model.counted('handshakes'), leases: model.counted('leases'), arp: model.counted('arp'), findings: model.counted('findings') }).toEqual(expected);
    expect(model.transactions.map((t) => t.id)).toEqual(slow.transactions.map((t) => t.id));
  });

  it('has nothing to count without a filter', () => {
    expect(buildModel(buildSampleReport(), '').countNext(Number.POSITIVE_INFINITY)).toBe('done');
  });

  it('prepares the look-ups of a finished report once, for every model (filter) of it, and none while it grows', () => {
    const report = buildSampleReport();
    const growing = { ...report, progress: { done: false, bytesRead: 1, frames: 1 } };
    expect(buildModel(growing, '').prepare(Number.POSITIVE_INFINITY)).toBe(false);
    const model = buildModel(report, '');
    expect(model.prepare(Number.POSITIVE_INFINITY)).toBe(false);
    // The lease rows were sorted once: a model for another filter starts from the same rows.
    expect(buildModel(report, '').leases).toBe(model.leases);
    const id = report.transactions[0]!.id;
    expect(buildModel(report, 'kind = DORA').transaction(id)).toBe(report.transactions[0]);
    expect(model.exchangeOf(report.transactions[0]!.steps[0]!.frame)).toBe(report.transactions[0]);
  });

  it('prepares a slice at a time: a deadline already past does one piece per call', () => {
    const report = buildSampleReport();
    const model = buildModel(report, '');
    let calls = 0;
    while (model.prepare(0)) calls += 1;
    expect(calls).toBeGreaterThan(3);
  });
});
