/**
 * None, one or several values, kept as `undefined`, the value itself, or an array. A client has one hostname,
 * address and exchange as a rule, a lease one exchange, an address one lease, and a capture may hold a quarter of
 * a million of each: a one-element array costs three times its value.
 */
export type OneOrMany<T> = undefined | T | T[];

/** The values with `value` added once (kept as a plain value while it is the only one). */
export function withOnce<T>(values: OneOrMany<T>, value: T): OneOrMany<T> {
  if (values === undefined || values === value) return value;
  if (!Array.isArray(values)) return [values, value];
  return values.includes(value) ? values : grown(values, value);
}

/** Like withOnce for values that come in order (transaction ids): only a repeat of the last one is skipped. */
export function withLast<T>(values: OneOrMany<T>, value: T): OneOrMany<T> {
  if (values === undefined || values === value) return value;
  if (!Array.isArray(values)) return [values, value];
  return values[values.length - 1] !== value ? grown(values, value) : values;
}

/** Lists up to this long grow by an exact copy; longer ones are pushed to (amortised growth). */
export const EXACT_UP_TO = 16;

/**
 * `values` with `value` appended. A pushed array keeps ~16 spare slots, which for a quarter of a million short
 * lists is most of their memory: short lists are copied to their exact length instead (an array made at its
 * length and filled: `concat` does the same three times slower).
 */
export function grown<T>(values: readonly T[], value: T): T[] {
  const n = values.length;
  if (n >= EXACT_UP_TO) {
    const list = values as T[]; // past EXACT_UP_TO the list is one `grown` made, so it may grow in place
    list.push(value);
    return list;
  }
  const out = new Array<T>(n + 1);
  for (let i = 0; i < n; i++) out[i] = values[i]!;
  out[n] = value;
  return out;
}

export function has<T>(values: OneOrMany<T>, value: T): boolean {
  return Array.isArray(values) ? values.includes(value) : values === value;
}

/** The values as a new array. */
export function listOf<T>(values: OneOrMany<T>): T[] {
  return values === undefined ? [] : Array.isArray(values) ? values.slice() : [values];
}

export function firstOf<T>(values: OneOrMany<T>): T | undefined {
  return Array.isArray(values) ? values[0] : values;
}

export function lastOf<T>(values: OneOrMany<T>): T | undefined {
  return Array.isArray(values) ? values[values.length - 1] : values;
}

/** The last value that matches, found without building a filtered list. */
export function lastWhere<T>(values: OneOrMany<T>, match: (value: T) => boolean): T | undefined {
  if (!Array.isArray(values)) return values !== undefined && match(values) ? values : undefined;
  for (let i = values.length - 1; i >= 0; i--) if (match(values[i]!)) return values[i];
  return undefined;
}
