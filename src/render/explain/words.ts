/** Small pieces of plain English shared by the templates: frame lists, durations, clock times, names. */
import type { PacketRecord, Report, Transaction } from '../../report/types.js';
import { sanitize } from '../sanitize.js';

export const BROADCAST_MAC = 'ff:ff:ff:ff:ff:ff';
export const ZERO_IP = '0.0.0.0';
const LISTED = 8;

/** "frame 4", "frames 2 and 5", "frames 2, 5 and 6", "frames 1, 2, … (40 in all)". */
export function frames(list: readonly number[]): string {
  const sorted = [...new Set(list)].sort((a, b) => a - b);
  if (sorted.length === 0) return 'no frame';
  if (sorted.length === 1) return `frame ${sorted[0]}`;
  if (sorted.length > LISTED) return `frames ${sorted.slice(0, LISTED).join(', ')}, … (${sorted.length} in all)`;
  return `frames ${and(sorted.map(String))}`;
}

/** "a", "a and b", "a, b and c". */
export function and(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** A span of time for a person: "4 ms", "1.0 s", "30 min", "2 h", "1 day". */
export function span(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 1) return `${abs.toFixed(2)} ms`;
  if (abs < 1000) return `${Math.round(abs)} ms`;
  const s = abs / 1000;
  if (s < 120) return `${s.toFixed(1)} s`;
  const min = s / 60;
  if (min < 120) return `${round(min)} min`;
  const h = min / 60;
  if (h < 48) return `${round(h)} h`;
  return plural(round(h / 24), 'day');
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** A lease length in seconds as a person says it, with the number as sent: "30 min (1800 s)". */
export function leaseLength(seconds: number): string {
  if (seconds === 0xffffffff) return 'an infinite lease';
  return seconds < 120 ? `${seconds} s` : `${span(seconds * 1000)} (${seconds} s)`;
}

/** HH:MM:SS.mmm UTC of an ISO time from the report. */
export function clock(iso: string): string {
  const m = /T(\d\d:\d\d:\d\d)(\.\d{1,3})?/.exec(iso);
  return m ? `${m[1]}${(m[2] ?? '.000').padEnd(4, '0')}` : iso;
}

/** The client as the report knows it: its MAC and, when it sent one, its hostname (sanitised: packet text). */
export function client(tx: Transaction): string {
  return tx.hostname ? `${tx.clientMac} ("${sanitize(tx.hostname)}")` : tx.clientMac;
}

/** Packet text, made safe for a terminal. */
export function quote(text: string): string {
  return `"${sanitize(text)}"`;
}

/** The transaction with this id, when the report holds it. */
export function transactionById(report: Report, id: string): Transaction | undefined {
  return report.transactions.find((t) => t.id === id);
}

const byFrame = new WeakMap<readonly PacketRecord[], Map<number, PacketRecord>>();

/** An option's value from the packet records (kept with --packets and --explain), as text. */
export function optionOf(report: Report, frame: number, code: number): string | undefined {
  const packets = report.packets;
  if (!packets) return undefined;
  let index = byFrame.get(packets);
  if (!index) {
    index = new Map(packets.map((p) => [p.frame, p]));
    byFrame.set(packets, index);
  }
  const o = index.get(frame)?.dhcp?.options.find((x) => x.code === code);
  if (!o) return undefined;
  const v: unknown = o.value;
  return typeof v === 'string' || typeof v === 'number' ? String(v) : Array.isArray(v) ? v.join(', ') : undefined;
}

/** Frames quoted by a set of sentences, ascending and once each. */
export function sortedFrames(list: Iterable<number>): number[] {
  return [...new Set(list)].sort((a, b) => a - b);
}
