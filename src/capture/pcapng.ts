import { u16, u32 } from './bytes.js';
import { CaptureError, hexPreview } from './error.js';
import { MAX_BLOCK_LENGTH, MAX_CAPLEN, MAX_INTERFACES } from './limits.js';
import type { FormatParser, RecordSink } from './sink.js';
import { TsResolution } from './tsresol.js';

export const PCAPNG_SHB = 0x0a0d0d0a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;

const BLOCK_IDB = 1;
const BLOCK_PB = 2; // obsolete Packet Block
const BLOCK_SPB = 3;
const BLOCK_EPB = 6;
// Blocks that carry no packet for us but that Wireshark (4.0) shows, and numbers, as frames of their own.
const BLOCK_SJE = 9; // systemd Journal Export
const BLOCK_CB_COPY = 0x00000bad; // Custom Block
const BLOCK_CB_NO_COPY = 0x40000bad;

const OPT_ENDOFOPT = 0;
const OPT_IF_TSRESOL = 9;
const OPT_IF_TSOFFSET = 14;

interface Iface {
  readonly linkType: number;
  readonly snaplen: number;
  readonly ts: TsResolution;
}

/**
 * pcapng: sections (each SHB decides the byte order and resets the interface list), interfaces with their own
 * link type and timestamp resolution, EPB / SPB / obsolete PB records; every other block is skipped by its length
 * without being buffered. A damaged block stops the file with a warning; only a first block that is not a valid
 * SHB makes the input unreadable.
 */
export class PcapngParser implements FormatParser {
  need = 12;
  private le = true;
  private sections = 0;
  private ifaces: Iface[] = [];
  /** Bytes of a skipped block still to discard, and that block's file offset. */
  private skip = 0;
  private skipFrom = 0;
  private readonly resolutions: string[] = [];

  constructor(private readonly sink: RecordSink) {}

