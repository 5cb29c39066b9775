/**
 * The program: inputs → session → renderer, errors → exit codes (0 done, 1 --fail-on matched, 2 usage,
 * 3 input unreadable). It writes only to the streams it is given and never exits the process itself.
 */
import { createWriteStream, openSync, rmSync } from 'node:fs';
import type { AnalyzerHooks } from './analyze/analyzer.js';
import type { FindingDraft, TxState } from './analyze/types.js';
import { AnalysisSession, packetLookup, type SessionOptions } from './session.js';
import { CaptureError } from './capture/error.js';
import { LeaseDbError, readLeaseDatabase, type LeaseDatabase } from './leasedb/read.js';
import { filterReport, isEmptyFilter, type ReportFilter } from './report/filter.js';
import type { LiveReport } from './report/live.js';
import { LiveSnapshots } from './live-snapshots.js';
import type { PacketRecord, Report, Severity } from './report/types.js';
import { findingOf, type ReportItems } from './report/build.js';
import { TimelineExchange } from './report/timeline.js';
import { ndjsonLine, renderJsonChunks, summaryLineChunks, summaryOf } from './render/json.js';
import { jsonSpool, textSpool, transactionSpool, type Spool } from './render/spool.js';
import { writeChunks } from './render/write.js';
import { JsonBytes, type Bytes } from './report/json-bytes.js';
import { writeTransactionState } from './report/transaction-bytes.js';
import { renderText, renderTextChunks } from './render/text.js';
import { markTime, writeBlock } from './render/text-block.js';
import { sanitize } from './render/sanitize.js';
import { progressLine } from './render/progress.js';
import { startLiveCapture, type LiveCapture, type LiveOptions } from './capture/live.js';
import type { CaptureInput } from './capture/reader.js';
import { batchReaderWorker } from './capture/worker-read.js';
import { restoreBatchHeapFlags } from './heap-policy.js';
import { explainReport } from './render/explain/index.js';

export type OutputFormat = 'json' | 'ndjson' | 'text' | 'tui' | 'html' | 'mermaid';

export interface RunOptions {
  readonly inputs: readonly string[];
  /** Lease database files (--leases), compared with the captures or shown on their own. */
  readonly leases?: readonly string[];
  /** Seconds the servers' clocks may differ from the capture's (--lease-skew). */
  readonly leaseSkew?: number;
  readonly format: OutputFormat;
  /** Where the HTML page goes: a file, or - for stdout. */
  readonly output?: string;
  readonly packets: boolean;
  readonly hex: boolean;
  readonly failOn?: Severity;
  readonly filter: ReportFilter;
  readonly trustedServers: readonly string[];
  readonly color: boolean;
  /** Capture from interfaces instead of reading files (-i). */
  readonly live?: LiveOptions;
  /** Explain every exchange, step, network and finding (text and JSON; the TUI has its `e` key). */
  readonly explain?: boolean;
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
/** Packet records (fields and bytes behind each frame link) an HTML page carries; a bigger capture's page says so. */
const HTML_MAX_PACKETS = 10_000;
const SNAPSHOT_EVERY_MS = 500;
/**
 * Full live reports take at most about this share of a load. Since leases, clients and ARP bindings became records
 * over the analyser's state (live-records.ts) a full report costs about a fifth of what it did: while the DHCP-only
 * benchmark loads, 3% buys 3 of them, as many as 10% bought before; 10% would now buy 9-10, for about 0.5 s more CPU
 * and 30-40 MB more at the peak (tmux, alternating runs).
 */
const FULL_SNAPSHOT_SHARE = 0.03;
/** A capture file this small is read before the first screen is drawn (waiting at most SMALL_CAPTURE_WAIT_MS). */
const SMALL_CAPTURE_BYTES = 4 << 20;
const SMALL_CAPTURE_WAIT_MS = 60;

const RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };

