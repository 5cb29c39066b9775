/** The plain text timeline: one block per transaction, one line per step, then leases, servers and findings. */
import type { Client, LeaseDatabaseSummary, Report, Transaction } from '../report/types.js';
import { networkLine } from './network-line.js';
import { Bytes } from '../report/json-bytes.js';
import { TimelineExchange } from '../report/timeline.js';
import { sanitize } from './sanitize.js';
import { ANSI, fillTimes, sinceZero, writeBlock } from './text-block.js';
import { leaseTable, shortTime, type LeaseRows } from './lease-table.js';
import { explainFinding, explainNetworks, explainStep, explainTransaction } from './explain/index.js';
import { explanationLines } from './explain/text.js';

export interface TextOptions {
  readonly color?: boolean;
  /** A guided walk: each exchange, step, network and finding explained under it (--explain). */
  readonly explain?: boolean;
}

/** Clients listed in the timeline; a flood's thousands of made-up MACs belong in the JSON. */
const CLIENT_ROWS = 50;

/**
 * Transactions handed over apart from the report, so a huge timeline is never held whole: their number, the
 * earliest step time (TimelineExchange's `earliestStep` over all of them) and their blocks as UTF-8, each
 * written as it closed by `writeBlock` with `markTime` (text-block.ts: the times relative to the timeline's zero
 * are filled in here, once that zero is known), in pieces of whole blocks. `clients` stands in for the report's clients: the timeline lists the first
 * CLIENT_ROWS and counts the rest.
 */
export interface StreamedTransactions {
  readonly blocks: Iterable<Uint8Array>;
  readonly count: number;
  readonly earliestStep: number;
  readonly clients?: { readonly list: Iterable<Client>; readonly count: number };
  /**
   * Stands in for the report's leases, each filled into a row as the table takes it: the table goes over them
   * twice (its column widths, then its rows), so a quarter of a million leases are never all held at once.
   */
  readonly leases?: LeaseRows;
}

type Paint = (code: keyof typeof ANSI, s: string) => string;

function painter(opts: TextOptions): Paint {
  return (code, s) => (opts.color ? `${ANSI[code]}${s}${ANSI.reset}` : s);
}

export function renderText(r: Report, opts: TextOptions = {}): string {
  let text = '';
  for (const piece of renderTextChunks(r, opts)) text += typeof piece === 'string' ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.length).toString('utf8');
  return text;
}

/** Blocks gathered before they are handed on. */
const BLOCK_BYTES = 1 << 16;

/**
 * The same text as renderText, a piece at a time; `streamed` stands in for the report's (empty) transactions.
 * Pieces that are bytes are lent: use each before asking for the next.
 */
export function* renderTextChunks(r: Report, opts: TextOptions = {}, streamed?: StreamedTransactions): Generator<string | Uint8Array> {
  const paint = painter(opts);
  const count = streamed?.count ?? r.transactions.length;
  const t0 = startEpoch(r, streamed?.earliestStep ?? r.transactions.reduce((min, tx) => Math.min(min, earliestStep(tx)), Infinity));
  const leases: LeaseRows = streamed?.leases ?? { length: r.leases.length, row: (into, i) => into.fromLease(r.leases[i]!) };
  yield `${[...headerLines(r, count, leases.length), ''].join('\n')}\n`;
  if (opts.explain) yield* networkBlock(r, paint);
  if (count === 0) yield 'No DHCP transactions.\n';
  if (streamed) yield* fillTimes(streamed.blocks, t0);
  else yield* blocks(r, t0, opts);
  if (leases.length) yield* leaseTable(leases, r.leaseDatabases !== undefined, paint('bold', 'Leases'));
  yield* tail(r, paint, opts.explain === true, streamed?.clients);
}

/** The report's transactions' blocks (each explained under it with --explain), in lent pieces of whole blocks. */
function* blocks(r: Report, t0: number, opts: TextOptions): Generator<Uint8Array> {
  const out = new Bytes(BLOCK_BYTES + (BLOCK_BYTES >> 2));
  const x = new TimelineExchange();
  const time = sinceZero(t0);
  for (const tx of r.transactions) {
    writeBlock(out, x.fromTransaction(tx), time, opts.color === true, opts.explain ? walk(r, tx) : []);
    if (out.pos >= BLOCK_BYTES) {
      yield out.bytes();
      out.reset();
    }
  }
  if (out.pos > 0) yield out.bytes();
}

/** The networks explained, before the exchanges: what kind of network each DHCP service serves. */
function* networkBlock(r: Report, paint: Paint): Generator<string> {
  const networks = explainNetworks(r);
  if (networks.length === 0) return;
  const out = [paint('bold', 'Networks explained')];
  for (const n of networks) out.push(...explanationLines(n));
  yield `${out.join('\n')}\n\n`;
}

/** Under an exchange: the exchange as a whole, then each step. */
function walk(r: Report, tx: Transaction): string[] {
  return [
    ...explanationLines(explainTransaction(r, tx), '  '),
    ...tx.steps.flatMap((_, i) => explanationLines(explainStep(r, tx, i), '  ')),
  ];
}

