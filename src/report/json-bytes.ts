/**
 * JSON written straight into UTF-8 bytes: the very bytes `JSON.stringify(value, null, 2)` (pretty) or
 * `JSON.stringify(value)` (compact) gives once encoded, without a string in between.
 *
 * The DHCP-only benchmark writes a 255 MB report, nearly all of it transactions. Stringified natively, each
 * became a string of its own (685 MB allocated with the wrapper the indentation needed), which was then encoded
 * into the spool's buffer: the stringify was 1 s of CPU and the garbage a good part of the collector's 1.5 s.
 * Written here, a transaction's keys are bytes made once (comma, newline and indent included), its values go
 * in byte by byte, and nothing is allocated per item.
 *
 * Exactness: strings take the byte loop only while every character is printable ASCII other than `"` and `\`;
 * any other string (control characters, non-ASCII, lone surrogates: untrusted packet text) is written as
 * `JSON.stringify` escapes it, then encoded as UTF-8. Numbers are written as digits when they are small
 * non-negative integers, else as `String(n)` (what JSON writes for a finite number; `null` for the others).
 * Objects are written with their keys in an order the caller fixes (see json-items.ts); a value of a shape not
 * written here goes through `JSON.stringify` and is indented to its depth.
 */

/** A key of an object as written, before its value: with and without the comma of a key before it. */
export interface Key {
  readonly first: Uint8Array;
  readonly next: Uint8Array;
}

const INDENT = 2;
/** Deepest nesting with a ready-made newline and indent (deeper ones are made when needed). */
const MAX_DEPTH = 16;

/** The keys of one layout, made for pretty and compact output: `{ pretty, compact }`. */
export function keysAt<N extends string>(depth: number, names: readonly N[]): { readonly pretty: Record<N, Key>; readonly compact: Record<N, Key> } {
  const pretty = {} as Record<N, Key>;
  const compact = {} as Record<N, Key>;
  for (const name of names) {
    pretty[name] = { first: Buffer.from(keyText(true, depth, name, true)), next: Buffer.from(keyText(true, depth, name)) };
    compact[name] = { first: Buffer.from(keyText(false, depth, name, true)), next: Buffer.from(keyText(false, depth, name)) };
  }
  // Copied: an object given more than a dozen properties by name in a loop is kept as a dictionary by V8, and
  // every key the writers read from it (a transaction's 27, a step's 19) was a dictionary look-up.
  return { pretty: { ...pretty }, compact: { ...compact } };
}

/** The text of a key at `depth` before its value, with the comma of a key before it unless it is the first. */
export function keyText(pretty: boolean, depth: number, name: string, first = false): string {
  return `${first ? '' : ','}${pretty ? `\n${' '.repeat(depth * INDENT)}` : ''}${JSON.stringify(name)}:${pretty ? ' ' : ''}`;
}

/** The text that closes an object whose keys are at `depth`, after its last value. */
export function closeText(pretty: boolean, depth: number): string {
  return `${pretty ? `\n${' '.repeat((depth - 1) * INDENT)}` : ''}}`;
}

const NEWLINES: readonly Uint8Array[] = Array.from({ length: MAX_DEPTH + 1 }, (_, d) => Buffer.from(`\n${' '.repeat(d * INDENT)}`));
const NOTHING = new Uint8Array(0);
/** Below 2^33 seconds the spacing of doubles is under a microsecond (see `micros`). */
const MICROS_EXACT = 2 ** 33 * 1e6;
/** Below 2^42 the spacing of doubles is under a thousandth (see `thousandths`). */
const THOUSANDTHS_EXACT = 2 ** 42;
/** Integers up to this are written with 32-bit arithmetic. */
const UINT31_MAX = 0x7fffffff;
/** The two ASCII digits of 0..99, at 2n and 2n + 1. */
const PAIRS = Uint8Array.from({ length: 200 }, (_, i) => 0x30 + (i & 1 ? (i >> 1) % 10 : Math.floor((i >> 1) / 10)));
const QUOTE = 0x22;
const NULL = Buffer.from('null');
const COLON = Buffer.from(':');
const COLON_SPACE = Buffer.from(': ');
const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');