/** What a run reads: capture files (or stdin), or a live capture's bytes. */
interface Sources {
  readonly inputs: readonly CaptureInput[];
  readonly names: readonly string[];
  readonly live?: LiveCapture;
}

export async function run(opts: RunOptions, io: RunIo): Promise<number> {
  const leaseFiles = opts.leases ?? [];
  if (opts.live && opts.inputs.length > 0) throw new UsageError('read capture files or capture live (-i), not both');
  if (!opts.live && opts.inputs.length === 0 && leaseFiles.length === 0) throw new UsageError('no capture file given (use - for stdin)');
  if (opts.inputs.filter((i) => i === '-').length > 1) throw new UsageError('stdin (-) can be read only once');
  if (opts.explain && opts.format === 'ndjson') throw new UsageError('--explain works with --text, --json and the terminal UI, not --ndjson');
  if (opts.inputs.includes('-') && io.stdin?.isTTY) {
    throw new UsageError('- reads a capture from stdin, but stdin is a terminal: pipe one in (tcpdump -w - … | dorascope -)');
  }
  const output = opts.format === 'html' ? openOutput(opts.output ?? '-', io) : undefined;
  let written = false;
  let live: LiveCapture | undefined;
  const interrupted = (): void => void live?.stop();
  try {
    const withDbs = leaseFiles.length > 0 ? await withLeaseDatabases(opts, leaseFiles, io) : opts;
    live = withDbs.live ? await startLiveCapture(withDbs.live) : undefined;
    // Ctrl-C stops the capture; what was seen is still analysed and written.
    if (live) process.on('SIGINT', interrupted);
    const sources: Sources = live ? { inputs: [live.chunks], names: [live.name], live } : { inputs: withDbs.inputs, names: withDbs.inputs };
    const report = withDbs.format === 'tui' ? await runTuiMode(withDbs, io, sources) : await runBatch(withDbs, output ? { ...io, stdout: output } : io, sources);
    written = true;
    if (!report) return 0;
    if (opts.failOn && report.findings.some((f) => RANK[f.severity] >= RANK[opts.failOn!])) return 1;
    return 0;
  } catch (e) {
    if (e instanceof CaptureError || e instanceof LeaseDbError) {
      io.stderr.write(`dorascope: ${sanitize(e.message)}\n`);
      return 3;
    }
    throw e;
  } finally {
    process.off('SIGINT', interrupted);
    await live?.stop();
    if (output && output !== io.stdout) {
      await new Promise<void>((resolve) => output.end(() => resolve()));
      // No half page is left behind when the capture could not be read.
      if (!written) rmSync(opts.output ?? '-', { force: true });
    }
  }
}

