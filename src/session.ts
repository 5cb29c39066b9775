/**
 * One analysis run: capture files → reader → decoder → analyser, with a report available at any moment.
 * The CLI, the library API and the TUI's live view all drive this.
 */
import { Analyzer, type AnalyzerHooks } from './analyze/analyzer.js';
import type { AnalyzerOptions, TxState } from './analyze/types.js';
import type { CaptureInfo, CaptureWarning, RawRecord } from './capture/record.js';
import { readCapture, type CaptureInput } from './capture/reader.js';
import type { WorkerReading } from './capture/worker-read.js';
import { Decoder, plainlyOther } from './decode/decoder.js';
import type { Frame } from './decode/frame.js';
import { buildReport, buildReportStreaming, captureOf, transactionOfState, type ReportInput, type ReportItems } from './report/build.js';
import { exchangeRecord, firstFrameOf, type ClosedColumns } from './exchange-records.js';
import { ArpColumns, StepColumns } from './step-records.js';
import { LiveRecords } from './live-records.js';
import { EchoRecords } from './echo-records.js';
import { provideFrameLookup } from './query/context.js';
import { ClosedExchangeFrames } from './query/frame-index.js';
import { PacketIndex } from './packet-index.js';
import { packetRecord } from './report/packet.js';
import type { PacketRecord, Progress, Report, Transaction } from './report/types.js';

export interface SessionOptions extends AnalyzerOptions {
  /**
   * Keep a PacketRecord for every DHCP/ARP frame (--packets, and the TUI's packet pane); 'streamed': the report
   * has a packet list, but its records only go to onPacket (a writer spools them), none are kept here.
   */
  readonly packets?: boolean | 'streamed';
  /** At most this many packet records are kept (the first ones); a warning says when more were left out. */
  readonly maxPackets?: number;
  /** Keep each kept packet's bytes as hex (the TUI's hex pane). */
  readonly hex?: boolean;
  /**
   * Note where every DHCP/ARP frame of a plain capture file sits and keep packet records only for the other
   * inputs (stdin, gzip): `packetIndex` reads the rest again on demand (the TUI's packet pane).
   */
  readonly indexPackets?: boolean;
  /** Keep the ICMP echoes (address checks' evidence) as records, so that a page can show them (the HTML report). */
  readonly keepEchoes?: boolean;
  readonly onPacket?: (p: PacketRecord) => void;
  readonly onWarning?: (w: CaptureWarning) => void;
  readonly onProgress?: (p: { bytesRead: number; bytesTotal?: number; frames: number }) => void;
  /** Awaited between chunks when it returns a promise (output backpressure). */
  readonly pace?: () => Promise<void> | undefined;
  readonly hooks?: AnalyzerHooks;
  /** Read big capture files on a worker thread (batch runs; the worker skips by plainlyOther, src/reader-worker.ts). */
  readonly readerWorker?: Omit<WorkerReading, 'skip'>;
  /**
   * Reports will be asked for again and again (a live view): each exchange is converted to its report form
   * once, as it closes, and the analyser keeps nothing of it; only the open ones are converted per report.
   */
  readonly live?: boolean;
}

/** The packet pane's look-up: a DHCP/ARP frame from the packet index, else an address check's ICMP echo. */
export function packetLookup(index: PacketIndex, echoes: EchoRecords | undefined): (frame: number, opts?: { readonly hex?: boolean }) => PacketRecord | undefined {
  return (frame, opts) => index.packet(frame, opts) ?? echoes?.packet(frame, opts);
}

export class AnalysisSession {
  readonly captures: CaptureInfo[] = [];
  readonly warnings: CaptureWarning[] = [];
  private readonly decoder: Decoder;
  private readonly analyzer: Analyzer;
  private readonly packets: PacketRecord[] = [];
  private packetsLeftOut = 0;
  /** Where the frames of plain capture files are (indexPackets). */
  readonly packetIndex: PacketIndex | undefined;
  /** The ICMP echoes (address checks' evidence), found again for the packet pane (indexPackets). */
  readonly echoes: EchoRecords | undefined;
  private readonly rereadable: (string | undefined)[] = [];
  private bytesDone = 0;
  private bytesRead = 0;
  private bytesTotal: number | undefined = 0;
  private done = false;
  /** A live session's closed exchanges, converted as they closed, in report order (by first frame). */
  private readonly closed: Transaction[] = [];
  /** Their steps and ARP frames (step-records.ts). */
  private readonly columns: ClosedColumns | undefined;
  /** The records of leases, clients and ARP bindings, made once per state for all the live reports (live-records.ts). */
  private records: LiveRecords | undefined;
  /** Their frames, noted as they closed: the finished report's frame → exchange look-up (a live session's). */
  private closedFrames: ClosedExchangeFrames | undefined;

