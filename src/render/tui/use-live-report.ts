import { useEffect, useState } from 'react';
import type { LiveReport } from '../../report/live.js';
import type { Report } from '../../report/types.js';

/**
 * The latest snapshot of a live report. Producer notifications are coalesced so that the views re-render at
 * most once per `intervalMs` (100 ms: ≤ 10 redraws a second), plus once more when reading is over.
 */
export function useLiveReport(live: LiveReport, intervalMs = 100): Report {
  const [report, setReport] = useState<Report>(() => live.snapshot());
  useEffect(() => {
    let disposed = false;
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      if (disposed) return;
      last = Date.now();
      setReport(live.snapshot());
    };
    const onChange = (): void => {
      if (timer !== undefined) return;
      timer = setTimeout(flush, Math.max(0, last + intervalMs - Date.now()));
    };
    const unsubscribe = live.subscribe(onChange);
    // Catch up with anything that happened between the first snapshot and subscribing.
    setReport(live.snapshot());
    live.finished.then(flush, flush);
    return () => {
      disposed = true;
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [live, intervalMs]);
  return report;
}
