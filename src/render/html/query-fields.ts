/**
 * The page's side of the filter language: the field values query-data.ts wrote, read back as src/query's
 * RowFields, so the page runs the very parser and matcher of src/query (bundled into its script) on them.
 * Pure TypeScript without node: imports, and without rows.ts (the page has values, not Report objects).
 */
import { FIELDS, type FieldName } from '../../query/fields.js';
import type { RowFields, Value, Values } from '../../query/rows.js';

/** A row's values for one field: none, one, or several; a number in a text field is an index into the string table. */
export type QueryCell = null | Value | readonly Value[];

export interface QueryList {
  /** How many rows. */
  readonly n: number;
  /** Per field, one cell per row; a field no row has is absent. */
  readonly f: { readonly [F in FieldName]?: readonly QueryCell[] };
}

/** The page's query data block. */
export interface QueryData {
  /** Strings that repeat, once. */
  readonly s: readonly string[];
  readonly tx: QueryList;
  readonly leases: QueryList;
  readonly findings: QueryList;
}

const NONE: Values = [];

/** Fields compared as numbers: their values stay numbers in the data; every other field's are text. */
export function numericField(name: FieldName): boolean {
  return FIELDS[name].type === 'number' || FIELDS[name].type === 'duration';
}

/** Row `i` of `list`'s fields, as src/query's matcher reads them. */
export function queryFields(list: QueryList, strings: readonly string[]): RowFields<number, null> {
  const fields: { [F in FieldName]?: (row: number) => Values } = {};
  for (const name of Object.keys(FIELDS) as FieldName[]) {
    const column = list.f[name];
    if (!column) continue;
    const numeric = numericField(name);
    const value = (v: Value): Value => (numeric || typeof v === 'string' ? v : (strings[v] ?? ''));
    fields[name] = (row) => {
      const cell = column[row];
      if (cell === null || cell === undefined) return NONE;
      return Array.isArray(cell) ? (cell as readonly Value[]).map(value) : [value(cell as Value)];
    };
  }
  return fields;
}
