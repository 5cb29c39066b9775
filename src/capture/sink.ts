import type { CaptureInfo, CaptureWarning, RawRecord } from './record.js';

export interface ReadCallbacks {
  /** Synchronous; `rec` is one reused object, valid only during the call (copy what you keep). */
  onRecord(rec: RawRecord): void;
  onWarning(w: CaptureWarning): void;
  /** The live, mutable info object for this file (updated while reading). */
  onCaptureStart?(info: CaptureInfo): void;
  /** Bytes of the input read so far (compressed bytes for gzip); called after every chunk. */
  onProgress?(bytesRead: number): void;
}

/**
 * What the format parsers share: the one reused record, the live CaptureInfo, the callbacks and the frame
 * counters. Parsers write record fields directly (no per-record allocation) and call `emit()`.
 */
export class RecordSink {
  readonly rec: RawRecord;
  /** Frames numbered in this file so far: records emitted plus frames counted by `skipFrame`. */
  count = 0;
  /** Records emitted. */
  packets = 0;
  /** Set once the file broke off; parsers stop at once. */
  stopped = false;
  started = false;
  private lastSec = 0;
  private lastNanos = 0;
  private lastDigits = 0;
  private haveTime = false;

  constructor(
    readonly info: CaptureInfo,
    readonly cb: ReadCallbacks,
    captureIndex: number,
  ) {
    // Every field initialised once, in one order, so the object keeps a single hidden class.
    this.rec = {
      buf: new Uint8Array(0),
      offset: 0,
      caplen: 0,
      origlen: 0,
      linkType: 0,
      interfaceId: 0,
      tsSec: 0,
      tsNanos: 0,
      tsDigits: 6,
      hasTime: true,
      frame: 0,
      captureFrame: 0,
      captureIndex,
      fileOffset: 0,
    };
  }

  /** Called by a parser once the file header is understood, before the first record. */
  begin(): void {
    if (this.started) return;
    this.started = true;
    this.cb.onCaptureStart?.(this.info);
  }

  /** Numbers the filled-in record and hands it to the consumer. */
  emit(): void {
    const rec = this.rec;
    const n = ++this.count;
    this.packets++;
    rec.captureFrame = n;
    rec.frame = this.info.firstFrame + n - 1;
    if (rec.hasTime) {
      if (!this.haveTime) {
        this.haveTime = true;
        this.info.firstTime = { sec: rec.tsSec, nanos: rec.tsNanos, digits: rec.tsDigits };
      }
      this.lastSec = rec.tsSec;
      this.lastNanos = rec.tsNanos;
      this.lastDigits = rec.tsDigits;
    }
    this.cb.onRecord(rec);
  }

  /** First record's time, for parsers that number records themselves (the classic pcap loop). */
  firstTime(sec: number, nanos: number): void {
    if (this.haveTime) return;
    this.haveTime = true;
    this.info.firstTime = { sec, nanos, digits: this.rec.tsDigits };
  }

  /** A parser's own record loop ran up to record `n`, the last one stamped `sec`.`nanos`. */
  recordsDone(n: number, sec: number, nanos: number): void {
    this.packets += n - this.count;
    this.count = n;
    this.lastSec = sec;
    this.lastNanos = nanos;
    this.lastDigits = this.rec.tsDigits;
  }

  /**
   * Counts a frame that Wireshark numbers but that carries no packet for us (a pcapng systemd journal entry or
   * custom block), so later frame numbers still match Wireshark's.
   */
  skipFrame(): void {
    this.count++;
  }

  /** Brings the info's counters up to date (once per chunk, not per record). */
  sync(): void {
    this.info.packets = this.packets;
    this.info.frames = this.count;
    if (this.haveTime) {
      const last = this.info.lastTime;
      if (last === undefined) {
        this.info.lastTime = { sec: this.lastSec, nanos: this.lastNanos, digits: this.lastDigits };
      } else {
        last.sec = this.lastSec;
        last.nanos = this.lastNanos;
        last.digits = this.lastDigits;
      }
    }
  }

  /** The file broke off at `offset`: say where, mark it incomplete and stop reading it. */
  fail(offset: number, message: string): void {
    if (this.stopped) return;
    this.stopped = true;
    this.info.complete = false;
    const frame = this.info.firstFrame + this.count;
    this.cb.onWarning({
      capture: this.rec.captureIndex,
      frame,
      offset,
      message: `${this.info.path}: frame ${frame} at byte ${offset}: ${message}; stopped reading this file`,
    });
  }

  /** A problem that does not stop reading. */
  note(offset: number, message: string): void {
    const frame = this.info.firstFrame + this.count;
    this.cb.onWarning({ capture: this.rec.captureIndex, frame, offset, message: `${this.info.path}: byte ${offset}: ${message}` });
  }
}

/** A format parser: consumes whole records from a window of the read buffer. */
export interface FormatParser {
  /**
   * Parses what it can of `b[start, end)`, whose first byte is at `base + start` in the (decompressed) file.
   * Returns the new start; sets `need` to the contiguous bytes it needs at that point to make progress.
   */
  parse(b: Uint8Array, start: number, end: number, base: number): number;
  need: number;
  /** End of input with `end - start` bytes left over. */
  finish(b: Uint8Array, start: number, end: number, base: number): void;
}
