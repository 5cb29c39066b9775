/** Lab captures analysed once per test file, and the steps and transactions inside them by frame. */
import { analyze } from '../../../src/index.js';
import type { Report, Step, Transaction } from '../../../src/report/types.js';

const cache = new Map<string, Promise<Report>>();

export function lab(name: string, opts: { trustedServers?: string[] } = {}): Promise<Report> {
  const key = `${name}|${(opts.trustedServers ?? []).join(',')}`;
  let r = cache.get(key);
  if (!r) {
    r = analyze(`fixtures/captures/${name}`, opts);
    cache.set(key, r);
  }
  return r;
}

export function stepAt(report: Report, frame: number): { tx: Transaction; step: Step; index: number } {
  for (const tx of report.transactions) {
    const index = tx.steps.findIndex((s) => s.frame === frame && s.duplicate !== true);
    if (index >= 0) return { tx, step: tx.steps[index]!, index };
  }
  throw new Error(`no step at frame ${frame}`);
}

/** All sentences as one text, for facts that may sit in any of them. */
export const text = (e: { readonly sentences: readonly string[] }): string => e.sentences.join(' ');
