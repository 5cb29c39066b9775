/** JSON renderers: the whole report, or NDJSON lines for pipelines and endless stdin captures. */
import type { Finding, PacketRecord, Report, Transaction } from '../report/types.js';

export function renderJson(r: Report): string {
  return `${JSON.stringify(r, null, 2)}\n`;
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
