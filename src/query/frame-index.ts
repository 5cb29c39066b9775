/**
 * The exchange each DHCP step and ARP frame belongs to, from frame numbers noted with their owners: a step's frame
 * belongs to the last exchange (in the report's order) listing it, an ARP frame to the first unless a step claims
 * it. Noted in two flat arrays (visiting 300 000 step objects spread over the heap is what costs), then, as frame
 * numbers run from 1 without big gaps, one Int32Array indexed by frame (1.4 MB on the DHCP-only benchmark, where a
 * Map of the frames took about 15 MB); numbers far apart (a filtered report of a huge capture) go in a Map.
 */
import type { Transaction } from '../report/types.js';

/** What is found by frame number. */
export interface FrameLookup<T> {
  get(frame: number): T | undefined;
}

/** Frame numbers up to this many times the frames noted (plus a margin) are kept in one array. */
const DENSE_PER_FRAME = 8;
const DENSE_MARGIN = 1 << 16;

/** Frames and their owners: 1-based positions in a list, positive for a step, negative for an ARP frame. */
export class FrameNotes {
  #frames = new Float64Array(1024);
  #owners = new Int32Array(1024);
  #count = 0;

  note(frame: number, owner: number): void {
    if (this.#count === this.#frames.length) {
      const frames = new Float64Array(this.#count * 2);
      frames.set(this.#frames);
      this.#frames = frames;
      const owners = new Int32Array(this.#count * 2);
      owners.set(this.#owners);
      this.#owners = owners;
    }
    this.#frames[this.#count] = frame;
    this.#owners[this.#count++] = owner;
  }

  /**
   * The look-up over `list` (which the owners index); `later(a, b)`: owner a comes after owner b in the report's
   * order (both positive). The notes are let go.
   */
  build<T>(list: readonly T[], later: (a: number, b: number) => boolean): FrameLookup<T> {
    const frames = this.#frames;
    const owners = this.#owners;
    const n = this.#count;
    this.#frames = new Float64Array(0);
    this.#owners = new Int32Array(0);
    this.#count = 0;
    let max = 0;
    for (let k = 0; k < n; k++) max = Math.max(max, frames[k]!);
    const dense = Number.isSafeInteger(max) && max <= n * DENSE_PER_FRAME + DENSE_MARGIN;
    const at = dense ? new Int32Array(max + 1) : undefined;
    const sparse = dense ? undefined : new Map<number, number>();
    for (let k = 0; k < n; k++) {
      const frame = frames[k]!;
      const o = owners[k]!;
      const now = at ? at[frame]! : (sparse!.get(frame) ?? 0);
      // A step beats an ARP frame and a step before it; an ARP frame only an ARP frame after it.
      const takes = o > 0 ? now <= 0 || later(o, now) : now === 0 || (now < 0 && later(-now, -o));
      if (!takes) continue;
      if (at) at[frame] = o;
      else sparse!.set(frame, o);
    }
    const of = (o: number | undefined): T | undefined => (o ? list[Math.abs(o) - 1] : undefined);
    if (sparse) return { get: (frame) => of(sparse.get(frame)) };
    return { get: (frame) => (Number.isInteger(frame) && frame >= 0 && frame < at!.length ? of(at![frame]) : undefined) };
  }
}

/**
 * A live session's closed exchanges' frames, noted as each closes (a few numbers each), so that the finished
 * report's frame → exchange look-up is ready when loading ends instead of being made by visiting every step then
 * (75–105 ms on the DHCP-only benchmark, which a key pressed as loading ended had to wait for). Exchanges close
 * nearly in report order; the report's order is by first frame, then (the same first frame) by closing.
 */
export class ClosedExchangeFrames {
  readonly #notes = new FrameNotes();
  readonly #list: Transaction[] = [];
  #first = new Float64Array(1024);

  /** Notes exchange `t`, given its steps' frames and ARP frames (a live session's records make steps when read). */
  add(t: Transaction, steps: readonly { readonly frame: number }[] = t.steps, arp: readonly number[] = t.arpFrames): void {
    const owner = this.#list.length + 1;
    this.#list.push(t);
    if (owner === this.#first.length) {
      const first = new Float64Array(owner * 2);
      first.set(this.#first);
      this.#first = first;
    }
    this.#first[owner] = steps[0]!.frame;
    for (let i = 0; i < steps.length; i++) this.#notes.note(steps[i]!.frame, owner);
    for (let i = 0; i < arp.length; i++) this.#notes.note(arp[i]!, -owner);
  }

  /** How many exchanges were noted. */
  get size(): number {
    return this.#list.length;
  }

  /** The look-up over every exchange noted (the notes are let go). */
  build(): FrameLookup<Transaction> {
    const first = this.#first;
    return this.#notes.build(this.#list, (a, b) => first[a]! > first[b]! || (first[a] === first[b] && a > b));
  }
}