/** The HTML page's file, opened before the capture is read so that a path that cannot be written fails at once. */
function openOutput(path: string, io: RunIo): NodeJS.WritableStream {
  if (path === '-') return io.stdout;
  try {
    return createWriteStream('', { fd: openSync(path, 'w') });
  } catch (e) {
    throw new UsageError(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

/** Reads the lease databases first (each a stream of lines) and hands them to the analysis. */
async function withLeaseDatabases(opts: RunOptions, files: readonly string[], io: RunIo): Promise<RunOptions> {
  const databases: LeaseDatabase[] = [];
  for (const file of files) {
    const db = await readLeaseDatabase(file);
    for (const w of db.warnings) io.stderr.write(`dorascope: warning: ${sanitize(w.message)}\n`);
    databases.push(db);
  }
  return { ...opts, analyzer: { ...opts.analyzer, leaseDatabases: databases, ...(opts.leaseSkew !== undefined ? { leaseSkew: opts.leaseSkew } : {}) } };
}

/** Where an unfiltered JSON or text run puts the long lists while the capture is read. */
interface Spools {
  readonly transactions?: Spool<TxState>;
  readonly packets?: Spool<PacketRecord>;
  /** The earliest step time of the spooled transactions (the text timeline's zero). */
  readonly earliest: { step: number };
}

async function runBatch(opts: RunOptions, io: RunIo, sources: Sources): Promise<Report> {
  // Unfiltered JSON and text take each transaction as it closes (and JSON each packet record as it is decoded)
  // into a spool, so neither the analyser nor the session keeps them: memory follows what is open. Explaining
  // needs the whole report at once (an exchange is explained with the leases and findings around it).
  const unfiltered = isEmptyFilter(opts.filter) && opts.explain !== true;
  const earliest = { step: Infinity };
  // Each timeline block is written as its transaction closes, straight from the analyser's state, its times
  // filled in when the zero is known.
  const exchange = new TimelineExchange();
  const block = (tx: TxState, out: Bytes): void => {
    const x = exchange.fromState(tx);
    earliest.step = Math.min(earliest.step, x.earliestStep);
    writeBlock(out, x, markTime, opts.color);
  };
  const spools: Spools = {
    earliest,
    ...(unfiltered && opts.format === 'json' ? { transactions: transactionSpool() } : {}),
    ...(unfiltered && opts.format === 'text' ? { transactions: textSpool(block) } : {}),
    ...(unfiltered && opts.format === 'json' && opts.packets ? { packets: jsonSpool<PacketRecord>('packets') } : {}),
  };
  try {
    return await runBatchWith(opts, io, spools, sources);
  } finally {
    spools.transactions?.close();
    spools.packets?.close();
  }
}

async function runBatchWith(opts: RunOptions, io: RunIo, spools: Spools, sources: Sources): Promise<Report> {
  const ndjson = opts.format === 'ndjson';
  const filtered = !isEmptyFilter(opts.filter);
  // Unfiltered NDJSON writes each transaction as it closes: nothing to keep either.
  const streamNdjson = ndjson && !filtered;
  const lines = new NdjsonLines(io.stdout);
  const progress = progressOnStderr(io);
  const session = new AnalysisSession({
    ...opts.analyzer,
    retainTransactions: !spools.transactions && !streamNdjson,
    trustedServers: opts.trustedServers,
    // Unfiltered NDJSON writes them as lines instead, unfiltered JSON spools them.
    // Explanations quote options only the packet records hold (an OFFER's lease time); the page shows packets.
    packets: spools.packets ? 'streamed' : ((opts.packets || opts.explain === true) && (!ndjson || filtered)) || opts.format === 'html',
    hex: opts.hex || opts.format === 'html',
    ...(opts.format === 'html' ? { maxPackets: HTML_MAX_PACKETS, keepEchoes: true } : {}),
    onWarning: (w) => io.stderr.write(`dorascope: warning: ${sanitize(w.message)}\n`),
    // Lines are written as the capture is read: when the reader of our output falls behind, so do we.
    ...(ndjson ? { pace: () => drained(io.stdout) } : {}),
    ...(streamNdjson && opts.packets ? { onPacket: (p) => lines.packet(p) } : {}),
    ...(spools.packets ? { onPacket: (p) => spools.packets!.add(p.frame, p) } : {}),
    ...(spools.transactions ? { hooks: spoolHooks(spools.transactions) } : {}),
    ...(streamNdjson ? { hooks: { onTransaction: (tx) => lines.transaction(tx), onFinding: (f) => lines.finding(f) } } : {}),
    ...(progress ? { onProgress: progress.update } : {}),
    // Big capture files are read on a worker thread, beside the analysis (README "Design notes").
    ...readerWorkerOption(),
  });
  try {
    await session.read(sources.inputs, sources.names);
  } finally {
    // What was read before a break is kept.
    lines.flush();
    progress?.clear();
  }
  if (spools.transactions) return writeSpooled(opts, io, session, spools);
  if (streamNdjson) {
    // The summary line carries every lease, client and ARP binding: converted and written one at a time.
    const { report, items } = session.reportStreaming();
    await lines.restStreamed(report, items, session.transactionCount);
    return report;
  }
  const report = withExplanations(filterReport(session.report(), opts.filter), opts);
  if (opts.format === 'json') await writeChunks(io.stdout, renderJsonChunks(jsonOf(report, opts)));
  else if (opts.format === 'text') io.stdout.write(renderText(report, { color: opts.color, explain: opts.explain === true }));
  else if (opts.format === 'html') await writeHtml(withCheckEchoes(report, session), opts, io);
  else if (opts.format === 'mermaid') io.stdout.write((await import('./render/mermaid.js')).renderMermaid(report));
  else lines.rest(report, filtered, undefined);
  return report;
}

/** The HTML page (loaded only for it), explaining every exchange of a small report or, with --explain, of any. */
async function writeHtml(report: Report, opts: RunOptions, io: RunIo): Promise<void> {
  const html = await import('./render/html/index.js');
  await writeChunks(io.stdout, html.renderHtmlChunks(report, { explain: html.explainerFor(report, opts.explain === true) }));
}

/**
 * The page links every frame of a server's address check to its fields and bytes: the ICMP echoes among them
 * (evidence, never packets of the JSON report) are added to the packets the page carries.
 */
function withCheckEchoes(report: Report, session: AnalysisSession): Report {
  const have = new Set((report.packets ?? []).map((p) => p.frame));
  const echoes: PacketRecord[] = [];
  for (const t of report.transactions) {
    for (const c of t.addressChecks ?? []) {
      for (const frame of [...c.frames, ...c.answerFrames]) {
        const p = have.has(frame) ? undefined : session.echoes?.packet(frame, { hex: true });
        if (p) echoes.push(p);
        have.add(frame);
      }
    }
  }
  if (echoes.length === 0) return report;
  return { ...report, packets: [...(report.packets ?? []), ...echoes].sort((a, b) => a.frame - b.frame) };
}

/** With --explain and --json, the report carries its explanations. */
function withExplanations(report: Report, opts: RunOptions): Report {
  return opts.explain === true && opts.format === 'json' ? { ...report, explanations: explainReport(report) } : report;
}

/** The packet records kept only for the explanations stay out of the JSON unless --packets asked for them. */
function jsonOf(report: Report, opts: RunOptions): Report {
  if (opts.packets || report.packets === undefined) return report;
  const { packets: _packets, ...rest } = report;
  return rest;
}

/** Hands each kept transaction to the spool as it closes, noting the earliest step time (the text timeline's zero). */
function spoolHooks(spool: Spool<TxState>): AnalyzerHooks {
  return {
    onTransaction: (tx) => {
      if (tx.kept) spool.add(tx.steps[0]!.frame, tx);
    },
  };
}

/** The report, with transactions (and packets) read back from their spools and the other long lists converted as written. */
async function writeSpooled(opts: RunOptions, io: RunIo, session: AnalysisSession, spools: Spools): Promise<Report> {
  const { report, items } = session.reportStreaming();
  const transactions = spools.transactions!;
  if (opts.format === 'json') {
    const texts = { transactions: transactions.pieces(), ...(spools.packets ? { packets: spools.packets.pieces() } : {}) };
    await writeChunks(io.stdout, renderJsonChunks(report, { items, texts }));
  } else {
    // The timeline lists every lease (converted as its table is written), the first clients and no ARP binding.
    const streamed = {
      blocks: transactions.pieces(),
      count: session.transactionCount,
      earliestStep: spools.earliest.step,
      clients: { list: items.clients, count: items.clients.length },
      leases: items.leases,
    };
    await writeChunks(io.stdout, renderTextChunks(report, { color: opts.color }, streamed));
  }
  return report;
}

/** Lines gathered before one write to the output (or fewer, at the end of a turn of the event loop). */
const LINE_BYTES = 1 << 16;
const LINE_BUFFER = LINE_BYTES + (LINE_BYTES >> 2);
/** Written buffers kept to gather lines in again (a turn of the event loop can write a few megabytes). */
const SPARE_BUFFERS = 32;
const TRANSACTION_LINE = Buffer.from('{"type":"transaction","data":');
const LINE_END = Buffer.from('}\n');

/**
 * NDJSON output: lines written as things happen, findings numbered in the order they went out. Lines are
 * gathered into one buffer (transactions written into it as bytes, transaction-bytes.ts) and written a buffer at a
 * time: a write per line was 97 000 writes on the DHCP-only benchmark. What is gathered goes out when the event
 * loop next turns, so a live capture's lines are not held back.
 */
class NdjsonLines {
  private emitted = 0;
  /** Findings already written while reading (the final report raises them again). */
  private readonly live = new Set<string>();
  private readonly w = new JsonBytes(false, LINE_BUFFER);
  private scheduled = false;
  /**
   * Buffers written out, to gather lines in again. Only a stream on a file descriptor (stdout, a file, a pipe)
   * is done with a chunk when it calls back; any other (a PassThrough a test or library user reads) may hand
   * the very chunk on, so it gets a fresh buffer each time. A fresh 80 KB buffer per write was 2 500 of them,
   * 200 MB of the C heap, on the DHCP-only benchmark.
   */
  private readonly spare: Buffer[] = [];
  private readonly onFd: boolean;

  constructor(private readonly out: NodeJS.WritableStream) {
    this.onFd = typeof (out as { fd?: unknown }).fd === 'number';
  }

  packet(p: PacketRecord): void {
    this.line(ndjsonLine({ type: 'packet', data: p }));
  }

  transaction(tx: TxState): void {
    this.w.raw(TRANSACTION_LINE);
    writeTransactionState(this.w, tx);
    this.w.raw(LINE_END);
    this.gathered();
  }

  /** A finding raised as its evidence arrived goes out at once (a live capture may never end). */
  finding(f: FindingDraft): void {
    this.live.add(findingKey(f));
    this.line(ndjsonLine({ type: 'finding', data: findingOf(f, `F${++this.emitted}`) }));
  }

  /** Writes out the lines gathered so far. */
  flush(): void {
    if (this.w.pos === 0) return;
    const whole = this.w.buf;
    const chunk = this.w.take(this.spare.pop());
    if (!this.onFd) {
      this.out.write(chunk);
      return;
    }
    this.out.write(chunk, () => {
      if (whole.length === LINE_BUFFER && this.spare.length < SPARE_BUFFERS) this.spare.push(whole);
    });
  }

  private line(text: string): void {
    this.w.utf8(text);
    this.gathered();
  }

  private gathered(): void {
    if (this.w.pos >= LINE_BYTES) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.flush();
      });
    }
  }

  /** What the final report of an unfiltered run adds: the findings not yet written, then the summary, its lists streamed. */
  async restStreamed(report: Report, items: ReportItems, transactionCount: number): Promise<void> {
    this.flush();
    this.newFindings(report);
    await writeChunks(this.out, summaryLineChunks(report, items, transactionCount));
  }

  /** What the final report adds: for a filtered run everything, else the findings not yet written; then the summary. */
  rest(report: Report, filtered: boolean, transactionCount: number | undefined): void {
    this.flush();
    if (filtered) {
      for (const p of report.packets ?? []) this.out.write(ndjsonLine({ type: 'packet', data: p }));
      for (const t of report.transactions) this.out.write(ndjsonLine({ type: 'transaction', data: t }));
    }
    this.newFindings(report);
    this.out.write(ndjsonLine(summaryOf(report, transactionCount)));
  }

  private newFindings(report: Report): void {
    for (const f of report.findings) {
      if (!this.live.has(findingKey(f))) this.out.write(ndjsonLine({ type: 'finding', data: { ...f, id: `F${++this.emitted}` } }));
    }
  }
}

