import { describe, expect, it } from 'vitest';
import { CaptureError } from '../../src/capture/reader.js';
import { buildPcapng, concat, filler, type PcapngSection } from '../helpers/capture-writer.js';
import { readAll, summary } from '../helpers/read-all.js';

const LINKTYPE_ETHERNET = 1;
const LINKTYPE_RAW = 101;
const LINKTYPE_LINUX_SLL = 113;

/** A little-endian section with three interfaces (µs, ns, 2^-20) followed by a big-endian one. */
const twoSections: PcapngSection[] = [
  {
    endian: 'le',
    interfaces: [
      { linkType: LINKTYPE_ETHERNET },
      { linkType: LINKTYPE_LINUX_SLL, tsresol: 9 },
      { linkType: LINKTYPE_ETHERNET, tsresol: 0x80 | 20 },
    ],
    blocks: [
      { kind: 'epb', interfaceId: 0, sec: 1_700_000_000, frac: 123_456, data: filler(60, 1) },
      { kind: 'epb', interfaceId: 1, sec: 1_700_000_001, frac: 123_456_789, data: filler(70, 2), origlen: 1500 },
      { kind: 'epb', interfaceId: 2, sec: 1_700_000_002, frac: 524_288, data: filler(80, 3) },
      { kind: 'raw', type: 4, body: new Uint8Array(4) }, // name resolution block: skipped
      { kind: 'epb', interfaceId: 2, sec: 1_700_000_002, frac: 1, data: filler(81, 4) },
    ],
  },
  {
    endian: 'be',
    interfaces: [{ linkType: LINKTYPE_RAW, tsresol: 3 }],
    blocks: [{ kind: 'epb', interfaceId: 0, sec: 1_700_000_003, frac: 7, data: filler(40, 5) }],
  },
];

