/**
 * A filter over a long list that can stop and go on: the TUI counts the lists not shown a slice at a time
 * between keys (filtering the leases of 97 000 exchanges takes longer than a key may wait), and finishes at
 * once the list a view needs now. The rows kept are the same, in the same order, as `rows.filter(keep)`.
 */
export class Sieve<T> {
  readonly #rows: readonly T[];
  readonly #keep: (row: T) => boolean;
  readonly #kept: T[] = [];
  #at = 0;

  constructor(rows: readonly T[], keep: (row: T) => boolean) {
    this.#rows = rows;
    this.#keep = keep;
  }

  get done(): boolean {
    return this.#at >= this.#rows.length;
  }

  /** Looks at more rows until `deadline` (a `now()` reading) has passed; true once every row was looked at. */
  advance(deadline: number, now: () => number = Date.now): boolean {
    const rows = this.#rows;
    while (this.#at < rows.length) {
      const stop = Math.min(rows.length, this.#at + SLICE);
      for (; this.#at < stop; this.#at += 1) {
        const row = rows[this.#at]!;
        if (this.#keep(row)) this.#kept.push(row);
      }
      if (now() >= deadline) break;
    }
    return this.done;
  }

  /** Every row that passes (looking at the rest first). */
  finish(): readonly T[] {
    this.advance(Number.POSITIVE_INFINITY);
    return this.#kept;
  }
}

/** Rows looked at between two clock readings. */
const SLICE = 256;
