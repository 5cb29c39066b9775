/**
 * The program: inputs → session → renderer, errors → exit codes (0 done, 1 --fail-on matched, 2 usage,
 * 3 input unreadable). It writes only to the streams it is given and never exits the process itself.
 */
import { AnalysisSession, type SessionOptions } from './session.js';
import { CaptureError } from './capture/error.js';
import { filterReport, isEmptyFilter, type ReportFilter } from './report/filter.js';
import { SnapshotThrottle, type LiveReport } from './report/live.js';
import type { PacketRecord, Report, Severity, Transaction } from './report/types.js';
import { findingOf, transactionOfState } from './report/build.js';
import { ndjsonLine, renderJsonChunks, summaryOf } from './render/json.js';
import { jsonSpool, objectSpool, spooledObjects, type Spool } from './render/spool.js';
import { writeChunks } from './render/write.js';
import { earliestStep, renderText, renderTextChunks } from './render/text.js';
import { sanitize } from './render/sanitize.js';
import { progressLine } from './render/progress.js';

export type OutputFormat = 'json' | 'ndjson' | 'text' | 'tui';

export interface RunOptions {
  readonly inputs: readonly string[];
  readonly format: OutputFormat;
  readonly packets: boolean;
  readonly hex: boolean;
  readonly failOn?: Severity;
  readonly filter: ReportFilter;
  readonly trustedServers: readonly string[];
  readonly color: boolean;
  readonly analyzer: Omit<SessionOptions, 'packets' | 'hex' | 'onPacket' | 'onWarning' | 'onProgress' | 'hooks' | 'trustedServers'>;
}

export interface RunIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stdin?: NodeJS.ReadStream;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const TUI_MAX_PACKETS = 50_000;
const SNAPSHOT_EVERY_MS = 500;
/** A live snapshot waits at least this many times as long as the last one took to build. */
const SNAPSHOT_COST_FACTOR = 9;

const RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };

export async function run(opts: RunOptions, io: RunIo): Promise<number> {
  if (opts.inputs.length === 0) throw new UsageError('no capture file given (use - for stdin)');
  if (opts.inputs.filter((i) => i === '-').length > 1) throw new UsageError('stdin (-) can be read only once');
  if (opts.inputs.includes('-') && io.stdin?.isTTY) {
    throw new UsageError('- reads a capture from stdin, but stdin is a terminal: pipe one in (tcpdump -w - … | dorascope -)');
  }
  try {
    const report = opts.format === 'tui' ? await runTuiMode(opts, io) : await runBatch(opts, io);
    if (!report) return 0;
    if (opts.failOn && report.findings.some((f) => RANK[f.severity] >= RANK[opts.failOn!])) return 1;
    return 0;
  } catch (e) {
    if (e instanceof CaptureError) {
      io.stderr.write(`dorascope: ${sanitize(e.message)}\n`);
      return 3;
    }
    throw e;
  }
}

/** Where an unfiltered JSON or text run puts the long lists while the capture is read. */
interface Spools {
  readonly transactions?: Spool<Transaction>;
  readonly packets?: Spool<PacketRecord>;
}

async function runBatch(opts: RunOptions, io: RunIo): Promise<Report> {
  // Unfiltered JSON and text take each transaction as it closes (and JSON each packet record as it is decoded)
  // into a spool, so neither the analyser nor the session keeps them: memory follows what is open.
  const unfiltered = isEmptyFilter(opts.filter);
  const spools: Spools = {
    ...(unfiltered && opts.format === 'json' ? { transactions: jsonSpool<Transaction>('transactions') } : {}),
    ...(unfiltered && opts.format === 'text' ? { transactions: objectSpool<Transaction>() } : {}),
    ...(unfiltered && opts.format === 'json' && opts.packets ? { packets: jsonSpool<PacketRecord>('packets') } : {}),
  };
  try {
    return await runBatchWith(opts, io, spools);
  } finally {
    spools.transactions?.close();
    spools.packets?.close();
  }
}