/** The reader worker for big capture files, when the build made its entry. */
function readerWorkerOption(): Pick<SessionOptions, 'readerWorker'> {
  const readerWorker = batchReaderWorker();
  return readerWorker ? { readerWorker: { ...readerWorker, onOnline: restoreBatchHeapFlags } } : {};
}

/** A progress line on stderr when it is a terminal (rewritten at most five times a second), else nothing. */
function progressOnStderr(io: RunIo): { update: (p: Parameters<NonNullable<SessionOptions['onProgress']>>[0]) => void; clear: () => void } | undefined {
  if (!io.stderr.isTTY || process.env['CI']) return undefined;
  const started = Date.now();
  let last = 0;
  return {
    update: (p) => {
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      io.stderr.write(`\r${progressLine(p, now - started)}\x1b[K`);
    },
    clear: () => {
      if (last) io.stderr.write('\r\x1b[K');
    },
  };
}

async function runTuiMode(opts: RunOptions, io: RunIo, sources: Sources): Promise<Report | undefined> {
  // Load the UI before reading starts: once a large capture is being analysed, every module file the import
  // still had to read would wait for a turn of the event loop.
  const { runTui } = await importInteractive(() => import('./render/tui/index.js'));
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const l of listeners) l();
  };
  let lastNotify = 0;
  // Let go of once the final report is built (see below).
  let session: AnalysisSession | undefined = new AnalysisSession({
    ...opts.analyzer,
    trustedServers: opts.trustedServers,
    packets: true,
    hex: true,
    // The packet pane reads a plain file's packets again when they are shown; records are kept only for stdin
    // and gzip input, and of a huge one only the first (the views themselves need no packet records).
    indexPackets: true,
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
  const reading = session.read(sources.inputs, sources.names).finally(() => {
    settled = true;
  });
  // Surface an unreadable input as exit code 3 before the screen is taken over.
  await Promise.race([reading, waitFor(() => settled || (session?.captures.length ?? 0) > 0)]);
  // A small capture is read in a few tens of milliseconds: wait for it, so that the first screen is the finished one
  // rather than "reading 100%" redrawn a moment later. A big one's first screen is not held back.
  const total = session.captures.reduce((sum, c) => sum + (c.size ?? Infinity), 0);
  if (!settled && total <= SMALL_CAPTURE_BYTES) await Promise.race([reading.catch(() => undefined), new Promise((r) => setTimeout(r, SMALL_CAPTURE_WAIT_MS))]);
  // Building a report of a large capture takes a while, longer the more it holds: while reading, hand out one
  // at most every SNAPSHOT_EVERY_MS, a full one only while they stay within FULL_SNAPSHOT_SHARE of the time (else a
  // capture of a hundred thousand exchanges reads ever slower as it grows), the last full one brought up to date
  // in between; once reading is over, build it once and keep it.
  // Kept apart from the session, which is let go once the final report is built.
  const packetIndex = session.packetIndex;
  const echoes = session.echoes;
  const exchanges = isEmptyFilter(opts.filter);
  const snapshots = new LiveSnapshots(
    { full: () => filterReport(session!.report(), opts.filter), refresh: (base) => session!.refresh(base, { exchanges }) },
    { everyMs: SNAPSHOT_EVERY_MS, fullShare: FULL_SNAPSHOT_SHARE },
  );
  const final = (): void => {
    // The finished report is all the views need from now on: the analysis behind it can go.
    snapshots.finish();
    session = undefined;
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
    ...(packetIndex ? { packet: packetLookup(packetIndex, echoes), frames: packetIndex } : {}),
  };
  // runTui reads keys from the terminal itself when stdin is the capture (tcpdump -w - | dorascope -).
  try {
    await runTui(live, {
      ...(io.stdin ? { stdin: io.stdin } : {}),
      ...(isWriteStream(io.stdout) ? { stdout: io.stdout } : {}),
      noColor: !opts.color,
      title: [...sources.names, ...(opts.leases ?? [])].join(' '),
      explain: opts.explain === true,
    });
  } finally {
    packetIndex?.close();
    echoes?.close();
    // q stops a live capture; the reading then ends with its input.
    await sources.live?.stop();
  }
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
