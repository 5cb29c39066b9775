/**
 * Whole option lists that many messages share. A server answers every client of a pool with the same options
 * (message type, server id, lease times, mask, router, DNS, domain): on a DHCP-only capture about half of all
 * messages are OFFERs and ACKs whose options are byte for byte one of a hundred. A list decoded without problems
 * is kept, frozen, by its bytes and where they sit in the frame (option offsets are frame offsets), and the next
 * message with the same bytes at the same place gets the same list (and its message type) without decoding or
 * allocating it again. Lists with repeated codes (RFC 3396) and overloaded messages are decoded each time (rare).
 * The table is small and direct-mapped: a client's own lists come and go without pushing the servers' out for
 * long.
 */
import type { DhcpOption } from '../frame.js';
import type { DecodeProblem } from '../problems.js';
import { formatLatin1 } from '../format.js';
import { decodeOptions, type OptionList } from './option-list.js';

const SLOTS = 2048;
/** Longer option areas are decoded each time (comparing them costs about as much). */
const MAX_BYTES = 512;

const slotHash = new Int32Array(SLOTS);
/** Frame offset of the option area; -1: the slot is empty. */
const slotAt = new Int32Array(SLOTS).fill(-1);
const slotBytes: string[] = new Array<string>(SLOTS).fill('');
const slotOptions: (readonly DhcpOption[])[] = new Array<readonly DhcpOption[]>(SLOTS).fill([]);
const slotType: (number | undefined)[] = new Array<number | undefined>(SLOTS).fill(undefined);

/**
 * The options of the list scanned from b[start, ...) (the options field only, no overload): a shared list when the
 * same bytes were decoded at the same frame offset before, else decodeOptions' own. Sets list.messageType either way.
 */
export function decodeSharedOptions(b: Uint8Array, start: number, list: OptionList, problems: DecodeProblem[], toFrame: number): readonly DhcpOption[] {
  const n = list.high - start;
  if (list.repeated || list.count === 0 || n > MAX_BYTES) return decodeOptions(b, list, problems, toFrame);
  const at = start + toFrame;
  const h = optionListHash(b, start, n, at);
  const slot = (h ^ (h >>> 15)) & (SLOTS - 1);
  if (slotHash[slot] === h && slotAt[slot] === at) {
    const bytes = slotBytes[slot]!;
    if (bytes.length === n) {
      let k = 0;
      while (k < n && bytes.charCodeAt(k) === b[start + k]) k++;
      if (k === n) {
        list.messageType = slotType[slot];
        return slotOptions[slot]!;
      }
    }
  }
  const before = problems.length;
  const options = decodeOptions(b, list, problems, toFrame);
  if (problems.length === before) {
    slotHash[slot] = h;
    slotAt[slot] = at;
    slotBytes[slot] = formatLatin1(b, start, n);
    slotOptions[slot] = Object.freeze(options);
    slotType[slot] = list.messageType;
  }
  return options;
}

/** The hash a list is kept under (exported for the test that makes two lists collide). */
export function optionListHash(b: Uint8Array, start: number, n: number, at: number): number {
  let h = Math.imul(at + 1, 0x9e3779b1) ^ n;
  for (let k = 0; k < n; k++) h = Math.imul(h ^ b[start + k]!, 0x01000193);
  return h;
}
