/** JSON renderers: the whole report, or NDJSON lines for pipelines and endless stdin captures. */
import type { ArpBinding, Client, Finding, Lease, PacketRecord, Report, Transaction } from '../report/types.js';
import type { ItemList } from '../report/build.js';
import { JsonBytes } from '../report/json-bytes.js';

export function renderJson(r: Report): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}

/** Parts of a report handed over apart from it, so that a huge one is never held whole. */
export interface LazyParts {
  /**
   * Items that stand in for the report's (empty) list of that name: transactions converted as they are
   * written, the other lists' items written as bytes by the list itself (ItemList's `write`).
   */
  readonly items?: { readonly transactions?: Iterable<unknown> } & { readonly [K in WrittenList]?: ItemList<unknown> };
  /**
   * Items already written, standing in for the report's (empty) list of that name: pieces of text (or its
   * UTF-8 bytes) that each hold one or more items exactly as this renderer writes them, each item preceded by
   * ITEM_SEPARATOR (see `itemText`).
   */
  readonly texts?: { readonly [K in 'transactions' | 'packets']?: Iterable<string | Uint8Array> };
}

/**
 * The same text as renderJson, produced piece by piece: a report of a large capture holds hundreds of
 * megabytes of JSON, and building it as one string would double the memory a run needs. `lazy` supplies the
 * long lists apart from the report, so they can be converted (or read back) one piece at a time. Pieces that
 * are bytes are lent: use each (writeChunks writes it) before asking for the next.
 */
export function* renderJsonChunks(r: Report, lazy: LazyParts = {}): Generator<string | Uint8Array> {
  // JSON.stringify leaves out properties whose value is undefined.
  const entries = Object.entries(r).filter(([, v]) => v !== undefined);
  yield '{\n';
  for (let i = 0; i < entries.length; i++) {
    const [key, value] = entries[i]!;
    yield `  ${JSON.stringify(key)}: `;
    const items = lazy.items?.[key as keyof NonNullable<LazyParts['items']>];
    const texts = lazy.texts?.[key as keyof NonNullable<LazyParts['texts']>];
    if (texts) yield* textArrayChunks(texts);
    else if (items && isWrittenList(key)) yield* bytesArrayChunks(items as ItemList<unknown>);
    else if (items) yield* arrayChunks(key, items);
    else if (Array.isArray(value)) yield* arrayChunks(key, value);
    else yield JSON.stringify(value, null, 2).replace(/\n/g, '\n  ');
    yield i < entries.length - 1 ? ',\n' : '\n';
  }
  yield '}\n';
}

/** Goes before every item of `itemText` in the pieces renderJsonChunks takes for a list. */
export const ITEM_SEPARATOR = ',\n';

/** One item of the report's top-level list `key`, as renderJsonChunks writes it (without its ITEM_SEPARATOR). */
export function itemText(key: string, item: unknown): string {
  return inside(key, [item]);
}