/** A growing buffer that text and bytes are written into. */
export class Bytes {
  /** Where the bytes go; replaced by a bigger one when an item does not fit. */
  buf: Buffer;
  /** Bytes [0, pos) are written. */
  pos = 0;

  constructor(private readonly size = 1 << 16) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** The bytes written so far (a view: valid until the next write after `reset`). */
  bytes(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  reset(): void {
    this.pos = 0;
  }

  /**
   * The bytes written so far, handed over: writing goes on in `next` (a buffer handed over before, done with)
   * or a new buffer of the first size.
   */
  take(next?: Buffer): Buffer {
    const bytes = this.buf.subarray(0, this.pos);
    this.buf = next ?? Buffer.allocUnsafe(this.size);
    this.pos = 0;
    return bytes;
  }

  /** Room for `n` more bytes. */
  room(n: number): void {
    if (this.pos + n > this.buf.length) this.grow(n);
  }

  /** Bytes as they are (a key, punctuation). */
  raw(bytes: Uint8Array): void {
    const n = bytes.length;
    if (this.pos + n > this.buf.length) this.grow(n);
    // A native copy: per key, fewer instructions than a loop over its ~20 bytes.
    this.buf.set(bytes, this.pos);
    this.pos += n;
  }

  /** Text that is known to be ASCII and to need no escaping (numbers, literals). */
  ascii(s: string): void {
    const n = s.length;
    if (this.pos + n > this.buf.length) this.grow(n);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /** Text of any kind, encoded as UTF-8 (lone surrogates become U+FFFD, as Buffer writes them). */
  utf8(s: string): void {
    this.room(s.length * 3);
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  /**
   * Text of any kind as UTF-8, as `utf8` writes it: a byte per character in a loop while they are ASCII (short
   * texts, nearly always ASCII: a native write costs more than the loop).
   */
  text(s: string): void {
    const n = s.length;
    if (this.pos + n > this.buf.length) this.grow(n);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) return this.utf8(s);
      b[p++] = c;
    }
    this.pos = p;
  }

  /** Writes `s` and says so when every character is printable ASCII (0x20–0x7e); else writes nothing. */
  printable(s: string): boolean {
    const n = s.length;
    if (this.pos + n > this.buf.length) this.grow(n);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c > 0x7e) return false;
      b[p++] = c;
    }
    this.pos = p;
    return true;
  }

  /** `n` spaces (none when n <= 0): what padEnd and padStart add. */
  spaces(n: number): void {
    if (n <= 0) return;
    if (this.pos + n > this.buf.length) this.grow(n);
    const b = this.buf;
    let p = this.pos;
    for (const end = p + n; p < end; p++) b[p] = 0x20;
    this.pos = p;
  }

  /** A number as String(n) writes it. */
  number(n: number): void {
    if (n >= 0 && n <= UINT31_MAX && (n | 0) === n) this.uint31(n);
    else this.ascii(String(n));
  }

  /** A non-negative integer below 10^width as exactly `width` digits, zeros in front. */
  padded(n: number, width: number): void {
    if (this.pos + width > this.buf.length) this.grow(width);
    if (n <= UINT31_MAX) {
      digitsInto(this.buf, this.pos + width, n | 0, width);
      this.pos += width;
      return;
    }
    const b = this.buf;
    let x = n;
    for (let p = this.pos + width - 1; p >= this.pos; p--) {
      const q = Math.floor(x / 10);
      b[p] = 0x30 + (x - q * 10);
      x = q;
    }
    this.pos += width;
  }

  /** An integer in [0, 2^31) in decimal. */
  uint31(n: number): void {
    const width = decimalWidth(n);
    if (this.pos + width > this.buf.length) this.grow(width);
    this.pos += width;
    digitsInto(this.buf, this.pos, n, width);
  }

  byte(c: number): void {
    if (this.pos + 1 > this.buf.length) this.grow(1);
    this.buf[this.pos++] = c;
  }

  protected grow(n: number): void {
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
}

