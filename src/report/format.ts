/** Presentation of capture values in the report: ISO times at the capture's precision, hex xids. */
import type { Timestamp } from '../analyze/time.js';
import type { Bytes } from './json-bytes.js';

/**
 * ISO 8601 UTC with as many fractional digits as the capture has (9 for nanosecond captures).
 * Joined rather than added: V8 keeps a string built with `+` or a template as a tree of its pieces, about
 * 120 bytes more than the flat text, and a live view's report holds the times of every step (hundreds of
 * thousands of strings, ~70 MB of trees on the DHCP-only benchmark).
 */
export function isoTime(ts: Timestamp): string {
  return isoTimeOf(ts.sec, ts.nanos, ts.digits);
}

/** isoTime of the time with these parts (no Timestamp made for a time that is worked out). */
export function isoTimeOf(sec: number, nanos: number, digits: number): string {
  const base = secondText(sec);
  if (digits <= 0) return [base, 'Z'].join('');
  return [base, '.', fractionText(nanos, Math.min(9, digits)), 'Z'].join('');
}

/**
 * isoTime's text written into bytes (between the quotes of a JSON string), no string made: the JSON outputs
 * write a time for every step and ARP frame of every exchange. The text up to the second is the cached one.
 */
export function writeIsoTime(w: Bytes, ts: Timestamp): void {
  writeIsoTimeOf(w, ts.sec, ts.nanos, ts.digits);
}

/** writeIsoTime of the time with these parts (no Timestamp made for a time that is worked out). */
export function writeIsoTimeOf(w: Bytes, sec: number, nanos: number, tsDigits: number): void {
  w.raw(secondBytesOf(sec));
  if (tsDigits > 0) {
    const digits = Math.min(9, tsDigits);
    w.byte(DOT);
    if (!Number.isInteger(nanos) || nanos < 0 || nanos >= 1e9) w.ascii(fractionText(nanos, digits));
    else w.padded(Math.floor(nanos / POW10[9 - digits]!), digits);
  }
  w.byte(ZULU);
}

/*
 * The texts up to the second (`2026-12-05T03:04:05`, always 19 ASCII bytes) of the seconds last written as
 * bytes, in a few slots chosen by the second: an exchange's steps, its ARP frames and its first and last time
 * jump between a few seconds, and each change of second made a string before.
 */
const SECOND_SLOTS = 16;
const SECOND_LENGTH = 19;
const slotSec = new Float64Array(SECOND_SLOTS).fill(NaN);
const slotBytes = Buffer.alloc(SECOND_SLOTS * SECOND_LENGTH);
const slots: readonly Uint8Array[] = Array.from({ length: SECOND_SLOTS }, (_, i) => slotBytes.subarray(i * SECOND_LENGTH, (i + 1) * SECOND_LENGTH));
/** The date text (`2026-12-05T`) of the last day written, as bytes. */
const DATE_LENGTH = 11;
const dateBytes = Buffer.alloc(DATE_LENGTH);
let bytesDay = NaN;
const DOT = 0x2e;
const ZULU = 0x5a;
const COLON = 0x3a;

/** The text up to the second of `sec`, as bytes (lent: valid until the slot is taken by another second). */
function secondBytesOf(sec: number): Uint8Array {
  const i = sec & (SECOND_SLOTS - 1);
  const bytes = slots[i]!;
  if (slotSec[i] === sec) return bytes;
  const clamped = Math.min(Math.max(sec, 0), LAST_ISO_SECOND);
  // A damaged timestamp (not a whole second, or out of range) is rare: its text is made as isoTime makes it.
  if (!Number.isInteger(clamped) || clamped !== sec) return Buffer.from(secondText(sec), 'latin1');
  slotSec[i] = sec;
  const day = Math.floor(sec / DAY_SECONDS);
  if (day !== bytesDay) {
    bytesDay = day;
    dateBytes.write(secondText(sec), 0, DATE_LENGTH, 'latin1');
  }
  bytes.set(dateBytes, 0);
  const t = sec - day * DAY_SECONDS;
  const minutes = Math.floor(t / 60);
  twoDigits(bytes, 11, Math.floor(minutes / 60));
  bytes[13] = COLON;
  twoDigits(bytes, 14, minutes % 60);
  bytes[16] = COLON;
  twoDigits(bytes, 17, t % 60);
  return bytes;
}

