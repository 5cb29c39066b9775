import { describe, expect, it } from 'vitest';
import { CaptureError } from '../../src/capture/reader.js';
import { buildPcap, filler, type Endian, type PcapRecord } from '../helpers/capture-writer.js';
import { readAll, summary } from '../helpers/read-all.js';

const records: PcapRecord[] = [
  { sec: 1_700_000_000, frac: 1, data: filler(60, 1) },
  { sec: 1_700_000_001, frac: 999_999, data: filler(342, 2), origlen: 1514 },
  { sec: 1_700_000_002, frac: 500_000, data: filler(1514, 3) },
];

describe('classic pcap, all four variants', () => {
  const variants: { endian: Endian; nanos: boolean }[] = [
    { endian: 'le', nanos: false },
    { endian: 'be', nanos: false },
    { endian: 'le', nanos: true },
    { endian: 'be', nanos: true },
  ];
  for (const v of variants) {
    it(`reads ${v.endian.toUpperCase()} ${v.nanos ? 'nanosecond' : 'microsecond'} files`, async () => {
      const file = buildPcap({ ...v, linkType: 113, records });
      const { info, records: got, warnings, started } = await readAll(file);
      expect(warnings).toEqual([]);
      expect(started).toBe(1);
      expect(info).toMatchObject({
        format: 'pcap',
        compressed: false,
        linkTypes: [113],
        timestampResolution: v.nanos ? 'nanoseconds' : 'microseconds',
        packets: 3,
        bytes: file.length,
        size: file.length,
        complete: true,
      });
      const mul = v.nanos ? 1 : 1000;
      expect(got.map((r) => [r.frame, r.captureFrame, r.tsSec, r.tsNanos, r.tsDigits, r.caplen, r.origlen, r.linkType])).toEqual(
        records.map((r, i) => [i + 1, i + 1, r.sec, r.frac * mul, v.nanos ? 9 : 6, r.data.length, r.origlen ?? r.data.length, 113]),
      );
      got.forEach((r, i) => expect(r.data).toEqual(records[i]!.data));
      expect(got.map((r) => r.fileOffset)).toEqual([24, 24 + 16 + 60, 24 + 16 + 60 + 16 + 342]);
      expect(info.firstTime).toEqual({ sec: 1_700_000_000, nanos: mul, digits: v.nanos ? 9 : 6 });
      expect(info.lastTime).toEqual({ sec: 1_700_000_002, nanos: 500_000 * mul, digits: v.nanos ? 9 : 6 });
    });
  }

  it('keeps only the low 16 bits of the link type (the rest is FCS information)', async () => {
    const { info, records: got } = await readAll(buildPcap({ linkType: 0x04000001, records }));
    expect(info.linkTypes).toEqual([1]);
    expect(got[0]!.linkType).toBe(1);
  });

  it('carries an out-of-range microsecond field into the seconds', async () => {
    const { records: got } = await readAll(buildPcap({ records: [{ sec: 10, frac: 2_500_000, data: filler(60) }] }));
    expect([got[0]!.tsSec, got[0]!.tsNanos]).toEqual([12, 500_000_000]);
  });

  it('reports the earliest and latest timestamps when time steps back', async () => {
    const { info } = await readAll(
      buildPcap({
        records: [
          { sec: 10, frac: 5, data: filler(60) },
          { sec: 9, frac: 7, data: filler(60) },
          { sec: 12, frac: 1, data: filler(60) },
          { sec: 11, frac: 0, data: filler(60) },
        ],
      }),
      { chunkSize: 90 },
    );
    expect([info.firstTime, info.lastTime]).toEqual([
      { sec: 9, nanos: 7000, digits: 6 },
      { sec: 12, nanos: 1000, digits: 6 },
    ]);
  });

  it('numbers frames from firstFrame and tags them with the capture index', async () => {
    const { records: got, info } = await readAll(buildPcap({ records }), { firstFrame: 101, captureIndex: 4 });
    expect(got.map((r) => [r.frame, r.captureFrame, r.captureIndex])).toEqual([
      [101, 1, 4],
      [102, 2, 4],
      [103, 3, 4],
    ]);
    expect(info.firstFrame).toBe(101);
  });

  it('reads a header-only file as an empty capture', async () => {
    const { info, records: got, warnings } = await readAll(buildPcap({ records: [] }));
    expect([got.length, warnings.length, info.packets, info.complete]).toEqual([0, 0, 0, true]);
    expect(info.firstTime).toBeUndefined();
  });
});

