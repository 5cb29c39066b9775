/**
 * Formatting of addresses for the frames we keep (DHCP/ARP only, never on the hot path).
 * A table of two-character hex strings keeps MAC and hex rendering to string concatenation.
 */
import { StringTable } from './string-table.js';

const HEX2: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function hex2(byte: number): string {
  return HEX2[byte & 0xff]!;
}

/** aa:bb:cc:dd:ee:ff from six bytes at `i`. */
export function formatMac(buf: Uint8Array, i: number): string {
  const hi = (buf[i]! << 16) | (buf[i + 1]! << 8) | buf[i + 2]!;
  const lo = (buf[i + 3]! << 16) | (buf[i + 4]! << 8) | buf[i + 5]!;
  // Broadcast, and the zeros of an ARP request's target: a sixth of all MACs.
  if (hi === lo && (hi === 0xffffff || hi === 0)) return hi === 0 ? '00:00:00:00:00:00' : 'ff:ff:ff:ff:ff:ff';
  let s = MACS.get(hi, lo);
  if (s === undefined) {
    let n = 0;
    for (let k = 0; k < 6; k++) {
      const b = buf[i + k]!;
      if (k > 0) TEXT[n++] = 0x3a; // ':'
      TEXT[n++] = HEX_DIGITS[b >> 4]!;
      TEXT[n++] = HEX_DIGITS[b & 15]!;
    }
    s = latin1Slice.call(TEXT, 0, n);
    MACS.add(hi, lo, s);
  }
  return s;
}

/** Dotted quad from four bytes at `i`. */
export function formatIpv4(buf: Uint8Array, i: number): string {
  const key = (buf[i]! << 24) | (buf[i + 1]! << 16) | (buf[i + 2]! << 8) | buf[i + 3]!;
  // Unset ciaddr/yiaddr/siaddr/giaddr, and the limited broadcast: a fifth of all addresses.
  if (key === 0 || key === -1) return key === 0 ? '0.0.0.0' : '255.255.255.255';
  let s = ADDRESSES.get(0, key);
  if (s === undefined) {
    let n = 0;
    for (let k = 0; k < 4; k++) {
      if (k > 0) TEXT[n++] = 0x2e; // '.'
      const b = buf[i + k]!;
      if (b >= 100) TEXT[n++] = 0x30 + Math.floor(b / 100);
      if (b >= 10) TEXT[n++] = 0x30 + (Math.floor(b / 10) % 10);
      TEXT[n++] = 0x30 + (b % 10);
    }
    s = latin1Slice.call(TEXT, 0, n);
    ADDRESSES.add(0, key, s);
  }
  return s;
}

/*
 * MACs and addresses repeat endlessly in a capture and the analyser keeps many of them: one shared string per
 * value saves the copies. They are written into a scratch buffer and read out as one flat string (a string
 * built with `+` is a tree of pieces, several times larger). The caches are bounded: a flood of random MACs
 * only resets them.
 */
const TEXT = Buffer.alloc(32);
/*
 * Node's own byte-to-string copies, which Buffer#toString dispatches to. They accept any Uint8Array, so a string
 * is made straight from the capture's buffer, without the Buffer view that toString would need first.
 */
type Slice = (this: Uint8Array, start: number, end: number) => string;
const { hexSlice, latin1Slice } = Buffer.prototype as unknown as { readonly hexSlice: Slice; readonly latin1Slice: Slice };
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
/** Up to 2^18 strings each. */
const MACS = new StringTable(19);
const ADDRESSES = new StringTable(19);

/** Lowercase hex of `len` bytes at `i`, no separator. */
export function formatHex(buf: Uint8Array, i: number, len: number): string {
  // Short values by table (a string of up to 12 characters is built flat); longer ones natively, in one piece.
  if (len > 6) return hexSlice.call(buf, i, i + len);
  let s = '';
  for (let k = 0; k < len; k++) s += HEX2[buf[i + k]!]!;
  return s;
}

/** The bytes as a string of the same length, one character per byte (Latin-1): a compact copy of raw bytes. */
export function formatLatin1(buf: Uint8Array, i: number, len: number): string {
  return latin1Slice.call(buf, i, i + len);
}

/** Lowercase hex of `len` characters at `i` of a string made by formatLatin1 (each below 256). */
export function hexOfLatin1(s: string, i: number, len: number): string {
  if (HEX_TEXT.length < 2 * len) HEX_TEXT = Buffer.alloc(4 * len);
  const out = HEX_TEXT;
  for (let k = 0; k < len; k++) {
    const c = s.charCodeAt(i + k);
    out[2 * k] = HEX_DIGITS[(c >> 4) & 15]!;
    out[2 * k + 1] = HEX_DIGITS[c & 15]!;
  }
  return latin1Slice.call(out, 0, 2 * len);
}
let HEX_TEXT = Buffer.alloc(512);

/** Lowercase hex of `len` bytes at `i`, colon-separated (a hardware address of any length). */
export function formatColonHex(buf: Uint8Array, i: number, len: number): string {
  let s = '';
  for (let k = 0; k < len; k++) s += (k === 0 ? '' : ':') + HEX2[buf[i + k]!]!;
  return s;
}

/** Text of bytes as UTF-8 (invalid sequences become U+FFFD). Control characters are kept: renderers strip them. */
const utf8 = new TextDecoder('utf-8', { fatal: false });
export function formatText(buf: Uint8Array, i: number, len: number): string {
  if (len === 0) return ''; // sname and file are empty in nearly every message
  // Nearly all option text is ASCII, which reads the same as Latin-1: one native copy, no view, no decoder.
  for (let k = 0; k < len; k++) if (buf[i + k]! > 0x7f) return utf8.decode(buf.subarray(i, i + len));
  return latin1Slice.call(buf, i, i + len);
}

/** Text up to the first NUL (or `len`). */
export function formatCString(buf: Uint8Array, i: number, len: number): string {
  let n = 0;
  while (n < len && buf[i + n] !== 0) n++;
  return formatText(buf, i, n);
}

/** True when every byte is printable ASCII (space to tilde); an empty run is not text. */
export function isPrintable(buf: Uint8Array, i: number, len: number): boolean {
  if (len === 0) return false;
  for (let k = 0; k < len; k++) {
    const b = buf[i + k]!;
    if (b < 0x20 || b > 0x7e) return false;
  }
  return true;
}
