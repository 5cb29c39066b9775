/**
 * Strings by a key of two 32-bit integers, in an open-addressing table of typed arrays. A look-up is a few
 * integer operations: no heap number for a key above 2^31 and no hashing of doubles (as a Map keyed by a MAC
 * or an address needs), and no allocation. Bounded: once half full at its largest size it starts over, so a
 * flood of random addresses only resets it.
 */
export class StringTable {
  private bits = 0;
  private mask = 0;
  private used = 0;
  private hi = new Int32Array(0);
  private lo = new Int32Array(0);
  private strings: (string | undefined)[] = [];

  /** maxBits: the largest table has 2^maxBits slots (and holds half as many strings). */
  constructor(private readonly maxBits: number) {
    this.reset(Math.min(10, maxBits));
  }

  get(hi: number, lo: number): string | undefined {
    const mask = this.mask;
    for (let k = this.slot(hi, lo); ; k = (k + 1) & mask) {
      const s = this.strings[k];
      if (s === undefined || (this.hi[k] === hi && this.lo[k] === lo)) return s;
    }
  }

  /** Adds a string the table does not have (callers `get` first). */
  add(hi: number, lo: number, s: string): void {
    if ((this.used + 1) * 2 > this.mask + 1) {
      if (this.bits < this.maxBits) this.rehash(this.bits + 1);
      else this.reset(this.bits);
    }
    this.insert(hi, lo, s);
  }

  private slot(hi: number, lo: number): number {
    const h = Math.imul(hi, 0x9e3779b1) ^ Math.imul(lo, 0x85ebca6b);
    return (h ^ (h >>> 15)) & this.mask;
  }

  private insert(hi: number, lo: number, s: string): void {
    const mask = this.mask;
    let k = this.slot(hi, lo);
    while (this.strings[k] !== undefined) k = (k + 1) & mask;
    this.hi[k] = hi;
    this.lo[k] = lo;
    this.strings[k] = s;
    this.used++;
  }

  private reset(bits: number): void {
    const size = 1 << bits;
    this.bits = bits;
    this.mask = size - 1;
    this.used = 0;
    this.hi = new Int32Array(size);
    this.lo = new Int32Array(size);
    this.strings = new Array<string | undefined>(size).fill(undefined);
  }

  private rehash(bits: number): void {
    const { hi, lo, strings } = this;
    this.reset(bits);
    for (let k = 0; k < strings.length; k++) {
      const s = strings[k];
      if (s !== undefined) this.insert(hi[k]!, lo[k]!, s);
    }
  }
}
