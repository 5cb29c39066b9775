/**
 * Report items (transactions as they close, packets as they are decoded) written out as text, to be read back
 * in report order when the report is written.
 *
 * A capture of nothing but DHCP holds a transaction every few packets; keeping them all until the end is what
 * made memory grow with the capture. A spool keeps each item's text (for JSON exactly as the report writes it)
 * in a temporary file and only three numbers per item in memory. Transactions close in another order than they
 * start, so reading back sorts by the order given (the first frame) and reads neighbouring pieces together.
 * Without a writable temporary directory the text stays in memory: slower to grow, never wrong.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmdirSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TxState } from '../analyze/types.js';
import { ITEM_SEPARATOR, itemText } from './json.js';
import { JsonBytes, type Bytes } from '../report/json-bytes.js';
import { writeTransactionState } from '../report/transaction-bytes.js';

/** Text gathered before one write, and the most read back at once. */
const IO_BYTES = 1 << 20;

export class Spool<T> {
  private fd: number | undefined;
  private dir: string | undefined;
  /** Bytes [0, fileEnd) are in the file. */
  private fileEnd = 0;
  /** Used once no file could be made or it stopped taking data: the chunks after fileEnd, each with its offset. */
  private memory: { readonly at: number; readonly bytes: Buffer }[] | undefined;
  /** Items are encoded straight into this buffer, written out whole once it holds IO_BYTES. */
  private readonly out: JsonBytes;
  /** What pieces() reads into (allocated when first read back). */
  private readBuf: Buffer | undefined;
  private written = 0;
  private count = 0;
  private readonly onExit = () => this.close();
  private order = new Float64Array(1024);
  private offset = new Float64Array(1024);
  private length = new Uint32Array(1024);

  /** `encode` writes an item's bytes (its separator included) into `out`; `pretty` is how `out` writes JSON. */
  constructor(
    private readonly encode: (item: T, out: JsonBytes) => void,
    pretty = true,
  ) {
    this.out = new JsonBytes(pretty, IO_BYTES + (IO_BYTES >> 2));
  }

  /** Adds an item; `order` is its place in the report (its first frame). */
  add(order: number, item: T): void {
    this.grow();
    const i = this.count++;
    const out = this.out;
    const start = out.pos;
    this.encode(item, out);
    this.order[i] = order;
    this.offset[i] = this.written + start;
    this.length[i] = out.pos - start;
    if (out.pos >= IO_BYTES) this.flush();
  }

  get size(): number {
    return this.count;
  }

  /**
   * Where the text is kept: nowhere yet (nothing written), a temporary file, memory (no file could be made), or
   * both (the file stopped taking data).
   */
  get backing(): 'none' | 'file' | 'memory' | 'file+memory' {
    if (this.memory) return this.fileEnd > 0 ? 'file+memory' : 'memory';
    return this.fd !== undefined ? 'file' : 'none';
  }

  /**
   * The items' text in report order as UTF-8, in pieces of one or more items. A piece is lent: it is a view of
   * one buffer that the next piece is read into, so use it (writeChunks waits until it is written) before
   * asking for the next. A fresh buffer per piece let freed megabytes pile up in the C heap while the report
   * was written: 27 MB of RSS on the 1 GB mixed capture.
   */
  *pieces(): Generator<Uint8Array> {
    this.flush();
    const index = Array.from({ length: this.count }, (_, i) => i).sort((a, b) => this.order[a]! - this.order[b]!);
    for (let k = 0; k < index.length; ) {
      // Neighbours in both orders are read in one go.
      const start = this.offset[index[k]!]!;
      let end = start + this.length[index[k]!]!;
      let next = k + 1;
      while (next < index.length && this.offset[index[next]!] === end && end - start + this.length[index[next]!]! <= IO_BYTES) {
        end += this.length[index[next]!]!;
        next++;
      }
      yield this.readAt(start, end - start);
      k = next;
    }
  }

  /** Removes the temporary file. */
  close(): void {
    process.removeListener('exit', this.onExit);
    if (this.fd !== undefined) closeSync(this.fd);
    if (this.dir !== undefined) rmSync(this.dir, { recursive: true, force: true });
    this.fd = undefined;
    this.dir = undefined;
  }

  private flush(): void {
    if (this.out.pos === 0) return;
    this.store(this.out.bytes());
    this.out.reset();
  }

