/**
 * Pieces shared by the benchmark generators: a seeded PRNG, a fast pcap writer and the Ethernet/IPv4/UDP header
 * writers. Everything is deterministic: `reseed` before a file makes that file independent of which others are
 * written.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

export const GiB = 1024 ** 3;
export const MiB = 1024 ** 2;
const CHUNK = 4 * MiB;

// ------------------------------------------------------------------------------------------------ PRNG

let seed = 0x2545f491;
/** Restarts the generator at `s` (non-zero). */
export function reseed(s) {
  seed = s | 0 || 1;
}
export function rnd() {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
}
export const rint = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));

// ------------------------------------------------------------------------------------------------ writer

/** pcap (LE, µs) writer: records go into one reused chunk buffer that is written whole. */
export class PcapWriter {
  constructor(file, alsoPrefix) {
    this.fd = openSync(file, 'w');
    this.buf = Buffer.alloc(CHUNK);
    this.pos = 0;
    this.written = 0;
    this.frames = 0;
    this.clockUs = 1_700_000_000 * 1e6;
    // Optional second file that receives the first `alsoPrefix.bytes` bytes (whole chunks).
    this.prefix = alsoPrefix ? { fd: openSync(alsoPrefix.file, 'w'), left: alsoPrefix.bytes } : undefined;
    const h = Buffer.alloc(24);
    h.writeUInt32LE(0xa1b2c3d4, 0);
    h.writeUInt16LE(2, 4);
    h.writeUInt16LE(4, 6);
    h.writeUInt32LE(262144, 16);
    h.writeUInt32LE(1, 20);
    h.copy(this.buf, 0);
    this.pos = 24;
  }

  get size() {
    return this.written + this.pos;
  }

  /** Reserves a record of `len` bytes stamped `clockUs`; returns the offset of its data in `this.buf`. */
  record(len) {
    if (this.pos + 16 + len > CHUNK) this.flush();
    const b = this.buf;
    let p = this.pos;
    const sec = Math.floor(this.clockUs / 1e6);
    b.writeUInt32LE(sec, p);
    b.writeUInt32LE(this.clockUs - sec * 1e6, p + 4);
    b.writeUInt32LE(len, p + 8);
    b.writeUInt32LE(len, p + 12);
    p += 16;
    this.pos = p + len;
    this.frames++;
    return p;
  }

  frame(bytes) {
    const at = this.record(bytes.length);
    this.buf.set(bytes, at);
  }

  flush() {
    const view = this.buf.subarray(0, this.pos);
    writeSync(this.fd, view);
    if (this.prefix && this.prefix.left > 0) {
      writeSync(this.prefix.fd, view);
      this.prefix.left -= this.pos;
    }
    this.written += this.pos;
    this.pos = 0;
  }

  close() {
    this.flush();
    closeSync(this.fd);
    if (this.prefix) closeSync(this.prefix.fd);
  }
}

// ------------------------------------------------------------------------------------------------ frames

export function ipChecksum(b, at) {
  b[at + 10] = 0;
  b[at + 11] = 0;
  let s = 0;
  for (let i = 0; i < 20; i += 2) s += (b[at + i] << 8) | b[at + i + 1];
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  s = ~s & 0xffff;
  b[at + 10] = s >>> 8;
  b[at + 11] = s & 0xff;
}

/** Ethernet header (optionally 802.1Q-tagged) at 0; returns the offset of the payload. */
export function ether(b, dst, src, type, vlan) {
  b.set(dst, 0);
  b.set(src, 6);
  let p = 12;
  if (vlan !== undefined) {
    b[12] = 0x81;
    b[13] = 0x00;
    b[14] = (vlan >>> 8) & 0x0f;
    b[15] = vlan & 0xff;
    p = 16;
  }
  b[p] = type >>> 8;
  b[p + 1] = type & 0xff;
  return p + 2;
}

export function ipv4(b, at, proto, src, dst, totalLen, ttl = 64) {
  b[at] = 0x45;
  b[at + 1] = 0;
  b[at + 2] = totalLen >>> 8;
  b[at + 3] = totalLen & 0xff;
  b[at + 4] = 0x12;
  b[at + 5] = 0x34;
  b[at + 6] = 0x40; // don't fragment
  b[at + 7] = 0;
  b[at + 8] = ttl;
  b[at + 9] = proto;
  b.set(src, at + 12);
  b.set(dst, at + 16);
  ipChecksum(b, at);
  return at + 20;
}

export function udp(b, at, sport, dport, len) {
  b[at] = sport >>> 8;
  b[at + 1] = sport & 0xff;
  b[at + 2] = dport >>> 8;
  b[at + 3] = dport & 0xff;
  b[at + 4] = len >>> 8;
  b[at + 5] = len & 0xff;
  b[at + 6] = 0; // no checksum (allowed for UDP over IPv4)
  b[at + 7] = 0;
  return at + 8;
}

/** A TCP header's ports, data offset (5 words) and flags; the rest stays zero (no checksum is checked). */
export function tcp(b, at, sport, dport, flags) {
  b[at] = sport >>> 8;
  b[at + 1] = sport & 0xff;
  b[at + 2] = dport >>> 8;
  b[at + 3] = dport & 0xff;
  b[at + 12] = 0x50;
  b[at + 13] = flags;
  return at + 20;
}

/**
 * Writes one bulk frame copied from a prototype (`l3`: where its IP header starts, `min`: its smallest size,
 * `v6`/`tcp`: which lengths to patch) cut to `len` bytes (plus 4 when the prototype is VLAN-tagged), with the IP
 * and UDP lengths and the IPv4 checksum made right for that size.
 */
export function writeBulkFrame(w, proto, len) {
  const total = Math.max(len + (proto.l3 === 18 ? 4 : 0), proto.min);
  const at = w.record(total);
  const b = w.buf;
  proto.bytes.copy(b, at, 0, total);
  const l3 = at + proto.l3;
  const ipLen = total - proto.l3;
  if (proto.v6) {
    const pl = ipLen - 40;
    b[l3 + 4] = pl >>> 8;
    b[l3 + 5] = pl & 0xff;
    if (!proto.tcp) {
      b[l3 + 44] = pl >>> 8;
      b[l3 + 45] = pl & 0xff;
    }
  } else {
    b[l3 + 2] = ipLen >>> 8;
    b[l3 + 3] = ipLen & 0xff;
    ipChecksum(b, l3);
    if (!proto.tcp) {
      const ul = ipLen - 20;
      b[l3 + 24] = ul >>> 8;
      b[l3 + 25] = ul & 0xff;
    }
  }
}