async function runBatchWith(opts: RunOptions, io: RunIo, spools: Spools): Promise<Report> {
  const ndjson = opts.format === 'ndjson';
  const write = (s: string) => io.stdout.write(s);
  const filtered = !isEmptyFilter(opts.filter);
  // Unfiltered NDJSON writes each transaction as it closes: nothing to keep either.
  const streamNdjson = ndjson && !filtered;
  const showProgress = Boolean(io.stderr.isTTY) && !process.env['CI'];
  let lastProgress = 0;
  const started = Date.now();
  let emittedFindings = 0;
  const liveFindings = new Set<string>();
  let earliest = Infinity;
  const txSpool = spools.transactions;
  const packetSpool = spools.packets;
  const session = new AnalysisSession({
    ...opts.analyzer,
    retainTransactions: !txSpool && !streamNdjson,
    trustedServers: opts.trustedServers,
    // Unfiltered NDJSON writes them as lines instead, unfiltered JSON spools them.
    packets: packetSpool ? 'streamed' : opts.packets && (!ndjson || filtered),
    hex: opts.hex,
    onWarning: (w) => io.stderr.write(`dorascope: warning: ${sanitize(w.message)}\n`),
    // Lines are written as the capture is read: when the reader of our output falls behind, so do we.
    ...(ndjson ? { pace: () => drained(io.stdout) } : {}),
    ...(ndjson && opts.packets && !filtered ? { onPacket: (p) => write(ndjsonLine({ type: 'packet', data: p })) } : {}),
    ...(packetSpool ? { onPacket: (p) => packetSpool.add(p.frame, p) } : {}),
    ...(txSpool
      ? {
          hooks: {
            onTransaction: (tx) => {
              if (!tx.kept) return;
              const t = transactionOfState(tx);
              earliest = Math.min(earliest, earliestStep(t));
              txSpool.add(tx.steps[0]!.frame, t);
            },
          },
        }
      : {}),
    ...(streamNdjson
      ? {
          hooks: {
            onTransaction: (tx) => write(ndjsonLine({ type: 'transaction', data: transactionOfState(tx) })),
            // Findings raised as their evidence arrives go out at once (a live capture may never end).
            onFinding: (f) => {
              liveFindings.add(findingKey(f));
              write(ndjsonLine({ type: 'finding', data: findingOf(f, `F${++emittedFindings}`) }));
            },
          },
        }
      : {}),
    ...(showProgress
      ? {
          onProgress: (p) => {
            const now = Date.now();
            if (now - lastProgress < 200) return;
            lastProgress = now;
            io.stderr.write(`\r${progressLine(p, now - started)}\x1b[K`);
          },
        }
      : {}),
  });
  try {
    await session.read(opts.inputs);
  } finally {
    if (showProgress && lastProgress) io.stderr.write('\r\x1b[K');
  }
  if (txSpool) {
    // Transactions (and packets) come back from their spools; the other long lists become report objects as they
    // are written.
    const { report, items } = session.reportStreaming();
    if (opts.format === 'json') {
      const texts = { transactions: txSpool.pieces(), ...(packetSpool ? { packets: packetSpool.pieces() } : {}) };
      await writeChunks(io.stdout, renderJsonChunks(report, { items, texts }));
    } else {
      const whole = { ...report, leases: [...items.leases], clients: [...items.clients], arp: [...items.arp] };
      const streamed = { list: spooledObjects(txSpool), count: session.transactionCount, earliestStep: earliest };
      await writeChunks(io.stdout, renderTextChunks(whole, { color: opts.color }, streamed));
    }
    return report;
  }
  const report = filterReport(session.report(), opts.filter);
  if (opts.format === 'json') await writeChunks(io.stdout, renderJsonChunks(report));
  else if (opts.format === 'text') write(renderText(report, { color: opts.color }));
  else {
    if (filtered) {
      for (const p of report.packets ?? []) write(ndjsonLine({ type: 'packet', data: p }));
      for (const t of report.transactions) write(ndjsonLine({ type: 'transaction', data: t }));
    }
    for (const f of report.findings) {
      if (!liveFindings.has(findingKey(f))) write(ndjsonLine({ type: 'finding', data: { ...f, id: `F${++emittedFindings}` } }));
    }
    write(ndjsonLine(summaryOf(report, streamNdjson ? session.transactionCount : undefined)));
  }
  return report;
}