describe('pcapng sections and interfaces', () => {
  it('reads a big-endian section after a little-endian one, interface ids restarting per section', async () => {
    const file = buildPcapng({ sections: twoSections });
    const { info, records, warnings, started } = await readAll(file);
    expect(warnings).toEqual([]);
    expect(started).toBe(1);
    expect(info).toMatchObject({
      format: 'pcapng',
      compressed: false,
      linkTypes: [LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL, LINKTYPE_RAW],
      timestampResolution: 'microseconds, nanoseconds, 2^-20, 10^-3',
      packets: 5,
      complete: true,
      bytes: file.length,
    });
    expect(records.map((r) => [r.frame, r.interfaceId, r.linkType, r.tsSec, r.tsNanos, r.tsDigits, r.caplen, r.origlen])).toEqual([
      [1, 0, LINKTYPE_ETHERNET, 1_700_000_000, 123_456_000, 6, 60, 60],
      [2, 1, LINKTYPE_LINUX_SLL, 1_700_000_001, 123_456_789, 9, 70, 1500],
      [3, 2, LINKTYPE_ETHERNET, 1_700_000_002, 500_000_000, 6, 80, 80],
      [4, 2, LINKTYPE_ETHERNET, 1_700_000_002, 953, 6, 81, 81], // 2^-20 s = 953.67 ns, truncated like Wireshark
      [5, 0, LINKTYPE_RAW, 1_700_000_003, 7_000_000, 3, 40, 40],
    ]);
    records.forEach((r, i) => expect(r.data).toEqual(filler([60, 70, 80, 81, 40][i]!, i + 1)));
    expect(info.firstTime).toEqual({ sec: 1_700_000_000, nanos: 123_456_000, digits: 6 });
    expect(info.lastTime).toEqual({ sec: 1_700_000_003, nanos: 7_000_000, digits: 3 });
  });

  it('applies if_tsoffset and keeps nanosecond precision for 64-bit nanosecond counts', async () => {
    const file = buildPcapng({
      sections: [
        {
          interfaces: [{ linkType: 1, tsresol: 9, tsoffset: 1_000 }],
          blocks: [{ kind: 'epb', ts: 1_765_432_109_987_654_321n, data: filler(60) }],
        },
      ],
    });
    const { records } = await readAll(file);
    expect([records[0]!.tsSec, records[0]!.tsNanos]).toEqual([1_765_432_109 + 1_000, 987_654_321]);
  });

  it('reports the earliest and latest timestamps across interfaces, with their precision', async () => {
    const file = buildPcapng({
      sections: [
        {
          interfaces: [{ linkType: 1 }, { linkType: 1, tsresol: 9 }],
          blocks: [
            { kind: 'epb', interfaceId: 0, sec: 10, frac: 1, data: filler(60) },
            { kind: 'epb', interfaceId: 1, sec: 9, frac: 2, data: filler(60) },
            { kind: 'epb', interfaceId: 0, sec: 9, frac: 0, data: filler(60) },
            { kind: 'epb', interfaceId: 1, sec: 10, frac: 1001, data: filler(60) },
          ],
        },
      ],
    });
    const { info } = await readAll(file);
    expect([info.firstTime, info.lastTime]).toEqual([
      { sec: 9, nanos: 0, digits: 6 },
      { sec: 10, nanos: 1001, digits: 9 },
    ]);
  });

  it('reads Simple Packet Blocks: interface 0, no timestamp, caplen from the block length', async () => {
    const file = buildPcapng({
      sections: [
        {
          interfaces: [{ linkType: 1, snaplen: 0 }],
          blocks: [
            { kind: 'spb', data: filler(64, 1), origlen: 1514 }, // snapped: caplen = block length - 16
            { kind: 'spb', data: filler(62, 2), origlen: 62 }, // padded to 64: caplen = original length
            { kind: 'epb', sec: 5, frac: 0, data: filler(60, 3) },
          ],
        },
      ],
    });
    const { records, info } = await readAll(file);
    expect(records.map((r) => [r.frame, r.interfaceId, r.hasTime, r.tsSec, r.tsNanos, r.caplen, r.origlen])).toEqual([
      [1, 0, false, 0, 0, 64, 1514],
      [2, 0, false, 0, 0, 62, 62],
      [3, 0, true, 5, 0, 60, 60],
    ]);
    expect(records[1]!.data).toEqual(filler(62, 2));
    expect(info.firstTime).toEqual({ sec: 5, nanos: 0, digits: 6 }); // untimed frames do not count
  });

  it("caps a Simple Packet Block's caplen at the interface snaplen", async () => {
    const file = buildPcapng({
      sections: [{ interfaces: [{ linkType: 1, snaplen: 50 }], blocks: [{ kind: 'spb', data: filler(64), origlen: 100 }] }],
    });
    expect((await readAll(file)).records[0]!.caplen).toBe(50);
  });

  it('reads the obsolete Packet Block', async () => {
    const file = buildPcapng({
      sections: [{ interfaces: [{ linkType: 1 }, { linkType: 113 }], blocks: [{ kind: 'pb', interfaceId: 1, sec: 9, frac: 8, data: filler(33) }] }],
    });
    const { records } = await readAll(file);
    expect(records.map((r) => [r.interfaceId, r.linkType, r.tsSec, r.tsNanos, r.caplen])).toEqual([[1, 113, 9, 8000, 33]]);
  });

  it('skips unknown blocks, even ones larger than the read buffer', async () => {
    const file = buildPcapng({
      sections: [
        {
          interfaces: [{ linkType: 1 }],
          blocks: [
            { kind: 'raw', type: 0x1234_5678, body: filler(3_000) },
            { kind: 'epb', sec: 1, frac: 0, data: filler(60) },
            { kind: 'raw', type: 5, body: new Uint8Array(12) }, // interface statistics
            { kind: 'raw', type: 0x8000_0001, body: filler(40_000) },
            { kind: 'epb', sec: 2, frac: 0, data: filler(61) },
          ],
        },
      ],
    });
    const whole = await readAll(file);
    expect(whole.records.map((r) => [r.frame, r.tsSec])).toEqual([
      [1, 1],
      [2, 2],
    ]);
    for (const chunkSize of [1, 5, 64, 1000]) {
      const split = await readAll(file, { chunkSize });
      expect(split.records.map(summary)).toEqual(whole.records.map(summary));
      expect(split.warnings).toEqual([]);
    }
  });

  it('numbers systemd journal and custom blocks as frames, as Wireshark does, without handing them on', async () => {
    const file = buildPcapng({
      sections: [
        {
          interfaces: [{ linkType: 1 }],
          blocks: [
            { kind: 'epb', sec: 1, frac: 0, data: filler(60) },
            { kind: 'raw', type: 9, body: new TextEncoder().encode('__REALTIME_TIMESTAMP=1\n') },
            { kind: 'raw', type: 0xbad, body: filler(8) },
            { kind: 'raw', type: 0x4000_0bad, body: filler(8) },
            { kind: 'epb', sec: 2, frac: 0, data: filler(60) },
          ],
        },
      ],
    });
    const { records, info } = await readAll(file);
    expect(records.map((r) => r.frame)).toEqual([1, 5]);
    expect([info.packets, info.frames]).toEqual([2, 5]);
  });

  it('gives the same records whatever the read size', async () => {
    const file = buildPcapng({ sections: twoSections });
    const whole = await readAll(file);
    for (const chunkSize of [1, 2, 3, 7, 12, 13, 28, 100]) {
      const split = await readAll(file, { chunkSize });
      expect(split.records.map(summary)).toEqual(whole.records.map(summary));
      expect(split.info).toEqual(whole.info);
    }
  });

  it('reads a section header alone as an empty capture', async () => {
    const { info, records, warnings } = await readAll(buildPcapng({ sections: [{ blocks: [] }] }));
    expect([records.length, warnings.length, info.packets, info.complete, info.linkTypes]).toEqual([0, 0, 0, true, []]);
  });
});

