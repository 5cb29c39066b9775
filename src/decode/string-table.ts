/**
 * Strings by a key of two integers, in an open-addressing table of typed arrays. A look-up is a few integer
 * operations: no heap number for a key above 2^31 and no hashing of doubles (as a Map keyed by a MAC or an
 * address needs), and no allocation. Both halves of a key sit side by side in one array, so that a look-up
 * touches two places in memory (the key and the string), not three: with tens of thousands of clients the
 * table is larger than the CPU's caches, and these misses are most of its cost. Bounded: once half full at
 * its largest size it starts over, so a flood of random addresses only resets it.
 */
/** Slots of the table of recent look-ups. */
const RECENT = 2048;

export class StringTable {
  private bits = 0;
  private mask = 0;
  private used = 0;
  /** keys[2k] = hi + 1 (0: the slot is empty), keys[2k + 1] = lo. */
  private keys = new Int32Array(0);
  private strings: (string | undefined)[] = [];
  /**
   * The strings looked up last, one per slot of a small direct-mapped table that stays in the CPU's nearest
   * cache: the frames of one exchange follow each other closely, and so do their MACs and addresses.
   */
  private readonly recentKeys = new Int32Array(2 * RECENT);
  private readonly recent: string[] = new Array<string>(RECENT).fill('');

  /** maxBits: the largest table has 2^maxBits slots (and holds half as many strings). */
  constructor(private readonly maxBits: number) {
    this.reset(Math.min(10, maxBits));
  }

  /** hi: 0 to 2^24 - 1; lo: any 32-bit integer. */
  get(hi: number, lo: number): string | undefined {
    const hash = this.hash(hi, lo);
    const r = hash & (RECENT - 1);
    if (this.recentKeys[2 * r] === hi + 1 && this.recentKeys[2 * r + 1] === lo) return this.recent[r];
    const mask = this.mask;
    const keys = this.keys;
    for (let k = hash & mask; ; k = (k + 1) & mask) {
      const h = keys[2 * k]!;
      if (h === 0) return undefined;
      if (h === hi + 1 && keys[2 * k + 1] === lo) {
        const s = this.strings[k]!;
        this.remember(r, hi, lo, s);
        return s;
      }
    }
  }

  /** Adds a string the table does not have (callers `get` first). */
  add(hi: number, lo: number, s: string): void {
    if ((this.used + 1) * 2 > this.mask + 1) {
      if (this.bits < this.maxBits) this.rehash(this.bits + 1);
      else this.reset(this.bits);
    }
    this.insert(hi, lo, s);
    this.remember(this.hash(hi, lo) & (RECENT - 1), hi, lo, s);
  }

  private remember(r: number, hi: number, lo: number, s: string): void {
    this.recentKeys[2 * r] = hi + 1;
    this.recentKeys[2 * r + 1] = lo;
    this.recent[r] = s;
  }

  private hash(hi: number, lo: number): number {
    const h = Math.imul(hi, 0x9e3779b1) ^ Math.imul(lo, 0x85ebca6b);
    return h ^ (h >>> 15);
  }

  private insert(hi: number, lo: number, s: string): void {
    const mask = this.mask;
    let k = this.hash(hi, lo) & mask;
    while (this.keys[2 * k] !== 0) k = (k + 1) & mask;
    this.keys[2 * k] = hi + 1;
    this.keys[2 * k + 1] = lo;
    this.strings[k] = s;
    this.used++;
  }

  private reset(bits: number): void {
    const size = 1 << bits;
    this.bits = bits;
    this.mask = size - 1;
    this.used = 0;
    this.keys = new Int32Array(2 * size);
    this.strings = new Array<string | undefined>(size).fill(undefined);
  }

  private rehash(bits: number): void {
    const { keys, strings } = this;
    this.reset(bits);
    for (let k = 0; k < strings.length; k++) {
      const s = strings[k];
      if (keys[2 * k] !== 0 && s !== undefined) this.insert(keys[2 * k]! - 1, keys[2 * k + 1]!, s);
    }
  }
}
