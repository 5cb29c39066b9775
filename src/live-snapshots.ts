import type { Report } from './report/types.js';

/** How a live view's reports are made: a full one, or the last full one with what is cheap to know brought up to date. */
export interface SnapshotMakers {
  /** Every list converted again: what the analysis knows now. */
  readonly full: () => Report;
  /** `base` with the progress, the counts and the exchanges of now (leases, clients, ARP and findings as in `base`). */
  readonly refresh: (base: Report) => Report;
}

export interface SnapshotSchedule {
  /** A new report at most this often while reading (the progress line moves at this pace). */
  readonly everyMs: number;
  /** Full reports built while reading take at most about this share of the time read so far. */
  readonly fullShare: number;
  readonly now?: () => number;
}

/**
 * Hands out a live report while a capture is read, and keeps the final one. A full report of a big capture costs
 * more the more it holds (a hundred thousand exchanges and tens of thousands of leases: ~0.3 s), so one is built
 * only while the full ones so far and the next one (taken to cost what the last did: it costs a little more, as
 * more has been read) stay within `fullShare` of the time since the first; in between, at most every `everyMs`, the last full
 * report is refreshed (progress, counts, exchanges), which costs a few milliseconds. The first full report (the
 * first screen) is neither counted nor a measure: its cost is paid with the code still cold.
 */
export class LiveSnapshots {
  private cached: { report: Report; at: number; final: boolean } | undefined;
  private base: { report: Report; buildMs: number } | undefined;
  private spentMs = 0;
  private started = 0;
  private makers: SnapshotMakers | undefined;
  /** How many full reports were built while reading (not counting the final one). */
  fullBuilds = 0;

  constructor(
    makers: SnapshotMakers,
    private readonly schedule: SnapshotSchedule,
  ) {
    this.makers = makers;
  }

  get(final: boolean): Report {
    const c = this.cached;
    if (c?.final) return c.report;
    const now = this.clock();
    if (!final && c && now - c.at < this.schedule.everyMs) return c.report;
    const makers = this.makers;
    if (!makers) throw new Error('LiveSnapshots: no report after finish()');
    if (final || !this.base || this.fullDue(now)) {
      const first = !this.base;
      const report = makers.full();
      const end = this.clock();
      if (first) this.started = end;
      // The first one, built cold, says nothing of what the next will cost: the next is built at the next turn.
      this.base = { report, buildMs: first ? 0 : end - now };
      if (!final) {
        if (!first) this.spentMs += end - now;
        this.fullBuilds += 1;
      }
      this.cached = { report, at: end, final };
      return report;
    }
    const report = makers.refresh(this.base.report);
    this.cached = { report, at: this.clock(), final: false };
    return report;
  }

  /**
   * Reading is over: builds the final report, keeps it for good and lets go of the makers, so that what only they
   * held (the whole analysis of a big capture) can be collected while the report is explored.
   */
  finish(): Report {
    const report = this.get(true);
    this.makers = undefined;
    this.base = undefined;
    return report;
  }

  /** Whether one more full report keeps the full ones within their share of the time read so far. */
  private fullDue(now: number): boolean {
    return this.spentMs + this.base!.buildMs <= this.schedule.fullShare * (now - this.started);
  }

  private clock(): number {
    return (this.schedule.now ?? Date.now)();
  }
}
