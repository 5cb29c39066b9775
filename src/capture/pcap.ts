import { u32, u32be, u32le } from './bytes.js';
import { CaptureError } from './error.js';
import { MAX_CAPLEN } from './limits.js';
import type { FormatParser, RecordSink } from './sink.js';

/** Classic pcap magic numbers as read big-endian from the first four bytes. */
export const PCAP_MAGIC_US_BE = 0xa1b2c3d4;
export const PCAP_MAGIC_US_LE = 0xd4c3b2a1;
export const PCAP_MAGIC_NS_BE = 0xa1b23c4d;
export const PCAP_MAGIC_NS_LE = 0x4d3cb2a1;

const FILE_HEADER = 24;
const RECORD_HEADER = 16;

export function isPcapMagic(m: number): boolean {
  return m === PCAP_MAGIC_US_BE || m === PCAP_MAGIC_US_LE || m === PCAP_MAGIC_NS_BE || m === PCAP_MAGIC_NS_LE;
}

/**
 * Classic libpcap files, all four variants (either byte order, micro- or nanosecond timestamps).
 * The record loop is written out once per byte order, so the hot loop has no byte-order test per field.
 */
export class PcapParser implements FormatParser {
  need = FILE_HEADER;
  private headerDone = false;
  private le = true;
  /** Multiplier from the record's fraction field to nanoseconds (1000 for µs files, 1 for ns files). */
  private fracToNanos = 1000;
  private fracPerSec = 1_000_000;

  constructor(private readonly sink: RecordSink) {}

  parse(b: Uint8Array, start: number, end: number, base: number): number {
    let p = start;
    if (!this.headerDone) {
      if (end - p < FILE_HEADER) return p;
      this.readHeader(b, p);
      p += FILE_HEADER;
    }
    p = this.le ? this.recordsLE(b, p, end, base) : this.recordsBE(b, p, end, base);
    this.sink.sync();
    return p;
  }

  finish(_b: Uint8Array, start: number, end: number, base: number): void {
    if (!this.headerDone) {
      throw new CaptureError(`${this.sink.label}: truncated pcap file header (${end - start} of ${FILE_HEADER} bytes)`);
    }
    if (end > start && !this.sink.stopped) {
      const left = end - start;
      this.sink.fail(
        base + start,
        left < RECORD_HEADER
          ? `truncated record header (${left} of ${RECORD_HEADER} bytes)`
          : `truncated record (${left - RECORD_HEADER} of ${this.need - RECORD_HEADER} bytes)`,
      );
    }
  }

  private readHeader(b: Uint8Array, p: number): void {
    const magic = u32be(b, p);
    this.le = magic === PCAP_MAGIC_US_LE || magic === PCAP_MAGIC_NS_LE;
    const nanos = magic === PCAP_MAGIC_NS_BE || magic === PCAP_MAGIC_NS_LE;
    this.fracToNanos = nanos ? 1 : 1000;
    this.fracPerSec = nanos ? 1_000_000_000 : 1_000_000;
    // The link type is the low 16 bits (libpcap's LT_LINKTYPE); the upper bits carry FCS information
    // (tcpdump's bootp_asan.pcap has 0x04000001: Ethernet with the "FCS length present" bit).
    const linkType = u32(b, p + 20, this.le) & 0xffff;
    const rec = this.sink.rec;
    rec.linkType = linkType;
    rec.interfaceId = 0;
    rec.tsDigits = nanos ? 9 : 6;
    rec.hasTime = true;
    const info = this.sink.info;
    info.linkTypes.push(linkType);
    info.timestampResolution = nanos ? 'nanoseconds' : 'microseconds';
    // Version, thiszone, sigfigs and snaplen are not checked: nothing in them changes how records are read.
    this.headerDone = true;
    this.need = RECORD_HEADER;
    this.sink.begin();
  }

  // The two loops below differ only in u32le / u32be. They fill the one record in place and call the consumer
  // directly: frame counters live in locals and are written back to the sink when the loop exits.

