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
import { decodeOptionAt } from './option-decoders.js';
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

/**
 * A decoded option. Its raw bytes as hex are made only when read: nearly every reader wants the value (the
 * analysis reads the hex of the client identifier once per exchange, packet records never), and the hex of a
 * dozen options per message was a fifth of decoding. The bytes stay in one Latin-1 copy of the message's option
 * payloads (a byte per character, made natively in one piece), shared by its options.
 */
export class DecodedOption implements DhcpOption {
  constructor(
    readonly code: number,
    readonly length: number,
    readonly value: OptionValue,
    readonly offset: number,
    readonly source: DhcpOption['source'],
    /** The bytes as Latin-1 text (shared by the message's options), and where this option's payload starts in it. */
    readonly raw: string,
    readonly rawAt: number,
  ) {}

  get name(): string {
    return optionName(this.code);
  }

  get hex(): string {
    return hexOfLatin1(this.raw, this.rawAt, this.length);
  }
}

/** One DhcpOption per code, in order of first appearance; the payloads of repeated codes joined (RFC 3396). */
export function decodeOptions(b: Uint8Array, list: OptionList, problems: DecodeProblem[], toFrame: number): DhcpOption[] {
  // One option per instance unless some code repeats: then the array is allocated at its exact size.
  const options: DhcpOption[] = list.repeated ? [] : new Array<DhcpOption>(list.count);
  if (list.count === 0) return options;
  const low = list.low;
  const raw = formatLatin1(b, low, list.high - low);
  for (let k = 0; k < list.count; k++) {
    const code = list.code[k]!;
    let buf = b;
    let s = list.payload[k]!;
    let n = list.length[k]!;
    let bytes = raw;
    let at = s - low;
    if (list.repeated) {
      if (list.find(code) !== k) continue; // joined into its first instance already
      const joined = joinInstances(b, list, k);
      if (joined !== undefined) {
        buf = joined;
        s = 0;
        n = joined.length;
        bytes = formatLatin1(joined, 0, n);
        at = 0;
      }
    }
    if (code === CODE_MESSAGE_TYPE && n === 1) list.messageType = buf[s]!;
    // The first instance's place: its payload, and its code byte two before.
    const valueAt = list.payload[k]! + toFrame;
    const value = decodeOptionAt(code, buf, s, n, problems, valueAt);
    const option = new DecodedOption(code, n, value, valueAt - 2, SOURCE[list.area[k]!], bytes, at);
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
