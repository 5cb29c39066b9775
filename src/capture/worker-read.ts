/**
 * Reading a capture file on a worker thread (worker-serve.ts): the worker reads, walks the record headers and
 * applies the skip test, which for a big capture with few DHCP/ARP frames is most of the reading's cost; this
 * thread replays the kept records and the events between them through the same callbacks, in the same order,
 * while the worker reads on. See README "Design notes" for when it pays.
 */
import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import { CaptureError } from './error.js';
import { newRawRecord, type CaptureInfo, type RawRecord } from './record.js';
import type { ReadCallbacks } from './sink.js';
import * as B from './worker-batch.js';

/** How a caller lets the reader use a worker. */
export interface WorkerReading {
  /** The worker's entry (a script that calls serveCaptureReader: dist/bundle/reader-worker.cjs). */
  readonly file: string;
  /** Regular files at least this big (bytes, as stored: compressed for gzip) are read on the worker. */
  readonly minBytes: number;
  /**
   * The skip test, by the name the worker's entry offers it under; it stands for `cb.skip`, which is then not
   * called (a function cannot cross threads). Undefined: every record is handed on.
   */
  readonly skip?: string;
  /**
   * The worker is used only when the records `cb.skip` keeps make at most this share of the file's first
   * 1 MiB (default 1/8; 1: whatever they make, also without `cb.skip`).
   */
  readonly maxKeptShare?: number;
  /** Batches the worker may have sent and this thread not finished (default 4): bounds what is buffered. */
  readonly credits?: number;
  /** Called once the worker runs (V8 resets some heap flags when it makes the worker's heap: heap-policy.ts). */
  readonly onOnline?: () => void;
  /** Tests: told how many batches are waiting here whenever one arrives. */
  readonly onQueued?: (waiting: number) => void;
}

export const DEFAULT_CREDITS = 4;

/** The worker entry the build puts beside the bundle (scripts/bundle.mjs), if there is one. */
export function bundledWorkerFile(): string | undefined {
  for (const rel of ['reader-worker.cjs', '../bundle/reader-worker.cjs']) {
    const file = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(file)) return file;
  }
  return undefined;
}

/**
 * Files at least this big are read on the worker in batch runs. Measured: see README "Design notes".
 */
export const READER_WORKER_MIN_BYTES = 256 * 1024 * 1024;

/** The batch runs' worker reading, when the build made the worker's entry. */
export function batchReaderWorker(): Omit<WorkerReading, 'skip'> | undefined {
  const file = bundledWorkerFile();
  return file === undefined ? undefined : { file, minBytes: READER_WORKER_MIN_BYTES };
}

/**
 * Whether `input` is an uncompressed regular file big enough for the worker. gzip stays in this thread: there
 * the worker took little off it (zlib inflates on the thread pool either way) and cost 25 MB more.
 */