describe('damaged pcapng files', () => {
  const good = { kind: 'epb', sec: 1, frac: 0, data: filler(60) } as const;
  const oneGood = (...rest: PcapngSection['blocks']): Uint8Array =>
    buildPcapng({ sections: [{ interfaces: [{ linkType: 1 }], blocks: [good, ...rest] }] });
  /** File offset of the block after SHB (28) + IDB (20) + the good EPB (92). */
  const SECOND = 28 + 20 + 92;

  for (const [what, length, text] of [
    ['not a multiple of 4', 30, 'bad pcapng block length 30'],
    ['shorter than 12', 8, 'bad pcapng block length 8'],
    ['absurdly large', 0x7000_0000, 'bad pcapng block length 1879048192'],
  ] as const) {
    it(`stops at a block length ${what}, keeping what came before`, async () => {
      const file = oneGood({ kind: 'raw', type: 6, body: filler(40), length }, good);
      const { records, warnings, info } = await readAll(file);
      expect(records).toHaveLength(1);
      expect(info.complete).toBe(false);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ frame: 2, offset: SECOND });
      expect(warnings[0]!.message).toContain(text);
    });
  }

  it('stops at an EPB whose caplen does not fit in the block', async () => {
    const { records, warnings } = await readAll(oneGood({ kind: 'epb', sec: 1, frac: 0, data: filler(60), caplen: 100 }));
    expect(records).toHaveLength(1);
    expect(warnings[0]!.message).toContain('caplen 100 does not fit in a 92-byte block');
  });

  it('stops at an EPB with an absurd caplen', async () => {
    const { warnings } = await readAll(oneGood({ kind: 'epb', sec: 1, frac: 0, data: filler(60), caplen: 300_000 }));
    expect(warnings[0]!.message).toContain('caplen 300000 exceeds the 262144-byte limit');
  });

  it('stops at a packet for an interface that was never described', async () => {
    const { records, warnings } = await readAll(oneGood({ kind: 'epb', interfaceId: 3, sec: 1, frac: 0, data: filler(60) }));
    expect(records).toHaveLength(1);
    expect(warnings[0]!.message).toContain('packet for interface 3, which was not described');
  });

  it('stops at a Simple Packet Block before any interface', async () => {
    const file = buildPcapng({ sections: [{ blocks: [{ kind: 'spb', data: filler(60) }] }] });
    const { warnings, info } = await readAll(file);
    expect(info.complete).toBe(false);
    expect(warnings[0]!.message).toContain('simple packet block before any interface description');
  });

  it('reports a truncated last block, also when it was being skipped', async () => {
    const file = oneGood(good);
    const cut = await readAll(file.subarray(0, file.length - 10));
    expect([cut.records.length, cut.info.complete]).toEqual([1, false]);
    expect(cut.warnings[0]).toMatchObject({ frame: 2, offset: SECOND });
    expect(cut.warnings[0]!.message).toContain('truncated block (82 of 92 bytes)');

    const skipped = oneGood({ kind: 'raw', type: 0x99, body: filler(5_000) });
    const cut2 = await readAll(skipped.subarray(0, skipped.length - 10), { chunkSize: 512 });
    expect([cut2.records.length, cut2.info.complete]).toEqual([1, false]);
    expect(cut2.warnings[0]).toMatchObject({ offset: SECOND });
    expect(cut2.warnings[0]!.message).toContain('truncated block (10 bytes missing)');
  });

  it('stops at a later section with a bad byte-order magic', async () => {
    const first = buildPcapng({ sections: [{ interfaces: [{ linkType: 1 }], blocks: [good] }] });
    const second = buildPcapng({ sections: [{ interfaces: [{ linkType: 1 }], blocks: [good] }] });
    second.set([1, 2, 3, 4], 8);
    const { records, warnings } = await readAll(concat([first, second]));
    expect(records).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ offset: first.length });
    expect(warnings[0]!.message).toContain('bad byte-order magic (01 02 03 04)');
  });

  it('rejects a first section header with a bad byte-order magic or version', async () => {
    const file = oneGood();
    const badMagic = file.slice();
    badMagic.set([0, 0, 0, 0], 8);
    await expect(readAll(badMagic, { name: 'x.pcapng' })).rejects.toThrow(
      new CaptureError('x.pcapng: not a valid pcapng file: bad byte-order magic (00 00 00 00)'),
    );
    const v2 = buildPcapng({ sections: [{ major: 2, blocks: [] }] });
    await expect(readAll(v2, { name: 'x.pcapng' })).rejects.toThrow('x.pcapng: not a valid pcapng file: unsupported pcapng version 2.0');
    await expect(readAll(file.subarray(0, 10), { name: 'x.pcapng' })).rejects.toThrow(/truncated pcapng section header/);
  });
});
