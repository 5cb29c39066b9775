/** Latency of each hop: how long a machine took to answer or forward what reached it. */
import type { LadderRow } from './types.js';

/** Whether an arrow reaches a column: its target, or any lifeline a broadcast passes. */
function reaches(row: LadderRow, column: number): boolean {
  if (row.to === column) return true;
  return row.broadcast && column > Math.min(row.from, row.to) && column < Math.max(row.from, row.to);
}

/**
 * Latency of each hop that answers or forwards something: the time since the last arrow that reached the
 * column it leaves from (the client's own messages have none: that is the client's think time).
 */
export function withLatency(rows: readonly LadderRow[]): LadderRow[] {
  return rows.map((row, i) => {
    if (row.from === 0 || Number.isNaN(row.rel)) return row;
    for (let j = i - 1; j >= 0; j -= 1) {
      const earlier = rows[j];
      if (earlier && earlier.from !== row.from && reaches(earlier, row.from) && !Number.isNaN(earlier.rel)) {
        return { ...row, latencyMs: (row.rel - earlier.rel) * 1000 };
      }
    }
    return row;
  });
}