/** JSON into bytes (see above). */
export class JsonBytes extends Bytes {
  /** No key has been written yet in the object (or item in the array) being written. */
  private first = true;

  constructor(
    readonly pretty: boolean,
    size = 1 << 16,
  ) {
    super(size);
  }
  /** `{` of an object whose keys follow. */
  open(): void {
    this.byte(0x7b);
    this.first = true;
  }

  /** The `}` of an object at `depth` (`{}` when it got no key). */
  close(depth: number): void {
    if (!this.first) this.raw(this.newline(depth));
    this.byte(0x7d);
    this.first = false;
  }

  /**
   * Bytes made ahead of time that end inside the object being written after a key (or the value that follows
   * it): the keys after them are not its first. Runs of keys and fixed values (keyText, closeText) cost one copy
   * instead of a call per key and value.
   */
  run(bytes: Uint8Array): void {
    this.raw(bytes);
    this.first = false;
  }

  /** A key of the object being written; its value must follow. */
  key(k: Key): void {
    this.raw(this.first ? k.first : k.next);
    this.first = false;
  }

  /** `[` of an array whose items follow, each after `item(depth + 1)`. */
  openArray(): void {
    this.byte(0x5b);
    this.first = true;
  }

  /** Before each item of an array whose items are at `depth`. */
  item(depth: number): void {
    if (!this.first) this.byte(0x2c);
    this.raw(this.newline(depth));
    this.first = false;
  }

  /** The `]` of an array at `depth` (`[]` when it got no item). */
  closeArray(depth: number): void {
    if (!this.first) this.raw(this.newline(depth));
    this.byte(0x5d);
    this.first = false;
  }

  /** A key and a value that is not an object or array (left out when undefined, as JSON.stringify does). */
  field(k: Key, v: unknown, depth: number): void {
    if (v === undefined) return;
    this.key(k);
    this.value(v, depth);
  }

  /*
   * Fields of a known kind: no dispatch on the value's type, one check for room. The transactions' writer calls
   * these a hundred times per exchange.
   */

  /** A string field (left out when undefined). */
  strField(k: Key, s: string | undefined): void {
    if (s === undefined) return;
    const kb = this.first ? k.first : k.next;
    this.first = false;
    const need = kb.length + s.length + 2;
    if (this.pos + need > this.buf.length) this.grow(need);
    this.buf.set(kb, this.pos);
    this.pos += kb.length;
    this.strHere(s);
  }

  /** A field that is a string or null (left out when undefined). */
  strOrNullField(k: Key, s: string | null | undefined): void {
    if (s === null) this.litField(k, NULL);
    else this.strField(k, s);
  }

  /** A number field (left out when undefined). */
  numField(k: Key, n: number | undefined): void {
    if (n === undefined) return;
    this.key(k);
    if (n >= 0 && n <= UINT31_MAX && (n | 0) === n) this.uint31(n);
    else this.num(n);
  }

  /** A field that is a number or null (left out when undefined). */
  numOrNullField(k: Key, n: number | null | undefined): void {
    if (n === null) this.litField(k, NULL);
    else this.numField(k, n);
  }

  /** A boolean field (left out when undefined). */
  boolField(k: Key, b: boolean | undefined): void {
    if (b === undefined) return;
    this.litField(k, b ? TRUE : FALSE);
  }

  /** A list of strings, its key at `depth` (left out when undefined). */
  strList(k: Key, v: readonly string[] | undefined, depth: number): void {
    if (v === undefined) return;
    this.key(k);
    this.openArray();
    for (let i = 0; i < v.length; i++) {
      this.item(depth + 1);
      const x = v[i];
      if (typeof x === 'string') this.str(x);
      else this.value(x === undefined ? null : x, depth + 1);
    }
    this.closeArray(depth);
  }

