import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { CaptureError, hexPreview } from './error.js';
import { DEFAULT_CHUNK_SIZE, MAX_BLOCK_LENGTH } from './limits.js';
import { isPcapMagic, PcapParser } from './pcap.js';
import { PCAPNG_SHB, PcapngParser } from './pcapng.js';
import type { CaptureFormat, CaptureInfo } from './record.js';
import { RecordSink, type FormatParser, type ReadCallbacks } from './sink.js';
import { BytesSource, ChunkSource, FileSource, GzipSource, type ByteSource } from './source.js';
import { readCaptureInWorker, worthAWorker, type WorkerReading } from './worker-read.js';

export { CaptureError } from './error.js';
export type { ReadCallbacks } from './sink.js';

/** A file path, `-` for stdin, the bytes of a capture, or a stream of chunks. */
export type CaptureInput = string | Uint8Array | AsyncIterable<Uint8Array>;

export interface ReadOptions {
  /** 0-based index of this file in the run. */
  captureIndex: number;
  /** Run-wide frame number of this file's first record. */
  firstFrame: number;
  /** Name used in CaptureInfo.path and messages (default: the path as given, or `<bytes>`; messages say `stdin` for `-`). */
  name?: string;
  /** Read size and initial buffer size (default 1 MiB); tests use tiny ones to split records across reads. */
  chunkSize?: number;
  /** Read a big enough regular file on a worker thread (worker-read.ts); its skip test then stands for `cb.skip`. */
  worker?: WorkerReading;
}

/**
 * Reads one capture (pcap or pcapng, either possibly gzip-compressed), calling `cb.onRecord` for every record.
 * Rejects with CaptureError when the input is not a readable capture; a capture that breaks in the middle
 * resolves with `complete: false` after a warning.
 */
export async function readCapture(input: CaptureInput, opts: ReadOptions, cb: ReadCallbacks): Promise<CaptureInfo> {
  const { worker, ...rest } = opts;
  if (worker !== undefined && typeof input === 'string' && worthAWorker(input, worker) && (await sampleSaysWorkerPays(input, cb, worker))) {
    return readCaptureInWorker(input, rest, cb, worker);
  }
  // CaptureInfo.path is the input as given ('-' for stdin); messages say 'stdin', which reads better.
  const path = opts.name ?? (typeof input === 'string' ? input : '<bytes>');
  const name = opts.name ?? (input === '-' ? 'stdin' : path);
  const chunkSize = Math.max(1, Math.floor(opts.chunkSize ?? DEFAULT_CHUNK_SIZE));
  const { source, size } = await openInput(input, name);
  const start = { source, buf: new Uint8Array(Math.max(chunkSize, 64)) as Uint8Array, end: 0 };
  try {
    const { format, compressed } = await detect(start, name, chunkSize, typeof input === 'string' && input !== '-');
    const info: CaptureInfo = {
      path,
      format,
      compressed,
      linkTypes: [],
      timestampResolution: 'microseconds',
      packets: 0,
      frames: 0,
      bytes: start.source.consumed,
      firstFrame: opts.firstFrame,
      complete: true,
    };
    if (size !== undefined) info.size = size;
    const sink = new RecordSink(info, cb, opts.captureIndex, name);
    const parser = format === 'pcap' ? new PcapParser(sink) : new PcapngParser(sink);
    await readRecords(start.source, start.buf, start.end, parser, sink, chunkSize);
    return info;
  } finally {
    await start.source.close();
  }
}

/**
 * Reads the first bytes and works out the format; for gzip, swaps `state.source` for the decompressing source
 * and looks again. Leaves the bytes read in `state.buf[0, state.end)`.
 */
async function detect(
  state: { source: ByteSource; buf: Uint8Array; end: number },
  name: string,
  chunkSize: number,
  isFile: boolean,
): Promise<{ format: CaptureFormat; compressed: boolean }> {
  const { buf } = state;
  state.end = await fillAtLeast(state.source, buf, 0, 4, chunkSize, name);
  if (state.end === 0) throw new CaptureError(`${name}: empty ${isFile ? 'file' : 'input'}`);
  let compressed = false;
  if (buf[0] === 0x1f && buf[1] === 0x8b) {
    compressed = true;
    state.source = new GzipSource(state.source, buf.slice(0, state.end), chunkSize);
    state.end = await fillAtLeast(state.source, buf, 0, 4, chunkSize, name);
    const error = state.source.error;
    if (state.end < 4 && error !== undefined) throw new CaptureError(`${name}: gzip data cannot be decompressed (${oneLine(error)})`);
  }
  const format = detectFormat(buf, state.end);
  if (format === undefined) {
    const what = compressed ? 'gzip-compressed data is not a pcap or pcapng file' : 'not a pcap or pcapng file';
    throw new CaptureError(`${name}: ${what} (first bytes: ${hexPreview(buf, 0, state.end) || 'none'})`);
  }
  return { format, compressed };
}

/**
 * The read loop: parse whole records in place, move the unconsumed tail to the front of the one buffer, read
 * more after it. The buffer grows only for a record larger than itself (bounded by the parsers' length checks).
 */
