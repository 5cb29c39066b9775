import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CaptureError, readCapture, readCaptures } from '../../src/capture/reader.js';
import type { CaptureWarning } from '../../src/capture/record.js';
import { buildPcap, buildPcapng, filler, gzip } from '../helpers/capture-writer.js';
import { copyRecord, readAll, summary, type ReadRecord } from '../helpers/read-all.js';

const dir = mkdtempSync(path.join(tmpdir(), 'dorascope-capture-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function tempFile(name: string, bytes: Uint8Array | string): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

const pcap = buildPcap({
  records: Array.from({ length: 50 }, (_, i) => ({ sec: 1_600_000_000 + i, frac: i * 1000, data: filler(60 + i * 17, i) })),
});
const pcapng = buildPcapng({
  sections: [
    { interfaces: [{ linkType: 1 }, { linkType: 1, tsresol: 9 }], blocks: [{ kind: 'epb', interfaceId: 1, sec: 3, frac: 4, data: filler(99) }] },
    { endian: 'be', interfaces: [{ linkType: 113 }], blocks: [{ kind: 'epb', sec: 5, frac: 6, data: filler(98) }] },
  ],
});

describe('format detection and inputs', () => {
  it('reads a file path like the same bytes in memory', async () => {
    const file = tempFile('a.pcap', pcap);
    const fromFile = await readAll(file);
    const fromBytes = await readAll(pcap);
    expect(fromFile.records.map(summary)).toEqual(fromBytes.records.map(summary));
    expect(fromFile.info).toMatchObject({ path: file, size: pcap.length, bytes: pcap.length, packets: 50, complete: true });
    const split = await readAll(file, { chunkSize: 100 });
    expect(split.records.map(summary)).toEqual(fromBytes.records.map(summary));
  });

  it('detects gzip by its magic bytes, not the file name, for pcap and pcapng', async () => {
    for (const plain of [pcap, pcapng]) {
      const packed = gzip(plain);
      const file = tempFile('no-extension', packed);
      const direct = await readAll(plain);
      for (const input of [file, packed]) {
        const got = await readAll(input);
        expect(got.warnings).toEqual([]);
        expect(got.records.map(summary)).toEqual(direct.records.map(summary));
        expect(got.info).toMatchObject({ compressed: true, format: direct.info.format, bytes: packed.length, complete: true });
      }
      const split = await readAll(packed, { chunkSize: 7 });
      expect(split.records.map(summary)).toEqual(direct.records.map(summary));
    }
  });

  it('keeps what a truncated gzip stream held and marks the capture incomplete', async () => {
    const big = buildPcap({ records: Array.from({ length: 2000 }, (_, i) => ({ sec: i, frac: 0, data: filler(200, i) })) });
    const packed = gzip(big);
    const { records, warnings, info } = await readAll(packed.subarray(0, Math.floor(packed.length * 0.6)));
    expect(records.length).toBeGreaterThan(100);
    expect(records.length).toBeLessThan(2000);
    expect(info).toMatchObject({ complete: false, compressed: true });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toMatch(/gzip data corrupt or truncated \(unexpected end of file\)/);
    expect(warnings[0]!.frame).toBe(records.length + 1);
    const whole = await readAll(big);
    expect(records.map(summary)).toEqual(whole.records.slice(0, records.length).map(summary));
  });

  it('reports a corrupt gzip body as a warning, or as unreadable when nothing came out', async () => {
    const packed = gzip(pcap);
    const corrupt = packed.slice();
    for (let i = 20; i < corrupt.length - 8; i += 3) corrupt[i] = corrupt[i]! ^ 0x5a;
    const result = await readAll(corrupt).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
    if (result instanceof Error) expect(result).toBeInstanceOf(CaptureError);
    else expect(result.info.complete).toBe(false);
  });

  it('reads a stream of odd-sized chunks (stdin-like input)', async () => {
    async function* chunks(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
      for (let i = 0, n = 1; i < bytes.length; i += n, n = (n * 7) % 61 + 1) yield bytes.subarray(i, i + n);
    }
    for (const plain of [pcap, pcapng, gzip(pcap)]) {
      const got = await readAll(chunks(plain), { name: 'stdin' });
      const want = await readAll(plain);
      expect(got.records.map(summary)).toEqual(want.records.map(summary));
      expect(got.info.path).toBe('stdin');
      expect(got.info.size).toBeUndefined();
    }
  });
});

describe('inputs that are not captures', () => {
  const cases: [string, Uint8Array | string, string][] = [
    ['empty.pcap', '', 'empty.pcap: empty file'],
    ['capture.txt', 'Hello, this is text\n', 'capture.txt: not a pcap or pcapng file (first bytes: 48 65 6c 6c)'],
    ['tiny', 'ab', 'tiny: not a pcap or pcapng file (first bytes: 61 62)'],
    ['text.gz', gzip(new TextEncoder().encode('Hello')), 'text.gz: gzip-compressed data is not a pcap or pcapng file (first bytes: 48 65 6c 6c)'],
  ];
  for (const [name, content, message] of cases) {
    it(`rejects ${name} with one line: "${message}"`, async () => {
      const file = tempFile(name, content);
      const err = await readCapture(file, { captureIndex: 0, firstFrame: 1 }, { onRecord() {}, onWarning() {} }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CaptureError);
      expect((err as Error).message).toBe(`${file.slice(0, -name.length)}${message}`);
      expect((err as Error).message).not.toContain('\n');
    });
  }

  it('rejects a missing file and a directory', async () => {
    const missing = path.join(dir, 'missing.pcap');
    await expect(readAll(missing)).rejects.toThrow(new CaptureError(`${missing}: cannot open (ENOENT: no such file or directory)`));
    await expect(readAll(dir)).rejects.toThrow(CaptureError);
    await expect(readAll(dir)).rejects.toThrow(/cannot read \(EISDIR/);
  });

  it('says "stdin" in messages about "-"', async () => {
    const spy = vi.spyOn(process, 'stdin', 'get').mockReturnValue(Readable.from([]) as unknown as typeof process.stdin);
    try {
      await expect(readAll('-')).rejects.toThrow(new CaptureError('stdin: empty input'));
    } finally {
      spy.mockRestore();
    }
  });

  it('rejects empty in-memory input and gzip that is not gzip after the magic', async () => {
    await expect(readAll(new Uint8Array(0))).rejects.toThrow('<bytes>: empty input');
    await expect(readAll(new Uint8Array([0x1f, 0x8b, 0, 0, 0, 0]))).rejects.toThrow(CaptureError);
  });
});

describe('readCaptures', () => {
  it('reads files in turn, frame numbers running on across them', async () => {
    const a = tempFile('one.pcap', pcap);
    const b = tempFile('two.pcapng.gz', gzip(pcapng));
    const records: ReadRecord[] = [];
    const warnings: CaptureWarning[] = [];
    const starts: string[] = [];
    const progress: number[] = [];
    const infos = await readCaptures([a, b], {
      onRecord: (r) => records.push(copyRecord(r)),
      onWarning: (w) => warnings.push(w),
      onCaptureStart: (info) => starts.push(info.path),
      onProgress: (n) => progress.push(n),
    });
    expect(starts).toEqual([a, b]);
    expect(warnings).toEqual([]);
    expect(infos.map((i) => [i.path, i.firstFrame, i.packets])).toEqual([
      [a, 1, 50],
      [b, 51, 2],
    ]);
    expect(records.map((r) => r.frame)).toEqual(Array.from({ length: 52 }, (_, i) => i + 1));
    expect(records.slice(49).map((r) => [r.captureIndex, r.captureFrame])).toEqual([
      [0, 50],
      [1, 1],
      [1, 2],
    ]);
    expect(progress).toContain(pcap.length);
  });

  it('hands onCaptureStart the live info object that it later resolves with', async () => {
    let live: unknown;
    let packetsAtStart = -1;
    const info = await readCapture(
      pcap,
      { captureIndex: 0, firstFrame: 1 },
      {
        onRecord() {},
        onWarning() {},
        onCaptureStart(i) {
          live = i;
          packetsAtStart = i.packets;
        },
      },
    );
    expect(live).toBe(info);
    expect(packetsAtStart).toBe(0);
    expect(info.packets).toBe(50);
  });
});

describe('stdin and early stops', () => {
  it('reads "-" from process.stdin', async () => {
    const stdin = Readable.from([gzip(pcap).subarray(0, 10), gzip(pcap).subarray(10)]);
    const spy = vi.spyOn(process, 'stdin', 'get').mockReturnValue(stdin as unknown as typeof process.stdin);
    try {
      const got = await readAll('-');
      expect(got.info).toMatchObject({ path: '-', compressed: true, packets: 50, complete: true });
      expect(got.info.size).toBeUndefined();
    } finally {
      spy.mockRestore();
    }
  });

  it('stops a gzip file at a damaged record without waiting for the rest of the stream', async () => {
    const records = Array.from({ length: 20_000 }, (_, i) => ({ sec: i, frac: 0, data: filler(100, i) }));
    records[10] = { sec: 10, frac: 0, data: filler(100), caplen: 0x7fff_ffff } as (typeof records)[number];
    const file = tempFile('damaged.pcap.gz', gzip(buildPcap({ records })));
    const { info, records: got, warnings } = await readAll(file);
    expect(got).toHaveLength(10);
    expect(info).toMatchObject({ complete: false, compressed: true });
    expect(warnings[0]!.message).toContain('caplen 2147483647 exceeds');
  });

  it('passes on an exception thrown by the consumer', async () => {
    const file = tempFile('ok.pcap', pcap);
    const boom = new Error('consumer failed');
    await expect(
      readCapture(file, { captureIndex: 0, firstFrame: 1 }, {
        onRecord() {
          throw boom;
        },
        onWarning() {},
      }),
    ).rejects.toBe(boom);
  });
});

describe("the consumer's skip pre-test", () => {
  /** Reads with a pre-test that passes over records whose first byte is even; returns what came through. */
  async function readSkipping(input: Uint8Array, chunkSize?: number) {
    const kept: ReadRecord[] = [];
    let skipped = 0;
    const info = await readCapture(
      input,
      { captureIndex: 0, firstFrame: 1, ...(chunkSize !== undefined ? { chunkSize } : {}) },
      {
        onRecord: (r) => kept.push(copyRecord(r)),
        onWarning: () => undefined,
        skip: (_linkType, b, offset) => b[offset]! % 2 === 0,
        onSkipped: (n) => {
          skipped += n;
        },
      },
    );
    return { info, kept, skipped };
  }

  for (const [name, bytes] of [
    ['pcap', pcap],
    ['big-endian nanosecond pcap', buildPcap({ endian: 'be', nanos: true, records: Array.from({ length: 30 }, (_, i) => ({ sec: 9 - (i % 4), frac: i, data: filler(70 + i, i + 3) })) })],
    [
      'pcapng with two sections',
      buildPcapng({
        sections: [
          { interfaces: [{ linkType: 1 }, { linkType: 1, tsresol: 9 }], blocks: Array.from({ length: 20 }, (_, i) => ({ kind: 'epb' as const, interfaceId: i % 2, sec: 3 + i, frac: 4, data: filler(90 + i, i) })) },
          { endian: 'be', interfaces: [{ linkType: 113 }], blocks: Array.from({ length: 20 }, (_, i) => ({ kind: 'epb' as const, sec: 50 - i, frac: 6, data: filler(98, i + 7) })) },
        ],
      }),
    ],
  ] as const) {
    it(`hands on only the records it does not skip, numbered and timed as if none were (${name})`, async () => {
      const all = await readAll(bytes);
      for (const chunkSize of [undefined, 64]) {
        const { info, kept, skipped } = await readSkipping(bytes, chunkSize);
        const expected = all.records.filter((r) => r.data[0]! % 2 === 1);
        expect(kept).toEqual(expected);
        expect(skipped).toBe(all.records.length - expected.length);
        // Counts and the time range still cover the skipped records.
        expect(info.packets).toBe(all.info.packets);
        expect(info.firstTime).toEqual(all.info.firstTime);
        expect(info.lastTime).toEqual(all.info.lastTime);
      }
      expect(all.records.some((r) => r.data[0]! % 2 === 0)).toBe(true);
    });
  }
});

describe('dataOffset', () => {
  it('points at each packet\'s bytes in the (decompressed) file, for pcap, pcapng EPB and SPB, and gzip', async () => {
    const withSpb = buildPcapng({
      sections: [
        { interfaces: [{ linkType: 1 }], blocks: [{ kind: 'epb', sec: 1, frac: 2, data: filler(77, 3) }, { kind: 'spb', data: filler(64, 4) }] },
        { endian: 'be', interfaces: [{ linkType: 1 }], blocks: [{ kind: 'epb', sec: 5, frac: 6, data: filler(90, 5) }] },
      ],
    });
    const be = buildPcap({ endian: 'be', records: [{ sec: 1, frac: 1, data: filler(61, 9) }, { sec: 2, frac: 2, data: filler(70, 8) }] });
    for (const [file, bytes] of [[pcap, pcap], [be, be], [withSpb, withSpb], [gzip(pcapng), pcapng]] as const) {
      const { records } = await readAll(file);
      expect(records.length).toBeGreaterThan(1);
      for (const r of records) expect(bytes.subarray(r.dataOffset, r.dataOffset + r.caplen)).toEqual(r.data);
    }
  });
});
