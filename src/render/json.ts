/** JSON renderers: the whole report, or NDJSON lines for pipelines and endless stdin captures. */
import type { Finding, PacketRecord, Report, Transaction } from '../report/types.js';

export function renderJson(r: Report): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}

/**
 * The same text as renderJson, produced piece by piece: a report of a large capture holds hundreds of
 * megabytes of JSON, and building it as one string would double the memory a run needs. `lazy.transactions`
 * stands in for the report's (empty) transaction list, so they can be converted one at a time as they are
 * written.
 */
export function* renderJsonChunks(r: Report, lazy?: { readonly transactions: Iterable<Transaction> }): Generator<string> {
  // JSON.stringify leaves out properties whose value is undefined.
  const entries = Object.entries(r).filter(([, v]) => v !== undefined);
  yield '{\n';
  for (let i = 0; i < entries.length; i++) {
    const [key, value] = entries[i]!;
    yield `  ${JSON.stringify(key)}: `;
    if (key === 'transactions' && lazy) yield* arrayChunks(key, lazy.transactions);
    else if (Array.isArray(value)) yield* arrayChunks(key, value);
    else yield JSON.stringify(value, null, 2).replace(/\n/g, '\n  ');
    yield i < entries.length - 1 ? ',\n' : '\n';
  }
  yield '}\n';
}

/** Items stringified per batch. */
const BATCH = 256;

/**
 * A top-level array, a batch of items at a time. Stringifying `{ key: batch }` indents the items exactly as they
 * stand in the whole report, so the batch's inside is cut out as is: no re-indenting of every line.
 */
function* arrayChunks(key: string, items: Iterable<unknown>): Generator<string> {
  let batch: unknown[] = [];
  let first = true;
  for (const item of items) {
    batch.push(item);
    if (batch.length === BATCH) {
      yield (first ? '[\n' : ',\n') + inside(key, batch);
      first = false;
      batch = [];
    }
  }
  if (batch.length > 0) {
    yield (first ? '[\n' : ',\n') + inside(key, batch);
    first = false;
  }
  yield first ? '[]' : '\n  ]';
}

function inside(key: string, batch: readonly unknown[]): string {
  const text = JSON.stringify({ [key]: batch }, null, 2);
  return text.slice(text.indexOf('[\n') + 2, text.lastIndexOf('\n  ]'));
}

export type NdjsonLine =
  | { readonly type: 'packet'; readonly data: PacketRecord }
  | { readonly type: 'transaction'; readonly data: Transaction }
  | { readonly type: 'finding'; readonly data: Finding }
  | { readonly type: 'summary'; readonly data: Omit<Report, 'packets' | 'transactions' | 'findings'> & { readonly transactionCount: number; readonly findingCount: number } };

export function ndjsonLine(line: NdjsonLine): string {
  return `${JSON.stringify(line)}\n`;
}

export function summaryOf(r: Report): NdjsonLine {
  const { packets: _p, transactions, findings, progress: _g, ...rest } = r;
  return { type: 'summary', data: { ...rest, transactionCount: transactions.length, findingCount: findings.length } };
}
