/**
 * The Packets view's rows: frame numbers in capture order, never the records themselves. A plain capture
 * file's frames come from the packet index (a dozen numbers each) and are decoded again when shown, so a
 * list of 400 000 frames costs a few megabytes; stdin and gzip input bring their records in the report.
 */
import { matchPacket, type Filter } from '../../query/index.js';
import type { PacketRecord, Report } from '../../report/types.js';

/** Frames by position, in frame order (the packet index). */
export interface FrameList {
  readonly size: number;
  frameAt(i: number): number;
}

export interface PacketRows {
  readonly length: number;
  frameAt(i: number): number;
  /** Position of a frame in the rows, or -1. */
  indexOf(frame: number): number;
}

function search(rows: PacketRows, frame: number): number {
  let lo = 0;
  let hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = rows.frameAt(mid);
    if (at === frame) return mid;
    if (at < frame) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

function fromArray(frames: ArrayLike<number>): PacketRows {
  const rows: PacketRows = { length: frames.length, frameAt: (i) => frames[i] ?? 0, indexOf: (frame) => search(rows, frame) };
  return rows;
}

/** Every frame: the index's and the report's records, merged when there are both. */
export function allFrames(report: Report, frames: FrameList | undefined): PacketRows {
  const records = report.packets ?? [];
  const indexed = frames?.size ?? 0;
  if (records.length === 0 && frames) {
    // The index keeps growing while a capture is read: take its size now.
    const size = indexed;
    const rows: PacketRows = { length: size, frameAt: (i) => frames.frameAt(i), indexOf: (frame) => search(rows, frame) };
    return rows;
  }
  if (indexed === 0) return fromArray(records.map((p) => p.frame));
  const merged = new Float64Array(records.length + indexed);
  let r = 0;
  let x = 0;
  for (let i = 0; i < merged.length; i += 1) {
    const a = records[r]?.frame ?? Infinity;
    const b = x < indexed ? frames!.frameAt(x) : Infinity;
    if (a <= b) {
      merged[i] = a;
      r += 1;
    } else {
      merged[i] = b;
      x += 1;
    }
  }
  return fromArray(merged);
}

/** Rows still being found: the filter decodes every frame again, so it runs a slice at a time. */
export interface FilteredRows extends PacketRows {
  /** Frames looked at so far, of `total`. */
  readonly scanned: number;
  readonly total: number;
  readonly done: boolean;
  /** Looks at more frames for about `budgetMs`. */
  advance(budgetMs: number): void;
}

/** Frames looked at between two clock readings. */
const BATCH = 64;

/**
 * The rows the filter keeps. Each frame's record is decoded (again) and matched, a slice at a time, so a filter
 * on 400 000 frames never freezes the screen: the first slice is done here, the caller asks for the rest.
 */
export function packetRows(
  report: Report,
  filter: Filter,
  all: PacketRows,
  packet: (frame: number) => PacketRecord | undefined,
  now: () => number = Date.now,
): FilteredRows {
  const kept: number[] = [];
  let scanned = 0;
  const rows: FilteredRows = {
    get length() {
      return kept.length;
    },
    frameAt: (i) => kept[i] ?? 0,
    indexOf: (frame) => search(rows, frame),
    get scanned() {
      return scanned;
    },
    total: all.length,
    get done() {
      return scanned >= all.length;
    },
    advance(budgetMs) {
      const end = now() + budgetMs;
      while (scanned < all.length) {
        const stop = Math.min(all.length, scanned + BATCH);
        for (; scanned < stop; scanned += 1) {
          const frame = all.frameAt(scanned);
          const p = packet(frame);
          if (p && matchPacket(filter, p, report)) kept.push(frame);
        }
        if (now() >= end) return;
      }
    },
  };
  rows.advance(FIRST_SLICE_MS);
  return rows;
}

const FIRST_SLICE_MS = 50;
