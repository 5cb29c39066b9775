/**
 * The options of one message, in two steps: `scanOptions` finds each instance (code, where its payload is, its
 * length, the area it is in) and notes it in a reused list of typed arrays; `decodeOptions` then makes one
 * DhcpOption per code, reading each payload in place. Nearly every message has each code once, and then no
 * byte is copied and nothing is allocated but the options themselves. A code that appears more than once is
 * split (RFC 3396): its instances' payloads are joined, in order, into one value at the first one's place.
 * Decoding is synchronous and never re-enters itself, so one list serves every message.
 */
import type { DhcpOption, OptionValue } from '../frame.js';
import { formatLatin1, hexOfLatin1 } from '../format.js';
import { OPTION_AREA, problem, type DecodeProblem } from '../problems.js';
import { decodeSharedValue } from './value-cache.js';
import { optionName } from './options.js';

export type OptionArea = (typeof OPTION_AREA)[keyof typeof OPTION_AREA];

/** DhcpOption.source by area: nothing for the options field itself. */
const SOURCE: readonly DhcpOption['source'][] = [undefined, 'file', 'sname'];

const CODE_OVERLOAD = 52;
const CODE_MESSAGE_TYPE = 53;

/** The option instances of the message being decoded. */
export class OptionList {
  count = 0;
  /** True when some code appears more than once (only then are instances grouped by code). */
  repeated = false;
  /** Set by decodeOptions: the message type (53) when its (joined) value is one byte, as it is valid. */
  messageType: number | undefined;
  /** The buffer range the instances' payloads span (low: first payload index, high: last payload end). */
  low = 0;
  high = 0;
  code = new Uint8Array(64);
  /** Buffer index of the payload (the byte after the length). */
  payload = new Int32Array(64);
  length = new Uint8Array(64);
  area = new Uint8Array(64);
  /** seen[code] === stamp: the code has an instance in this message (stamps save clearing 256 slots each time). */
  private readonly seen = new Uint32Array(256);
  private stamp = 0;
  /** Index of each seen code's first instance. */
  private readonly first = new Int32Array(256);

  clear(): void {
    this.count = 0;
    this.repeated = false;
    this.messageType = undefined;
    this.low = 0x7fffffff;
    this.high = 0;
    if (++this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 1;
    }
  }

  push(code: number, payload: number, length: number, area: OptionArea): void {
    if (this.count === this.code.length) this.grow();
    const k = this.count++;
    this.code[k] = code;
    this.payload[k] = payload;
    this.length[k] = length;
    this.area[k] = area;
    if (payload < this.low) this.low = payload;
    if (payload + length > this.high) this.high = payload + length;
    if (this.seen[code] === this.stamp) {
      this.repeated = true;
    } else {
      this.seen[code] = this.stamp;
      this.first[code] = k;
    }
  }

  /** Index of the first instance of `code` at or after `from`, or -1. */
  find(code: number, from = 0): number {
    if (this.seen[code] !== this.stamp) return -1;
    if (from === 0) return this.first[code]!;
    for (let k = from; k < this.count; k++) if (this.code[k] === code) return k;
    return -1;
  }

  /** Option overload (52): the first byte of its first instance (scanned before file and sname are), or 0. */
  overload(b: Uint8Array): number {
    const k = this.find(CODE_OVERLOAD);
    return k >= 0 && this.length[k]! >= 1 ? b[this.payload[k]!]! : 0;
  }

  private grow(): void {
    const size = this.code.length * 2;
    const bigger = <T extends Uint8Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const c = make(size);
      c.set(a);
      return c;
    };
    this.code = bigger(this.code, (n) => new Uint8Array(n));
    this.payload = bigger(this.payload, (n) => new Int32Array(n));
    this.length = bigger(this.length, (n) => new Uint8Array(n));
    this.area = bigger(this.area, (n) => new Uint8Array(n));
  }
}

/**
 * Reads code/length/value triples in b[start, end) into `list`. Pad is skipped, End stops. An option running
 * past the end stops the scan (the options before it are kept). A missing End is reported in `file`/`sname` as
 * well: RFC 2131 requires an End there too. `toFrame`: added to a buffer index gives the frame offset.
 */
export function scanOptions(
  b: Uint8Array,
  start: number,
  end: number,
  area: OptionArea,
  list: OptionList,
  problems: DecodeProblem[],
  toFrame: number,
): void {
  let pos = start;
  while (pos < end) {
    const code = b[pos]!;
    if (code === 0) {
      pos++;
      continue;
    }
    if (code === 255) return;
    if (pos + 1 >= end) {
      problems.push(problem('OPTION_LENGTH_MISSING', pos + toFrame, code, area));
      return;
    }
    const len = b[pos + 1]!;
    if (pos + 2 + len > end) {
      problems.push(problem('OPTION_OVERRUN', pos + 1 + toFrame, code, area, len, end - pos - 2));
      return;
    }
    list.push(code, pos + 2, len, area);
    pos += 2 + len;
  }
  problems.push(problem('NO_END_OPTION', end + toFrame, area));
}

