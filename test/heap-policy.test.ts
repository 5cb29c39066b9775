/**
 * The batch run's heap policy: V8 takes the flag at run time and keeps the young generation at its first size.
 * setFlagsFromString ignores a flag it does not know, so a Node whose V8 dropped or renamed it would silently
 * lose the policy: this notices. Sizes, not timings: deterministic for a given Node.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

/** The young generation's size (bytes) after allocating a good deal, some of it kept, with or without the policy. */
function youngGenerationAfterWork(policy: boolean): number {
  const script = `
    import v8 from 'node:v8';
    if (${policy}) (await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'heap-policy.js')).href)})).useBatchHeapPolicy();
    const keep = [];
    for (let i = 0; i < 3e6; i++) { const o = { a: i, b: [i] }; if (i % 50 === 0) keep.push(o); }
    process.stdout.write(String(v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return Number(r.stdout);
}

describe('the batch heap policy', () => {
  it('keeps the young generation at its first size where V8 would grow it', () => {
    const grown = youngGenerationAfterWork(false);
    const kept = youngGenerationAfterWork(true);
    expect(grown).toBeGreaterThan(kept);
    expect(kept).toBeLessThanOrEqual(4 * 1024 * 1024);
  });
});
