/**
 * Option values that many messages share, decoded once. A network's clients send a few parameter request lists
 * (one per operating system), its servers hand out a few routers, DNS lists and domain names, and each relay
 * tags every message it forwards with the same relay agent information: on a DHCP-only capture nearly every
 * list, text and structure a message carries is one of a handful. Such a value is kept, frozen, by its code and
 * bytes, and the next message with the same bytes gets the same value without decoding or allocating anything.
 *
 * A decoder's value and problems depend on the payload's bytes only, so a value decoded without problems is kept
 * and a kept value has none. Values that are per client (host name, client id, requested address, FQDN, machine
 * id) are not kept: they would only push the shared ones out. Numbers and single addresses are not either: they
 * cost nothing to make (an address comes from the decoder's address table already). The table is small and
 * direct-mapped: a value that loses its slot is decoded again when it comes back.
 */
import type { OptionValue } from '../frame.js';
import type { DecodeProblem } from '../problems.js';
import { decodeOptionAt } from './option-decoders.js';
import { optionSpec } from './options.js';

const SLOTS = 1024;
/** Longer payloads are decoded each time (they are rare, and comparing them costs as much). */
const MAX_BYTES = 64;

/** Codes whose value is made afresh per client, or costs nothing to make (53: a name from a table). */
const NOT_KEPT: ReadonlySet<number> = new Set([12, 50, 53, 61, 81, 97, 118]);
const CHEAP: ReadonlySet<string> = new Set(['none', 'flag', 'ip', 'u8', 'u16', 'u32', 'i32', 'bool']);
/** kept[code]: the code's values go through the table. */
const KEPT: readonly boolean[] = Array.from({ length: 256 }, (_, code) => !NOT_KEPT.has(code) && !CHEAP.has(optionSpec(code).type));

const slotCode = new Int32Array(SLOTS).fill(-1);
const slotHash = new Int32Array(SLOTS);
/** The payload of each slot's value, as Latin-1 text (one character per byte). */
const slotBytes: string[] = new Array<string>(SLOTS).fill('');
const slotValue: OptionValue[] = new Array<OptionValue>(SLOTS).fill(null);

/** As decodeOptionAt, giving a shared frozen value when these bytes were decoded before. */
export function decodeSharedValue(
  code: number,
  b: Uint8Array,
  s: number,
  n: number,
  problems: DecodeProblem[],
  valueOffset: number,
): OptionValue {
  if (!KEPT[code] || n > MAX_BYTES) return decodeOptionAt(code, b, s, n, problems, valueOffset);
  const h = valueHash(code, b, s, n);
  const slot = (h ^ (h >>> 15)) & (SLOTS - 1);
  if (slotHash[slot] === h && slotCode[slot] === code) {
    const bytes = slotBytes[slot]!;
    if (bytes.length === n) {
      let k = 0;
      while (k < n && bytes.charCodeAt(k) === b[s + k]) k++;
      if (k === n) return slotValue[slot]!;
    }
  }
  const before = problems.length;
  const value = decodeOptionAt(code, b, s, n, problems, valueOffset);
  if (problems.length === before) {
    slotCode[slot] = code;
    slotHash[slot] = h;
    slotBytes[slot] = String.fromCharCode.apply(null, Array.from(b.subarray(s, s + n)));
    slotValue[slot] = deepFreeze(value);
  }
  return value;
}

/** The hash a value is kept under (exported for the test that makes two payloads collide). */
export function valueHash(code: number, b: Uint8Array, s: number, n: number): number {
  let h = Math.imul(code + 1, 0x9e3779b1) ^ n;
  for (let k = 0; k < n; k++) h = Math.imul(h ^ b[s + k]!, 0x01000193);
  return h;
}

/** Values are plain JSON-like data at most a few levels deep: lists of texts, numbers or small records. */
function deepFreeze(v: OptionValue): OptionValue {
  if (v !== null && typeof v === 'object') {
    for (const inner of Object.values(v)) deepFreeze(inner as OptionValue);
    Object.freeze(v);
  }
  return v;
}