  constructor(private readonly opts: SessionOptions = {}) {
    if (opts.live) {
      this.columns = { steps: new StepColumns(), arp: new ArpColumns() };
      this.closedFrames = new ClosedExchangeFrames();
    }
    this.analyzer = opts.live ? new Analyzer({ ...opts, retainTransactions: false }, this.keepingClosed(opts.hooks ?? {})) : new Analyzer(opts, opts.hooks ?? {});
    this.decoder = new Decoder({ keepBytes: opts.hex ?? false });
    this.packetIndex = opts.indexPackets ? new PacketIndex(this.rereadable) : undefined;
    // Indexed: found again by offset in a plain file; keepEchoes: kept as records (bounded), for a page that holds them.
    this.echoes = opts.indexPackets ? new EchoRecords(this.rereadable, opts.hex ?? false) : opts.keepEchoes ? new EchoRecords([], opts.hex ?? false) : undefined;
  }

  /** Reads the inputs in turn; frame numbers run on across them. Rejects with CaptureError on unreadable input. */
  async read(inputs: readonly CaptureInput[], names?: readonly string[]): Promise<void> {
    let firstFrame = 1;
    const onRecord = (rec: RawRecord) => {
      const frame = this.decoder.decodeWithEcho(rec);
      if (!frame) return;
      // An ICMP echo is evidence for the analyser (a server's address check), never a packet of the report.
      if (frame.kind === 'icmp-echo') {
        this.analyzer.add(frame);
        this.echoes?.add(rec, frame);
        return;
      }
      this.packetIndex?.add(rec);
      this.accept(frame);
    };
    try {
      for (const [captureIndex, input] of inputs.entries()) {
        const name = names?.[captureIndex];
        const worker = this.opts.readerWorker && { ...this.opts.readerWorker, skip: 'plainlyOther' };
        const info = await readCapture(input, { captureIndex, firstFrame, ...(name !== undefined ? { name } : {}), ...(worker ? { worker } : {}) }, {
          onRecord,
          skip: plainlyOther,
          onSkipped: (n) => this.decoder.countSkipped(n),
          beforeRead: () => this.opts.pace?.(),
          onWarning: (w) => {
            this.warnings.push(w);
            this.opts.onWarning?.(w);
          },
          onCaptureStart: (i) => {
            // A plain file can be read again at a frame's offset; stdin and gzip cannot.
            this.rereadable[captureIndex] = typeof input === 'string' && input !== '-' && !i.compressed ? input : undefined;
            // Bytes are copied only for the records that will be built: the index reads the others again.
            this.decoder.keepBytes = (this.opts.hex ?? false) && (this.opts.onPacket !== undefined || (this.opts.packets === true && !this.packetIndex?.covers(captureIndex)));
            this.captures.push(i);
            if (i.size === undefined) this.bytesTotal = undefined;
            else if (this.bytesTotal !== undefined) this.bytesTotal += i.size;
          },
          onProgress: (n) => {
            this.bytesRead = this.bytesDone + n;
            this.opts.onProgress?.({ bytesRead: this.bytesRead, ...(this.bytesTotal !== undefined ? { bytesTotal: this.bytesTotal } : {}), frames: this.decoder.stats.packets });
          },
        });
        if (!this.captures.includes(info)) this.captures.push(info);
        this.bytesDone += info.bytes;
        firstFrame += info.frames ?? info.packets;
      }
    } finally {
      this.finish();
    }
  }

  finish(): void {
    if (this.done) return;
    this.done = true;
    this.analyzer.finish();
  }

  /** Transactions the report counts, also when they were handed to onTransaction and not retained. */
  get transactionCount(): number {
    return this.analyzer.transactionCount;
  }

  report(): Report {
    const input = this.reportInput();
    if (!this.opts.live) return buildReport(input);
    // A live view asks for reports again and again: leases, clients and ARP bindings as records over the
    // analyser's state, their texts made when read (live-records.ts).
    const { report, items } = buildReportStreaming(input);
    const a = input.analysis;
    const { leases, clients, arp } = items.states;
    const records = (this.records ??= new LiveRecords());
    const live: Report = {
      ...report,
      transactions: [...(input.transactions ?? [])],
      leases: leases.map((l) => records.lease(l, a.leaseDb?.comparison.matches.get(l), a.leaseSegments.get(l))),
      clients: clients.map((c) => records.client(c)),
      arp: arp.map((b) => records.arpBinding(b)),
    };
    // Reading is over and every exchange has closed: the report holds just the exchanges whose frames were noted.
    const frames = this.closedFrames;
    if (this.done && frames && input.transactions === this.closed && frames.size === this.closed.length) {
      this.closedFrames = undefined;
      provideFrameLookup(live, () => frames.build());
    }
    return live;
  }