async function runTuiMode(opts: RunOptions, io: RunIo): Promise<Report | undefined> {
  // Load the UI before reading starts: once a large capture is being analysed, every module file the import
  // still had to read would wait for a turn of the event loop.
  const { runTui } = await importInteractive(() => import('./render/tui/index.js'));
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const l of listeners) l();
  };
  let lastNotify = 0;
  const session = new AnalysisSession({
    ...opts.analyzer,
    trustedServers: opts.trustedServers,
    packets: true,
    hex: true,
    // The packet pane of a huge capture shows the first ones; the views themselves need no packet records.
    maxPackets: TUI_MAX_PACKETS,
    live: true,
    onProgress: () => {
      const now = Date.now();
      if (now - lastNotify >= 100) {
        lastNotify = now;
        notify();
      }
    },
  });
  let settled = false;
  const reading = session.read(opts.inputs).finally(() => {
    settled = true;
  });
  // Surface an unreadable input as exit code 3 before the screen is taken over.
  await Promise.race([reading, waitFor(() => settled || session.captures.length > 0)]);
  // Building a report of a large capture takes a while, longer the more it holds: while reading, hand out one
  // at most every SNAPSHOT_EVERY_MS, and never spend more than about a tenth of the time building them (else a
  // capture of a hundred thousand exchanges reads ever slower as it grows); once reading is over, build it once
  // and keep it.
  const snapshots = new SnapshotThrottle(() => filterReport(session.report(), opts.filter), {
    everyMs: SNAPSHOT_EVERY_MS,
    costFactor: SNAPSHOT_COST_FACTOR,
  });
  const final = (): void => {
    snapshots.reset(); // the next snapshot is the finished report
    notify();
  };
  const finished = reading.then(final, final);
  let failure: unknown;
  reading.catch((e: unknown) => {
    failure = e;
  });
  const snapshot = (): Report => snapshots.get(settled);
  const live: LiveReport = {
    snapshot,
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    finished,
  };
  // runTui reads keys from the terminal itself when stdin is the capture (tcpdump -w - | dorascope -).
  await runTui(live, {
    ...(io.stdin ? { stdin: io.stdin } : {}),
    ...(isWriteStream(io.stdout) ? { stdout: io.stdout } : {}),
    noColor: !opts.color,
    title: opts.inputs.join(' '),
  });
  if (failure) throw failure;
  return undefined;
}


/**
 * Ink decides once, when it is first imported, whether it runs in CI (the CI variable), and then draws only the
 * last frame. A terminal UI the user asked for is interactive wherever it runs, so hide the variable while
 * Ink is loaded.
 */
async function importInteractive<T>(load: () => Promise<T>): Promise<T> {
  const saved = { CI: process.env['CI'], CONTINUOUS_INTEGRATION: process.env['CONTINUOUS_INTEGRATION'] };
  delete process.env['CI'];
  delete process.env['CONTINUOUS_INTEGRATION'];
  try {
    return await load();
  } finally {
    for (const [key, value] of Object.entries(saved)) if (value !== undefined) process.env[key] = value;
  }
}

/** Resolves when a backed-up stream has drained; undefined when it is not backed up. */
function drained(out: NodeJS.WritableStream & { writableNeedDrain?: boolean }): Promise<void> | undefined {
  if (!out.writableNeedDrain) return undefined;
  return new Promise((resolve) => out.once('drain', () => resolve()));
}

function findingKey(f: { readonly code: string; readonly message: string; readonly frames: readonly number[] }): string {
  return `${f.code}|${f.message}|${f.frames.join(',')}`;
}

function isWriteStream(s: NodeJS.WritableStream): s is NodeJS.WriteStream {
  return 'columns' in s || 'isTTY' in s;
}

async function waitFor(cond: () => boolean): Promise<boolean> {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
  return true;
}