/** Servers, clients, findings and warnings: everything after the transactions and leases. */
function* tail(r: Report, paint: Paint, explain: boolean, streamedClients?: StreamedTransactions['clients']): Generator<string> {
  const out: string[] = [];
  for (const d of r.leaseDatabases ?? []) out.push(...databaseLines(d, paint));
  if (r.servers.length) {
    out.push(paint('bold', 'Servers'));
    out.push(...table(
      ['IP', 'MAC', 'offers', 'acks', 'naks', 'subnets', 'note'],
      r.servers.map((s) => [
        s.ip,
        s.mac ?? '(not seen)',
        String(s.offers),
        String(s.acks),
        String(s.naks),
        s.subnets.join(' '),
        [s.hypervisor ? `${s.hypervisor.kind} DHCP service` : '', s.trusted === false ? 'UNTRUSTED' : ''].filter(Boolean).join(', '),
      ]),
    ));
    out.push('');
    out.push(paint('bold', 'Networks'));
    for (const s of r.servers) {
      const line = networkLine(s);
      if (line) out.push(`  ${s.ip.padEnd(15)}  ${line}`);
    }
    out.push('');
  }
  const clientCount = streamedClients?.count ?? r.clients.length;
  if (clientCount) {
    out.push(paint('bold', 'Clients'));
    out.push(...table(
      ['MAC', 'vendor', 'virtual NIC', 'hostnames', 'addresses', 'exchanges'],
      firstOf(streamedClients?.list ?? r.clients, CLIENT_ROWS).map((c) => [
        c.mac,
        sanitize(c.vendor ?? ''),
        c.virtualization ?? '',
        c.hostnames.map(sanitize).join(' '),
        c.ips.join(' '),
        String(c.transactions.length),
      ]),
    ));
    if (clientCount > CLIENT_ROWS) out.push(`  … and ${clientCount - CLIENT_ROWS} more (--json lists them all)`);
    out.push('');
  }
  out.push(paint('bold', `Findings (${r.findings.length})`));
  if (r.findings.length === 0) out.push('  none');
  // Codes line up (the lease-database codes are longer than the others).
  const codeWidth = r.findings.reduce((w, f) => Math.max(w, f.code.length), 20);
  for (const f of r.findings) {
    const sev = f.severity.toUpperCase().padEnd(7);
    const colour = f.severity === 'error' ? 'red' : f.severity === 'warning' ? 'yellow' : 'dim';
    const proof = [f.frames.length ? `frame${f.frames.length === 1 ? '' : 's'} ${listFrames(f.frames)}` : '', ...(f.sources ?? []).map(sourceText)].filter(Boolean).join('; ');
    out.push(`  ${paint(colour, sev)} ${f.code.padEnd(codeWidth)} ${sanitize(f.message)}  [${proof}]`);
    if (explain) out.push(...explanationLines(explainFinding(r, f), '    '));
  }
  for (const w of r.warnings) out.push(paint('yellow', `warning: ${sanitize(w.message)}`));
  yield `${out.join('\n')}\n`;
}

function databaseLines(d: LeaseDatabaseSummary, paint: Paint): string[] {
  const span = d.firstTime && d.lastTime ? `, ${shortTime(d.firstTime)} … ${shortTime(d.lastTime)}` : '';
  const server = d.server ? `, server ${d.server}` : '';
  return [
    paint('bold', `Lease database ${sanitize(d.file)}`) + ` (${d.format}${server}, ${d.leaseCount} addresses${span})`,
    ...(d.leases.length
      ? table(
          ['IP', 'MAC', 'hostname', 'state', 'start', 'end', 'line'],
          d.leases.map((l) => [l.ip, l.mac ?? '-', sanitize(l.hostname ?? ''), l.state, l.start ? shortTime(l.start) : '-', l.end ? shortTime(l.end) : 'never', String(l.line)]),
        )
      : ['  no leases']),
    '',
  ];
}

function sourceText(s: { readonly file: string; readonly line: number | null }): string {
  return sanitize(s.line === null ? s.file : `${s.file}:${s.line}`);
}

function headerLines(r: Report, transactionCount: number, leaseCount: number): string[] {
  const s = r.stats;
  const lines = r.captures.map((c) => {
    const span = c.firstTime && c.lastTime ? `, ${c.firstTime} … ${c.lastTime}` : '';
    return `${sanitize(c.path)}: ${c.format}${c.compressed ? ' (gzip)' : ''}, ${c.packets} frames${span}${c.complete ? '' : ' — INCOMPLETE'}`;
  });
  lines.push(`${s.packets} frames: ${s.dhcp} DHCP, ${s.arp} ARP, ${s.malformed} malformed; ${transactionCount} transactions, ${leaseCount} leases, ${r.findings.length} findings`);
  return lines;
}

/** The first `n` items of a list (an array, or items converted as they are taken). */
function firstOf<T>(items: Iterable<T>, n: number): T[] {
  const out: T[] = [];
  if (n <= 0) return out;
  for (const item of items) {
    out.push(item);
    if (out.length >= n) break;
  }
  return out;
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const fmt = rowFormat(head.map((h, i) => rows.reduce((w, r) => Math.max(w, (r[i] ?? '').length), h.length)));
  return [fmt(head), ...rows.map(fmt)];
}

/** A table row: its cells padded to the columns' widths, two spaces apart, indented by two. */
function rowFormat(widths: readonly number[]): (cells: readonly string[]) => string {
  return (cells) => `  ${cells.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd();
}

/** The time of a transaction's earliest step (Infinity for none). */
export function earliestStep(tx: Transaction): number {
  let min = Infinity;
  for (const s of tx.steps) if (s.epoch < min) min = s.epoch;
  return min;
}

/** What step times count from: the earliest step, or the first capture's start when that is earlier. */
function startEpoch(r: Report, firstStep: number): number {
  const first = r.captures[0]?.firstTime;
  const capStart = first ? Date.parse(first) / 1000 : Infinity;
  const t = Math.min(firstStep, capStart);
  return Number.isFinite(t) ? t : 0;
}

function listFrames(frames: readonly number[]): string {
  return frames.length > 8 ? `${frames.slice(0, 8).join(', ')}, … (${frames.length})` : frames.join(', ');
}