function twoDigits(b: Uint8Array, at: number, n: number): void {
  b[at] = 0x30 + Math.floor(n / 10);
  b[at + 1] = 0x30 + (n % 10);
}

/** The first `digits` digits of nine-digit nanoseconds (cut, not rounded). */
function fractionText(nanos: number, digits: number): string {
  if (!Number.isInteger(nanos) || nanos < 0 || nanos >= 1e9) return String(nanos).padStart(9, '0').slice(0, digits);
  // Microsecond captures are the rule: one division and one padding instead of a nine-digit detour.
  return String(Math.floor(nanos / POW10[9 - digits]!)).padStart(digits, '0');
}

const POW10: readonly number[] = Array.from({ length: 10 }, (_, i) => 10 ** i);
const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/*
 * A report writes every step's time, and a lease list or exchanges closed out of order jump between days and
 * seconds: the date part is remembered per day and the time of day is put together from a table, so a Date is
 * made only once per day seen. The last second is remembered too (consecutive times share it far more often
 * than not).
 */
let lastSec = NaN;
let lastText = '';
const DAY_SECONDS = 86_400;
const dayText = new Map<number, string>();

function secondText(sec: number): string {
  if (sec !== lastSec) {
    lastSec = sec;
    // A damaged timestamp can lie past year 9999, where ISO 8601's four-digit year (and Date) ends: clamp the
    // text there; `epoch` keeps the value as it was captured.
    const clamped = Math.min(Math.max(sec, 0), LAST_ISO_SECOND);
    if (!Number.isInteger(clamped)) lastText = new Date(clamped * 1000).toISOString().slice(0, 19);
    else {
      const day = Math.floor(clamped / DAY_SECONDS);
      let date = dayText.get(day);
      if (date === undefined) {
        if (dayText.size >= 4096) dayText.clear();
        date = new Date(day * DAY_SECONDS * 1000).toISOString().slice(0, 11);
        dayText.set(day, date);
      }
      const t = clamped - day * DAY_SECONDS;
      const minutes = Math.floor(t / 60);
      lastText = [date, TWO_DIGITS[Math.floor(minutes / 60)]!, ':', TWO_DIGITS[minutes % 60]!, ':', TWO_DIGITS[t % 60]!].join('');
    }
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

const HEX2: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function xidHex(xid: number): string {
  const x = xid >>> 0;
  return `0x${HEX2[x >>> 24]!}${HEX2[(x >>> 16) & 0xff]!}${HEX2[(x >>> 8) & 0xff]!}${HEX2[x & 0xff]!}`;
}

/** The lower-case hex digits' bytes. */
const HEX_DIGITS = Buffer.from('0123456789abcdef');

/** xidHex's text written into bytes, no string made (the JSON outputs write one per exchange). */
export function writeXidHex(w: Bytes, xid: number): void {
  const x = xid >>> 0;
  w.room(10);
  const b = w.buf;
  let p = w.pos;
  b[p++] = 0x30;
  b[p++] = 0x78;
  for (let shift = 28; shift >= 0; shift -= 4) b[p++] = HEX_DIGITS[(x >>> shift) & 0xf]!;
  w.pos = p;
}

/** A lease database's time (whole epoch seconds) as ISO 8601 UTC. */
export function epochIso(epoch: number | null): string | null {
  return epoch === null ? null : new Date(epoch * 1000).toISOString().replace('.000Z', 'Z');
}

/** A time's epoch in whole microseconds from its parts (build.ts epochMicros: toEpoch's sum, no Timestamp made). */
export function epochMicrosOf(sec: number, nanos: number): number {
  return Math.round((sec + nanos / 1e9) * 1e6);
}
