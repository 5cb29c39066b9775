import type { Span } from './model.js';

/**
 * A bar across the capture's time span: ━ where the interval covers the span, · elsewhere, ▶ when it runs on
 * past the end of the capture, ◀ when it began before it.
 */
export function timeline(start: number, end: number, span: Span | null, width: number): string {
  if (width <= 0) return '';
  if (!span || !Number.isFinite(start)) return '·'.repeat(width);
  const length = Math.max(span.end - span.start, 1e-9);
  const pos = (t: number): number => Math.floor(((t - span.start) / length) * width);
  const from = Math.max(0, Math.min(width - 1, pos(start)));
  const to = Math.max(from, Math.min(width - 1, end >= span.end ? width - 1 : pos(end)));
  let out = '';
  for (let i = 0; i < width; i += 1) out += i >= from && i <= to ? '━' : '·';
  if (end > span.end) out = `${out.slice(0, width - 1)}▶`;
  if (start < span.start) out = `◀${out.slice(1)}`;
  return out;
}
