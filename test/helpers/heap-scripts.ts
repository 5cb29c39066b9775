/**
 * Scripts run in a fresh Node to check the batch heap policy (sizes, not timings: deterministic for a given Node).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'vitest';
import { ROOT } from './cli.js';

/** A module of the build (dist/), as a quoted import specifier for the script `setup` is part of. */
export function distModule(file: string): string {
  return JSON.stringify(pathToFileURL(path.join(ROOT, 'dist', file)).href);
}

/** Runs an ES module script in a fresh Node and returns what it printed; it must print nothing on stderr. */
export function runModuleScript(script: string): string {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return r.stdout;
}

/** The young generation's size (bytes) after `setup` ran and a good deal was allocated, some of it kept. */
export function youngGenerationAfter(setup: string): number {
  return Number(
    runModuleScript(`
    import v8 from 'node:v8';
    ${setup}
    const keep = [];
    for (let i = 0; i < 3e6; i++) { const o = { a: i, b: [i] }; if (i % 50 === 0) keep.push(o); }
    process.stdout.write(String(v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size));`),
  );
}
