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
