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

/** Numbers kept per frame, in this order. */
const FIELDS = ['frame', 'captureIndex', 'dataOffset', 'caplen', 'origlen', 'linkType', 'interfaceId', 'tsSec', 'tsNanos', 'tsDigits', 'hasTime', 'captureFrame'] as const;
const STRIDE = FIELDS.length;
const F = Object.fromEntries(FIELDS.map((name, i) => [name, i])) as { readonly [K in (typeof FIELDS)[number]]: number };

export class PacketIndex {
  private data = new Float64Array(STRIDE * 1024);
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
    if ((this.count + 1) * STRIDE > this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    const d = this.data;
    const at = this.count++ * STRIDE;
    d[at + F.frame] = rec.frame;
    d[at + F.captureIndex] = rec.captureIndex;
    d[at + F.dataOffset] = rec.dataOffset;
    d[at + F.caplen] = rec.caplen;
    d[at + F.origlen] = rec.origlen;
    d[at + F.linkType] = rec.linkType;
    d[at + F.interfaceId] = rec.interfaceId;
    d[at + F.tsSec] = rec.tsSec;
    d[at + F.tsNanos] = rec.tsNanos;
    d[at + F.tsDigits] = rec.tsDigits;
    d[at + F.hasTime] = rec.hasTime === false ? 0 : 1;
    d[at + F.captureFrame] = rec.captureFrame;
  }

  get size(): number {
    return this.count;
  }

  /** The frame number of the i-th indexed frame (frames are in order). */
  frameAt(i: number): number {
    return this.data[i * STRIDE + F.frame] ?? 0;
  }

  /** The packet record of `frame`, read and decoded again; undefined when the frame is not indexed or unreadable. */
  packet(frame: number, opts: { readonly hex?: boolean } = {}): PacketRecord | undefined {
    const at = this.find(frame);
    if (at === undefined) return undefined;
    const d = this.data;
    const captureIndex = d[at + F.captureIndex]!;
    const caplen = d[at + F.caplen]!;
    const buf = new Uint8Array(caplen);
    try {
      const fd = this.fd(captureIndex);
      let got = 0;
      while (got < caplen) {
        const n = readSync(fd, buf, got, caplen - got, d[at + F.dataOffset]! + got);
        if (n === 0) return undefined; // the file shrank since
        got += n;
      }
    } catch {
      return undefined;
    }
    const rec: RawRecord = {
      buf,
      offset: 0,
      caplen,
      origlen: d[at + F.origlen]!,
      linkType: d[at + F.linkType]!,
      interfaceId: d[at + F.interfaceId]!,
      tsSec: d[at + F.tsSec]!,
      tsNanos: d[at + F.tsNanos]!,
      tsDigits: d[at + F.tsDigits]!,
      hasTime: d[at + F.hasTime] === 1,
      frame,
      captureFrame: d[at + F.captureFrame]!,
      captureIndex,
      fileOffset: d[at + F.dataOffset]!,
      dataOffset: d[at + F.dataOffset]!,
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

  /** Start of the entry for `frame` (binary search: frames are added in order). */
  private find(frame: number): number | undefined {
    let lo = 0;
    let hi = this.count - 1;
    const d = this.data;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = d[mid * STRIDE + F.frame]!;
      if (at === frame) return mid * STRIDE;
      if (at < frame) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
}
