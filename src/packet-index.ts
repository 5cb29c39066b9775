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
 * doubles, the rest in 32 bits. What a capture's frames nearly always share (capture, link type, interface,
 * precision, whether they have a time, and how its frame numbers run against the run's) is one entry of a
 * small table, and a frame keeps that entry's number: 36 bytes a frame instead of 56.
 */
const WIDE = ['dataOffset', 'tsSec'] as const;
const NARROW = ['frame', 'caplen', 'origlen', 'tsNanos', 'shape'] as const;
const W = Object.fromEntries(WIDE.map((name, i) => [name, i])) as { readonly [K in (typeof WIDE)[number]]: number };
const N = Object.fromEntries(NARROW.map((name, i) => [name, i])) as { readonly [K in (typeof NARROW)[number]]: number };

/**
 * Frames per block of the index. Blocks are added as frames come instead of one array doubled and copied: a
 * doubled array of the DHCP-only benchmark's 354 000 frames held room for 524 000 (29 MB outside the heap,
 * 43 MB while copying); blocks hold at most one block's room more.
 */
const BLOCK_BITS = 14;
export const BLOCK = 1 << BLOCK_BITS;

/** What frames of one capture share; a frame's `shape` is its index in PacketIndex.shapes. */
interface Shape {
  readonly captureIndex: number;
  readonly linkType: number;
  readonly interfaceId: number;
  readonly tsDigits: number;
  readonly hasTime: boolean;
  /** frame − captureFrame. */
  readonly frameBase: number;
}

export class PacketIndex {
  private readonly wide: Float64Array[] = [];
  private readonly narrow: Uint32Array[] = [];
  private readonly shapes: Shape[] = [];
  private readonly shapeKeys = new Map<string, number>();
  private lastShape = 0;
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
    const block = this.count >>> BLOCK_BITS;
    if (block === this.wide.length) {
      this.wide.push(new Float64Array(WIDE.length * BLOCK));
      this.narrow.push(new Uint32Array(NARROW.length * BLOCK));
    }
    const w = this.wide[block]!;
    const n = this.narrow[block]!;
    const slot = this.count++ & (BLOCK - 1);
    const wAt = slot * WIDE.length;
    const at = slot * NARROW.length;
    w[wAt + W.dataOffset] = rec.dataOffset;
    w[wAt + W.tsSec] = rec.tsSec;
    n[at + N.frame] = rec.frame;
    n[at + N.caplen] = rec.caplen;
    n[at + N.origlen] = rec.origlen;
    n[at + N.tsNanos] = rec.tsNanos;
    n[at + N.shape] = this.shapeOf(rec);
  }

  get size(): number {
    return this.count;
  }

  /** The frame number of the i-th indexed frame (frames are in order). */
  frameAt(i: number): number {
    return this.narrow[i >>> BLOCK_BITS]?.[(i & (BLOCK - 1)) * NARROW.length + N.frame] ?? 0;
  }

  /** The packet record of `frame`, read and decoded again; undefined when the frame is not indexed or unreadable. */
  packet(frame: number, opts: { readonly hex?: boolean } = {}): PacketRecord | undefined {
    const i = this.find(frame);
    if (i === undefined) return undefined;
    const w = this.wide[i >>> BLOCK_BITS]!;
    const n = this.narrow[i >>> BLOCK_BITS]!;
    const wAt = (i & (BLOCK - 1)) * WIDE.length;
    const at = (i & (BLOCK - 1)) * NARROW.length;
    const dataOffset = w[wAt + W.dataOffset]!;
    const shape = this.shapes[n[at + N.shape]!]!;
    const caplen = n[at + N.caplen]!;
    const buf = new Uint8Array(caplen);
    try {
      const fd = this.fd(shape.captureIndex);
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
      linkType: shape.linkType,
      interfaceId: shape.interfaceId,
      tsSec: w[wAt + W.tsSec]!,
      tsNanos: n[at + N.tsNanos]!,
      tsDigits: shape.tsDigits,
      hasTime: shape.hasTime,
      frame,
      captureFrame: frame - shape.frameBase,
      captureIndex: shape.captureIndex,
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

  /** The shape entry of a record: the last one used, else found (or added) in the table. */
  private shapeOf(rec: RawRecord): number {
    const hasTime = rec.hasTime !== false;
    const frameBase = rec.frame - rec.captureFrame;
    const last = this.shapes[this.lastShape];
    if (last && last.captureIndex === rec.captureIndex && last.linkType === rec.linkType && last.interfaceId === rec.interfaceId && last.tsDigits === rec.tsDigits && last.hasTime === hasTime && last.frameBase === frameBase) {
      return this.lastShape;
    }
    // A capture's frames nearly always share one entry; a table of many (a crafted file's interfaces) is looked up by key.
    const key = `${rec.captureIndex} ${rec.linkType} ${rec.interfaceId} ${rec.tsDigits} ${hasTime} ${frameBase}`;
    let found = this.shapeKeys.get(key);
    if (found === undefined) {
      found = this.shapes.length;
      this.shapes.push({ captureIndex: rec.captureIndex, linkType: rec.linkType, interfaceId: rec.interfaceId, tsDigits: rec.tsDigits, hasTime, frameBase });
      this.shapeKeys.set(key, found);
    }
    this.lastShape = found;
    return found;
  }

  /** The position of `frame` (binary search: frames are added in order). */
  private find(frame: number): number | undefined {
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = this.frameAt(mid);
      if (at === frame) return mid;
      if (at < frame) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
}
