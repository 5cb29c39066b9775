/** A capture timestamp with the precision the capture has. Times are capture time, never wall-clock time. */
export interface Timestamp {
  readonly sec: number;
  readonly nanos: number;
  readonly digits: number;
}

export function toEpoch(ts: Timestamp): number {
  return ts.sec + ts.nanos / 1e9;
}

type Stamped = { readonly tsSec: number; readonly tsNanos: number; readonly tsDigits: number };

// Every stage asks for the timestamp of the frame at hand, one after the other: make it once per frame.
let lastFrame: Stamped | undefined;
let lastStamp: Timestamp = { sec: 0, nanos: 0, digits: 6 };

export function timestampOf(f: Stamped): Timestamp {
  if (f !== lastFrame) {
    lastFrame = f;
    lastStamp = { sec: f.tsSec, nanos: f.tsNanos, digits: f.tsDigits };
  }
  return lastStamp;
}

export function diffMs(later: Timestamp, earlier: Timestamp): number {
  return (later.sec - earlier.sec) * 1000 + (later.nanos - earlier.nanos) / 1e6;
}

/** Milliseconds rounded to microseconds, so JSON stays short and deterministic. */
export function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