  parse(b: Uint8Array, start: number, end: number, base: number): number {
    const sink = this.sink;
    sink.rec.buf = b;
    let p = start;
    while (!sink.stopped) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, end - p);
        this.skip -= n;
        p += n;
        if (this.skip > 0) break;
      }
      const avail = end - p;
      if (avail < 12) {
        this.need = 12;
        break;
      }
      const type = u32(b, p, this.le);
      if (type === PCAPNG_SHB) {
        if (!this.readSectionHeader(b, p, avail, base)) break;
        const len = u32(b, p + 4, this.le);
        p = this.skipBlock(p, len, end, base);
        continue;
      }
      const len = u32(b, p + 4, this.le);
      if (len < 12 || (len & 3) !== 0 || len > MAX_BLOCK_LENGTH) {
        sink.fail(base + p, `bad pcapng block length ${len} (block type 0x${type.toString(16)})`);
        break;
      }
      if (type === BLOCK_EPB || type === BLOCK_SPB || type === BLOCK_PB || type === BLOCK_IDB) {
        if (avail < len) {
          this.need = len;
          break;
        }
        const ok =
          type === BLOCK_EPB || type === BLOCK_PB
            ? this.readPacket(b, p, len, base, type === BLOCK_EPB)
            : type === BLOCK_SPB
              ? this.readSimplePacket(b, p, len, base)
              : this.readInterface(b, p, len, base);
        if (!ok) break;
        p += len;
        continue;
      }
      if (type === BLOCK_SJE || type === BLOCK_CB_COPY || type === BLOCK_CB_NO_COPY) sink.skipFrame();
      p = this.skipBlock(p, len, end, base);
    }
    sink.sync();
    return p;
  }

  finish(b: Uint8Array, start: number, end: number, base: number): void {
    if (this.sections === 0) {
      throw new CaptureError(
        `${this.sink.label}: truncated pcapng section header (${end - start} bytes: ${hexPreview(b, start, end, 12)})`,
      );
    }
    if (this.sink.stopped) return;
    if (this.skip > 0) this.sink.fail(this.skipFrom, `truncated block (${this.skip} bytes missing)`);
    else if (end > start) this.sink.fail(base + start, `truncated block (${end - start} of ${this.need} bytes)`);
  }

  /** Steps over a block without buffering it: what is not in the buffer yet is discarded as it arrives. */
  private skipBlock(p: number, len: number, end: number, base: number): number {
    if (end - p >= len) return p + len;
    this.skip = len - (end - p);
    this.skipFrom = base + p;
    return end;
  }

  /** Section Header Block at `p` (12 bytes available): sets the byte order, resets the interfaces. */
  private readSectionHeader(b: Uint8Array, p: number, avail: number, base: number): boolean {
    const bom = u32(b, p + 8, false);
    const first = this.sections === 0;
    let le: boolean;
    if (bom === BYTE_ORDER_MAGIC) le = false;
    else if (bom === 0x4d3c2b1a) le = true;
    else return this.badSection(p, base, `bad byte-order magic (${hexPreview(b, p + 8, p + 12)})`);
    const len = u32(b, p + 4, le);
    if (len < 28 || (len & 3) !== 0 || len > MAX_BLOCK_LENGTH) {
      return this.badSection(p, base, `bad section header length ${len}`);
    }
    if (avail < 16) {
      this.need = 16;
      return false;
    }
    const major = u16(b, p + 12, le);
    if (major !== 1) return this.badSection(p, base, `unsupported pcapng version ${major}.${u16(b, p + 14, le)}`);
    this.le = le;
    this.ifaces = [];
    this.sections++;
    if (first) {
      const info = this.sink.info;
      info.timestampResolution = 'microseconds';
      this.sink.begin();
    }
    return true;
  }

  private badSection(p: number, base: number, why: string): false {
    if (this.sections === 0) throw new CaptureError(`${this.sink.label}: not a valid pcapng file: ${why}`);
    this.sink.fail(base + p, why);
    return false;
  }

  /** Interface Description Block (whole block in the buffer). */
  private readInterface(b: Uint8Array, p: number, len: number, base: number): boolean {
    const le = this.le;
    if (len < 20) return this.broken(p, base, `interface description block too short (${len} bytes)`);
    if (this.ifaces.length >= MAX_INTERFACES) return this.broken(p, base, `more than ${MAX_INTERFACES} interfaces in one section`);
    const linkType = u16(b, p + 8, le);
    const snaplen = u32(b, p + 12, le);
    let tsresol = 6;
    let offsetSec = 0;
    const optEnd = p + len - 4;
    for (let o = p + 16; optEnd - o >= 4; ) {
      const code = u16(b, o, le);
      const olen = u16(b, o + 2, le);
      o += 4;
      if (code === OPT_ENDOFOPT || olen > optEnd - o) break;
      if (code === OPT_IF_TSRESOL && olen >= 1) tsresol = b[o]!;
      else if (code === OPT_IF_TSOFFSET && olen >= 8) {
        const hi = u32(b, le ? o + 4 : o, le) | 0; // signed 64-bit seconds
        const lo = u32(b, le ? o : o + 4, le);
        offsetSec = hi * 4294967296 + lo;
      }
      o += (olen + 3) & ~3;
    }
    const ts = new TsResolution(tsresol);
    ts.offsetSec = offsetSec;
    this.ifaces.push({ linkType, snaplen, ts });
    const info = this.sink.info;
    if (!info.linkTypes.includes(linkType)) info.linkTypes.push(linkType);
    if (!this.resolutions.includes(ts.label)) {
      this.resolutions.push(ts.label);
      info.timestampResolution = this.resolutions.join(', ');
    }
    return true;
  }

  /** Enhanced Packet Block, or the obsolete Packet Block (same layout, 16-bit interface id). */
  private readPacket(b: Uint8Array, p: number, len: number, base: number, enhanced: boolean): boolean {
    const le = this.le;
    if (len < 32) return this.broken(p, base, `packet block too short (${len} bytes)`);
    const ifId = enhanced ? u32(b, p + 8, le) : u16(b, p + 8, le);
    const caplen = u32(b, p + 20, le);
    if (caplen > MAX_CAPLEN) return this.broken(p, base, `caplen ${caplen} exceeds the ${MAX_CAPLEN}-byte limit`);
    if (caplen > len - 32) return this.broken(p, base, `caplen ${caplen} does not fit in a ${len}-byte block`);
    const iface = this.ifaces[ifId];
    if (iface === undefined) return this.broken(p, base, `packet for interface ${ifId}, which was not described`);
    const ts = iface.ts;
    ts.convert(u32(b, p + 12, le), u32(b, p + 16, le));
    const rec = this.sink.rec;
    rec.tsSec = ts.sec;
    rec.tsNanos = ts.nanos;
    rec.tsDigits = ts.digits;
    rec.hasTime = true;
    rec.linkType = iface.linkType;
    rec.interfaceId = ifId;
    rec.caplen = caplen;
    rec.origlen = u32(b, p + 24, le);
    rec.offset = p + 28;
    rec.fileOffset = base + p;
    rec.dataOffset = base + p + 28;
    this.sink.emit();
    return true;
  }

  /** Simple Packet Block: interface 0, no timestamp, captured length implied by the block length. */
  private readSimplePacket(b: Uint8Array, p: number, len: number, base: number): boolean {
    if (len < 16) return this.broken(p, base, `simple packet block too short (${len} bytes)`);
    const iface = this.ifaces[0];
    if (iface === undefined) return this.broken(p, base, 'simple packet block before any interface description');
    const origlen = u32(b, p + 8, this.le);
    let caplen = Math.min(origlen, len - 16);
    if (iface.snaplen !== 0 && caplen > iface.snaplen) caplen = iface.snaplen;
    if (caplen > MAX_CAPLEN) return this.broken(p, base, `caplen ${caplen} exceeds the ${MAX_CAPLEN}-byte limit`);
    const rec = this.sink.rec;
    rec.tsSec = 0;
    rec.tsNanos = 0;
    rec.tsDigits = iface.ts.digits;
    rec.hasTime = false;
    rec.linkType = iface.linkType;
    rec.interfaceId = 0;
    rec.caplen = caplen;
    rec.origlen = origlen;
    rec.offset = p + 12;
    rec.fileOffset = base + p;
    rec.dataOffset = base + p + 12;
    this.sink.emit();
    return true;
  }

  private broken(p: number, base: number, why: string): false {
    this.sink.fail(base + p, why);
    return false;
  }
}
