/**
 * Look-ups a filter needs across a report (a finding's transactions, a packet's exchange, a MAC's client),
 * built once per report on first use and kept in a WeakMap, so filtering 100 000 rows costs one pass each.
 */
import type { Client, Finding, Report, Server, Transaction } from '../report/types.js';

export interface ReportIndex {
  readonly clientByMac: KeyLookup<Client>;
  readonly serverByIp: ReadonlyMap<string, Server>;
  readonly transactionById: KeyLookup<Transaction>;
  /** The exchange each DHCP step or ARP frame belongs to. */
  readonly transactionByFrame: FrameLookup<Transaction>;
  readonly findingsByTransaction: ReadonlyMap<string, readonly Finding[]>;
  readonly findingsByFrame: ReadonlyMap<number, readonly Finding[]>;
  readonly findingsByIp: ReadonlyMap<string, readonly Finding[]>;
}

/** What is found by a text key (an exchange by id, a client by MAC). */
export interface KeyLookup<T> {
  get(key: string): T | undefined;
}

/** What is found by frame number. */
export interface FrameLookup<T> {
  get(frame: number): T | undefined;
}

/** Frame numbers up to this many times the frames indexed (plus a margin) are kept in one array. */
const DENSE_PER_FRAME = 8;
const DENSE_MARGIN = 1 << 16;
/** Exchanges looked at between two clock readings. */
const SLICE = 256;

/** A look-up built a slice at a time (between a TUI's keys), or all at once when it is needed now. */
interface Builder<T> {
  /** Goes on until `deadline` (a Date.now() reading); true once the look-up is complete. */
  advance(deadline: number): boolean;
  result(): T;
}

/**
 * The exchange of each DHCP step and ARP frame: a step's frame belongs to the last exchange listing it, an ARP
 * frame to the first unless a step claims it. The slow part is visiting 300 000 step objects spread over the
 * heap (90 ms on the DHCP-only benchmark, longer than a key may wait): it goes a slice at a time, noting each
 * frame and its owner in two flat arrays. From those, as frame numbers run from 1 without big gaps, one
 * Int32Array indexed by frame holds each exchange's position (1.4 MB there, where a Map of the frames took
 * about 15 MB); numbers far apart (a filtered report of a huge capture) go in a Map.
 */
class FrameIndexBuilder implements Builder<FrameLookup<Transaction>> {
  #frames = new Float64Array(1024);
  /** Position + 1 of the exchange: positive for a step, negative for an ARP frame. */
  #owners = new Int32Array(1024);
  #count = 0;
  #next = 0;
  #built: FrameLookup<Transaction> | undefined;

  constructor(private readonly list: readonly Transaction[]) {}

