/**
 * The exchanges of each lease and of each client, by first frame: lists that only grow at their end, held in one
 * pool of typed arrays rather than an array each. A capture holds tens of thousands of them, a few frames long: as
 * arrays they were a third of a lease's or a client's memory, and each new exchange made a longer copy that lived
 * until the next one, minutes of capture time later (long enough to be copied into the old generation).
 *
 * A list is a number: a frame number (>= 0) for a list of one, or -(n + 1) for the pool's node n, which holds its
 * last frame and the node before it; undefined for none. Lists are read as OneOrMany<number>.
 */
import type { OneOrMany } from './one-or-many.js';

export type FrameList = number | undefined;

/** Nodes per chunk of the pool: the pool grows a chunk at a time, never copied. */
const CHUNK_BITS = 14;
const CHUNK = 1 << CHUNK_BITS;
const IN_CHUNK = CHUNK - 1;
/** No node before: the list's first frame. */
const NONE = -1;

export class FrameLists {
  private readonly frames: Float64Array[] = [];
  private readonly before: Int32Array[] = [];
  private used = 0;

  /** `list` with `frame` appended. */
  append(list: FrameList, frame: number): FrameList {
    if (list === undefined) return frame;
    const prev = list >= 0 ? this.node(list, NONE) : -list - 1;
    return -this.node(frame, prev) - 1;
  }

  /** `list` with `frame` appended unless it is its last frame already. */
  appendLast(list: FrameList, frame: number): FrameList {
    return list !== undefined && this.last(list) === frame ? list : this.append(list, frame);
  }

  /** `list` with `frame` appended unless the list holds it. */
  appendOnce(list: FrameList, frame: number): FrameList {
    return this.has(list, frame) ? list : this.append(list, frame);
  }

  last(list: FrameList): number | undefined {
    if (list === undefined || list >= 0) return list;
    const n = -list - 1;
    return this.frames[n >>> CHUNK_BITS]![n & IN_CHUNK];
  }

  has(list: FrameList, frame: number): boolean {
    if (list === undefined || list >= 0) return list === frame;
    for (let n = -list - 1; n !== NONE; n = this.before[n >>> CHUNK_BITS]![n & IN_CHUNK]!) {
      if (this.frames[n >>> CHUNK_BITS]![n & IN_CHUNK] === frame) return true;
    }
    return false;
  }

  /** The list's frames, first to last. */
  read(list: FrameList): OneOrMany<number> {
    if (list === undefined || list >= 0) return list;
    let length = 0;
    for (let n = -list - 1; n !== NONE; n = this.before[n >>> CHUNK_BITS]![n & IN_CHUNK]!) length++;
    const out = new Array<number>(length);
    for (let n = -list - 1; n !== NONE; n = this.before[n >>> CHUNK_BITS]![n & IN_CHUNK]!) out[--length] = this.frames[n >>> CHUNK_BITS]![n & IN_CHUNK]!;
    return out;
  }

  private node(frame: number, before: number): number {
    const n = this.used++;
    const chunk = n >>> CHUNK_BITS;
    if (chunk === this.frames.length) {
      this.frames.push(new Float64Array(CHUNK));
      this.before.push(new Int32Array(CHUNK));
    }
    this.frames[chunk]![n & IN_CHUNK] = frame;
    this.before[chunk]![n & IN_CHUNK] = before;
    return n;
  }
}
