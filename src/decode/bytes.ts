/**
 * Big-endian reads on a byte array. Callers check bounds first; these exist so the `!` that
 * noUncheckedIndexedAccess asks for on typed arrays lives in one place.
 */

export function rd8(buf: Uint8Array, i: number): number {
  return buf[i]!;
}

export function rd16(buf: Uint8Array, i: number): number {
  return (buf[i]! << 8) | buf[i + 1]!;
}

/** Unsigned 32-bit (may be a heap number above 2^30: not for the hot path). */
export function rd32(buf: Uint8Array, i: number): number {
  return ((buf[i]! << 24) | (buf[i + 1]! << 16) | (buf[i + 2]! << 8) | buf[i + 3]!) >>> 0;
}

export function rd32s(buf: Uint8Array, i: number): number {
  return (buf[i]! << 24) | (buf[i + 1]! << 16) | (buf[i + 2]! << 8) | buf[i + 3]!;
}

export function rd16le(buf: Uint8Array, i: number): number {
  return buf[i]! | (buf[i + 1]! << 8);
}
