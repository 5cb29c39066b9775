/**
 * Gathers a parser's records: a later record for an address supersedes the earlier one (ISC and Kea append,
 * they never rewrite in place), warnings are capped, and the addresses kept are capped too, so a hostile or
 * huge file cannot grow memory without bound.
 */
import type { DbFormat, DbLease, DbRecord, DbWarning, LeaseDatabase } from './types.js';

export const MAX_DB_ADDRESSES = 250_000;
const MAX_WARNINGS = 100;

export class LeaseCollector {
  private readonly byIp = new Map<string, DbLease>();
  private readonly warned: DbWarning[] = [];
  private warningsOver = 0;
  private dropped = 0;
  private records = 0;
  private first = Infinity;
  private last = -Infinity;

  constructor(
    private readonly file: string,
    private readonly maxAddresses = MAX_DB_ADDRESSES,
  ) {}

  add(record: DbRecord): void {
    this.records++;
    const lease: DbLease = { ...record, file: this.file };
    for (const t of [lease.start, lease.end]) {
      if (t === null) continue;
      if (t < this.first) this.first = t;
      if (t > this.last) this.last = t;
    }
    if (this.byIp.has(lease.ip)) this.byIp.delete(lease.ip); // re-inserted: the order is that of the latest write
    else if (this.byIp.size >= this.maxAddresses) {
      this.dropped++;
      return;
    }
    this.byIp.set(lease.ip, lease);
  }

  warn(line: number, message: string): void {
    if (this.warned.length < MAX_WARNINGS) this.warned.push({ line, message: `${this.file}:${line}: ${message}` });
    else this.warningsOver++;
  }

  finish(format: DbFormat): LeaseDatabase {
    const warnings = [...this.warned];
    if (this.warningsOver > 0) warnings.push({ line: 0, message: `${this.file}: ${this.warningsOver} more problems in the file` });
    if (this.dropped > 0) warnings.push({ line: 0, message: `${this.file}: more than ${this.maxAddresses} addresses: ${this.dropped} records of further addresses were left out` });
    return {
      file: this.file,
      format,
      records: this.records,
      leases: [...this.byIp.values()],
      firstTime: Number.isFinite(this.first) ? this.first : null,
      lastTime: Number.isFinite(this.last) ? this.last : null,
      warnings,
    };
  }
}

/** A database parser takes the file a line at a time (without its line ending) and is told when it ends. */
export interface LineParser {
  line(text: string, n: number): void;
  end(lastLine: number): void;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const MAC = /^[0-9a-f]{1,2}(:[0-9a-f]{1,2}){5}$/i;

export function isIpv4(s: string): boolean {
  return IPV4.test(s);
}

/** A MAC as the report writes it (lowercase, two digits per byte), or undefined when it is not a 6-byte MAC. */
export function macOf(s: string): string | undefined {
  if (!MAC.test(s)) return undefined;
  return s
    .toLowerCase()
    .split(':')
    .map((b) => b.padStart(2, '0'))
    .join(':');
}

/** Bytes as lowercase colon-separated hex. */
export function hexOf(bytes: readonly number[]): string {
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** Colon-separated or plain hex as lowercase colon-separated hex; undefined when it is not hex. */
export function hexIdOf(s: string): string | undefined {
  const plain = s.includes(':') ? s.split(':').map((b) => b.padStart(2, '0')).join('') : s;
  if (plain.length === 0 || plain.length % 2 !== 0 || !/^[0-9a-f]+$/i.test(plain)) return undefined;
  return plain.toLowerCase().match(/../g)!.join(':');
}

/** Files are read as latin1 (every byte one character, nothing lost); text fields are UTF-8 underneath. */
export function utf8Of(latin1: string): string {
  return Buffer.from(latin1, 'latin1').toString('utf8');
}

/** A whole non-negative decimal number, or undefined. */
export function intOf(s: string | undefined): number | undefined {
  if (s === undefined || !/^\d{1,15}$/.test(s)) return undefined;
  return Number(s);
}
