/** Presentation of capture values in the report: ISO times at the capture's precision, hex xids. */
import type { Timestamp } from '../analyze/time.js';

/** ISO 8601 UTC with as many fractional digits as the capture has (9 for nanosecond captures). */
export function isoTime(ts: Timestamp): string {
  const base = secondText(ts.sec);
  if (ts.digits <= 0) return `${base}Z`;
  const frac = String(ts.nanos).padStart(9, '0').slice(0, Math.min(9, ts.digits));
  return `${base}.${frac}Z`;
}

// Consecutive times share their second far more often than not: remember the last one formatted.
let lastSec = NaN;
let lastText = '';
function secondText(sec: number): string {
  if (sec !== lastSec) {
    lastSec = sec;
    // A damaged timestamp can lie past year 9999, where ISO 8601's four-digit year (and Date) ends: clamp the
    // text there; `epoch` keeps the value as it was captured.
    lastText = new Date(Math.min(Math.max(sec, 0), LAST_ISO_SECOND) * 1000).toISOString().slice(0, 19);
  }
  return lastText;
}

/** 9999-12-31T23:59:59Z. */
const LAST_ISO_SECOND = 253_402_300_799;

/** Seconds since 1970 as a number, rounded to the capture's precision (at most µs survive a double). */
export function epochOf(ts: Timestamp): number {
  const digits = Math.min(ts.digits, 9);
  const scale = 10 ** digits;
  return ts.sec + Math.round((ts.nanos / 1e9) * scale) / scale;
}

export function xidHex(xid: number): string {
  return `0x${(xid >>> 0).toString(16).padStart(8, '0')}`;
}
