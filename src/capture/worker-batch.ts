/**
 * What the reader worker (worker-serve.ts) sends the main thread (worker-read.ts): the kept records of a stretch
 * of the file, packed into two transferable buffers, and the events between them in the order the in-thread
 * reader makes them (a record, "n records skipped", "n bytes read"), so that the consumer sees the same calls.
 */
import type { MessagePort } from 'node:worker_threads';
import { MAX_CAPLEN } from './limits.js';
import type { CaptureInfo, CaptureWarning } from './record.js';

/** What one entry of a batch is. */
export const ENTRY_RECORD = 0;
export const ENTRY_SKIPPED = 1;
export const ENTRY_PROGRESS = 2;

// The fields of one entry in `meta` (Float64: file offsets pass 2^32). Skipped and progress entries use COUNT.
export const F_KIND = 0;
export const F_COUNT = 1;
export const F_DATA = 1; // a record's first byte in `data`
export const F_CAPLEN = 2;
export const F_ORIGLEN = 3;
export const F_LINKTYPE = 4;
export const F_INTERFACE = 5;
export const F_TS_SEC = 6;
export const F_TS_NANOS = 7;
export const F_TS_DIGITS = 8;
export const F_HAS_TIME = 9;
export const F_CAPTURE_FRAME = 10;
export const F_FRAME = 11;
export const F_FILE_OFFSET = 12;
export const F_DATA_OFFSET = 13;
export const STRIDE = 14;

/** Entries per batch, and bytes of record data: any record fits an empty batch. */
export const BATCH_ENTRIES = 1024;
export const BATCH_BYTES = MAX_CAPLEN;

/** The counters of CaptureInfo that change as the file is read, sent with every batch and warning. */
export type InfoState = Pick<CaptureInfo, 'packets' | 'frames' | 'bytes' | 'linkTypes' | 'timestampResolution' | 'complete' | 'firstTime' | 'lastTime'>;

/** A batch's buffers, handed back and forth (the main thread returns them for the worker to fill again). */
export interface BatchBuffers {
  readonly meta: Float64Array<ArrayBuffer>;
  readonly data: Uint8Array<ArrayBuffer>;
}

/** Worker → main thread. */
export type WorkerMessage =
  | { readonly kind: 'start'; readonly info: CaptureInfo }
  | { readonly kind: 'batch'; readonly buffers: BatchBuffers; readonly entries: number; readonly state: InfoState }
  | { readonly kind: 'warning'; readonly warning: CaptureWarning; readonly state: InfoState }
  | { readonly kind: 'done'; readonly info: CaptureInfo }
  | { readonly kind: 'error'; readonly message: string; readonly captureError: boolean };

/** What the worker is started with. */
export interface WorkerTask {
  readonly path: string;
  readonly captureIndex: number;
  readonly firstFrame: number;
  readonly name?: string;
  readonly chunkSize?: number;
  /** The name of the skip test the worker's entry offers (undefined: every record is sent). */
  readonly skip?: string;
  /** [0]: batches the worker may still send (credits), [1]: 1 once the main thread gave up on the file. */
  readonly control: Int32Array;
  /** Where the main thread hands batch buffers back. */
  readonly returned: MessagePort;
}

export const C_CREDITS = 0;
export const C_STOP = 1;

export function stateOf(info: CaptureInfo): InfoState {
  const { packets, frames, bytes, linkTypes, timestampResolution, complete, firstTime, lastTime } = info;
  return {
    packets,
    ...(frames !== undefined ? { frames } : {}),
    bytes,
    linkTypes,
    timestampResolution,
    complete,
    ...(firstTime !== undefined ? { firstTime } : {}),
    ...(lastTime !== undefined ? { lastTime } : {}),
  };
}

/** Brings the main thread's info up to the worker's; the time range objects are added once and then updated. */
export function applyState(info: CaptureInfo, s: InfoState): void {
  info.packets = s.packets;
  if (s.frames !== undefined) info.frames = s.frames;
  info.bytes = s.bytes;
  if (s.linkTypes.length !== info.linkTypes.length) info.linkTypes.splice(0, info.linkTypes.length, ...s.linkTypes);
  info.timestampResolution = s.timestampResolution;
  info.complete = s.complete;
  if (s.firstTime !== undefined) info.firstTime = Object.assign(info.firstTime ?? {}, s.firstTime);
  if (s.lastTime !== undefined) info.lastTime = Object.assign(info.lastTime ?? {}, s.lastTime);
}
