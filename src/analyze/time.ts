/** A capture timestamp with the precision the capture has. Times are capture time, never wall-clock time. */
export interface Timestamp {
  readonly sec: number;
  readonly nanos: number;
  readonly digits: number;
}

export function toEpoch(ts: Timestamp): number {
  return ts.sec + ts.nanos / 1e9;
}

export function timestampOf(f: { readonly tsSec: number; readonly tsNanos: number; readonly tsDigits: number }): Timestamp {
  return { sec: f.tsSec, nanos: f.tsNanos, digits: f.tsDigits };
}

export function diffMs(later: Timestamp, earlier: Timestamp): number {
  return (later.sec - earlier.sec) * 1000 + (later.nanos - earlier.nanos) / 1e6;
}

/** Milliseconds rounded to microseconds, so JSON stays short and deterministic. */
export function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
