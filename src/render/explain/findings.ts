/** A finding explained: what was seen (quoting frames), why it matters, the likely causes in order, what to check. */
import type { Finding, Report } from '../../report/types.js';
import { sanitize } from '../sanitize.js';
import { FINDING_TEMPLATES, UNKNOWN_FINDING, type FindingTemplate } from './finding-templates.js';
import { Draft, type Explanation } from './types.js';
import { frames } from './words.js';

export function explainFinding(report: Report, f: Finding): Explanation {
  // A report read from an older or newer dorascope may hold a code this build does not know.
  const t = (FINDING_TEMPLATES as Readonly<Record<string, FindingTemplate | undefined>>)[f.code] ?? UNKNOWN_FINDING;
  const d = new Draft();
  d.say(`${sanitize(f.message)} (${frames(f.frames)}, first at ${f.time.replace('T', ' ').replace(/(\.\d{3})\d*Z$/, '$1')} UTC).`, f.frames.slice(0, 8));
  t.facts(f, report, d);
  d.say(`Why it matters: ${t.why}`);
  const causes = t.causes(f, report);
  if (causes.length > 0) d.say(`Likely causes, most likely first: ${causes.map((c, i) => `(${i + 1}) ${c}`).join('; ')}.`);
  const check = t.check(f, report);
  if (check.length > 0) d.say(`Check next: ${check.join('; ')}.`);
  return d.done(`${f.id} ${f.code} (${f.severity})`);
}
