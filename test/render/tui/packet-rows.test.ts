/** Packet rows: frame numbers only, merged from the index and the report; a filter runs a slice at a time. */
import { describe, expect, it } from 'vitest';
import { parseFilter, type Filter } from '../../../src/query/index.js';
import { allFrames, packetRows } from '../../../src/render/tui/packet-rows.js';
import { buildSampleReport } from '../../helpers/sample-report.js';

const filter = (text: string): Filter => {
  const r = parseFilter(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.filter;
};

describe('packet rows', () => {
  it('merge the indexed frames with the records the report holds, in frame order, and find a frame', () => {
    const report = { ...buildSampleReport(), packets: buildSampleReport().packets!.filter((p) => p.frame % 2 === 0) };
    const indexed = [1, 3, 5, 1001];
    const rows = allFrames(report, { size: indexed.length, frameAt: (i) => indexed[i]! });
    const frames = Array.from({ length: rows.length }, (_, i) => rows.frameAt(i));
    expect(frames).toEqual([...frames].sort((a, b) => a - b));
    expect(frames).toEqual(expect.arrayContaining([1, 3, 5, 1001, ...report.packets.map((p) => p.frame)]));
    expect(rows.indexOf(1001)).toBe(rows.length - 1);
    expect(rows.indexOf(999_999)).toBe(-1);
  });

  it('a filter looks at the frames a slice at a time, keys and redraws in between, and ends with every match', () => {
    // A thousand frames read "again" from a file: each the sample's packet of the same rank, renumbered.
    const sample = buildSampleReport();
    const { packets: _records, ...report } = sample;
    const records = sample.packets!;
    const all = allFrames(report, { size: 1000, frameAt: (i) => i + 1 });
    let clock = 0;
    let decoded = 0;
    const packet = (frame: number) => {
      decoded += 1;
      clock += 1; // each decode "takes" 1 ms
      return { ...records[(frame - 1) % records.length]!, frame };
    };
    const rows = packetRows(report, filter('proto=ARP'), all, packet, () => clock);
    expect(rows.done).toBe(false);
    expect(rows.scanned).toBeGreaterThan(0);
    expect(rows.scanned).toBeLessThan(all.length);
    while (!rows.done) rows.advance(5);
    expect(decoded).toBe(all.length);
    const arp = Array.from({ length: 1000 }, (_, i) => i + 1).filter((f) => records[(f - 1) % records.length]!.arp);
    expect(Array.from({ length: rows.length }, (_, i) => rows.frameAt(i))).toEqual(arp);
  });
});
