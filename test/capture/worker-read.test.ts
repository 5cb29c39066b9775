/**
 * The reader worker (src/capture/worker-read.ts, worker-serve.ts) against the in-thread reader: the same calls
 * in the same order (records, skipped counts, progress, warnings), the same CaptureInfo, the same errors, and a
 * bounded lead over a slow consumer. The worker runs the build's entry (dist/bundle/reader-worker.cjs, made by
 * the global setup), so these tests check what the CLI runs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CaptureError, readCapture, type ReadOptions } from '../../src/capture/reader.js';
import type { CaptureInfo, RawRecord } from '../../src/capture/record.js';
import type { ReadCallbacks } from '../../src/capture/sink.js';
import { worthAWorker, type WorkerReading } from '../../src/capture/worker-read.js';
import { plainlyOther } from '../../src/decode/decoder.js';
import { AnalysisSession } from '../../src/session.js';
import { buildPcap, buildPcapng, filler, gzip } from '../helpers/capture-writer.js';
import { buildArp, buildEthernet, buildIpv4, buildUdp } from '../helpers/frames.js';
import { ROOT } from '../helpers/cli.js';
import { copyRecord } from '../helpers/read-all.js';
import { mixedTrafficPcap } from '../helpers/mixed-traffic.js';
import { distModule, youngGenerationAfter } from '../helpers/heap-scripts.js';

const WORKER_FILE = path.join(ROOT, 'dist/bundle/reader-worker.cjs');
/** Every file on the worker, whatever its size. */
const ALWAYS: WorkerReading = { file: WORKER_FILE, minBytes: 0, maxKeptShare: 1 };