/** A top-level array from pieces of `itemText` output (the first piece loses its leading ",\n"). */
function* textArrayChunks(pieces: Iterable<string | Uint8Array>): Generator<string | Uint8Array> {
  let first = true;
  for (const piece of pieces) {
    if (piece.length === 0) continue;
    if (first) {
      yield '[\n';
      yield piece.slice(2);
    } else yield piece;
    first = false;
  }
  yield first ? '[]' : '\n  ]';
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

/**
 * The lists whose items a streamed report writes as bytes (report/item-bytes.ts). Transactions are not among
 * them: a streamed report's come already written (transaction-bytes.ts, spooled), a whole report's go through
 * JSON.stringify.
 */
type WrittenList = 'leases' | 'clients' | 'arp';

function isWrittenList(key: string): key is WrittenList {
  return key === 'leases' || key === 'clients' || key === 'arp';
}

/** Bytes handed to the writer at a time. */
const PIECE_BYTES = 1 << 16;

const FIRST_ITEM = Buffer.from('[\n    ');
const NEXT_ITEM = Buffer.from(',\n    ');
const LIST_END = Buffer.from('\n  ]');

/**
 * A top-level array of items written as bytes, the same text as arrayChunks gives, in pieces of about
 * PIECE_BYTES. Each piece is lent, as a spool's are (writeChunks has written it before it asks for the next):
 * one buffer serves the whole list instead of a fresh one per piece left to the collector.
 */
function* bytesArrayChunks(items: ItemList<unknown>): Generator<string | Uint8Array> {
  if (items.length === 0) {
    yield '[]';
    return;
  }
  const w = new JsonBytes(true, PIECE_BYTES + (PIECE_BYTES >> 2));
  for (let i = 0; i < items.length; i++) {
    w.raw(i === 0 ? FIRST_ITEM : NEXT_ITEM);
    items.write(w, i);
    if (w.pos >= PIECE_BYTES) yield* lent(w);
  }
  w.raw(LIST_END);
  yield* lent(w);
}

/** What `w` holds, lent until the next piece is asked for; `w` then starts again from its beginning. */
function* lent(w: JsonBytes): Generator<Uint8Array> {
  yield w.bytes();
  w.reset();
}

function inside(key: string, batch: readonly unknown[]): string {
  const text = JSON.stringify({ [key]: batch }, null, 2);
  // The wrapper is always `{\n  "key": [\n` … `\n  ]\n}`: cut by length, no search through the text.
  return text.slice(JSON.stringify(key).length + 8, text.length - 6);
}

export type NdjsonLine =
  | { readonly type: 'packet'; readonly data: PacketRecord }
  | { readonly type: 'transaction'; readonly data: Transaction }
  | { readonly type: 'finding'; readonly data: Finding }
  | { readonly type: 'summary'; readonly data: Omit<Report, 'packets' | 'transactions' | 'findings'> & { readonly transactionCount: number; readonly findingCount: number } };

export function ndjsonLine(line: NdjsonLine): string {
  return `${JSON.stringify(line)}\n`;
}

/**
 * The closing line in pieces, the very bytes of `ndjsonLine(summaryOf(r, transactionCount))`, for a report whose
 * long lists (leases, clients, ARP) come as `items` converted one at a time: the DHCP-only benchmark's line
 * holds 26 000 leases, clients and ARP bindings, which were built as objects all at once and then written as
 * one string. Pieces that are bytes are lent, as renderJsonChunks' are.
 */
export function* summaryLineChunks(
  r: Report,
  items: { readonly leases: ItemList<Lease>; readonly clients: ItemList<Client>; readonly arp: ItemList<ArpBinding> },
  transactionCount: number,
): Generator<string | Uint8Array> {
  const line = summaryOf(r, transactionCount);
  yield `{"type":${JSON.stringify(line.type)},"data":{`;
  let first = true;
  for (const [key, value] of Object.entries(line.data)) {
    // JSON.stringify leaves out properties whose value is undefined.
    if (value === undefined) continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    if (!isWrittenList(key)) {
      yield JSON.stringify(value);
      continue;
    }
    yield* compactList(items[key]);
  }
  yield '}}\n';
}

/** A list in an NDJSON line, written as bytes in pieces of about PIECE_BYTES, each lent as bytesArrayChunks' are. */
function* compactList(items: ItemList<unknown>): Generator<Uint8Array> {
  const w = new JsonBytes(false, PIECE_BYTES + (PIECE_BYTES >> 2));
  w.ascii('[');
  for (let i = 0; i < items.length; i++) {
    if (i > 0) w.ascii(',');
    items.write(w, i);
    if (w.pos >= PIECE_BYTES) yield* lent(w);
  }
  w.ascii(']');
  yield* lent(w);
}

/** The closing line; `transactionCount` when the transactions went out as they closed and the report holds none. */
export function summaryOf(r: Report, transactionCount = r.transactions.length): NdjsonLine {
  const { packets: _p, transactions: _t, findings, progress: _g, ...rest } = r;
  return { type: 'summary', data: { ...rest, transactionCount, findingCount: findings.length } };
}