  /** A key and a literal (true, false, null) as bytes. */
  private litField(k: Key, lit: Uint8Array): void {
    const kb = this.first ? k.first : k.next;
    this.first = false;
    const need = kb.length + lit.length;
    if (this.pos + need > this.buf.length) this.grow(need);
    this.buf.set(kb, this.pos);
    this.buf.set(lit, this.pos + kb.length);
    this.pos += need;
  }

  /** An array of values that are not objects or arrays, its key at `depth` (left out when undefined). */
  list(k: Key, v: readonly unknown[] | undefined, depth: number): void {
    if (v === undefined) return;
    this.key(k);
    this.openArray();
    for (let i = 0; i < v.length; i++) {
      this.item(depth + 1);
      const x = v[i];
      // In an array, JSON writes null for what it would leave out of an object.
      this.value(x === undefined || typeof x === 'function' || typeof x === 'symbol' ? null : x, depth + 1);
    }
    this.closeArray(depth);
  }

  /** Any value, as JSON.stringify writes it at `depth`. */
  value(v: unknown, depth: number): void {
    if (typeof v === 'string') this.str(v);
    else if (typeof v === 'number') this.num(v);
    else if (typeof v === 'boolean') this.ascii(v ? 'true' : 'false');
    else if (v === null) this.ascii('null');
    else this.native(v, depth);
  }

  /** A JSON string. */
  str(s: string): void {
    if (this.pos + s.length + 2 > this.buf.length) this.grow(s.length + 2);
    this.strHere(s);
  }

