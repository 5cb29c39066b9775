/** Evaluating a parsed filter against one row, through the row kind's field table (rows.ts). */
import { FIELDS, type FieldName } from './fields.js';
import type { Op } from './lexer.js';
import { ipNumber, SEVERITY_RANK, type Filter, type FilterNode, type Test } from './parse.js';
import type { RowFields, Value } from './rows.js';
import type { Report } from '../report/types.js';

/** A regex runs on at most this much of a value (report values are short; this bounds a crafted one). */
const MAX_SUBJECT = 512;
const SEARCHED = Object.entries(FIELDS)
  .filter(([, spec]) => spec.type !== 'number' && spec.type !== 'duration')
  .map(([name]) => name as FieldName);
const SEARCHED_SET: ReadonlySet<FieldName> = new Set(SEARCHED);

/**
 * `report`: what the row kind's fields look things up in (the Report; the HTML page passes its own data).
 * `keep`: the row is one of the report's own (kept between filters), not a record read again for the call.
 */
export function matchRow<T, C = Report>(filter: Filter, row: T, report: C, fields: RowFields<T, C>, keep = true): boolean {
  if (filter.root === null) return true;
  const texts = keep && typeof report === 'object' && report !== null ? searchTexts.get(report) : undefined;
  return evaluate(filter.root, row, report, fields, texts);
}

function evaluate<T, C>(node: FilterNode, row: T, report: C, fields: RowFields<T, C>, texts: WeakMap<object, string> | undefined): boolean {
  switch (node.kind) {
    case 'and':
      return evaluate(node.left, row, report, fields, texts) && evaluate(node.right, row, report, fields, texts);
    case 'or':
      return evaluate(node.left, row, report, fields, texts) || evaluate(node.right, row, report, fields, texts);
    case 'not':
      return !evaluate(node.node, row, report, fields, texts);
    case 'compare': {
      // A text test holds only for a value that contains it, and a row's search text holds every value of a
      // searched field lowercased: where the text is kept and lacks the word, no value can hold it, and the
      // row's values (its steps' among them, spread over the heap) need not be visited. `type == NAK` over
      // 97 000 exchanges then reads one string each.
      if (texts && node.test.kind === 'text' && SEARCHED_SET.has(node.field) && typeof row === 'object' && row !== null) {
        const text = texts.get(row);
        if (text !== undefined && !text.includes(node.test.lower)) return node.op === '!=';
      }
      const values = fields[node.field]?.(row, report) ?? [];
      // `a != v` is `not (a = v)`: a row with no such value is "not equal".
      if (node.op === '!=') return !values.some((v) => v != null && holds(node.field, '=', node.test, v));
      return values.some((v) => v != null && holds(node.field, node.op, node.test, v));
    }
    case 'search':
      if (texts && node.test.kind === 'text' && typeof row === 'object' && row !== null && !node.test.lower.includes(SEPARATOR)) {
        return searchText(texts, row, report, fields).includes(node.test.lower);
      }
      return SEARCHED.some((name) => (fields[name]?.(row, report) ?? []).some((v) => v != null && found(node.test, String(v))));
  }
}

/**
 * Every searched value of a row, lowercased and joined, kept per report and row once `keepSearchTexts` asked
 * for it: a word typed again and again (the TUI's `/`) is then one `includes` per row instead of every field's
 * values (96 000 exchanges: 35 ms instead of 750). It costs memory (22 MB for those, each value once) and a first search half
 * as long again, so a one-off filter (--filter) does without. A text that holds the separator cannot span two
 * values, so the answer is the same as asking each value.
 */
const SEPARATOR = '\u0000';
const searchTexts = new WeakMap<object, WeakMap<object, string>>();

/** Searches of this report will come again and again (an interactive view): keep each row's search text. */
export function keepSearchTexts(report: Report): void {
  if (!searchTexts.has(report)) searchTexts.set(report, new WeakMap());
}

/**
 * Builds a row's search text before any search asks for it (the TUI, between keys), when `keepSearchTexts`
 * was called for the report; the first search is then as quick as the next ones.
 */
export function prepareSearchText<T extends object, C = Report>(row: T, report: C, fields: RowFields<T, C>): void {
  const texts = typeof report === 'object' && report !== null ? searchTexts.get(report) : undefined;
  if (texts) searchText(texts, row, report, fields);
}

function searchText<T extends object, C>(rows: WeakMap<object, string>, row: T, report: C, fields: RowFields<T, C>): string {
  let text = rows.get(row);
  if (text === undefined) {
    // Each value once: a word is found within one value (it cannot hold the separator), so a repeated one
    // (the client's MAC and the server on every step) adds nothing but length (97 000 exchanges: 23 -> 14 MB).
    // A row holds a few dozen values at most: a list looked through is cheaper than a Set (97 000 exchanges:
    // about a tenth less), and a value's own text is looked for before it is lowercased (most are lower case).
    const values: string[] = [];
    for (const name of SEARCHED) {
      const held = fields[name]?.(row, report);
      if (held === undefined) continue;
      for (const v of held) {
        if (v == null) continue;
        const raw = typeof v === 'string' ? v : String(v);
        if (values.includes(raw)) continue;
        const lower = raw.toLowerCase();
        if (lower === raw || !values.includes(lower)) values.push(lower);
      }
    }
    text = values.join(SEPARATOR);
    rows.set(row, text);
  }
  return text;
}

function found(test: Test, value: string): boolean {
  if (test.kind === 'text') return value.toLowerCase().includes(test.lower);
  if (test.kind === 'regex') return test.re.test(value.slice(0, MAX_SUBJECT));
  return false;
}

function holds(field: FieldName, op: Op, test: Test, value: Value): boolean {
  switch (test.kind) {
    case 'text': {
      const raw = String(value);
      // Lowercasing never shortens a string: a longer value cannot equal the text (most values of a field,
      // e.g. every other message type), so it is not lowercased at all.
      if (op !== '~' && raw.length > test.lower.length) return false;
      const v = raw.toLowerCase();
      return op === '~' ? v.includes(test.lower) : v === test.lower;
    }
    case 'regex':
      return test.re.test(String(value).slice(0, MAX_SUBJECT));
    case 'cidr': {
      const n = ipNumber(String(value));
      return n !== undefined && ((n & test.mask) >>> 0) === test.base;
    }
    case 'number': {
      const n = FIELDS[field].type === 'severity' ? SEVERITY_RANK[String(value)] : typeof value === 'number' ? value : Number(value);
      if (n === undefined || Number.isNaN(n)) return false;
      return compareNumbers(op, n, test.value);
    }
  }
}

function compareNumbers(op: Op, a: number, b: number): boolean {
  switch (op) {
    case '=':
    case '!=':
    case '~':
      return a === b;
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    case '>=':
      return a >= b;
  }
}
