/** Small text helpers shared by the views. Every cell that may hold packet text goes through `cell`/`clip`. */
import { ipNumber } from '../../query/parse.js';
import { sanitize } from '../sanitize.js';

/** Sanitise, then cut to `width` columns with an ellipsis. */
export function clip(text: string, width: number): string {
  const clean = sanitize(text);
  if (width <= 0) return '';
  if (clean.length <= width) return clean;
  return width === 1 ? '…' : `${clean.slice(0, width - 1)}…`;
}

/** Sanitise, clip and pad to exactly `width` columns. */
export function cell(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const clipped = clip(text, width);
  return align === 'left' ? clipped.padEnd(width) : clipped.padStart(width);
}

/** HH:MM:SS.mmm (UTC) of an ISO 8601 time from the report. */
export function clock(iso: string | null | undefined): string {
  if (!iso) return '—';
  const match = /T(\d\d:\d\d:\d\d)(\.\d{1,3})?/.exec(iso);
  if (!match) return iso;
  return `${match[1] ?? ''}${(match[2] ?? '.000').padEnd(4, '0')}`;
}

/** Seconds since 1970 of an ISO time (NaN when unparsable). */
export function epochOf(iso: string | null | undefined): number {
  if (!iso) return Number.NaN;
  return Date.parse(iso) / 1000;
}

export function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  if (abs < 1) return `${sign}${abs.toFixed(2)}ms`;
  if (abs < 1000) return `${sign}${Math.round(abs)}ms`;
  const s = abs / 1000;
  if (s < 60) return `${sign}${s.toFixed(s < 10 ? 2 : 1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${sign}${m}m${String(Math.floor(s % 60)).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${sign}${h}h${String(m % 60).padStart(2, '0')}m`;
  return `${sign}${Math.floor(h / 24)}d${String(h % 24).padStart(2, '0')}h`;
}

/** Relative time in seconds as the ladder shows it: +0.45ms, +12.3ms, +3.400s, +2m05s. */
export function relative(seconds: number): string {
  if (!Number.isFinite(seconds)) return '';
  const sign = seconds < 0 ? '-' : '+';
  const abs = Math.abs(seconds);
  if (abs === 0) return '+0';
  if (abs < 0.01) return `${sign}${(abs * 1000).toFixed(2)}ms`;
  if (abs < 1) return `${sign}${(abs * 1000).toFixed(1)}ms`;
  if (abs < 100) return `${sign}${abs.toFixed(3)}s`;
  return `${sign}${duration(abs * 1000)}`;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit] ?? ''}`;
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** A horizontal bar of `width` cells for value/max (eighth-block precision). */
export function bar(value: number, max: number, width: number): string {
  if (max <= 0 || width <= 0) return '';
  const eighths = Math.round((Math.min(value, max) / max) * width * 8);
  const full = Math.floor(eighths / 8);
  const rest = eighths % 8;
  const partial = rest > 0 ? ('▏▎▍▌▋▊▉'[rest - 1] ?? '') : '';
  const shown = '█'.repeat(full) + partial;
  return value > 0 && shown === '' ? '▏' : shown;
}

/** Sort key for dotted quads (non-IPs sort last, by text). */
export function ipKey(ip: string): number {
  // Every address the analysis writes is read by character without splitting (26 000 leases are sorted by it
  // right after loading); anything else the long way.
  return ipNumber(ip) ?? ipKeyOf(ip);
}

function ipKeyOf(ip: string): number {
  const parts = ip.split('.');
  if (parts.length !== 4) return Number.MAX_SAFE_INTEGER;
  let key = 0;
  for (const part of parts) {
    const n = Number(part);
    if (!Number.isInteger(n) || n < 0 || n > 255) return Number.MAX_SAFE_INTEGER;
    key = key * 256 + n;
  }
  return key;
}

export function plural(n: number, word: string): string {
  return `${count(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** Word-wrap sanitised text into at most `maxLines` lines of `width` (the last one clipped). */
export function wrap(text: string, width: number, maxLines: number): string[] {
  const words = sanitize(text).split(' ');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  if (lines.length <= maxLines) return lines.map((l) => clip(l, width));
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = clip(`${lines.slice(maxLines - 1).join(' ')}`, width);
  return kept.map((l) => clip(l, width));
}