  /**
   * Appends bytes at offset `written`: to the file while it takes them, to memory after that. A file that
   * cannot be made, or stops taking data (a full disk), only costs memory, never the run.
   */
  private store(bytes: Buffer): void {
    if (this.fd === undefined && this.memory === undefined) this.open();
    if (!this.memory) {
      try {
        let done = 0;
        while (done < bytes.length) done += writeSync(this.fd!, bytes, done, bytes.length - done, this.written + done);
        this.fileEnd = this.written + bytes.length;
      } catch {
        this.memory = [];
      }
    }
    if (this.memory) this.memory.push({ at: this.written, bytes: Buffer.from(bytes) });
    this.written += bytes.length;
  }

  /** Bytes [start, start + bytes): from the file up to `fileEnd`, from memory after it. */
  private readAt(start: number, bytes: number): Buffer {
    // Only a single item larger than the buffer gets one of its own.
    const into = bytes <= IO_BYTES ? (this.readBuf ??= Buffer.allocUnsafe(IO_BYTES)).subarray(0, bytes) : Buffer.allocUnsafe(bytes);
    const end = start + bytes;
    for (let at = start; at < Math.min(end, this.fileEnd); ) {
      const n = readSync(this.fd!, into, at - start, Math.min(end, this.fileEnd) - at, at);
      if (n === 0) throw new Error('spool file ended early');
      at += n;
    }
    const chunks = this.memory;
    if (chunks && end > this.fileEnd) {
      // Chunks are in offset order: find the one holding the first byte wanted, copy from it and those after it.
      const first = Math.max(start, this.fileEnd);
      let lo = 0;
      let hi = chunks.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (chunks[mid]!.at <= first) lo = mid;
        else hi = mid - 1;
      }
      for (let k = lo; k < chunks.length && chunks[k]!.at < end; k++) {
        const c = chunks[k]!;
        const from = Math.max(first, c.at);
        const to = Math.min(end, c.at + c.bytes.length);
        if (from < to) c.bytes.copy(into, from - start, from - c.at, to - c.at);
      }
    }
    return into;
  }

  private open(): void {
    try {
      this.dir = mkdtempSync(path.join(tmpdir(), 'dorascope-spool-'));
      const file = path.join(this.dir, 'items');
      this.fd = openSync(file, 'w+', 0o600);
      try {
        // Unlinked at once where the system allows it (not Windows): the open descriptor keeps the data, and
        // nothing is left behind however the process ends, Ctrl-C and kill included.
        unlinkSync(file);
        rmdirSync(this.dir);
        this.dir = undefined;
      } catch {
        process.once('exit', this.onExit);
      }
    } catch {
      if (this.dir !== undefined) rmSync(this.dir, { recursive: true, force: true });
      this.dir = undefined;
      this.memory = [];
    }
  }

  private grow(): void {
    if (this.count < this.order.length) return;
    const n = this.order.length * 2;
    const order = new Float64Array(n);
    const offset = new Float64Array(n);
    const length = new Uint32Array(n);
    order.set(this.order);
    offset.set(this.offset);
    length.set(this.length);
    this.order = order;
    this.offset = offset;
    this.length = length;
  }
}

/** A spool of report items as renderJsonChunks writes them in the top-level list `key` (see `itemText`). */
export function jsonSpool<T>(key: string): Spool<T> {
  return new Spool<T>((item, out) => {
    out.ascii(ITEM_SEPARATOR);
    out.utf8(itemText(key, item));
  });
}

/** Before each transaction in the spool: ITEM_SEPARATOR and the item's indent. */
const TRANSACTION_START = Buffer.from(`${ITEM_SEPARATOR}    `);

/**
 * A spool of closed transactions as renderJsonChunks writes them, written as bytes straight from the analyser's
 * state (report/transaction-bytes.ts): the text of `itemText('transactions', transactionOfState(tx))`, without
 * the object or a string per transaction.
 */
export function transactionSpool(): Spool<TxState> {
  return new Spool<TxState>((tx, out) => {
    out.raw(TRANSACTION_START);
    writeTransactionState(out, tx);
  });
}

/** A spool of items as text (`write` writes one as UTF-8), read back by `pieces`. */
export function textSpool<T>(write: (item: T, out: Bytes) => void): Spool<T> {
  return new Spool<T>(write, false);
}
