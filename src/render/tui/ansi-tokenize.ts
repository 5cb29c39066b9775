/**
 * @alcalzone/ansi-tokenize with two shortcuts, for the bundle (scripts/bundle.mjs points Ink's import here).
 * Ink's Output turns every frame into a grid of styled characters and back: it tokenizes each line written
 * (the package splits it into graphemes with Intl.Segmenter) and, for every one of the 4 800 cells of a
 * 120×40 screen, works out the colour codes between a cell and the one before it (three Sets and five arrays
 * a cell, most of them empty): about half of Ink's time on the demo's first frame. Here:
 * - a line of NARROW characters (one column, a grapheme each) and SGR colour codes is tokenized by code unit,
 *   each colour code into the very tokens the package makes of it (it is asked once per distinct code);
 * - two neighbouring cells with the same codes need none between them, which is what the package's diff
 *   answers for them, without building it.
 * Anything else goes to the package; its test checks the answers against the package's.
 */
import {
  ansiCodesToString,
  diffAnsiCodes,
  tokenize as realTokenize,
  type AnsiCode,
  type StyledChar,
  type Token,
} from '@alcalzone/ansi-tokenize';
import { narrowWidth } from './string-width.js';

// What Ink's Output takes from the package besides the two below.
export { styledCharsFromTokens } from '@alcalzone/ansi-tokenize';

const ESC = 0x1b;

/** Each SGR code's tokens as the package makes them (a compound code is split, 256 and true colours kept whole). */
const codeTokens = new Map<string, Token[]>();

function tokensOfCode(code: string): Token[] {
  let tokens = codeTokens.get(code);
  if (tokens === undefined) {
    tokens = realTokenize(code);
    codeTokens.set(code, tokens);
  }
  return tokens;
}

export function tokenize(str: string, endChar = Number.POSITIVE_INFINITY): Token[] {
  if (endChar !== Number.POSITIVE_INFINITY || narrowWidth(str) < 0) return realTokenize(str, endChar);
  // narrowWidth checked every escape: ESC [ digits and semicolons m.
  const out: Token[] = [];
  for (let i = 0; i < str.length; i += 1) {
    if (str.charCodeAt(i) === ESC) {
      const end = str.indexOf('m', i);
      for (const token of tokensOfCode(str.slice(i, end + 1))) out.push(token);
      i = end;
    } else out.push({ type: 'char', value: str[i]!, fullWidth: false });
  }
  return out;
}

function sameCodes(a: AnsiCode[], b: AnsiCode[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i]!.code !== b[i]!.code || a[i]!.endCode !== b[i]!.endCode) return false;
  return true;
}

export function styledCharsToString(chars: StyledChar[]): string {
  let ret = '';
  for (let i = 0; i < chars.length; i += 1) {
    const char = chars[i]!;
    if (i === 0) ret += ansiCodesToString(char.styles);
    else if (!sameCodes(chars[i - 1]!.styles, char.styles)) ret += ansiCodesToString(diffAnsiCodes(chars[i - 1]!.styles, char.styles));
    ret += char.value;
    // Close what is still open at the end of the line.
    if (i === chars.length - 1 && char.styles.length > 0) ret += ansiCodesToString(diffAnsiCodes(char.styles, []));
  }
  return ret;
}
