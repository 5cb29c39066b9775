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

/** Text gathered before one write. */
const IO_BYTES = 1 << 20;
/**
 * Text gathered in one piece read back. The report is written at the end of a run, when memory is at its
 * highest: pieces of a quarter of a megabyte keep what they add small and still make few writes.
 */
const PIECE_BYTES = 1 << 18;
/** What pieces() reads the file through (see there). */
const WINDOW_BYTES = 2 << 20;

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
   * The items' text in report order as UTF-8, in pieces of whole items of about PIECE_BYTES (an item bigger than
   * that is a piece of its own). A piece is lent: it is a view of one buffer that the next piece is gathered
   * in, so use it (writeChunks waits until it is written) before asking for the next. A fresh buffer per piece
   * let freed megabytes pile up in the C heap while the report was written: 27 MB of RSS on the 1 GB mixed
   * capture.
   *
   * Items close a little out of report order, so the file is read through a window that starts at the lowest
   * item not yet handed on, and each item is copied from the window into the piece: on the DHCP-only
   * benchmark all items lay within 1.4 MB of each other that way, and a read and a write per run of
   * neighbouring items had been 50 000 of each. The window moves forward by at least half its size at a time,
   * keeping what it holds of its new range, so it reads the file once; an item it does not hold (one that
   * closed long after items that started later) is read on its own straight into the piece.
   */
  *pieces(): Generator<Uint8Array> {
    this.flush();
    const count = this.count;
    const index = Array.from({ length: count }, (_, i) => i).sort((a, b) => this.order[a]! - this.order[b]!);
    // The window [0, WINDOW_BYTES) and the piece gathered after it share one buffer: an item goes from one to
    // the other by copyWithin, no view made per item.
    const buf = (this.readBuf ??= Buffer.allocUnsafe(WINDOW_BYTES + PIECE_BYTES));
    // Items were added in file order: the lowest one not handed on is the first not done.
    const done = new Uint8Array(count);
    let low = 0;
    let from = 0;
    let to = 0;
    let pos = WINDOW_BYTES;
    for (const i of index) {
      const at = this.offset[i]!;
      const n = this.length[i]!;
      if (pos + n > buf.length && pos > WINDOW_BYTES) {
        yield buf.subarray(WINDOW_BYTES, pos);
        pos = WINDOW_BYTES;
      }
      if (n > PIECE_BYTES) yield this.readAt(at, n, Buffer.allocUnsafe(n));
      else if (at >= from && at + n <= to) {
        buf.copyWithin(pos, at - from, at - from + n);
        pos += n;
      } else {
        while (done[low]) low++;
        const start = this.offset[low]!;
        if (at + n <= start + WINDOW_BYTES && (start >= to || start - from >= WINDOW_BYTES >> 1)) {
          this.slideWindow(buf, from, to, start);
          from = start;
          to = Math.min(this.written, start + WINDOW_BYTES);
          buf.copyWithin(pos, at - from, at - from + n);
        } else this.readAt(at, n, buf, pos);
        pos += n;
      }
      done[i] = 1;
    }
    if (pos > WINDOW_BYTES) yield buf.subarray(WINDOW_BYTES, pos);
  }

  /** Moves the window holding [from, to) to start at `start`: what it holds of its new range is kept. */
  private slideWindow(buf: Buffer, from: number, to: number, start: number): void {
    const end = Math.min(this.written, start + WINDOW_BYTES);
    const kept = Math.max(0, to - start);
    if (kept > 0) buf.copyWithin(0, start - from, to - from);
    this.readAt(start + kept, end - start - kept, buf, kept);
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

  /** Bytes [start, start + bytes) into `into` at `intoAt`: from the file up to `fileEnd`, from memory after it. */
  private readAt(start: number, bytes: number, into: Buffer, intoAt = 0): Buffer {
    const end = start + bytes;
    for (let at = start; at < Math.min(end, this.fileEnd); ) {
      const n = readSync(this.fd!, into, intoAt + at - start, Math.min(end, this.fileEnd) - at, at);
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
        const a = Math.max(first, c.at);
        const b = Math.min(end, c.at + c.bytes.length);
        if (a < b) c.bytes.copy(into, intoAt + a - start, a - c.at, b - c.at);
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
