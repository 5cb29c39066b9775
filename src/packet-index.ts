/**
 * Where each DHCP/ARP frame of a capture file sits, so its packet record can be decoded again when a view asks
 * for it instead of keeping every record of a large capture in memory (a record with its hex is kilobytes;
 * this keeps a dozen numbers per frame). Only plain files can be read again: not stdin, not gzip.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { RawRecord } from './capture/record.js';
import { Decoder } from './decode/decoder.js';
import { packetRecord } from './report/packet.js';
import type { PacketRecord } from './report/types.js';

/**
 * Numbers kept per frame, in this order: file offsets (past 4 GiB) and seconds (pcapng's are 64-bit) as
 * doubles, the rest fit 32 bits. Two arrays instead of one of doubles: 56 bytes a frame instead of 96.
 */
const WIDE = ['dataOffset', 'tsSec'] as const;
const NARROW = ['frame', 'captureIndex', 'caplen', 'origlen', 'linkType', 'interfaceId', 'tsNanos', 'tsDigits', 'hasTime', 'captureFrame'] as const;
const W = Object.fromEntries(WIDE.map((name, i) => [name, i])) as { readonly [K in (typeof WIDE)[number]]: number };
const N = Object.fromEntries(NARROW.map((name, i) => [name, i])) as { readonly [K in (typeof NARROW)[number]]: number };

export class PacketIndex {
  private wide = new Float64Array(WIDE.length * 1024);
  private narrow = new Uint32Array(NARROW.length * 1024);
  private count = 0;
  private readonly fds = new Map<number, number>();
  private readonly decoder = new Decoder({ keepBytes: false });
  private readonly hexDecoder = new Decoder({ keepBytes: true });

  /** `files[captureIndex]`: the path to read that capture's packets from again, or undefined when it cannot be. */
  constructor(private readonly files: (string | undefined)[]) {}

  /** Whether frames of this capture can be found again (and so need not be kept). */
  covers(captureIndex: number): boolean {
    return this.files[captureIndex] !== undefined;
  }

  /** Notes where a record's bytes are; records come in frame order. */
  add(rec: RawRecord): void {
    if (!this.covers(rec.captureIndex)) return;
    if ((this.count + 1) * WIDE.length > this.wide.length) {
      const wide = new Float64Array(this.wide.length * 2);
      wide.set(this.wide);
      this.wide = wide;
      const narrow = new Uint32Array(this.narrow.length * 2);
      narrow.set(this.narrow);
      this.narrow = narrow;
    }
    const w = this.wide;
    const n = this.narrow;
    const wAt = this.count * WIDE.length;
    const at = this.count++ * NARROW.length;
    w[wAt + W.dataOffset] = rec.dataOffset;
    w[wAt + W.tsSec] = rec.tsSec;
    n[at + N.frame] = rec.frame;
    n[at + N.captureIndex] = rec.captureIndex;
    n[at + N.caplen] = rec.caplen;
    n[at + N.origlen] = rec.origlen;
    n[at + N.linkType] = rec.linkType;
    n[at + N.interfaceId] = rec.interfaceId;
    n[at + N.tsNanos] = rec.tsNanos;
    n[at + N.tsDigits] = rec.tsDigits;
    n[at + N.hasTime] = rec.hasTime === false ? 0 : 1;
    n[at + N.captureFrame] = rec.captureFrame;
  }

  get size(): number {
    return this.count;
  }

  /** The frame number of the i-th indexed frame (frames are in order). */
  frameAt(i: number): number {
    return this.narrow[i * NARROW.length + N.frame] ?? 0;
  }

  /** The packet record of `frame`, read and decoded again; undefined when the frame is not indexed or unreadable. */
  packet(frame: number, opts: { readonly hex?: boolean } = {}): PacketRecord | undefined {
    const i = this.find(frame);
    if (i === undefined) return undefined;
    const n = this.narrow;
    const at = i * NARROW.length;
    const dataOffset = this.wide[i * WIDE.length + W.dataOffset]!;
    const captureIndex = n[at + N.captureIndex]!;
    const caplen = n[at + N.caplen]!;
    const buf = new Uint8Array(caplen);
    try {
      const fd = this.fd(captureIndex);
      let got = 0;
      while (got < caplen) {
        const read = readSync(fd, buf, got, caplen - got, dataOffset + got);
        if (read === 0) return undefined; // the file shrank since
        got += read;
      }
    } catch {
      return undefined;
    }
    const rec: RawRecord = {
      buf,
      offset: 0,
      caplen,
      origlen: n[at + N.origlen]!,
      linkType: n[at + N.linkType]!,
      interfaceId: n[at + N.interfaceId]!,
      tsSec: this.wide[i * WIDE.length + W.tsSec]!,
      tsNanos: n[at + N.tsNanos]!,
      tsDigits: n[at + N.tsDigits]!,
      hasTime: n[at + N.hasTime] === 1,
      frame,
      captureFrame: n[at + N.captureFrame]!,
      captureIndex,
      fileOffset: dataOffset,
      dataOffset,
    };
    const hex = opts.hex ?? true;
    // With echoes: an index may hold the ICMP echoes of address checks (EchoRecords). The decoder never copies an
    // echo's bytes (the analyser does not need them); the buffer read here is the frame's own.
    const f = (hex ? this.hexDecoder : this.decoder).decodeWithEcho(rec);
    if (!f) return undefined;
    return packetRecord(f.kind === 'icmp-echo' && hex ? { ...f, bytes: buf } : f, { hex });
  }

  /** Closes the files opened to read packets again. */
  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }

  private fd(captureIndex: number): number {
    let fd = this.fds.get(captureIndex);
    if (fd === undefined) {
      fd = openSync(this.files[captureIndex]!, 'r');
      this.fds.set(captureIndex, fd);
    }
    return fd;
  }

  /** The position of `frame` (binary search: frames are added in order). */
  private find(frame: number): number | undefined {
    let lo = 0;
    let hi = this.count - 1;
    const n = this.narrow;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = n[mid * NARROW.length + N.frame]!;
      if (at === frame) return mid;
      if (at < frame) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
}