const dir = mkdtempSync(path.join(tmpdir(), 'dorascope-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function tempFile(name: string, bytes: Uint8Array | string): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

/** Every callback the reader made, in order, with what it was given. */
interface Run {
  readonly calls: unknown[];
  readonly info: CaptureInfo;
  readonly started: CaptureInfo | undefined;
}

async function run(file: string, opts: Partial<ReadOptions>, skip?: ReadCallbacks['skip']): Promise<Run> {
  const calls: unknown[] = [];
  let started: CaptureInfo | undefined;
  const info = await readCapture(file, { captureIndex: 2, firstFrame: 101, ...opts }, {
    onRecord: (r: RawRecord) => calls.push({ ...copyRecord(r), data: Buffer.from(r.buf.subarray(r.offset, r.offset + r.caplen)).toString('hex') }),
    onWarning: (w) => calls.push({ warning: w }),
    onCaptureStart: (i) => {
      started = i;
      calls.push({ start: i.path });
    },
    onProgress: (n) => calls.push({ progress: n }),
    onSkipped: (n) => calls.push({ skipped: n }),
    ...(skip ? { skip } : {}),
  });
  return { calls, info, started };
}

/** Reads `file` in this thread and on the worker, and checks that both said the same. */
async function same(file: string, opts: Partial<ReadOptions> = {}, skip?: 'plainlyOther'): Promise<Run> {
  const { worker, ...plain } = opts;
  const here = await run(file, plain, skip ? plainlyOther : undefined);
  const there = await run(file, { ...plain, worker: { ...ALWAYS, ...worker, ...(skip ? { skip } : {}) } }, undefined);
  expect(there.calls).toEqual(here.calls);
  expect(there.info).toEqual(here.info);
  // The live object handed to onCaptureStart is the one the read resolves with, as in this thread.
  expect(there.started).toBe(there.info);
  return there;
}

const pcap = buildPcap({ records: Array.from({ length: 300 }, (_, i) => ({ sec: 1_600_000_000 + i, frac: i * 997, data: filler(60 + ((i * 37) % 900), i) })) });

describe('the reader worker hands on what the in-thread reader does', () => {
  it('every record of a pcap, in chunks of any size', async () => {
    const file = tempFile('a.pcap', pcap);
    const got = await same(file);
    expect(got.info).toMatchObject({ packets: 300, complete: true, bytes: pcap.length, firstFrame: 101 });
    await same(file, { chunkSize: 1000 });
    await same(file, { chunkSize: 17 });
  });

  it('more records than one batch holds, and records as big as a batch', async () => {
    const tiny = buildPcap({ records: Array.from({ length: 5000 }, (_, i) => ({ sec: i, frac: 0, data: filler(20, i) })) });
    expect((await same(tempFile('tiny.pcap', tiny))).info.packets).toBe(5000);
    const big = buildPcap({ records: Array.from({ length: 5 }, (_, i) => ({ sec: i, frac: 0, data: filler(i === 2 ? 262_144 : 200_000, i) })) });
    expect((await same(tempFile('big.pcap', big))).info.packets).toBe(5);
  });

  it('big-endian and nanosecond pcaps', async () => {
    const records = Array.from({ length: 40 }, (_, i) => ({ sec: 7 + i, frac: 999_999_000 - i, data: filler(90, i) }));
    await same(tempFile('be.pcap', buildPcap({ endian: 'be', nanos: true, records })));
  });

  it('the records the skip test keeps, and how many it skipped, between the same records and progress', async () => {
    const file = tempFile('mixed.pcap', mixedTrafficPcap(3000));
    const got = await same(file, { chunkSize: 8192 }, 'plainlyOther');
    expect(got.calls.some((c) => typeof c === 'object' && c !== null && 'skipped' in c)).toBe(true);
    expect(got.calls.filter((c) => typeof c === 'object' && c !== null && 'frame' in c).length).toBeGreaterThan(100);
  });

  it('a pcapng with two sections, several interfaces and resolutions, simple and obsolete packet blocks', async () => {
    const bytes = buildPcapng({
      sections: [
        {
          interfaces: [{ linkType: 1 }, { linkType: 1, tsresol: 9 }, { linkType: 113, tsresol: 0x80 | 20, tsoffset: 100 }],
          blocks: [
            { kind: 'epb', interfaceId: 1, sec: 3, frac: 4, data: filler(99) },
            { kind: 'epb', interfaceId: 2, sec: 5, frac: 6, data: filler(64, 3) },
            { kind: 'raw', type: 0x00000bad, body: filler(12) },
            { kind: 'pb', interfaceId: 0, sec: 8, frac: 9, data: filler(70, 4) },
            { kind: 'idb', linkType: 105, tsresol: 3 },
            { kind: 'epb', interfaceId: 3, sec: 11, frac: 12, data: filler(80, 5) },
          ],
        },
        { endian: 'be', interfaces: [{ linkType: 1, snaplen: 50 }], blocks: [{ kind: 'spb', data: filler(98, 6) }, { kind: 'epb', sec: 1, frac: 2, data: filler(61, 7) }] },
      ],
    });
    const got = await same(tempFile('multi.pcapng', bytes));
    expect(got.info.linkTypes).toEqual([1, 113, 105]);
    expect(got.info.frames).toBe(7);
    await same(tempFile('multi-small-chunks.pcapng', bytes), { chunkSize: 10 });
  });

});

describe('which files go to the worker', () => {
  it('uncompressed regular files from the given size; not gzip, stdin, directories or missing files', () => {
    const plain = tempFile('sized.pcap', pcap);
    expect(worthAWorker(plain, { ...ALWAYS, minBytes: pcap.length })).toBe(true);
    expect(worthAWorker(plain, { ...ALWAYS, minBytes: pcap.length + 1 })).toBe(false);
    expect(worthAWorker(tempFile('a.pcap.gz', gzip(pcap)), ALWAYS)).toBe(false);
    expect(worthAWorker('-', ALWAYS)).toBe(false);
    expect(worthAWorker(dir, ALWAYS)).toBe(false);
    expect(worthAWorker(path.join(dir, 'missing.pcap'), ALWAYS)).toBe(false);
  });

  it('only a file whose first megabyte is many small records the skip test mostly passes over (DHCP-dense files and big records stay here)', async () => {
    const udp = (size: number) => (i: number) => buildEthernet({ type: 0x0800, payload: buildIpv4({ src: '10.0.0.1', dst: '10.0.0.2', protocol: 17, payload: buildUdp({ srcPort: 40000 + (i % 1000), dstPort: 53, payload: filler(size, i) }) }) });
    const dns = udp(120);
    const big = udp(900);
    const arp = (i: number) => buildEthernet({ type: 0x0806, payload: buildArp({ opcode: 1, senderMac: '02:00:00:00:00:05', senderIp: '10.0.0.5', targetMac: '00:00:00:00:00:00', targetIp: `10.0.${i % 250}.1` }) });
    const sparse = tempFile('sparse.pcap', buildPcap({ records: Array.from({ length: 3000 }, (_, i) => ({ sec: i, frac: 0, data: i % 20 === 0 ? arp(i) : dns(i) })) }));
    const dense = tempFile('dense.pcap', buildPcap({ records: Array.from({ length: 3000 }, (_, i) => ({ sec: i, frac: 0, data: i % 10 === 0 ? dns(i) : arp(i) })) }));
    const batchesFor = async (file: string): Promise<number> => {
      let batches = 0;
      const decide = { file: WORKER_FILE, minBytes: 0, skip: 'plainlyOther', onQueued: () => batches++ };
      await readCapture(file, { captureIndex: 0, firstFrame: 1, worker: decide }, { onRecord() {}, onWarning() {}, skip: plainlyOther });
      return batches;
    };
    const bigRecords = tempFile('big.pcap', buildPcap({ records: Array.from({ length: 3000 }, (_, i) => ({ sec: i, frac: 0, data: i % 20 === 0 ? arp(i) : big(i) })) }));
    expect(await batchesFor(sparse)).toBeGreaterThan(0);
    expect(await batchesFor(dense)).toBe(0);
    expect(await batchesFor(bigRecords)).toBe(0);
  });

  it('a gzip-compressed capture is read in this thread, with the same result', async () => {
    let batches = 0;
    const got = await same(tempFile('b.pcap.gz', gzip(pcap)), { chunkSize: 4096, worker: { ...ALWAYS, onQueued: () => batches++ } });
    expect(got.info.compressed).toBe(true);
    expect(batches).toBe(0);
  });
});

describe('broken files on the worker', () => {
  it('a truncated record: what was read is kept, the same warning, marked incomplete', async () => {
    const got = await same(tempFile('cut.pcap', pcap.subarray(0, pcap.length - 30)), { chunkSize: 5000 });
    expect(got.info.complete).toBe(false);
    expect(got.calls.filter((c) => typeof c === 'object' && c !== null && 'warning' in c)).toHaveLength(1);
  });

  it('a damaged record header in the middle and a bad pcapng block length', async () => {
    const bad = buildPcap({ records: [...Array.from({ length: 20 }, (_, i) => ({ sec: i, frac: 0, data: filler(100, i) })), { sec: 99, frac: 0, data: filler(10), caplen: 0x7fffffff }] });
    expect((await same(tempFile('bad.pcap', bad))).info.complete).toBe(false);
    const badBlock = buildPcapng({ sections: [{ interfaces: [{ linkType: 1 }], blocks: [{ kind: 'epb', sec: 1, frac: 0, data: filler(60) }, { kind: 'raw', type: 6, body: filler(8), length: 13 }] }] });
    expect((await same(tempFile('bad.pcapng', badBlock))).info.complete).toBe(false);
  });

  const unreadable: [string, Uint8Array | string][] = [
    ['empty.pcap', ''],
    ['text.pcap', 'Hello, this is text\n'],
    ['header-only.pcap', pcap.subarray(0, 10)],
  ];
  for (const [name, content] of unreadable) {
    it(`rejects ${name} with the same CaptureError`, async () => {
      const file = tempFile(name, content);
      const here = await readCapture(file, { captureIndex: 0, firstFrame: 1 }, { onRecord() {}, onWarning() {} }).catch((e: unknown) => e);
      const there = await readCapture(file, { captureIndex: 0, firstFrame: 1, worker: ALWAYS }, { onRecord() {}, onWarning() {} }).catch((e: unknown) => e);
      expect(here).toBeInstanceOf(CaptureError);
      expect(there).toBeInstanceOf(CaptureError);
      expect((there as Error).message).toBe((here as Error).message);
    });
  }

  it('a 10 MB packet block (the read buffer grows in the worker as it does here)', async () => {
    const bytes = buildPcapng({ sections: [{ interfaces: [{ linkType: 1 }], blocks: [{ kind: 'raw', type: 6, body: new Uint8Array(10 * 1024 * 1024) }, { kind: 'epb', sec: 1, frac: 0, data: filler(60) }] }] });
    expect((await same(tempFile('huge-block.pcapng', bytes))).info.packets).toBe(2);
  });

  it('a consumer that throws stops the worker and the read rejects with its error', async () => {
    const file = tempFile('throw.pcap', pcap);
    let n = 0;
    const read = readCapture(file, { captureIndex: 0, firstFrame: 1, chunkSize: 512, worker: ALWAYS }, {
      onRecord: () => {
        if (++n === 50) throw new Error('consumer failed');
      },
      onWarning() {},
    });
    await expect(read).rejects.toThrow('consumer failed');
    expect(n).toBe(50);
  });
});

describe('how far the worker may run ahead', () => {
  it('never has more batches waiting than its credits, however slow the consumer', async () => {
    // 4000 records in 4 KiB chunks: a batch goes out every few chunks (~50 batches).
    const file = tempFile('many.pcap', buildPcap({ records: Array.from({ length: 4000 }, (_, i) => ({ sec: i, frac: 0, data: filler(200, i) })) }));
    let most = 0;
    let batches = 0;
    let records = 0;
    await readCapture(file, { captureIndex: 0, firstFrame: 1, chunkSize: 4096, worker: { ...ALWAYS, credits: 2, onQueued: (n) => ((most = Math.max(most, n)), batches++) } }, {
      onRecord: () => records++,
      onWarning() {},
      // A consumer whose output is backed up: every batch waits a few turns of the event loop.
      beforeRead: async () => {
        for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
      },
    });
    expect(records).toBe(4000);
    expect(batches).toBeGreaterThan(40);
    expect(most).toBeLessThanOrEqual(2);
  });
});

describe('a run of several files, some on the worker', () => {
  it('numbers frames across files and reports the same as without the worker', async () => {
    const files = [tempFile('m1.pcap', mixedTrafficPcap(800, 1)), tempFile('m2.pcap', mixedTrafficPcap(10, 2)), tempFile('m3.pcap', mixedTrafficPcap(900, 3))];
    const report = async (readerWorker?: Omit<WorkerReading, 'skip'>) => {
      const session = new AnalysisSession({ packets: true, ...(readerWorker ? { readerWorker } : {}) });
      await session.read(files);
      return session.report();
    };
    const here = await report();
    // The middle file is below the size the worker takes: the run mixes both readers.
    let batches = 0;
    const there = await report({ file: WORKER_FILE, minBytes: 20_000, maxKeptShare: 1, onQueued: () => batches++ });
    expect(batches).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(there)).toBe(JSON.stringify(here));
    expect(here.captures.map((c) => c.firstFrame)).toEqual([1, 801, 811]);
    expect(here.packets?.length).toBeGreaterThan(100);
  });
});

/**
 * V8 sets --semi-space-growth-factor back to 2 when it makes the worker's heap; the batch heap policy must set it
 * again once the worker runs, or the main thread's young generation grows to 16 MB semi-spaces (sizes, not times).
 */
function youngGenerationAfterWorker(restore: boolean): number {
  return youngGenerationAfter(`
    const policy = await import(${distModule('heap-policy.js')});
    const { readCaptureInWorker } = await import(${distModule('capture/worker-read.js')});
    policy.useBatchHeapPolicy();
    await readCaptureInWorker(${JSON.stringify(tempFile('heap.pcap', pcap))}, { captureIndex: 0, firstFrame: 1 }, { onRecord() {}, onWarning() {} },
      { file: ${JSON.stringify(WORKER_FILE)}, minBytes: 0, ...(${restore} ? { onOnline: policy.restoreBatchHeapFlags } : {}) });`);
}

describe('the batch heap policy beside the worker', () => {
  it('keeps the main thread young generation at its first size once the worker runs', () => {
    const kept = youngGenerationAfterWorker(true);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(4 * 1024 * 1024);
    // Without setting it back, V8's own growth returns (the trap this guards against).
    expect(youngGenerationAfterWorker(false)).toBeGreaterThan(kept);
  });
});