  private recordsLE(b: Uint8Array, start: number, end: number, base: number): number {
    const sink = this.sink;
    const cb = sink.cb;
    const rec = sink.rec;
    rec.buf = b;
    const frame0 = sink.info.firstFrame - 1;
    const toNanos = this.fracToNanos;
    const perSec = this.fracPerSec;
    let n = sink.count;
    let p = start;
    let loSec = sink.loSec;
    let loNanos = sink.loNanos;
    let hiSec = sink.hiSec;
    let hiNanos = sink.hiNanos;
    const skip = sink.skip;
    const linkType = rec.linkType;
    let skipped = 0;
    while (end - p >= RECORD_HEADER) {
      const caplen = u32le(b, p + 8);
      if (caplen > MAX_CAPLEN) break;
      if (end - p - RECORD_HEADER < caplen) break;
      let sec = u32le(b, p);
      let frac = u32le(b, p + 4);
      if (frac >= perSec) {
        // Out-of-range fraction (a broken writer): carry it into the seconds.
        sec += Math.floor(frac / perSec);
        frac %= perSec;
      }
      const nanos = frac * toNanos;
      if (sec > hiSec || (sec === hiSec && nanos > hiNanos)) {
        hiSec = sec;
        hiNanos = nanos;
      }
      if (sec < loSec || (sec === loSec && nanos < loNanos)) {
        loSec = sec;
        loNanos = nanos;
      }
      ++n;
      if (skip(linkType, b, p + RECORD_HEADER, caplen)) {
        skipped++;
        p += RECORD_HEADER + caplen;
        continue;
      }
      rec.tsSec = sec;
      rec.tsNanos = nanos;
      rec.caplen = caplen;
      rec.origlen = u32le(b, p + 12);
      rec.offset = p + RECORD_HEADER;
      rec.fileOffset = base + p;
      rec.dataOffset = base + p + RECORD_HEADER;
      rec.captureFrame = n;
      rec.frame = frame0 + n;
      cb.onRecord(rec);
      p += RECORD_HEADER + caplen;
    }
    if (n > sink.count) sink.recordsDone(n, loSec, loNanos, hiSec, hiNanos);
    sink.skipped += skipped;
    return this.loopEnd(b, p, end, base);
  }

  private recordsBE(b: Uint8Array, start: number, end: number, base: number): number {
    const sink = this.sink;
    const cb = sink.cb;
    const rec = sink.rec;
    rec.buf = b;
    const frame0 = sink.info.firstFrame - 1;
    const toNanos = this.fracToNanos;
    const perSec = this.fracPerSec;
    let n = sink.count;
    let p = start;
    let loSec = sink.loSec;
    let loNanos = sink.loNanos;
    let hiSec = sink.hiSec;
    let hiNanos = sink.hiNanos;
    const skip = sink.skip;
    const linkType = rec.linkType;
    let skipped = 0;
    while (end - p >= RECORD_HEADER) {
      const caplen = u32be(b, p + 8);
      if (caplen > MAX_CAPLEN) break;
      if (end - p - RECORD_HEADER < caplen) break;
      let sec = u32be(b, p);
      let frac = u32be(b, p + 4);
      if (frac >= perSec) {
        sec += Math.floor(frac / perSec);
        frac %= perSec;
      }
      const nanos = frac * toNanos;
      if (sec > hiSec || (sec === hiSec && nanos > hiNanos)) {
        hiSec = sec;
        hiNanos = nanos;
      }
      if (sec < loSec || (sec === loSec && nanos < loNanos)) {
        loSec = sec;
        loNanos = nanos;
      }
      ++n;
      if (skip(linkType, b, p + RECORD_HEADER, caplen)) {
        skipped++;
        p += RECORD_HEADER + caplen;
        continue;
      }
      rec.tsSec = sec;
      rec.tsNanos = nanos;
      rec.caplen = caplen;
      rec.origlen = u32be(b, p + 12);
      rec.offset = p + RECORD_HEADER;
      rec.fileOffset = base + p;
      rec.dataOffset = base + p + RECORD_HEADER;
      rec.captureFrame = n;
      rec.frame = frame0 + n;
      cb.onRecord(rec);
      p += RECORD_HEADER + caplen;
    }
    if (n > sink.count) sink.recordsDone(n, loSec, loNanos, hiSec, hiNanos);
    sink.skipped += skipped;
    return this.loopEnd(b, p, end, base);
  }

  /** Works out why a record loop stopped: it needs more bytes, or the next record header is damaged. */
  private loopEnd(b: Uint8Array, p: number, end: number, base: number): number {
    const sink = this.sink;
    if (end - p < RECORD_HEADER) {
      this.need = RECORD_HEADER;
      return p;
    }
    const caplen = u32(b, p + 8, this.le);
    if (caplen > MAX_CAPLEN) {
      sink.fail(base + p, `caplen ${caplen} exceeds the ${MAX_CAPLEN}-byte limit (damaged record header)`);
    } else {
      this.need = RECORD_HEADER + caplen;
    }
    return p;
  }
}