export function worthAWorker(input: string, w: WorkerReading): boolean {
  if (input === '-') return false;
  let fd: number | undefined;
  try {
    fd = openSync(input, 'r');
    const st = fstatSync(fd);
    if (!st.isFile() || st.size < w.minBytes) return false;
    const magic = new Uint8Array(2);
    return readSync(fd, magic, 0, 2, 0) < 2 || magic[0] !== 0x1f || magic[1] !== 0x8b;
  } catch {
    return false; // the ordinary reader says why it cannot be read
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

interface Options {
  readonly captureIndex: number;
  readonly firstFrame: number;
  readonly name?: string;
  readonly chunkSize?: number;
}

/** readCapture's contract (see reader.ts), with the reading done by a worker. */
export function readCaptureInWorker(path: string, opts: Options, cb: ReadCallbacks, w: WorkerReading): Promise<CaptureInfo> {
  const control = new Int32Array(new SharedArrayBuffer(8));
  control[B.C_CREDITS] = Math.max(1, w.credits ?? DEFAULT_CREDITS);
  const channel = new MessageChannel();
  const task: B.WorkerTask = { path, ...opts, ...(w.skip !== undefined ? { skip: w.skip } : {}), control, returned: channel.port2 };
  const worker = new Worker(w.file, {
    workerData: task,
    transferList: [channel.port2],
    // Its heap holds a few batches and the parser's state: a small one keeps the process's footprint down.
    resourceLimits: { maxOldGenerationSizeMb: 24, maxYoungGenerationSizeMb: 4 },
  });
  return new Promise<CaptureInfo>((resolve, reject) => {
    // The worker's messages and, last, its exit (Node delivers every message a worker sent before 'exit').
    const queue: (B.WorkerMessage | { readonly kind: 'exit'; readonly code: number })[] = [];
    let info: CaptureInfo | undefined;
    let pumping = false;
    let settled = false;
    const rec = newRawRecord(opts.captureIndex);
    const finish = (error: Error | undefined, result?: CaptureInfo): void => {
      if (settled) return;
      settled = true;
      Atomics.store(control, B.C_STOP, 1);
      Atomics.notify(control, B.C_CREDITS);
      channel.port1.close();
      if (error) {
        void worker.terminate();
        reject(error);
      } else {
        worker.unref();
        resolve(result!);
      }
    };
    const infoFrom = (i: CaptureInfo): CaptureInfo => (info ??= i);
    /** One message, in order; false when the file is done. Awaits the consumer's beforeRead after a batch. */
    const handle = async (m: (typeof queue)[number]): Promise<boolean> => {
      switch (m.kind) {
        case 'start':
          cb.onCaptureStart?.(infoFrom(m.info));
          return true;
        case 'batch':
          if (info) B.applyState(info, m.state);
          replay(m.buffers, m.entries, rec, cb);
          channel.port1.postMessage(m.buffers, [m.buffers.meta.buffer, m.buffers.data.buffer]);
          {
            const wait = cb.beforeRead?.();
            if (wait) await wait;
          }
          Atomics.add(control, B.C_CREDITS, 1);
          Atomics.notify(control, B.C_CREDITS);
          return true;
        case 'warning':
          if (info) B.applyState(info, m.state);
          cb.onWarning(m.warning);
          return true;
        case 'done':
          if (info) B.applyState(info, B.stateOf(m.info));
          finish(undefined, infoFrom(m.info));
          return false;
        case 'error':
          finish(m.captureError ? new CaptureError(m.message) : new Error(`reader worker: ${m.message}`));
          return false;
        case 'exit':
          // Gone without its last word (killed, out of memory): the read must not hang.
          finish(new Error(`reader worker stopped (exit code ${m.code})`));
          return false;
        default:
          return assertNever(m);
      }
    };
    const pump = async (): Promise<void> => {
      if (pumping) return;
      pumping = true;
      try {
        while (queue.length > 0 && !settled) {
          if (!(await handle(queue.shift()!))) return;
        }
      } catch (e) {
        finish(e instanceof Error ? e : new Error(String(e)));
      } finally {
        pumping = false;
      }
    };
    worker.on('message', (m: B.WorkerMessage) => {
      queue.push(m);
      if (m.kind === 'batch') w.onQueued?.(queue.filter((q) => q.kind === 'batch').length);
      void pump();
    });
    worker.once('online', () => w.onOnline?.());
    worker.on('error', (e) => finish(new Error(`reader worker: ${e.message}`)));
    worker.on('exit', (code) => {
      queue.push({ kind: 'exit', code });
      void pump();
    });
  });
}

/** Hands a batch's entries to the consumer, as the in-thread reader would have. */
function replay(buffers: B.BatchBuffers, entries: number, rec: RawRecord, cb: ReadCallbacks): void {
  const { meta, data } = buffers;
  rec.buf = data;
  for (let i = 0, at = 0; i < entries; i++, at += B.STRIDE) {
    const kind = meta[at + B.F_KIND];
    if (kind === B.ENTRY_RECORD) {
      rec.offset = meta[at + B.F_DATA]!;
      rec.caplen = meta[at + B.F_CAPLEN]!;
      rec.origlen = meta[at + B.F_ORIGLEN]!;
      rec.linkType = meta[at + B.F_LINKTYPE]!;
      rec.interfaceId = meta[at + B.F_INTERFACE]!;
      rec.tsSec = meta[at + B.F_TS_SEC]!;
      rec.tsNanos = meta[at + B.F_TS_NANOS]!;
      rec.tsDigits = meta[at + B.F_TS_DIGITS]!;
      rec.hasTime = meta[at + B.F_HAS_TIME] === 1;
      rec.captureFrame = meta[at + B.F_CAPTURE_FRAME]!;
      rec.frame = meta[at + B.F_FRAME]!;
      rec.fileOffset = meta[at + B.F_FILE_OFFSET]!;
      rec.dataOffset = meta[at + B.F_DATA_OFFSET]!;
      cb.onRecord(rec);
    } else if (kind === B.ENTRY_SKIPPED) cb.onSkipped?.(meta[at + B.F_COUNT]!);
    else cb.onProgress?.(meta[at + B.F_COUNT]!);
  }
}


function assertNever(x: never): never {
  throw new Error(`unexpected reader worker message ${JSON.stringify(x)}`);
}
