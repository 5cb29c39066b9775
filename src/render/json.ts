/** JSON renderers: the whole report, or NDJSON lines for pipelines and endless stdin captures. */
import type { Finding, PacketRecord, Report, Transaction } from '../report/types.js';

export function renderJson(r: Report): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}

/**
 * The same text as renderJson, produced piece by piece: a report of a large capture holds hundreds of
 * megabytes of JSON, and building it as one string would double the memory a run needs.
 */
export function* renderJsonChunks(r: Report, lazy?: { readonly transactions: Iterable<Transaction> }): Generator<string> {
  yield* chunks(lazy ? { ...r, transactions: [] } : r, 0, lazy?.transactions);
  yield '\n';
}

/** Depth down to which arrays and objects are split; below it a value is stringified whole. */
const SPLIT_DEPTH = 2;

function* chunks(value: unknown, depth: number, transactions?: Iterable<Transaction>): Generator<string> {
  if (depth >= SPLIT_DEPTH || value === null || typeof value !== 'object') {
    yield indented(value, depth);
    return;
  }
  const pad = '  '.repeat(depth + 1);
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    yield '[\n';
    for (let i = 0; i < value.length; i++) {
      yield pad;
      yield* chunks(value[i] === undefined ? null : value[i], depth + 1);
      yield i < value.length - 1 ? ',\n' : '\n';
    }
    yield `${'  '.repeat(depth)}]`;
    return;
  }
  // JSON.stringify leaves out properties whose value is undefined.
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) {
    yield '{}';
    return;
  }
  yield '{\n';
  for (let i = 0; i < entries.length; i++) {
    const [k, v] = entries[i]!;
    yield `${pad}${JSON.stringify(k)}: `;
    if (depth === 0 && k === 'transactions' && transactions) yield* streamedArray(transactions, depth + 1);
    else yield* chunks(v, depth + 1);
    yield i < entries.length - 1 ? ',\n' : '\n';
  }
  yield `${'  '.repeat(depth)}}`;
}

/** An array whose items come from an iterable, written exactly as chunks() writes an array. */
function* streamedArray(items: Iterable<unknown>, depth: number): Generator<string> {
  const pad = '  '.repeat(depth + 1);
  let first = true;
  for (const item of items) {
    yield first ? '[\n' : ',\n';
    first = false;
    yield pad;
    yield* chunks(item, depth + 1);
  }
  yield first ? '[]' : `\n${'  '.repeat(depth)}]`;
}

function indented(value: unknown, depth: number): string {
  const text = JSON.stringify(value, null, 2);
  return depth === 0 ? text : text.replace(/\n/g, `\n${'  '.repeat(depth)}`);
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
