import { useRef } from 'react';

export interface ListWindow {
  /** Index of the first visible row. */
  readonly offset: number;
  /** Number of rows shown (≤ height). */
  readonly size: number;
}

/** Pure scrolling rule: keep the previous offset unless the selection left the window (htop-like, no jumps). */
export function scrollWindow(previous: number, selected: number, height: number, count: number): ListWindow {
  const size = Math.max(0, Math.min(height, count));
  if (size === 0) return { offset: 0, size: 0 };
  let offset = Math.min(previous, count - size);
  if (selected < offset) offset = selected;
  if (selected >= offset + size) offset = selected - size + 1;
  return { offset: Math.max(0, offset), size };
}

/** Which rows of a long list to render: only the visible ones (a flood capture may have 10 000 rows). */
export function useWindow(selected: number, height: number, count: number): ListWindow {
  const offset = useRef(0);
  const window = scrollWindow(offset.current, selected, height, count);
  offset.current = window.offset;
  return window;
}
