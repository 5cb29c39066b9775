/**
 * string-width with a fast path, for the bundle (scripts/bundle.mjs points Ink's imports of string-width
 * here). Ink measures every new line of every frame; string-width's own fast path is printable ASCII only,
 * and any other line (the TUI's · → ─ █ ✓ ...) went through Intl.Segmenter and emoji regexes per grapheme:
 * about a sixth of the CPU before the first frame. A line made only of the characters below, each one column
 * wide and a grapheme of its own, and of colour codes, is as wide as its characters are many; anything else
 * goes to string-width itself, so the answer is always string-width's (test/render/tui/string-width.test.ts
 * checks every character of the set).
 */
import realStringWidth from 'string-width';

type Options = Parameters<typeof realStringWidth>[1];

/** Code points below this are looked up in NARROW. */
const LIMIT = 0x2800;

/** Ranges (inclusive) of characters one column wide on their own (East Asian narrow, neutral or ambiguous read as narrow). */
const RANGES: readonly (readonly [number, number])[] = [
  [0x20, 0x7e],
  [0xa0, 0xac],
  // 0xAD, the soft hyphen, is a format character: zero wide.
  [0xae, 0xff],
  [0x391, 0x3a1],
  [0x3a3, 0x3a9],
  [0x3b1, 0x3c9],
  [0x2010, 0x2027],
  [0x2030, 0x203a],
  [0x2190, 0x21ff],
  [0x2200, 0x22ff],
  [0x2300, 0x2319],
  [0x231c, 0x2328],
  [0x232b, 0x23e8],
  [0x2500, 0x25fc],
  [0x25ff, 0x25ff],
  [0x2713, 0x2717],
  [0x27f0, 0x27ff],
];

export const NARROW: Uint8Array = (() => {
  const table = new Uint8Array(LIMIT);
  for (const [from, to] of RANGES) table.fill(1, from, to + 1);
  return table;
})();

const ESC = 0x1b;

/**
 * The width of a line of NARROW characters and SGR codes (ESC [ digits and semicolons m, which string-width
 * strips, as Ink's colours are written), or -1 for anything else.
 */
export function narrowWidth(input: string): number {
  let width = 0;
  for (let i = 0; i < input.length; i += 1) {
    const c = input.charCodeAt(i);
    if (c === ESC) {
      if (input.charCodeAt(i + 1) !== 0x5b) return -1;
      let j = i + 2;
      for (let d = input.charCodeAt(j); (d >= 0x30 && d <= 0x39) || d === 0x3b; d = input.charCodeAt(++j));
      if (input.charCodeAt(j) !== 0x6d) return -1;
      i = j;
    } else if (c < LIMIT && NARROW[c] === 1) width += 1;
    else return -1;
  }
  return width;
}

export default function stringWidth(input: string, options?: Options): number {
  if (typeof input === 'string' && (options === undefined || (options.ambiguousIsNarrow !== false && options.countAnsiEscapeCodes !== true))) {
    const width = narrowWidth(input);
    if (width >= 0) return width;
  }
  return realStringWidth(input, options);
}
