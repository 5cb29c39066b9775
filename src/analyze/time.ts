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

/**
 * The analyser's timestamps, a class only for its own hidden class: object literals of the same keys elsewhere
 * (capture info, report code) share one shape with them, and one of those storing a float in `sec` would make
 * V8 box that field in every timestamp, 16 bytes more for each of the hundreds of thousands kept.
 */
class Stamp implements Timestamp {
  constructor(
    readonly sec: number,
    readonly nanos: number,
    readonly digits: number,
  ) {}
}

/**
 * A timestamp from its parts, for records that keep their times as plain numbers (a Timestamp object beside each
 * of tens of thousands of records is most of their size) and make one only when it is read.
 */
export function stampOf(sec: number, nanos: number, digits: number): Timestamp {
  return new Stamp(sec, nanos, digits);
}

// Every stage asks for the timestamp of the frame at hand, one after the other: make it once per frame.
let lastFrame: Stamped | undefined;
let lastStamp: Timestamp = new Stamp(0, 0, 6);

export function timestampOf(f: Stamped): Timestamp {
  if (f !== lastFrame) {
    lastFrame = f;
    lastStamp = new Stamp(small(f.tsSec), small(f.tsNanos), small(f.tsDigits));
  }
  return lastStamp;
}

/** A 31-bit integer as V8's small integer (`| 0` is exact there); anything else (a second past 2038) as it is. */
function small(n: number): number {
  return n >= 0 && n <= 0x7fffffff && Number.isInteger(n) ? n | 0 : n;
}

export function diffMs(later: Timestamp, earlier: Timestamp): number {
  return (later.sec - earlier.sec) * 1000 + (later.nanos - earlier.nanos) / 1e6;
}

/** Milliseconds rounded to microseconds, so JSON stays short and deterministic. */
export function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
