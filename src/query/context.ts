/**
 * Look-ups a filter needs across a report (a finding's transactions, a packet's exchange, a MAC's client),
 * built once per report on first use and kept in a WeakMap, so filtering 100 000 rows costs one pass each.
 */
import type { Client, Finding, Report, Server, Transaction } from '../report/types.js';
import { FrameNotes, type FrameLookup } from './frame-index.js';

export type { FrameLookup } from './frame-index.js';

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

/** Exchanges looked at between two clock readings. */
const SLICE = 256;

/** A look-up built a slice at a time (between a TUI's keys), or all at once when it is needed now. */
interface Builder<T> {
  /** Goes on until `deadline` (a Date.now() reading); true once the look-up is complete. */
  advance(deadline: number): boolean;
  result(): T;
}

/**
 * The exchange of each DHCP step and ARP frame (frame-index.ts), over a report's list: the steps are visited a
 * slice at a time, in the report's order, each frame noted with its exchange's position.
 */
class FrameIndexBuilder implements Builder<FrameLookup<Transaction>> {
  #notes = new FrameNotes();
  #next = 0;
  #built: FrameLookup<Transaction> | undefined;

  constructor(private readonly list: readonly Transaction[]) {}

  advance(deadline: number): boolean {
    const list = this.list;
    const notes = this.#notes;
    while (this.#next < list.length) {
      const stop = Math.min(list.length, this.#next + SLICE);
      let i = this.#next;
      for (; i < stop; i++) {
        const t = list[i]!;
        for (const s of t.steps) notes.note(s.frame, i + 1);
        for (const f of t.arpFrames) notes.note(f, -(i + 1));
      }
      this.#next = i;
      if (Date.now() >= deadline) break;
    }
    return this.#next >= list.length;
  }

  result(): FrameLookup<Transaction> {
    if (!this.#built) {
      this.advance(Number.POSITIVE_INFINITY);
      // Noted in the report's order: a later position is a later exchange.
      this.#built = this.#notes.build(this.list, (a, b) => a > b);
    }
    return this.#built;
  }
}

/** A look-up made elsewhere (a live session notes the frames of its exchanges as they close), built when asked. */
class GivenBuilder<T> implements Builder<T> {
  #built: T | undefined;

  constructor(private readonly make: () => T) {}

  advance(): boolean {
    this.result();
    return true;
  }

  result(): T {
    return (this.#built ??= this.make());
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

/**
 * Gives a report the exchanges' frame look-up made elsewhere (`make` is called when it is first needed): a live
 * session noted the frames of its exchanges as they closed, so the finished report's look-up costs nothing to
 * prepare. Only for a report whose exchanges are exactly those `make` knows.
 */
export function provideFrameLookup(report: Report, make: () => FrameLookup<Transaction>): void {
  let made = builders.get(report);
  if (!made) builders.set(report, (made = {}));
  made.transactionByFrame = new GivenBuilder(make);
}

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
