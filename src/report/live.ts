import type { PacketRecord, Report } from './types.js';

/**
 * A report that is still being built (a large file or stdin being read). The TUI subscribes and redraws;
 * `snapshot()` is cheap enough to call a few times a second.
 */
export interface LiveReport {
  snapshot(): Report;
  /** Called whenever new data was analysed (throttled by the producer). Returns an unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Resolves when reading is over (also on a broken input: the report then carries the warnings). */
  readonly finished: Promise<void>;
  /** A packet record the report does not hold: a large capture's records are read again from the file on demand. */
  packet?(frame: number, opts?: { readonly hex?: boolean }): PacketRecord | undefined;
  /** Every DHCP/ARP frame of the plain capture files, by position (the Packets view). */
  readonly frames?: { readonly size: number; frameAt(i: number): number };
}

/**
 * Hands out a live report, building a new one only when the last is old enough: at most every `everyMs`, and
 * never sooner than `costFactor` times as long as the last build took, so building reports of a capture that
 * keeps growing costs a bounded share of the time (about 1 / (costFactor + 1)) instead of ever more.
 * Once `final` is set the next report built is kept for good.
 */
export class SnapshotThrottle {
  private cached: { report: Report; at: number; final: boolean } | undefined;
  private buildMs = 0;
  private build: (() => Report) | undefined;

  constructor(
    build: () => Report,
    private readonly opts: { readonly everyMs: number; readonly costFactor: number; readonly now?: () => number },
  ) {
    this.build = build;
  }

  get(final: boolean): Report {
    const clock = this.opts.now ?? Date.now;
    const start = clock();
    const c = this.cached;
    if (c && (c.final || start - c.at < Math.max(this.opts.everyMs, this.buildMs * this.opts.costFactor))) return c.report;
    if (!this.build) throw new Error('SnapshotThrottle: no report after finish()');
    const report = this.build();
    const end = clock();
    this.buildMs = end - start;
    this.cached = { report, at: end, final };
    return report;
  }

  /** Forgets the kept report: the next `get` builds one. */
  reset(): void {
    this.cached = undefined;
  }

  /**
   * Reading is over: builds the final report, keeps it for good and lets go of the builder, so that what only
   * it held (the whole analysis of a big capture) can be collected while the report is explored.
   */
  finish(): Report {
    this.cached = undefined;
    const report = this.get(true);
    this.build = undefined;
    return report;
  }
}
