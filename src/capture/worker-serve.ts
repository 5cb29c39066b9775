/**
 * The reader worker's side (started by worker-read.ts from an entry that names its skip tests,
 * src/reader-worker.ts): reads the file with the ordinary reader, applies the skip test itself, and sends the
 * kept records in batches. It may send a batch only with a credit (a shared counter the main thread gives back
 * as it finishes one), and waits (Atomics.wait) when it has none: a main thread that is slower than the walk
 * holds the worker back instead of letting it buffer the file.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { CaptureError } from './error.js';
import { readCapture } from './reader.js';
import type { RawRecord } from './record.js';
import type { ReadCallbacks } from './sink.js';
import * as B from './worker-batch.js';

export type SkipTest = NonNullable<ReadCallbacks['skip']>;

/**
 * A batch goes out after this many chunks read (4 MiB with the default chunk size), or sooner once it holds a
 * quarter of its bytes: fewer messages for a sparse file, no long wait for a dense one.
 */
const CHUNKS_PER_BATCH = 4;
const BATCH_FULL = B.BATCH_BYTES / 4;

/** Thrown inside the read loop when the main thread gave up on the file. */
class Stopped extends Error {}

/** Fills batches and sends them, one credit each. */
class BatchSender {
  private buffers: B.BatchBuffers;
  private entries = 0;
  private used = 0;
  /** Chunks read since the last batch went out. */
  private chunks = 0;

  constructor(
    private readonly task: B.WorkerTask,
    private readonly port: NonNullable<typeof parentPort>,
    private readonly state: () => B.InfoState,
  ) {
    this.buffers = this.fresh();
  }

  record(rec: RawRecord): void {
    if (this.entries === B.BATCH_ENTRIES || B.BATCH_BYTES - this.used < rec.caplen) this.flush();
    const { meta, data } = this.buffers;
    const at = this.entries++ * B.STRIDE;
    meta[at + B.F_KIND] = B.ENTRY_RECORD;
    meta[at + B.F_DATA] = this.used;
    meta[at + B.F_CAPLEN] = rec.caplen;
    meta[at + B.F_ORIGLEN] = rec.origlen;
    meta[at + B.F_LINKTYPE] = rec.linkType;
    meta[at + B.F_INTERFACE] = rec.interfaceId;
    meta[at + B.F_TS_SEC] = rec.tsSec;
    meta[at + B.F_TS_NANOS] = rec.tsNanos;
    meta[at + B.F_TS_DIGITS] = rec.tsDigits;
    meta[at + B.F_HAS_TIME] = rec.hasTime === false ? 0 : 1;
    meta[at + B.F_CAPTURE_FRAME] = rec.captureFrame;
    meta[at + B.F_FRAME] = rec.frame;
    meta[at + B.F_FILE_OFFSET] = rec.fileOffset;
    meta[at + B.F_DATA_OFFSET] = rec.dataOffset;
    data.set(rec.buf.subarray(rec.offset, rec.offset + rec.caplen), this.used);
    this.used += rec.caplen;
  }

  /** A skipped count or the bytes read so far: sent with the next batch. */
  event(kind: typeof B.ENTRY_SKIPPED | typeof B.ENTRY_PROGRESS, count: number): void {
    if (this.entries === B.BATCH_ENTRIES) this.flush();
    const at = this.entries++ * B.STRIDE;
    this.buffers.meta[at + B.F_KIND] = kind;
    this.buffers.meta[at + B.F_COUNT] = count;
  }

  /** After every chunk read: a batch goes out when it holds a record, or a few chunks' progress. */
  chunkDone(): void {
    if (++this.chunks >= CHUNKS_PER_BATCH || this.used >= BATCH_FULL) this.flush();
  }

  /** A message that goes between batches: what was filled before it goes first. */
  between(m: B.WorkerMessage): void {
    this.flush();
    this.port.postMessage(m);
  }

  flush(): void {
    if (this.entries === 0) return;
    this.takeCredit();
    const buffers = this.buffers;
    this.port.postMessage({ kind: 'batch', buffers, entries: this.entries, state: this.state() } satisfies B.WorkerMessage, [buffers.meta.buffer, buffers.data.buffer]);
    this.entries = 0;
    this.used = 0;
    this.chunks = 0;
    this.buffers = this.fresh();
  }

  private takeCredit(): void {
    const control = this.task.control;
    for (;;) {
      if (Atomics.load(control, B.C_STOP) !== 0) throw new Stopped();
      const credits = Atomics.load(control, B.C_CREDITS);
      if (credits > 0) {
        if (Atomics.compareExchange(control, B.C_CREDITS, credits, credits - 1) === credits) return;
        continue;
      }
      Atomics.wait(control, B.C_CREDITS, 0);
    }
  }

  /** A batch the main thread handed back, or new buffers while fewer than the credits are out. */
  private fresh(): B.BatchBuffers {
    const back = receiveMessageOnPort(this.task.returned)?.message as B.BatchBuffers | undefined;
    return back ?? { meta: new Float64Array(B.BATCH_ENTRIES * B.STRIDE), data: new Uint8Array(B.BATCH_BYTES) };
  }
}

/** The worker's main: reads `workerData` (a WorkerTask) with the skip test it names among `skips`. */
export async function serveCaptureReader(skips: Readonly<Record<string, SkipTest>>): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('serveCaptureReader runs on a worker thread');
  const task = workerData as B.WorkerTask;
  const skip = task.skip === undefined ? undefined : skips[task.skip];
  let live: Parameters<NonNullable<ReadCallbacks['onCaptureStart']>>[0] | undefined;
  const state = (): B.InfoState => (live ? B.stateOf(live) : { packets: 0, bytes: 0, linkTypes: [], timestampResolution: 'microseconds', complete: true });
  const sender = new BatchSender(task, port, state);
  try {
    if (task.skip !== undefined && skip === undefined) throw new Error(`the reader worker has no skip test named ${task.skip}`);
    const info = await readCapture(
      task.path,
      { captureIndex: task.captureIndex, firstFrame: task.firstFrame, ...(task.name !== undefined ? { name: task.name } : {}), ...(task.chunkSize !== undefined ? { chunkSize: task.chunkSize } : {}) },
      {
        onRecord: (rec) => sender.record(rec),
        onWarning: (warning) => sender.between({ kind: 'warning', warning, state: state() }),
        onCaptureStart: (i) => {
          live = i;
          sender.between({ kind: 'start', info: i });
        },
        onProgress: (n) => {
          sender.event(B.ENTRY_PROGRESS, n);
          sender.chunkDone();
        },
        ...(skip ? { skip, onSkipped: (n: number) => sender.event(B.ENTRY_SKIPPED, n) } : {}),
      },
    );
    sender.flush();
    port.postMessage({ kind: 'done', info } satisfies B.WorkerMessage);
  } catch (e) {
    if (e instanceof Stopped) return;
    const message = e instanceof Error ? e.message : String(e);
    port.postMessage({ kind: 'error', message, captureError: e instanceof CaptureError } satisfies B.WorkerMessage);
  } finally {
    task.returned.close();
  }
}
