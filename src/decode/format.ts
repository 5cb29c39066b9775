/**
 * Formatting of addresses for the frames we keep (DHCP/ARP only, never on the hot path).
 * A table of two-character hex strings keeps MAC and hex rendering to string concatenation.
 */

const HEX2: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function hex2(byte: number): string {
  return HEX2[byte & 0xff]!;
}

/** aa:bb:cc:dd:ee:ff from six bytes at `i`. */
export function formatMac(buf: Uint8Array, i: number): string {
  return (
    HEX2[buf[i]!]! + ':' + HEX2[buf[i + 1]!]! + ':' + HEX2[buf[i + 2]!]! + ':' +
    HEX2[buf[i + 3]!]! + ':' + HEX2[buf[i + 4]!]! + ':' + HEX2[buf[i + 5]!]!
  );
}

/** Dotted quad from four bytes at `i`. */
export function formatIpv4(buf: Uint8Array, i: number): string {
  return buf[i]! + '.' + buf[i + 1]! + '.' + buf[i + 2]! + '.' + buf[i + 3]!;
}

/** Lowercase hex of `len` bytes at `i`, no separator. */
export function formatHex(buf: Uint8Array, i: number, len: number): string {
  let s = '';
  for (let k = 0; k < len; k++) s += HEX2[buf[i + k]!]!;
  return s;
}

/** Lowercase hex of `len` bytes at `i`, colon-separated (a hardware address of any length). */
export function formatColonHex(buf: Uint8Array, i: number, len: number): string {
  let s = '';
  for (let k = 0; k < len; k++) s += (k === 0 ? '' : ':') + HEX2[buf[i + k]!]!;
  return s;
}

/** Text of bytes as UTF-8 (invalid sequences become U+FFFD). Control characters are kept: renderers strip them. */
const utf8 = new TextDecoder('utf-8', { fatal: false });
export function formatText(buf: Uint8Array, i: number, len: number): string {
  return utf8.decode(buf.subarray(i, i + len));
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