  advance(deadline: number): boolean {
    const list = this.list;
    while (this.#next < list.length) {
      const stop = Math.min(list.length, this.#next + SLICE);
      for (; this.#next < stop; this.#next++) {
        const t = list[this.#next]!;
        for (const s of t.steps) this.#note(s.frame, this.#next + 1);
        for (const f of t.arpFrames) this.#note(f, -(this.#next + 1));
      }
      if (Date.now() >= deadline) break;
    }
    return this.#next >= list.length;
  }

  result(): FrameLookup<Transaction> {
    if (!this.#built) {
      this.advance(Number.POSITIVE_INFINITY);
      this.#built = this.#build();
      // Only the look-up is kept.
      this.#frames = new Float64Array(0);
      this.#owners = new Int32Array(0);
      this.#count = 0;
    }
    return this.#built;
  }

  #note(frame: number, owner: number): void {
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

  #build(): FrameLookup<Transaction> {
    const [frames, owners, n, list] = [this.#frames, this.#owners, this.#count, this.list];
    let max = 0;
    for (let k = 0; k < n; k++) max = Math.max(max, frames[k]!);
    if (!Number.isSafeInteger(max) || max > n * DENSE_PER_FRAME + DENSE_MARGIN) {
      const m = new Map<number, Transaction>();
      for (let k = 0; k < n; k++) {
        const o = owners[k]!;
        if (o > 0) m.set(frames[k]!, list[o - 1]!);
        else if (!m.has(frames[k]!)) m.set(frames[k]!, list[-o - 1]!);
      }
      return m;
    }
    const at = new Int32Array(max + 1);
    for (let k = 0; k < n; k++) {
      const o = owners[k]!;
      if (o > 0) at[frames[k]!] = o;
      else if (at[frames[k]!] === 0) at[frames[k]!] = -o;
    }
    return {
      get: (frame) => {
        const i = Number.isInteger(frame) && frame >= 0 && frame < at.length ? at[frame]! : 0;
        return i === 0 ? undefined : list[i - 1];
      },
    };
  }
}

/** A Map from a list, filled a slice at a time. */
class MapBuilder<T, K, V> implements Builder<ReadonlyMap<K, V>> {
  readonly #map = new Map<K, V>();
  #next = 0;

  constructor(
    private readonly list: readonly T[],
    private readonly entry: (item: T) => readonly [K, V],
  ) {}

  advance(deadline: number): boolean {
    const list = this.list;
    while (this.#next < list.length) {
      const stop = Math.min(list.length, this.#next + SLICE * 16);
      for (; this.#next < stop; this.#next++) {
        const [k, v] = this.entry(list[this.#next]!);
        this.#map.set(k, v);
      }
      if (Date.now() >= deadline) break;
    }
    return this.#next >= list.length;
  }

  result(): ReadonlyMap<K, V> {
    this.advance(Number.POSITIVE_INFINITY);
    return this.#map;
  }
}

/**
 * A look-up over a list a report keeps sorted by its key (exchanges by first frame, which their id names; clients
 * by MAC): a binary search, so nothing is built (a Map of the 97 000 exchanges of the DHCP-only benchmark took
 * 0.1–0.2 s, which a key pressed as loading ended had to wait for). The order is checked once, a slice at a time
 * between keys, or at once when a key looks up what the search does not find before that is done (10–20 ms on
 * that benchmark; a key found needs no check); a list out of order or with keys the order does not know (a
 * hand-made report) gets a Map instead.
 */
class SortedBuilder<T> implements Builder<KeyLookup<T>> {
  #next = 0;
  #map: MapBuilder<T, string, T> | undefined;
  #built: KeyLookup<T> | undefined;

  constructor(
    private readonly list: readonly T[],
    private readonly keyOf: (item: T) => string,
    /** Negative, 0 or positive as `a` sorts before, with or after `b`; NaN for a key outside the order. */
    private readonly compare: (a: string, b: string) => number,
  ) {}

  advance(deadline: number): boolean {
    if (this.#map) return this.#map.advance(deadline);
    const [list, keyOf, compare] = [this.list, this.keyOf, this.compare];
    while (this.#next < list.length) {
      const stop = Math.min(list.length, this.#next + SLICE * 16);
      let before = keyOf(list[this.#next - 1] ?? list[0]!);
      // The first key must be one the order knows.
      if (this.#next === 0 && !(compare(before, before) === 0)) return this.#unsorted(deadline);
      for (this.#next = Math.max(this.#next, 1); this.#next < stop; this.#next++) {
        const key = keyOf(list[this.#next]!);
        // Strictly increasing (a NaN fails too): else a Map.
        if (!(compare(before, key) < 0)) return this.#unsorted(deadline);
        before = key;
      }
      if (Date.now() >= deadline) break;
    }
    return this.#next >= list.length;
  }

  /** The look-up, at once: the order is checked as far as a key needs it (see #get). */
  result(): KeyLookup<T> {
    return (this.#built ??= { get: (key) => this.#get(key) });
  }

  #get(key: string): T | undefined {
    if (!this.#map) {
      // Found by its very text: the one (a report's ids and MACs are unique). A miss is one only in a list
      // known to be in order: the check is finished first (a Map is made if it fails).
      const found = this.#search(key);
      if (found !== undefined) return found;
      this.advance(Number.POSITIVE_INFINITY);
      if (!this.#map) return undefined;
    }
    return this.#map.result().get(key);
  }

  #unsorted(deadline: number): boolean {
    this.#map = new MapBuilder(this.list, (item) => [this.keyOf(item), item] as const);
    return this.#map.advance(deadline);
  }

  #search(key: string): T | undefined {
    const [list, keyOf, compare] = [this.list, this.keyOf, this.compare];
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const order = compare(keyOf(list[mid]!), key);
      // A key outside the order is in no sorted list.
      if (Number.isNaN(order)) return undefined;
      if (order < 0) lo = mid + 1;
      else if (order > 0) hi = mid - 1;
      // Equal in order is not always the same text ("T07" and "T7").
      else return keyOf(list[mid]!) === key ? list[mid] : undefined;
    }
    return undefined;
  }
}

/** The first frame an exchange id names ("T123": 123), NaN for any other text. */
function idFrame(id: string): number {
  if (id.length < 2 || id.length > 17 || id.charCodeAt(0) !== 84) return Number.NaN;
  let n = 0;
  for (let i = 1; i < id.length; i++) {
    const digit = id.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    n = n * 10 + digit;
  }
  return n;
}

const byIdFrame = (a: string, b: string): number => idFrame(a) - idFrame(b);
/** Clients are sorted by MAC as the report builds them (build.ts): by UTF-16 code units. */
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The exchanges by frame (see FrameIndexBuilder), all at once. */
export function transactionsByFrame(list: readonly Transaction[]): FrameLookup<Transaction> {
  return new FrameIndexBuilder(list).result();
}

const indexes = new WeakMap<Report, Partial<Record<keyof ReportIndex, unknown>>>();

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const BUILD: { readonly [K in keyof ReportIndex]: (r: Report) => ReportIndex[K] } = {
  clientByMac: (r) => builderOf(r, 'clientByMac').result(),
  serverByIp: (r) => new Map(r.servers.map((s) => [s.ip, s])),
  transactionById: (r) => builderOf(r, 'transactionById').result(),
  transactionByFrame: (r) => builderOf(r, 'transactionByFrame').result(),
  findingsByTransaction: (r) => {
    const m = new Map<string, Finding[]>();
    for (const f of r.findings) for (const id of f.transactions ?? []) push(m, id, f);
    return m;
  },
  findingsByFrame: (r) => {
    const m = new Map<number, Finding[]>();
    for (const f of r.findings) for (const frame of f.frames) push(m, frame, f);
    return m;
  },
  findingsByIp: (r) => {
    const m = new Map<string, Finding[]>();
    for (const f of r.findings) for (const ip of f.ips) push(m, ip, f);
    return m;
  },
};

/** The look-ups over the exchanges, which a report of 100 000 takes long to build, as builders. */
type Gradual = 'clientByMac' | 'transactionById' | 'transactionByFrame';
const MAKE: { readonly [K in Gradual]: (r: Report) => Builder<ReportIndex[K]> } = {
  clientByMac: (r) => new SortedBuilder(r.clients, (c) => c.mac, byText),
  transactionById: (r) => new SortedBuilder(r.transactions, (t) => t.id, byIdFrame),
  transactionByFrame: (r) => new FrameIndexBuilder(r.transactions),
};
const builders = new WeakMap<Report, Partial<Record<Gradual, unknown>>>();

const isGradual = (key: keyof ReportIndex): key is Gradual => key in MAKE;

function builderOf<K extends Gradual>(report: Report, key: K): Builder<ReportIndex[K]> {
  let made = builders.get(report);
  if (!made) builders.set(report, (made = {}));
  return (made[key] ??= MAKE[key](report)) as Builder<ReportIndex[K]>;
}

/**
 * Builds a look-up until `deadline` (a Date.now() reading), a slice at a time where it is long (the
 * exchanges'); true once it is complete. For a TUI between keys: `lookup` then finds it ready.
 */
export function prepareLookup(report: Report, key: keyof ReportIndex, deadline: number): boolean {
  if (indexes.get(report)?.[key] !== undefined) return true;
  if (isGradual(key) && !builderOf(report, key).advance(deadline)) return false;
  lookup(report, key);
  return true;
}

/** One look-up of the report, built on first use. */
export function lookup<K extends keyof ReportIndex>(report: Report, key: K): ReportIndex[K] {
  let built = indexes.get(report);
  if (!built) indexes.set(report, (built = {}));
  return (built[key] ??= BUILD[key](report)) as ReportIndex[K];
}
