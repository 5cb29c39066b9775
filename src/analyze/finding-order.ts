/**
 * The order findings are listed in: by time, then first frame, then severity (errors first), code and message.
 * The report sorts by it, and the analyzer hands over the findings it gathers at the end in the same order, so
 * a stream of findings (hooks.onFinding, NDJSON) lists them as the report does.
 */
import { toEpoch } from './time.js';
import type { FindingDraft } from './types.js';

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

export function compareFindings(x: FindingDraft, y: FindingDraft): number {
  return (
    toEpoch(x.ts) - toEpoch(y.ts) ||
    (x.frames[0] ?? 0) - (y.frames[0] ?? 0) ||
    SEVERITY_RANK[x.severity] - SEVERITY_RANK[y.severity] ||
    (x.code < y.code ? -1 : x.code > y.code ? 1 : 0) ||
    (x.message < y.message ? -1 : 1)
  );
}