/** The bytes of a message's option payloads as Latin-1 text (a character per byte), and the frame offset of the first. */
export class OptionBytes {
  constructor(
    readonly text: string,
    readonly frameOffset: number,
  ) {}
}

// An option's code and where its payload is, packed in one small integer: the payload's index in the shared text
// (11 bits: an option area fits an Ethernet frame), its area (2 bits), its length (8 bits: one instance), a bit
// for an option with bytes of its own (joined from instances, RFC 3396, or further into a big message than the
// index reaches: its text is then its whole payload, of any length), and the code (8 bits): 30 bits in all.
const AT_BITS = 11;
const AT_MASK = (1 << AT_BITS) - 1;
const AREA_SHIFT = AT_BITS;
const LENGTH_SHIFT = AT_BITS + 2;
const OWN_BYTES = 1 << (LENGTH_SHIFT + 8);
const CODE_SHIFT = LENGTH_SHIFT + 9;

/**
 * A decoded option: its value, and its code and where its bytes are in one number. Code, name, length, offset,
 * source and the raw bytes as hex are read through getters: nearly every reader wants the value (the analysis
 * reads the hex of the client identifier once per exchange, packet records never), and the hex of a dozen
 * options per message was a fifth of decoding. Three fields instead of seven: a message's options are most of
 * what decoding it allocates.
 */
export class DecodedOption implements DhcpOption {
  constructor(
    readonly value: OptionValue,
    /** The message's option bytes (shared by its options), or this option's own. */
    private readonly bytes: OptionBytes,
    private readonly place: number,
  ) {}

  get code(): number {
    return this.place >>> CODE_SHIFT;
  }

  get name(): string {
    return optionName(this.code);
  }

  get length(): number {
    return (this.place & OWN_BYTES) !== 0 ? this.bytes.text.length : (this.place >> LENGTH_SHIFT) & 0xff;
  }

  /** The first instance's code byte, two before its payload. */
  get offset(): number {
    return this.bytes.frameOffset + (this.place & AT_MASK) - 2;
  }

  get source(): DhcpOption['source'] {
    return SOURCE[(this.place >> AREA_SHIFT) & 3];
  }

  get hex(): string {
    return hexOfLatin1(this.bytes.text, this.place & AT_MASK, this.length);
  }
}

/** One DhcpOption per code, in order of first appearance; the payloads of repeated codes joined (RFC 3396). */
export function decodeOptions(b: Uint8Array, list: OptionList, problems: DecodeProblem[], toFrame: number): DhcpOption[] {
  // One option per instance unless some code repeats: then the array is allocated at its exact size.
  const options: DhcpOption[] = list.repeated ? [] : new Array<DhcpOption>(list.count);
  if (list.count === 0) return options;
  const low = list.low;
  const shared = new OptionBytes(formatLatin1(b, low, list.high - low), low + toFrame);
  for (let k = 0; k < list.count; k++) {
    const code = list.code[k]!;
    let buf = b;
    let s = list.payload[k]!;
    let n = list.length[k]!;
    const area = list.area[k]! << AREA_SHIFT;
    let bytes = shared;
    let place = (s - low) | area | (n << LENGTH_SHIFT) | (code << CODE_SHIFT);
    if (list.repeated) {
      if (list.find(code) !== k) continue; // joined into its first instance already
      const joined = joinInstances(b, list, k);
      if (joined !== undefined) {
        buf = joined;
        s = 0;
        n = joined.length;
      }
    }
    if (buf !== b || s - low > AT_MASK) {
      // Joined, or (only when called on a huge buffer) beyond the packed index: bytes of its own.
      bytes = new OptionBytes(formatLatin1(buf, s, n), list.payload[k]! + toFrame);
      place = area | OWN_BYTES | (code << CODE_SHIFT);
    }
    if (code === CODE_MESSAGE_TYPE && n === 1) list.messageType = buf[s]!;
    // The first instance's place: its payload, and its code byte two before.
    const value = decodeSharedValue(code, buf, s, n, problems, list.payload[k]! + toFrame);
    const option = new DecodedOption(value, bytes, place);
    if (list.repeated) options.push(option);
    else options[k] = option;
  }
  return options;
}

/** The payloads of every instance of the code of instance `first`, joined; undefined when it has only one. */
function joinInstances(b: Uint8Array, list: OptionList, first: number): Uint8Array | undefined {
  const code = list.code[first]!;
  let total = 0;
  let instances = 0;
  for (let k = first; k >= 0; k = list.find(code, k + 1)) {
    total += list.length[k]!;
    instances++;
  }
  if (instances === 1) return undefined;
  const data = new Uint8Array(total);
  let p = 0;
  for (let k = first; k >= 0; k = list.find(code, k + 1)) {
    const at = list.payload[k]!;
    data.set(b.subarray(at, at + list.length[k]!), p);
    p += list.length[k]!;
  }
  return data;
}
