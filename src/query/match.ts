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

export function matchRow<T, C = Report>(filter: Filter, row: T, report: C, fields: RowFields<T, C>): boolean {
  return filter.root === null || evaluate(filter.root, row, report, fields);
}

function evaluate<T, C>(node: FilterNode, row: T, report: C, fields: RowFields<T, C>): boolean {
  switch (node.kind) {
    case 'and':
      return evaluate(node.left, row, report, fields) && evaluate(node.right, row, report, fields);
    case 'or':
      return evaluate(node.left, row, report, fields) || evaluate(node.right, row, report, fields);
    case 'not':
      return !evaluate(node.node, row, report, fields);
    case 'compare': {
      const values = fields[node.field]?.(row, report) ?? [];
      // `a != v` is `not (a = v)`: a row with no such value is "not equal".
      if (node.op === '!=') return !values.some((v) => v != null && holds(node.field, '=', node.test, v));
      return values.some((v) => v != null && holds(node.field, node.op, node.test, v));
    }
    case 'search':
      return SEARCHED.some((name) => (fields[name]?.(row, report) ?? []).some((v) => v != null && found(node.test, String(v))));
  }
}

function found(test: Test, value: string): boolean {
  if (test.kind === 'text') return value.toLowerCase().includes(test.lower);
  if (test.kind === 'regex') return test.re.test(value.slice(0, MAX_SUBJECT));
  return false;
}

function holds(field: FieldName, op: Op, test: Test, value: Value): boolean {
  switch (test.kind) {
    case 'text': {
      const v = String(value).toLowerCase();
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
