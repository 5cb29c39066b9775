/**
 * Transactions written out as they close, to be read back in order when the JSON report is written.
 *
 * A capture of nothing but DHCP holds a transaction every few packets; keeping them all until the end is what
 * made memory grow with the capture. The spool keeps each one's JSON text (exactly as the report writes it) in
 * a temporary file and only three numbers per transaction in memory. Transactions close in another order than
 * they start, so reading back sorts by first frame and reads neighbouring pieces together.
 * Without a writable temporary directory the text stays in memory: slower to grow, never wrong.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmdirSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Transaction } from '../report/types.js';
import { itemText } from './json.js';

/** Text gathered before one write, and the most read back at once. */
const IO_BYTES = 1 << 20;

export class TransactionSpool {
  private fd: number | undefined;
  private dir: string | undefined;
  /** Used when no file could be made: the pieces themselves. */
  private memory: string[] | undefined;
  private pending: string[] = [];
  private pendingBytes = 0;
  private written = 0;
  private count = 0;
  private readonly onExit = () => this.close();
  private order = new Float64Array(1024);
  private offset = new Float64Array(1024);
  private length = new Uint32Array(1024);

  /** Adds a closed transaction; `order` is its place in the report (its first frame). */
  add(order: number, tx: Transaction): void {
    const text = itemText('transactions', tx);
    const bytes = Buffer.byteLength(text);
    this.grow();
    const i = this.count++;
    this.order[i] = order;
    this.offset[i] = this.written + this.pendingBytes;
    this.length[i] = bytes;
    this.pending.push(text);
    this.pendingBytes += bytes;
    if (this.pendingBytes >= IO_BYTES) this.flush();
  }

  get size(): number {
    return this.count;
  }

  /** Where the text is kept: nowhere yet (nothing written), a temporary file, or memory (no file could be made). */
  get backing(): 'none' | 'file' | 'memory' {
    return this.memory ? 'memory' : this.fd !== undefined ? 'file' : 'none';
  }

  /**
   * The transactions in report order, as pieces for renderJsonChunks' `transactionsText`: UTF-8 bytes read
   * back from the file (each piece a fresh buffer, as a stream may hold on to it), or text kept in memory.
   */
  *pieces(): Generator<string | Uint8Array> {
    this.flush();
    const index = Array.from({ length: this.count }, (_, i) => i).sort((a, b) => this.order[a]! - this.order[b]!);
    if (this.memory) {
      for (const i of index) yield this.memory[i]!;
      return;
    }
    for (let k = 0; k < index.length; ) {
      // Neighbours in both orders are read in one go.
      const start = this.offset[index[k]!]!;
      let end = start + this.length[index[k]!]!;
      let next = k + 1;
      while (next < index.length && this.offset[index[next]!] === end && end - start + this.length[index[next]!]! <= IO_BYTES) {
        end += this.length[index[next]!]!;
        next++;
      }
      const bytes = end - start;
      const into = Buffer.allocUnsafe(bytes);
      let got = 0;
      while (got < bytes) {
        const n = readSync(this.fd!, into, got, bytes - got, start + got);
        if (n === 0) throw new Error('transaction spool file ended early');
        got += n;
      }
      yield into;
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
    if (this.pending.length === 0) return;
    if (this.fd === undefined && this.memory === undefined) this.open();
    if (this.memory) {
      this.memory.push(...this.pending);
    } else {
      const data = Buffer.from(this.pending.join(''));
      let done = 0;
      while (done < data.length) done += writeSync(this.fd!, data, done, data.length - done, this.written + done);
    }
    this.written += this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
  }

  private open(): void {
    try {
      this.dir = mkdtempSync(path.join(tmpdir(), 'dorascope-spool-'));
      const file = path.join(this.dir, 'transactions.json');
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
