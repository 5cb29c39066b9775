/**
 * Builds capture files byte by byte for tests: classic pcap (both byte orders, µs or ns) and pcapng (sections in
 * either byte order, interfaces with if_tsresol / if_tsoffset, EPB, SPB, obsolete PB and arbitrary blocks), and
 * gzip. Lengths are computed unless a test overrides them to build a broken file.
 */
import { gzipSync } from 'node:zlib';

export type Endian = 'le' | 'be';

/** Growable byte sink with endian-aware integer writes. */
export class ByteWriter {
  private buf = new Uint8Array(256);
  length = 0;

  constructor(readonly le = true) {}

  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    bigger.set(this.buf.subarray(0, this.length));
    this.buf = bigger;
  }

  u8(v: number): this {
    this.ensure(1);
    this.buf[this.length++] = v & 0xff;
    return this;
  }

  u16(v: number): this {
    return this.le ? this.u8(v).u8(v >>> 8) : this.u8(v >>> 8).u8(v);
  }

  u32(v: number): this {
    return this.le ? this.u16(v & 0xffff).u16(v >>> 16) : this.u16(v >>> 16).u16(v & 0xffff);
  }

  u64(v: bigint): this {
    const hi = Number((v >> 32n) & 0xffffffffn);
    const lo = Number(v & 0xffffffffn);
    return this.le ? this.u32(lo).u32(hi) : this.u32(hi).u32(lo);
  }

  bytes(b: Uint8Array): this {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
    return this;
  }

  /** Zero bytes up to a multiple of 4. */
  pad4(): this {
    while (this.length % 4 !== 0) this.u8(0);
    return this;
  }

  /** Overwrites a 32-bit value already written (for lengths known only at the end). */
  setU32(at: number, v: number): this {
    const saved = this.length;
    this.length = at;
    this.u32(v);
    this.length = saved;
    return this;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

// ---------------------------------------------------------------------------------------------------- pcap

export interface PcapRecord {
  sec: number;
  /** Microseconds, or nanoseconds in a `nanos` file. */
  frac: number;
  data: Uint8Array;
  /** Defaults to data.length. */
  origlen?: number;
  /** Written instead of data.length (to build broken files); the data is still written as given. */
  caplen?: number;
}

export interface PcapOptions {
  endian?: Endian;
  nanos?: boolean;
  linkType?: number;
  snaplen?: number;
  records: readonly PcapRecord[];
}

export function buildPcap(opts: PcapOptions): Uint8Array {
  const w = new ByteWriter((opts.endian ?? 'le') === 'le');
  w.u32(opts.nanos === true ? 0xa1b23c4d : 0xa1b2c3d4)
    .u16(2)
    .u16(4)
    .u32(0)
    .u32(0)
    .u32(opts.snaplen ?? 262144)
    .u32(opts.linkType ?? 1);
  for (const r of opts.records) {
    w.u32(r.sec).u32(r.frac).u32(r.caplen ?? r.data.length).u32(r.origlen ?? r.data.length).bytes(r.data);
  }
  return w.finish();
}

// ---------------------------------------------------------------------------------------------------- pcapng

export interface PcapngInterface {
  linkType: number;
  /** if_tsresol byte: n for 10^-n, 0x80 | n for 2^-n. Omitted: no option (default 10^-6). */
  tsresol?: number;
  /** if_tsoffset in seconds. */
  tsoffset?: number;
  snaplen?: number;
}

/** Timestamp of a packet block: raw units (`ts`) or seconds plus a fraction in the interface's units. */
export interface PcapngTime {
  ts?: bigint;
  sec?: number;
  frac?: number;
}

export type PcapngBlock =
  | ({ kind: 'epb'; interfaceId?: number; data: Uint8Array; origlen?: number; caplen?: number } & PcapngTime)
  | ({ kind: 'pb'; interfaceId?: number; data: Uint8Array; origlen?: number } & PcapngTime)
  | { kind: 'spb'; data: Uint8Array; origlen?: number }
  | ({ kind: 'idb' } & PcapngInterface)
  /** Any block, e.g. an unknown type, a name resolution block, or one with a lying length. */
  | { kind: 'raw'; type: number; body: Uint8Array; length?: number };

export interface PcapngSection {
  endian?: Endian;
  /** Written as IDBs right after the SHB. */
  interfaces?: readonly PcapngInterface[];
  blocks: readonly PcapngBlock[];
  /** SHB major version (default 1). */
  major?: number;
}

export function buildPcapng(opts: { sections: readonly PcapngSection[] }): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const section of opts.sections) {
    const le = (section.endian ?? 'le') === 'le';
    const ifaces: PcapngInterface[] = [];
    const block = (type: number, body: (w: ByteWriter) => void, length?: number): void => {
      const w = new ByteWriter(le);
      w.u32(type).u32(0);
      body(w);
      w.pad4();
      const total = w.length + 4;
      w.u32(length ?? total).setU32(4, length ?? total);
      parts.push(w.finish());
    };
    const idb = (i: PcapngInterface): void => {
      ifaces.push(i);
      block(1, (w) => {
        w.u16(i.linkType).u16(0).u32(i.snaplen ?? 0);
        if (i.tsresol !== undefined) w.u16(9).u16(1).u8(i.tsresol).pad4();
        if (i.tsoffset !== undefined) w.u16(14).u16(8).u64(BigInt(i.tsoffset));
        if (i.tsresol !== undefined || i.tsoffset !== undefined) w.u16(0).u16(0);
      });
    };
    block(0x0a0d0d0a, (w) => {
      w.u32(0x1a2b3c4d).u16(section.major ?? 1).u16(0).u64(0xffffffffffffffffn);
    });
    for (const i of section.interfaces ?? []) idb(i);
    for (const b of section.blocks) {
      switch (b.kind) {
        case 'idb':
          idb(b);
          break;
        case 'epb':
        case 'pb': {
          const id = b.interfaceId ?? 0;
          const units = blockUnits(b, ifaces[id]?.tsresol);
          block(b.kind === 'epb' ? 6 : 2, (w) => {
            if (b.kind === 'epb') w.u32(id);
            else w.u16(id).u16(0);
            w.u32(Number(units >> 32n))
              .u32(Number(units & 0xffffffffn))
              .u32(b.kind === 'epb' ? (b.caplen ?? b.data.length) : b.data.length)
              .u32(b.origlen ?? b.data.length)
              .bytes(b.data);
          });
          break;
        }
        case 'spb':
          block(3, (w) => {
            w.u32(b.origlen ?? b.data.length).bytes(b.data);
          });
          break;
        case 'raw':
          block(b.type, (w) => {
            w.bytes(b.body);
          }, b.length);
          break;
      }
    }
  }
  return concat(parts);
}

/** A packet block's 64-bit timestamp in its interface's units. */
function blockUnits(t: PcapngTime, tsresol = 6): bigint {
  if (t.ts !== undefined) return t.ts;
  const n = BigInt(tsresol & 0x7f);
  const perSec = (tsresol & 0x80) !== 0 ? 1n << n : 10n ** n;
  return BigInt(t.sec ?? 0) * perSec + BigInt(t.frac ?? 0);
}

// ---------------------------------------------------------------------------------------------------- misc

export function gzip(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(gzipSync(bytes));
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** `n` bytes of a recognisable pattern (seeded), for packet data whose content does not matter. */
export function filler(n: number, seed = 1): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (seed * 31 + i * 7) & 0xff;
  return b;
}