async function readRecords(
  source: ByteSource,
  buf: Uint8Array,
  end: number,
  parser: FormatParser,
  sink: RecordSink,
  chunkSize: number,
): Promise<void> {
  const { info, cb } = sink;
  let start = 0;
  let base = 0; // file offset of buf[0]
  for (;;) {
    start = parser.parse(buf, start, end, base);
    if (sink.stopped) break;
    if (start > 0) {
      if (start < end) buf.copyWithin(0, start, end);
      base += start;
      end -= start;
      start = 0;
    }
    if (parser.need > buf.length || end === buf.length) buf = grow(buf, parser.need, end);
    info.bytes = source.consumed;
    cb.onProgress?.(info.bytes);
    const wait = cb.beforeRead?.();
    if (wait) await wait;
    let n: number;
    try {
      n = await source.read(buf, end, Math.min(buf.length - end, chunkSize));
    } catch (e) {
      sink.fail(base + end, `read error (${oneLine(e)})`);
      break;
    }
    if (n === 0) {
      const error = source.error;
      if (error === undefined) parser.finish(buf, start, end, base);
      else if (!sink.started) {
        throw new CaptureError(`${sink.label}: gzip data corrupt or truncated before the capture header (${oneLine(error)})`);
      } else sink.fail(base + start, `gzip data corrupt or truncated (${oneLine(error)})`);
      break;
    }
    end += n;
  }
  sink.sync();
  info.bytes = source.consumed;
  cb.onProgress?.(info.bytes);
}

/**
 * Whether the file's first SAMPLE_BYTES say the worker pays. It moves the walk over record headers off this
 * thread, so it pays where records are many and small; where they are big, reading is mostly the kernel's copy,
 * which the worker cannot make cheaper, and on two cores it then costs more than it saves (the 1 GB mixed bench
 * file, 735-byte records on average: 1.04 -> 1.15 s; the 1.2 GB small-packet one, 92 bytes: 1.98 -> 1.65 s).
 * And the records `cb.skip` keeps must be few: every kept record's bytes are copied and then read here from
 * another core's cache (forced through the worker, the DHCP-only bench file took 0.35 s more CPU on this thread).
 */
async function sampleSaysWorkerPays(path: string, cb: ReadCallbacks, w: WorkerReading): Promise<boolean> {
  const share = w.maxKeptShare ?? MAX_KEPT_SHARE;
  if (share >= 1) return true;
  const skip = cb.skip;
  if (skip === undefined) return false;
  let sample: Uint8Array;
  try {
    const fd = openSync(path, 'r');
    try {
      sample = new Uint8Array(SAMPLE_BYTES);
      sample = sample.subarray(0, readSync(fd, sample, 0, SAMPLE_BYTES, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return false; // the reader says why
  }
  let kept = 0;
  let records: number;
  try {
    const info = await readCapture(sample, { captureIndex: 0, firstFrame: 1 }, { onRecord: (r) => (kept += r.caplen), onWarning() {}, skip });
    records = info.packets;
  } catch {
    return false;
  }
  return kept <= share * sample.length && sample.length <= MAX_MEAN_RECORD_BYTES * records;
}

/** How much of a file the worker's test looks at, and the share of it in kept records up to which it is used. */
const SAMPLE_BYTES = 1024 * 1024;
const MAX_KEPT_SHARE = 1 / 8;
/** The mean record size (header included) up to which the walk is worth moving to the worker. */
const MAX_MEAN_RECORD_BYTES = 256;

/** Reads several captures in turn; frame numbers run on from one file to the next. */
export async function readCaptures(inputs: readonly string[], cb: ReadCallbacks): Promise<CaptureInfo[]> {
  const infos: CaptureInfo[] = [];
  let firstFrame = 1;
  for (const [captureIndex, input] of inputs.entries()) {
    const info = await readCapture(input, { captureIndex, firstFrame }, cb);
    infos.push(info);
    firstFrame += info.frames ?? info.packets;
  }
  return infos;
}

function detectFormat(b: Uint8Array, end: number): CaptureFormat | undefined {
  if (end < 4) return undefined;
  const magic = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  if (isPcapMagic(magic)) return 'pcap';
  if (magic === PCAPNG_SHB) return 'pcapng';
  return undefined;
}

async function openInput(input: CaptureInput, name: string): Promise<{ source: ByteSource; size?: number }> {
  if (input instanceof Uint8Array) return { source: new BytesSource(input), size: input.length };
  if (typeof input !== 'string') return { source: new ChunkSource(input) };
  if (input === '-') return { source: new ChunkSource(process.stdin) };
  let fh;
  try {
    fh = await open(input, 'r');
  } catch (e) {
    throw new CaptureError(`${name}: cannot open (${oneLine(e)})`);
  }
  try {
    const st = await fh.stat();
    return st.isFile() ? { source: new FileSource(fh), size: st.size } : { source: new FileSource(fh) };
  } catch (e) {
    await fh.close();
    throw new CaptureError(`${name}: cannot open (${oneLine(e)})`);
  }
}

/** Reads until at least `min` bytes are in `buf` or the input ends; a failing read means the input is unreadable. */
async function fillAtLeast(src: ByteSource, buf: Uint8Array, end: number, min: number, max: number, name: string): Promise<number> {
  while (end < min) {
    let n: number;
    try {
      n = await src.read(buf, end, Math.min(buf.length - end, max));
    } catch (e) {
      throw new CaptureError(`${name}: cannot read (${oneLine(e)})`);
    }
    if (n === 0) break;
    end += n;
  }
  return end;
}

/** A bigger buffer holding the first `end` bytes. `need` is bounded by the parsers' length checks. */
function grow(buf: Uint8Array, need: number, end: number): Uint8Array {
  const size = Math.max(need, Math.min(buf.length * 2, MAX_BLOCK_LENGTH + 64));
  const bigger = new Uint8Array(size);
  bigger.set(buf.subarray(0, end));
  return bigger;
}

function oneLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.replace(/\s*\n[\s\S]*$/, '').replace(/, (open|read)( '.*')?$/, '');
}
