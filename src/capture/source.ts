import { readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip, type Gunzip } from 'node:zlib';

/**
 * Where the reader's bytes come from. `read` copies into the caller's (reused) buffer, so the parser always
 * works on one buffer whatever the input is.
 */
export interface ByteSource {
  /** Copies up to `max` bytes (max >= 1) into `buf` at `at`; resolves to the count, 0 at the end of input. */
  read(buf: Uint8Array, at: number, max: number): Promise<number>;
  /** Bytes taken from the underlying input so far (compressed bytes for gzip). */
  readonly consumed: number;
  /** Set when the input ended because of a decompression error (read then returns 0). */
  readonly error: Error | undefined;
  close(): Promise<void>;
}

/** A regular file (or anything `open` accepts), read with positioned reads straight into the caller's buffer. */
export class FileSource implements ByteSource {
  consumed = 0;
  readonly error = undefined;

  constructor(private readonly fh: FileHandle) {}

  private sinceYield = 0;

  /**
   * A synchronous read from the page cache is several times faster than a thread-pool round trip per chunk.
   * After every megabyte it yields to the event loop, so a terminal UI stays responsive while a file is read.
   */
  async read(buf: Uint8Array, at: number, max: number): Promise<number> {
    const bytesRead = readSync(this.fh.fd, buf, at, max, null);
    this.consumed += bytesRead;
    this.sinceYield += bytesRead;
    if (this.sinceYield >= YIELD_EVERY_BYTES) {
      this.sinceYield = 0;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return bytesRead;
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}

const YIELD_EVERY_BYTES = 1 << 20;

/** An in-memory capture (tests, library callers); `readMax` lets tests cut it into tiny chunks. */
export class BytesSource implements ByteSource {
  consumed = 0;
  readonly error = undefined;

  constructor(private readonly data: Uint8Array) {}

  async read(buf: Uint8Array, at: number, max: number): Promise<number> {
    const n = Math.min(max, this.data.length - this.consumed);
    if (n <= 0) return 0;
    buf.set(this.data.subarray(this.consumed, this.consumed + n), at);
    this.consumed += n;
    return n;
  }

  async close(): Promise<void> {}
}

/** A stream of chunks (stdin, gunzip output, any async iterable), copied into the caller's buffer. */
export class ChunkSource implements ByteSource {
  consumed = 0;
  error: Error | undefined = undefined;
  private readonly it: AsyncIterator<Uint8Array | string>;
  private chunk: Uint8Array | undefined;
  private pos = 0;
  private done = false;

  /** With `catchErrors`, a failing stream ends the input and sets `error` instead of rejecting (gunzip). */
  constructor(
    chunks: AsyncIterable<Uint8Array | string>,
    private readonly catchErrors = false,
  ) {
    this.it = chunks[Symbol.asyncIterator]();
  }

  async read(buf: Uint8Array, at: number, max: number): Promise<number> {
    while (this.chunk === undefined || this.pos >= this.chunk.length) {
      if (this.done) return 0;
      let r: IteratorResult<Uint8Array | string>;
      try {
        r = await this.it.next();
      } catch (e) {
        if (!this.catchErrors) throw e;
        this.error = e instanceof Error ? e : new Error(String(e));
        this.done = true;
        return 0;
      }
      if (r.done === true) {
        this.done = true;
        return 0;
      }
      this.chunk = typeof r.value === 'string' ? Buffer.from(r.value, 'latin1') : r.value;
      this.pos = 0;
    }
    const n = Math.min(max, this.chunk.length - this.pos);
    buf.set(this.chunk.subarray(this.pos, this.pos + n), at);
    this.pos += n;
    this.consumed += n;
    return n;
  }

  async close(): Promise<void> {
    if (!this.done) {
      this.done = true;
      await this.it.return?.();
    }
  }
}

/**
 * gzip-compressed input: the raw source's bytes (starting with the `prefix` already read for format detection)
 * go through node:zlib; `consumed` counts compressed bytes. A corrupt or truncated stream ends the input
 * with `error` set, after everything that could be decompressed.
 */
export class GzipSource implements ByteSource {
  private readonly gunzip: Gunzip;
  private readonly raw: Readable;
  private readonly out: ChunkSource;
  private rawRead = 0;

  constructor(
    private readonly src: ByteSource,
    prefix: Uint8Array,
    chunkSize: number,
  ) {
    this.rawRead = src.consumed;
    const self = this;
    async function* rawChunks(): AsyncGenerator<Uint8Array> {
      yield prefix;
      for (;;) {
        // A fresh buffer per chunk: zlib may still hold the previous one.
        const b = new Uint8Array(chunkSize);
        const n = await src.read(b, 0, chunkSize);
        self.rawRead = src.consumed;
        if (n === 0) return;
        yield b.subarray(0, n);
      }
    }
    this.raw = Readable.from(rawChunks(), { objectMode: false, highWaterMark: 1 });
    this.gunzip = createGunzip({ chunkSize: 128 * 1024 });
    this.raw.on('error', (e) => this.gunzip.destroy(e));
    this.raw.pipe(this.gunzip);
    this.out = new ChunkSource(this.gunzip, true);
  }

  get consumed(): number {
    return this.rawRead;
  }

  get error(): Error | undefined {
    return this.out.error;
  }

  read(buf: Uint8Array, at: number, max: number): Promise<number> {
    return this.out.read(buf, at, max);
  }

  async close(): Promise<void> {
    this.raw.destroy();
    this.gunzip.destroy();
    await this.out.close();
    await this.src.close();
  }
}
