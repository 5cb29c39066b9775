/** Column stores grow by copying into a wider array: what `old` holds, at the start of `wider`, which is returned. */
export function widened<T extends Float64Array | Int32Array | Uint8Array>(old: T, wider: T): T {
  wider.set(old);
  return wider;
}
