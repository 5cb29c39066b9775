/**
 * The library API, for scripts that would rather import than spawn:
 *
 *   import { analyze } from 'dorascope';
 *   const report = await analyze('lab.pcapng');
 */
import { AnalysisSession, type SessionOptions } from './session.js';
import type { CaptureInput } from './capture/reader.js';
import type { Report } from './report/types.js';

export { AnalysisSession, type SessionOptions } from './session.js';
export { CaptureError } from './capture/error.js';
export { filterReport, type ReportFilter } from './report/filter.js';
export type * from './report/types.js';

/** Reads one or more captures (paths, `-` for stdin, or bytes) and returns the finished report. */
export async function analyze(source: CaptureInput | readonly CaptureInput[], options: SessionOptions = {}): Promise<Report> {
  const session = new AnalysisSession(options);
  await session.read(Array.isArray(source) ? source : [source as CaptureInput]);
  return session.report();
}