  /**
   * `before`, `s` and `after` as they are, when `s` needs no escaping inside a JSON string (printable ASCII but
   * `"` and `\`): a text made of fixed words around a value; else nothing, and false.
   */
  inString(before: Uint8Array, s: string, after: Uint8Array): boolean {
    const start = this.pos;
    this.raw(before);
    const n = s.length;
    if (this.pos + n > this.buf.length) this.grow(n);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) {
        this.pos = start;
        return false;
      }
      b[p++] = c;
    }
    this.pos = p;
    this.raw(after);
    return true;
  }

  /** A JSON string, or null. */
  strOrNull(s: string | null): void {
    if (s === null) this.raw(NULL);
    else this.str(s);
  }

  /** A JSON string, with room for its length and quotes already made. */
  private strHere(s: string): void {
    const n = s.length;
    const b = this.buf;
    let p = this.pos;
    b[p++] = QUOTE;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      // Printable ASCII but `"` and `\`: one byte as it is. Anything else is escaped or encoded natively.
      if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return this.utf8(JSON.stringify(s));
      b[p++] = c;
    }
    b[p++] = QUOTE;
    this.pos = p;
  }

  /**
   * `micros / 1e6` as JSON writes it, for whole microseconds below 2^33 seconds (year 2242): the integer part,
   * then the six digits without their trailing zeros. That is the shortest text that reads back as the double
   * nearest to micros / 10^6, which is what JSON (String) writes: any shorter one lies at least 10^-6 away,
   * more than the double's spacing there. Other values are written as JSON writes the quotient.
   */
  micros(micros: number): void {
    if (!(micros >= 0 && micros < MICROS_EXACT && Math.floor(micros) === micros)) return this.num(micros / 1e6);
    const whole = Math.floor(micros / 1e6);
    if (whole <= UINT31_MAX) this.uint31(whole);
    else this.num(whole);
    // Below a million: 32-bit arithmetic.
    let fraction = (micros - whole * 1e6) | 0;
    if (fraction === 0) return;
    let width = 6;
    while (fraction % 10 === 0) {
      fraction = (fraction / 10) | 0;
      width--;
    }
    this.byte(0x2e);
    this.padded(fraction, width);
  }

  /**
   * A whole number of thousandths (what roundMs makes) as JSON writes it: the integer part, then up to three
   * digits without their trailing zeros. Exact below 2^42, where doubles are less than a thousandth apart, so
   * that this shortest text of k / 1000 is the one JSON (String) writes; other values go through `num`.
   */
  thousandths(v: number): void {
    const k = Math.round(v * 1000);
    if (!(v >= 0 && v < THOUSANDTHS_EXACT && k / 1000 === v)) return this.num(v);
    const whole = Math.floor(k / 1000);
    let fraction = k - whole * 1000;
    this.num(whole);
    if (fraction === 0) return;
    let width = 3;
    while (fraction % 10 === 0) {
      fraction /= 10;
      width--;
    }
    this.byte(0x2e);
    this.padded(fraction, width);
  }

  /** A JSON number. */
  num(n: number): void {
    if (n >= 0 && n <= Number.MAX_SAFE_INTEGER && Math.floor(n) === n) this.int(n);
    else this.ascii(Number.isFinite(n) ? String(n) : 'null');
  }

  private int(n: number): void {
    if (n <= UINT31_MAX) return this.uint31(n);
    let digits = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
    if (this.pos + digits > this.buf.length) this.grow(digits);
    const b = this.buf;
    let p = this.pos + digits;
    this.pos = p;
    let x = n;
    do {
      const q = Math.floor(x / 10);
      b[--p] = 0x30 + (x - q * 10);
      x = q;
    } while (x > 0);
  }

  /**
   * A plain object whose values are all strings, finite numbers, booleans, null or undefined (a relay), as
   * JSON writes it at `depth`: keys in their own order (Object.keys', which is JSON's), undefined ones left
   * out. False, with nothing written, for any other object.
   */
  private flat(v: object, depth: number): boolean {
    if (Object.getPrototypeOf(v) !== Object.prototype) return false;
    const keys = Object.keys(v);
    const values = v as Record<string, unknown>;
    for (let i = 0; i < keys.length; i++) {
      const x = values[keys[i]!];
      const t = typeof x;
      if (!(t === 'string' || t === 'boolean' || t === 'undefined' || x === null || (t === 'number' && Number.isFinite(x)))) return false;
    }
    this.byte(0x7b);
    let first = true;
    for (let i = 0; i < keys.length; i++) {
      const x = values[keys[i]!];
      if (x === undefined) continue;
      if (!first) this.byte(0x2c);
      first = false;
      this.raw(this.newline(depth + 1));
      this.str(keys[i]!);
      this.raw(this.pretty ? COLON_SPACE : COLON);
      this.value(x, depth + 1);
    }
    if (!first) this.raw(this.newline(depth));
    this.byte(0x7d);
    return true;
  }

  /** A value of a shape not written here (a tunnel layer): native JSON, indented to its depth. */
  private native(v: unknown, depth: number): void {
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && this.flat(v, depth)) return;
    const text = JSON.stringify(v, null, this.pretty ? INDENT : undefined);
    if (text === undefined) return this.ascii('null');
    this.utf8(this.pretty && depth > 0 ? text.replace(/\n/g, `\n${' '.repeat(depth * INDENT)}`) : text);
  }

  private newline(depth: number): Uint8Array {
    if (!this.pretty) return NOTHING;
    return NEWLINES[depth] ?? Buffer.from(`\n${' '.repeat(depth * INDENT)}`);
  }
}

/** How many decimal digits an integer in [0, 2^31) has. */
function decimalWidth(n: number): number {
  if (n < 100_000) return n < 100 ? (n < 10 ? 1 : 2) : n < 1_000 ? 3 : n < 10_000 ? 4 : 5;
  return n < 10_000_000 ? (n < 1_000_000 ? 6 : 7) : n < 100_000_000 ? 8 : n < 1_000_000_000 ? 9 : 10;
}

/** The last `width` decimal digits of `n` (an integer in [0, 2^31)), ending just before `end`, two at a time. */
function digitsInto(b: Uint8Array, end: number, n: number, width: number): void {
  let p = end;
  let x = n;
  const stop = end - width;
  while (p - stop >= 2) {
    const q = (x / 100) | 0;
    const r = (x - q * 100) << 1;
    b[--p] = PAIRS[r + 1]!;
    b[--p] = PAIRS[r]!;
    x = q;
  }
  if (p > stop) b[--p] = 0x30 + (x % 10);
}
