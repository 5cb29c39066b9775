/**
 * Tokens of ISC dhcpd's configuration syntax as its lease files use it: words, quoted strings with C escapes
 * (octal `\ooo`, `\"`, `\\`, `\n` …), the punctuation `{ } ; =`, and `#` comments to the end of the line.
 */

export type IscToken =
  | { readonly kind: 'word'; readonly text: string }
  | { readonly kind: 'string'; readonly bytes: readonly number[] }
  | { readonly kind: 'punct'; readonly text: '{' | '}' | ';' | '=' };

const PUNCT = new Set(['{', '}', ';', '=']);
const ESCAPES: Readonly<Record<string, number>> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, "'": 39 };

/** The tokens of one line; `unterminated` when a string runs off its end (ISC never writes one across lines). */
export function tokenizeLine(line: string): { tokens: IscToken[]; unterminated: boolean } {
  const tokens: IscToken[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\v' || c === '\f') {
      i++;
    } else if (c === '#') {
      break;
    } else if (PUNCT.has(c)) {
      tokens.push({ kind: 'punct', text: c as '{' | '}' | ';' | '=' });
      i++;
    } else if (c === '"') {
      const s = readString(line, i + 1);
      tokens.push({ kind: 'string', bytes: s.bytes });
      if (s.next < 0) return { tokens, unterminated: true };
      i = s.next;
    } else {
      let j = i;
      while (j < line.length && !' \t\r\v\f#"{};='.includes(line[j]!)) j++;
      tokens.push({ kind: 'word', text: line.slice(i, j) });
      i = j;
    }
  }
  return { tokens, unterminated: false };
}

/** The bytes of a string starting after its opening quote; next is -1 when the line ends first. */
function readString(line: string, from: number): { bytes: number[]; next: number } {
  const bytes: number[] = [];
  let i = from;
  while (i < line.length) {
    const c = line[i]!;
    if (c === '"') return { bytes, next: i + 1 };
    if (c !== '\\') {
      bytes.push(line.charCodeAt(i) & 0xff);
      i++;
      continue;
    }
    const octal = /^[0-7]{1,3}/.exec(line.slice(i + 1, i + 4));
    if (octal) {
      bytes.push(parseInt(octal[0], 8) & 0xff);
      i += 1 + octal[0].length;
      continue;
    }
    const e = line[i + 1];
    if (e === undefined) break;
    bytes.push(ESCAPES[e] ?? (e.charCodeAt(0) & 0xff));
    i += 2;
  }
  return { bytes, next: -1 };
}