describe('records split across reads', () => {
  // A 256 KiB record also makes the reader grow its buffer; the 1- and 3-byte runs skip it to stay fast.
  const big: PcapRecord[] = [...records, { sec: 5, frac: 6, data: filler(262_144, 9) }, { sec: 7, frac: 8, data: filler(61, 4) }];
  for (const endian of ['le', 'be'] as const) {
    for (const chunkSize of [1, 3, 7, 16, 17, 100, 4096, 65_536]) {
      it(`gives the same records with ${chunkSize}-byte reads (${endian})`, async () => {
        const file = buildPcap({ endian, records: chunkSize < 7 ? records : big });
        const whole = await readAll(file);
        const split = await readAll(file, { chunkSize });
        expect(split.warnings).toEqual([]);
        expect(split.records.map(summary)).toEqual(whole.records.map(summary));
        expect(split.info).toEqual(whole.info);
      });
    }
  }
});

describe('damaged pcap files', () => {
  it('keeps the records before a truncated last record and says where it broke', async () => {
    const file = buildPcap({ records });
    const cut = file.subarray(0, file.length - 100);
    for (const chunkSize of [undefined, 5]) {
      const { info, records: got, warnings } = await readAll(cut, chunkSize === undefined ? {} : { chunkSize });
      expect(got).toHaveLength(2);
      expect(info.complete).toBe(false);
      expect(info.packets).toBe(2);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ capture: 0, frame: 3, offset: 24 + 16 + 60 + 16 + 342 });
      expect(warnings[0]!.message).toMatch(/frame 3 at byte 458: truncated record \(1414 of 1514 bytes\)/);
    }
  });

  it('reports a truncated record header', async () => {
    const file = buildPcap({ records });
    const { records: got, warnings, info } = await readAll(file.subarray(0, 24 + 16 + 60 + 5));
    expect(got).toHaveLength(1);
    expect(info.complete).toBe(false);
    expect(warnings[0]).toMatchObject({ frame: 2, offset: 100 });
    expect(warnings[0]!.message).toContain('truncated record header (5 of 16 bytes)');
  });

  it('stops at an absurd caplen instead of allocating for it', async () => {
    const file = buildPcap({ records: [records[0]!, { sec: 1, frac: 2, data: filler(20), caplen: 0x7fff_ffff }, records[1]!] });
    const { records: got, warnings, info } = await readAll(file, { chunkSize: 64 });
    expect(got).toHaveLength(1);
    expect(info.complete).toBe(false);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ frame: 2, offset: 100 });
    expect(warnings[0]!.message).toContain('caplen 2147483647 exceeds the 262144-byte limit');
  });

  it('accepts a caplen of exactly 256 KiB and refuses one byte more', async () => {
    const ok = await readAll(buildPcap({ records: [{ sec: 1, frac: 0, data: filler(262_144) }] }));
    expect([ok.records.length, ok.info.complete]).toEqual([1, true]);
    const bad = await readAll(buildPcap({ records: [{ sec: 1, frac: 0, data: filler(262_145) }] }));
    expect([bad.records.length, bad.info.complete]).toEqual([0, false]);
  });

  it('rejects a file too short for the pcap header', async () => {
    const file = buildPcap({ records }).subarray(0, 10);
    await expect(readAll(file, { name: 'short.pcap' })).rejects.toThrow(CaptureError);
    await expect(readAll(file, { name: 'short.pcap' })).rejects.toThrow(
      'short.pcap: truncated pcap file header (10 of 24 bytes)',
    );
  });
});
