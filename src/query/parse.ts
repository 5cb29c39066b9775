/**
 * The filter grammar:
 *   expr    := or
 *   or      := and (("or" | "||") and)*
 *   and     := unary (("and" | "&&")? unary)*        two terms side by side mean "and"
 *   unary   := ("not" | "!") unary | primary
 *   primary := "(" expr ")" | FIELD OP value | value   a lone value searches every text field
 *   OP      := = | == | != | < | > | <= | >= | ~
 *   value   := word | "quoted" | /regex/flags
 * Keywords are case-insensitive. Field values are checked here (numbers, durations, regexes), so matching
 * never fails.
 */
import { FIELDS, isField, type FieldName, type FieldSpec } from './fields.js';
import { FilterSyntaxError, tokenize, type Op, type Token } from './lexer.js';

export type Test =
  | { readonly kind: 'text'; readonly lower: string }
  | { readonly kind: 'regex'; readonly re: RegExp }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'cidr'; readonly base: number; readonly mask: number };

export type FilterNode =
  | { readonly kind: 'and'; readonly left: FilterNode; readonly right: FilterNode }
  | { readonly kind: 'or'; readonly left: FilterNode; readonly right: FilterNode }
  | { readonly kind: 'not'; readonly node: FilterNode }
  | { readonly kind: 'compare'; readonly field: FieldName; readonly op: Op; readonly test: Test }
  /** A lone value: found in any text field of the row. */
  | { readonly kind: 'search'; readonly test: Test };

export interface Filter {
  readonly text: string;
  readonly root: FilterNode | null;
}

export type ParseResult =
  | { readonly ok: true; readonly filter: Filter }
  | { readonly ok: false; readonly error: { readonly message: string; readonly column: number } };

