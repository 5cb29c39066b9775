import { useRef } from 'react';

/** Average rate (units per second) of a growing counter since the component mounted. */
export function useRate(value: number): number {
  const start = useRef<{ time: number; value: number } | null>(null);
  const now = Date.now();
  if (start.current === null) start.current = { time: now, value };
  const seconds = (now - start.current.time) / 1000;
  return seconds > 0.2 ? (value - start.current.value) / seconds : 0;
}
