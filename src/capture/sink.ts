import { newRawRecord, type CaptureInfo, type CaptureWarning, type RawRecord } from './record.js';

export interface ReadCallbacks {
  /** Synchronous; `rec` is one reused object, valid only during the call (copy what you keep). */
  onRecord(rec: RawRecord): void;
  onWarning(w: CaptureWarning): void;
  /** The live, mutable info object for this file (updated while reading). */
  onCaptureStart?(info: CaptureInfo): void;
  /** Bytes of the input read so far (compressed bytes for gzip); called after every chunk. */
  onProgress?(bytesRead: number): void;
  /**
   * Awaited between chunks when it returns a promise: lets a consumer whose output is backed up (a slow pipe)
   * hold the reading back instead of buffering without bound.
   */
  beforeRead?(): Promise<void> | undefined;
  /**
   * A byte-level test the consumer offers for records it would drop anyway (the decoder's "plainly not DHCP
   * or ARP"): a record it returns true for is numbered and timed but not handed to onRecord, and the reader
   * tells onSkipped how many it passed over. Saves the per-record call chain on the hot path.
   */
  skip?(linkType: number, b: Uint8Array, offset: number, caplen: number): boolean;
  /** How many more records `skip` passed over (called once per read loop, not per record). */
  onSkipped?(count: number): void;
}

function neverSkip(): boolean {
  return false;
}

/**
 * What the format parsers share: the one reused record, the live CaptureInfo, the callbacks, the frame counters
 * and the time range. Parsers fill the record in place (no per-record allocation) and call `emit()`; the classic
 * pcap loop numbers records itself and reports back through `recordsDone()`.
 */
export class RecordSink {
  readonly rec: RawRecord;
  /** Frames numbered in this file so far: records emitted plus frames counted by `skipFrame`. */
  count = 0;
  /** Records emitted (handed on or skipped). */
  packets = 0;
  /** Records `cb.skip` passed over since the last sync. */
  skipped = 0;
  /** The consumer's pre-test, or one that keeps everything. */
  readonly skip: (linkType: number, b: Uint8Array, offset: number, caplen: number) => boolean;
  /** Set once the file broke off; parsers stop at once. */
  stopped = false;
  /** Set once the file header was understood and onCaptureStart called. */
  started = false;
  // Earliest and latest timestamps seen (time may step back, so not simply the first and last record's).
  loSec = Infinity;
  loNanos = 0;
  hiSec = -Infinity;
  hiNanos = 0;
  private loDigits = 0;
  private hiDigits = 0;

  constructor(
    readonly info: CaptureInfo,
    readonly cb: ReadCallbacks,
    captureIndex: number,
    /** How messages name the input. */
    readonly label: string = info.path,
  ) {
    this.skip = cb.skip ?? neverSkip;
    this.rec = newRawRecord(captureIndex);
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
    if (rec.hasTime === true) this.noteTime(rec.tsSec, rec.tsNanos, rec.tsDigits);
    if (this.skip(rec.linkType, rec.buf, rec.offset, rec.caplen)) this.skipped++;
    else this.cb.onRecord(rec);
  }

  noteTime(sec: number, nanos: number, digits: number): void {
    if (sec < this.loSec || (sec === this.loSec && nanos < this.loNanos)) {
      this.loSec = sec;
      this.loNanos = nanos;
      this.loDigits = digits;
    }
    if (sec > this.hiSec || (sec === this.hiSec && nanos > this.hiNanos)) {
      this.hiSec = sec;
      this.hiNanos = nanos;
      this.hiDigits = digits;
    }
  }

  /** A parser's own record loop (classic pcap) numbered records up to `n` and kept the time range itself. */
  recordsDone(n: number, loSec: number, loNanos: number, hiSec: number, hiNanos: number): void {
    this.packets += n - this.count;
    this.count = n;
    const digits = this.rec.tsDigits;
    this.noteTime(loSec, loNanos, digits);
    this.noteTime(hiSec, hiNanos, digits);
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
    if (this.skipped > 0) {
      this.cb.onSkipped?.(this.skipped);
      this.skipped = 0;
    }
    const info = this.info;
    info.packets = this.packets;
    info.frames = this.count;
    if (this.loSec === Infinity) return;
    const first = info.firstTime;
    const last = info.lastTime;
    if (first === undefined || last === undefined) {
      info.firstTime = { sec: this.loSec, nanos: this.loNanos, digits: this.loDigits };
      info.lastTime = { sec: this.hiSec, nanos: this.hiNanos, digits: this.hiDigits };
      return;
    }
    first.sec = this.loSec;
    first.nanos = this.loNanos;
    first.digits = this.loDigits;
    last.sec = this.hiSec;
    last.nanos = this.hiNanos;
    last.digits = this.hiDigits;
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
      message: `${this.label}: frame ${frame} at byte ${offset}: ${message}; stopped reading this file`,
    });
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
