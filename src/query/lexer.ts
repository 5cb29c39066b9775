/**
 * Tokens of a filter expression, each with the column (1-based) it starts at so errors can point there.
 * Pure TypeScript, no node: imports: the HTML page inlines this module.
 */

export type Token =
  | { readonly kind: 'word'; readonly text: string; readonly column: number }
  | { readonly kind: 'string'; readonly text: string; readonly column: number }
  | { readonly kind: 'regex'; readonly text: string; readonly flags: string; readonly column: number }
  | { readonly kind: 'op'; readonly text: Op; readonly column: number }
  | { readonly kind: 'paren'; readonly text: '(' | ')'; readonly column: number }
  | { readonly kind: 'end'; readonly column: number };

export type Op = '=' | '!=' | '<' | '>' | '<=' | '>=' | '~';

export class FilterSyntaxError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(message);
  }
}

/** Longest operators first, so `!=` is not read as `!` then `=`. `==` is Wireshark's spelling of `=`. */
const OPS: readonly (readonly [string, Op])[] = [
  ['==', '='], ['!=', '!='], ['<=', '<='], ['>=', '>='], ['=', '='], ['<', '<'], ['>', '>'], ['~', '~'],
];
const WORD_END = /[\s()=!<>~"]/;
/** Expressions are typed by people; anything longer is a paste gone wrong (and bounds the work). */
export const MAX_EXPRESSION = 2000;

export function tokenize(text: string): Token[] {
  if (text.length > MAX_EXPRESSION) throw new FilterSyntaxError(`expression longer than ${MAX_EXPRESSION} characters`, MAX_EXPRESSION + 1);
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const column = i + 1;
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    if (c === '(' || c === ')') {
      tokens.push({ kind: 'paren', text: c, column });
      i += 1;
      continue;
    }
    const op = OPS.find(([spelling]) => text.startsWith(spelling, i));
    if (op) {
      tokens.push({ kind: 'op', text: op[1], column });
      i += op[0].length;
      continue;
    }
    if (c === '!') {
      // `!` alone is `not`.
      tokens.push({ kind: 'word', text: 'not', column });
      i += 1;
      continue;
    }
    if (c === '"' || c === "'") {
      const [value, next] = quoted(text, i, c);
      tokens.push({ kind: 'string', text: value, column });
      i = next;
      continue;
    }
    if (c === '/' && startsRegex(tokens)) {
      const [source, flags, next] = regex(text, i);
      tokens.push({ kind: 'regex', text: source, flags, column });
      i = next;
      continue;
    }
    let j = i;
    while (j < text.length && !WORD_END.test(text[j]!)) j += 1;
    tokens.push({ kind: 'word', text: text.slice(i, j), column });
    i = j;
  }
  tokens.push({ kind: 'end', column: text.length + 1 });
  return tokens;
}

/** A `/` starts a regex after an operator or where a term may start; elsewhere it is part of a word (10.0.0.0/8). */
function startsRegex(tokens: readonly Token[]): boolean {
  const last = tokens.at(-1);
  return last === undefined || last.kind === 'op' || (last.kind === 'paren' && last.text === '(') || (last.kind === 'word' && /^(and|or|not|&&|\|\|)$/i.test(last.text));
}

function quoted(text: string, start: number, quote: string): [string, number] {
  let out = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      out += text[i + 1];
      i += 2;
      continue;
    }
    if (c === quote) return [out, i + 1];
    out += c;
    i += 1;
  }
  throw new FilterSyntaxError('unterminated quoted string', start + 1);
}

function regex(text: string, start: number): [string, string, number] {
  let i = start + 1;
  let inClass = false;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) {
      let j = i + 1;
      while (j < text.length && /[a-z]/i.test(text[j]!)) j += 1;
      return [text.slice(start + 1, i), text.slice(i + 1, j), j];
    }
    i += 1;
  }
  throw new FilterSyntaxError('unterminated /regex/', start + 1);
}
