/**
 * What the page's search needs to run the filter language (src/query) on its rows: each exchange's, lease's
 * and finding's value for every field, computed here by src/query/rows.ts itself (the same functions the CLI's
 * --filter and the TUI's `/` match through), so the page holds values, not a second idea of what a field means.
 * The page then runs src/query's parser and matcher on them (query-fields.ts). Column by column, one array
 * per field, with strings that repeat kept once in a table: a 70 000-exchange page stays tens of MB.
 */
import type { FieldName } from '../../query/fields.js';
import { FINDING, LEASE, TRANSACTION, type RowFields, type Value } from '../../query/rows.js';
import type { Lease, Report } from '../../report/types.js';
import { numericField, type QueryCell, type QueryData, type QueryList } from './query-fields.js';

type RawList = { readonly n: number; readonly f: Partial<Record<FieldName, (readonly Value[] | null)[]>> };

function rawList<T>(rows: readonly T[], fields: RowFields<T>, report: Report): RawList {
  const f: Partial<Record<FieldName, (readonly Value[] | null)[]>> = {};
  for (const name of Object.keys(fields) as FieldName[]) {
    const read = fields[name]!;
    let any = false;
    const column = rows.map((row) => {
      const seen = new Set<Value>();
      for (const v of read(row, report)) if (v !== null && v !== undefined) seen.add(numericField(name) || typeof v === 'string' ? v : String(v));
      if (seen.size === 0) return null;
      any = true;
      return [...seen];
    });
    // A field no row has (tunnels in a capture without them) is left out: the page reads it as no value.
    if (any) f[name] = column;
  }
  return { n: rows.length, f };
}

/** Strings seen more than once become indices into one table, most frequent first (shortest indices). */
function stringTable(lists: readonly RawList[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const list of lists) {
    for (const [name, column] of Object.entries(list.f) as [FieldName, (readonly Value[] | null)[]][]) {
      if (numericField(name)) continue;
      for (const cell of column) for (const v of cell ?? []) counts.set(v as string, (counts.get(v as string) ?? 0) + 1);
    }
  }
  const repeated = [...counts.entries()].filter(([, n]) => n > 1).sort((a, b) => b[1] - a[1]);
  return new Map(repeated.map(([s], i) => [s, i]));
}

function packList(list: RawList, table: ReadonlyMap<string, number>): QueryList {
  const f: Partial<Record<FieldName, readonly QueryCell[]>> = {};
  for (const [name, column] of Object.entries(list.f) as [FieldName, (readonly Value[] | null)[]][]) {
    const pack = (v: Value): Value => (numericField(name) ? v : (table.get(v as string) ?? v));
    f[name] = column.map((cell) => (cell === null ? null : cell.length === 1 ? pack(cell[0]!) : cell.map(pack)));
  }
  return { n: list.n, f };
}

/**
 * The field values of the page's rows: exchanges in report order, leases in the lease timeline's order
 * (`leases`: address by address, as page-data.ts's addressGroups lays them out), findings in report order.
 */
export function queryData(report: Report, leases: readonly Lease[]): QueryData {
  const raw = [rawList(report.transactions, TRANSACTION, report), rawList(leases, LEASE, report), rawList(report.findings, FINDING, report)] as const;
  const table = stringTable(raw);
  return { s: [...table.keys()], tx: packList(raw[0], table), leases: packList(raw[1], table), findings: packList(raw[2], table) };
}
