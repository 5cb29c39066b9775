/**
 * The first few of many: keeps the `limit` distinct keys seen at the smallest positions (frame numbers), in
 * position order. Findings list "the first 50 frames" of something that may happen a million times; the
 * analyser meets transactions in the order they close, not the order they started, so "first" must not
 * depend on the order things are added in.
 */
export class Earliest<K> {
  private readonly keys: K[] = [];
  private readonly at: number[] = [];

  constructor(private readonly limit: number) {}

  /** Notes `key` at `position`; a key already kept keeps its smallest position. */
  add(key: K, position: number): void {
    const keys = this.keys;
    const at = this.at;
    const known = keys.indexOf(key);
    if (known >= 0) {
      if (at[known]! <= position) return;
      keys.splice(known, 1);
      at.splice(known, 1);
    } else if (keys.length >= this.limit && position >= at[at.length - 1]!) {
      return;
    }
    let i = at.length;
    while (i > 0 && at[i - 1]! > position) i--;
    keys.splice(i, 0, key);
    at.splice(i, 0, position);
    if (keys.length > this.limit) {
      keys.pop();
      at.pop();
    }
  }

  /** The kept keys, earliest first. */
  values(): K[] {
    return this.keys.slice();
  }

  /** Position of the earliest key (Infinity when empty). */
  first(): number {
    return this.at[0] ?? Infinity;
  }

  copy(): Earliest<K> {
    const c = new Earliest<K>(this.limit);
    c.keys.push(...this.keys);
    c.at.push(...this.at);
    return c;
  }
}