/** Regexes are bounded: a long or nested-quantifier pattern could take exponential time on a crafted value. */
export const MAX_REGEX = 200;
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[+*}?](?:[^()\\]|\\.)*\)[+*{]/;
const BACKREFERENCE = /\\[1-9]|\\k</;

const DURATION_UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseFilter(text: string): ParseResult {
  try {
    const parser = new Parser(tokenize(text));
    return { ok: true, filter: { text, root: parser.parseAll() } };
  } catch (e) {
    if (e instanceof FilterSyntaxError) return { ok: false, error: { message: e.message, column: e.column } };
    throw e;
  }
}

/** "column 12: expected a value after =" — the one-line form used by the CLI and the TUI footer. */
export function describeFilterError(error: { readonly message: string; readonly column: number }): string {
  return `column ${error.column}: ${error.message}`;
}

const isKeyword = (t: Token, ...words: string[]): boolean => t.kind === 'word' && words.includes(t.text.toLowerCase());

class Parser {
  private at = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  parseAll(): FilterNode | null {
    if (this.peek().kind === 'end') return null;
    const node = this.or();
    const t = this.peek();
    if (t.kind !== 'end') throw new FilterSyntaxError(t.kind === 'paren' ? 'unmatched )' : `unexpected ${show(t)}`, t.column);
    return node;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.at + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const t = this.peek();
    this.at = Math.min(this.at + 1, this.tokens.length - 1);
    return t;
  }

  private or(): FilterNode {
    let left = this.and();
    while (isKeyword(this.peek(), 'or', '||')) {
      this.next();
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): FilterNode {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (isKeyword(t, 'and', '&&')) this.next();
      else if (t.kind === 'end' || (t.kind === 'paren' && t.text === ')') || isKeyword(t, 'or', '||')) return left;
      left = { kind: 'and', left, right: this.unary() };
    }
  }

  private unary(): FilterNode {
    if (isKeyword(this.peek(), 'not')) {
      this.next();
      return { kind: 'not', node: this.unary() };
    }
    return this.primary();
  }

  private primary(): FilterNode {
    const t = this.next();
    if (t.kind === 'paren' && t.text === '(') {
      const after = this.peek();
      if (after.kind === 'paren' && after.text === ')') throw new FilterSyntaxError('empty parentheses', after.column);
      const node = this.or();
      const close = this.next();
      if (close.kind !== 'paren' || close.text !== ')') throw new FilterSyntaxError(`missing ) for the ( at column ${t.column}`, close.column);
      return node;
    }
    if (t.kind === 'end') throw new FilterSyntaxError('expression ends where a term was expected', t.column);
    if (t.kind === 'paren') throw new FilterSyntaxError('unmatched )', t.column);
    if (t.kind === 'op') throw new FilterSyntaxError(`${t.text} needs a field name before it`, t.column);
    if (isKeyword(t, 'and', 'or', '&&', '||')) throw new FilterSyntaxError(`"${t.text}" needs a term before it`, t.column);
    const op = this.peek();
    if (op.kind === 'op') {
      if (t.kind !== 'word') throw new FilterSyntaxError(`${op.text} needs a field name before it`, t.column);
      const name = t.text.toLowerCase();
      if (!isField(name)) throw new FilterSyntaxError(`unknown field "${t.text}" (fields: ${Object.keys(FIELDS).join(', ')})`, t.column);
      this.next();
      const value = this.next();
      if (value.kind !== 'word' && value.kind !== 'string' && value.kind !== 'regex') {
        throw new FilterSyntaxError(`expected a value after ${op.text}`, value.column);
      }
      return { kind: 'compare', field: name, op: op.text, test: fieldTest(name, FIELDS[name], op.text, value) };
    }
    return { kind: 'search', test: textTest(t) };
  }
}

function show(t: Token): string {
  return t.kind === 'end' ? 'end' : `"${t.text}"`;
}

type ValueToken = Extract<Token, { kind: 'word' | 'string' | 'regex' }>;

function textTest(t: Token): Test {
  if (t.kind === 'regex') return { kind: 'regex', re: compileRegex(t) };
  if (t.kind === 'word' || t.kind === 'string') return { kind: 'text', lower: dashedMac(t.text.toLowerCase()) };
  throw new FilterSyntaxError(`unexpected ${show(t)}`, t.column);
}

/** A MAC (or its start) written the Windows way, 52-54-00-ab, searches as 52:54:00:ab. */
function dashedMac(lower: string): string {
  return /^([0-9a-f]{2}-){1,5}[0-9a-f]{0,2}$/.test(lower) ? lower.replaceAll('-', ':') : lower;
}

function compileRegex(t: Extract<Token, { kind: 'regex' }>): RegExp {
  if (t.text.length > MAX_REGEX) throw new FilterSyntaxError(`regex longer than ${MAX_REGEX} characters`, t.column);
  if (NESTED_QUANTIFIER.test(t.text)) throw new FilterSyntaxError('regex repeats a repeated group (can take exponential time): simplify it', t.column);
  if (BACKREFERENCE.test(t.text)) throw new FilterSyntaxError('regex back-references are not supported', t.column);
  if (!/^[imsu]*$/.test(t.flags)) throw new FilterSyntaxError(`regex flags may be i, m, s or u, not "${t.flags}"`, t.column);
  try {
    // Case-insensitive unless the pattern has capitals and no flags were given: like smartcase in less/vim.
    const flags = t.flags !== '' ? t.flags : /[A-Z]/.test(t.text.replace(/\\./g, '')) ? '' : 'i';
    return new RegExp(t.text, flags);
  } catch (e) {
    throw new FilterSyntaxError(`bad regex: ${e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : String(e)}`, t.column);
  }
}

function fieldTest(name: FieldName, spec: FieldSpec, op: Op, t: ValueToken): Test {
  const ordered = op === '<' || op === '>' || op === '<=' || op === '>=';
  switch (spec.type) {
    case 'text':
    case 'mac':
    case 'xid':
    case 'ip': {
      if (ordered) throw new FilterSyntaxError(`${name} is compared with = != ~, not ${op}`, t.column);
      if (t.kind === 'regex') {
        if (op !== '~') throw new FilterSyntaxError(`a /regex/ goes with ~ (${name}~/…/)`, t.column);
        return { kind: 'regex', re: compileRegex(t) };
      }
      if (spec.type === 'ip' && op !== '~' && t.text.includes('/')) return cidr(t);
      return { kind: 'text', lower: normalise(spec.type, t.text, op) };
    }
    case 'number':
    case 'duration':
    case 'severity': {
      if (op === '~') throw new FilterSyntaxError(`${name} is compared with = != < > <= >=, not ~`, t.column);
      if (t.kind === 'regex') throw new FilterSyntaxError(`${name} takes a ${spec.type === 'severity' ? 'severity' : 'number'}, not a regex`, t.column);
      const value = spec.type === 'severity' ? severityRank(t) : spec.type === 'duration' ? duration(t, spec.unitMs ?? 1) : number(t);
      return { kind: 'number', value };
    }
  }
}

function normalise(type: 'text' | 'mac' | 'xid' | 'ip', text: string, op: Op): string {
  const lower = text.toLowerCase();
  if (type === 'mac') return lower.replaceAll('-', ':');
  if (type === 'xid' && op !== '~') {
    const hex = lower.replace(/^0x/, '');
    if (/^[0-9a-f]{1,8}$/.test(hex)) return `0x${hex.padStart(8, '0')}`;
  }
  return lower;
}

function number(t: ValueToken): number {
  const n = Number(t.text);
  if (t.text.trim() === '' || !Number.isFinite(n)) throw new FilterSyntaxError(`not a number: "${t.text}"`, t.column);
  return n;
}

function duration(t: ValueToken, unitMs: number): number {
  const m = /^(\d+(?:\.\d+)?)([a-z]*)$/i.exec(t.text.trim());
  const scale = m ? (m[2] === '' ? unitMs : DURATION_UNITS[m[2]!.toLowerCase()]) : undefined;
  if (!m || scale === undefined) throw new FilterSyntaxError(`not a duration: "${t.text}" (like 500ms, 2s, 1m, 1h, 1d)`, t.column);
  return Number(m[1]) * scale;
}

export const SEVERITY_RANK: Readonly<Record<string, number>> = { info: 0, warning: 1, error: 2 };

function severityRank(t: ValueToken): number {
  const rank = SEVERITY_RANK[t.text.toLowerCase()];
  if (rank === undefined) throw new FilterSyntaxError(`severity is info, warning or error, not "${t.text}"`, t.column);
  return rank;
}

function cidr(t: ValueToken): Test {
  const m = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(t.text);
  const base = m ? ipNumber(m[1]!) : undefined;
  const bits = m ? Number(m[2]) : 99;
  if (base === undefined || bits > 32) throw new FilterSyntaxError(`not an address block: "${t.text}" (like 10.0.0.0/8)`, t.column);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { kind: 'cidr', base: (base & mask) >>> 0, mask };
}

/** 10.1.2.3 → its 32-bit number; undefined when not a dotted quad. Read by character: it runs on every value a filter compares. */
export function ipNumber(ip: string): number | undefined {
  let n = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 0x2e) {
      if (digits === 0 || dots === 3 || part > 255) return undefined;
      n = n * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else if (c >= 0x30 && c <= 0x39 && digits < 3) {
      part = part * 10 + (c - 0x30);
      digits++;
    } else return undefined;
  }
  if (digits === 0 || dots !== 3 || part > 255) return undefined;
  return n * 256 + part;
}