  /**
   * A live report between full ones: `base` (an earlier report of this session) with the counts, the progress and
   * the exchanges of now; its leases, clients, ARP bindings, servers and findings stay as they were, since
   * converting those again is what makes a report of a big capture cost (a live view refreshes them less often).
   * `exchanges: false` keeps the exchanges of `base` too (a filtered base: its lists must stay filtered alike).
   */
  refresh(base: Report, opts: { readonly exchanges?: boolean } = {}): Report {
    const s = this.decoder.stats;
    const { progress: _, ...rest } = base;
    return {
      ...rest,
      captures: this.captures.map(captureOf),
      stats: { ...base.stats, packets: s.packets, dhcp: s.dhcp, arp: s.arp, malformed: s.malformed, other: s.other },
      transactions: this.opts.live && opts.exchanges !== false ? [...this.liveTransactions(this.analyzer.snapshot().openTransactions)] : base.transactions,
      ...this.progressPart(),
    };
  }

  /** The report without its long lists, and their items one at a time (for writing huge reports). */
  reportStreaming(): { report: Report; items: ReportItems } {
    return buildReportStreaming(this.reportInput());
  }

  /** The hooks, and before them: a closed exchange is converted once and kept in its report form. */
  private keepingClosed(hooks: AnalyzerHooks): AnalyzerHooks {
    return {
      ...hooks,
      onTransaction: (tx) => {
        if (tx.kept) {
          // Exchanges close nearly in the order they started: one that started before the last closed goes in
          // where it belongs (a few places back), so that no report has to sort them all.
          // As a compact record, its steps too (test/exchange-records.test.ts, test/step-records.test.ts).
          const t = exchangeRecord(tx, this.columns!);
          this.closedFrames?.add(t, tx.steps, t.arpFrames);
          const at = after(this.closed, firstFrame(t));
          if (at === this.closed.length) this.closed.push(t);
          else this.closed.splice(at, 0, t);
        }
        hooks.onTransaction?.(tx);
      },
    };
  }

  /** A live session's transactions in report order: the closed ones with the open ones, converted now, between them. */
  private liveTransactions(open: readonly TxState[]): readonly Transaction[] {
    if (open.length === 0) return this.closed;
    const closed = this.closed;
    const out: Transaction[] = [];
    let from = 0;
    for (const t of open.map((tx) => transactionOfState(tx)).sort(byFirstFrame)) {
      const to = after(closed, firstFrame(t));
      for (let i = from; i < to; i++) out.push(closed[i]!);
      out.push(t);
      from = to;
    }
    for (let i = from; i < closed.length; i++) out.push(closed[i]!);
    return out;
  }

  private reportInput(): ReportInput {
    const analysis = this.analyzer.snapshot();
    return {
      captures: this.captures,
      captureWarnings: this.packetsLeftOut
        ? [...this.warnings, { capture: 0, message: `${this.packetsLeftOut} packet records were left out: at most ${this.opts.maxPackets} are kept` }]
        : this.warnings,
      stats: this.decoder.stats,
      analysis,
      ...(this.opts.packets ? { packets: this.packets } : {}),
      ...(this.opts.trustedServers ? { trustedServers: this.opts.trustedServers } : {}),
      ...(this.opts.live ? { transactions: this.liveTransactions(analysis.openTransactions) } : {}),
      ...this.progressPart(),
    };
  }

  /** How far reading has got, while it goes on. */
  private progressPart(): { progress?: Progress } {
    if (this.done) return {};
    return { progress: { done: false, bytesRead: this.bytesRead, ...(this.bytesTotal !== undefined ? { bytesTotal: this.bytesTotal } : {}), frames: this.decoder.stats.packets } };
  }

  private accept(frame: Frame): void {
    this.analyzer.add(frame);
    // A frame the packet index can find again is not kept as a record.
    const keep = this.opts.packets === true && !this.packetIndex?.covers(frame.captureIndex);
    if (!keep && !this.opts.onPacket) return;
    const p = packetRecord(frame, { hex: this.opts.hex ?? false });
    if (keep) {
      if (this.packets.length < (this.opts.maxPackets ?? Infinity)) this.packets.push(p);
      else this.packetsLeftOut++;
    }
    this.opts.onPacket?.(p);
  }
}

/** An exchange's first frame: report order, the order exchanges started in. */
function firstFrame(t: Transaction): number {
  return firstFrameOf(t);
}

function byFirstFrame(a: Transaction, b: Transaction): number {
  return firstFrame(a) - firstFrame(b);
}

/** The index of the first transaction of a sorted list that starts after `frame`. */
function after(list: readonly Transaction[], frame: number): number {
  let lo = 0;
  let hi = list.length;
  // Most exchanges belong at the end: check that first.
  if (hi === 0 || firstFrame(list[hi - 1]!) < frame) return hi;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (firstFrame(list[mid]!) > frame) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
