/**
 * Runs the real binary (bin/dorascope.js → dist/bundle/dorascope.js) the way a user or a grading script does,
 * and collects its exit code, stdout and stderr. `buildDist()` compiles dist/ and bundles it first; the compiler
 * may complain about files other people are still writing, it emits anyway, so its errors are not fatal here.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'dorascope.js');

/** Compiles dist/ unless it is newer than every source file (the global setup built it already). */
export function buildDist(): void {
  if (distIsFresh()) return;
  try {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
  } catch {
    // Type errors elsewhere in the tree: tsc still wrote dist/.
  }
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs')], { cwd: ROOT, stdio: 'pipe' });
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function dorascope(args: readonly string[], opts: { input?: Uint8Array; env?: Record<string, string> } = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    ...(opts.input !== undefined ? { input: opts.input } : { stdio: ['ignore', 'pipe', 'pipe'] }),
    env: { ...process.env, ...opts.env },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}

/** A scratch directory for capture files, removed by the returned cleanup. */
export function scratchDir(): { dir: string; write: (name: string, bytes: Uint8Array | string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'dorascope-cli-'));
  return {
    dir,
    write: (name, bytes) => {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function distIsFresh(): boolean {
  const newest = newestSource(join(ROOT, 'src'));
  return [join(ROOT, 'dist', 'cli.js'), join(ROOT, 'dist', 'bundle', 'dorascope.js')].every((built) => existsSync(built) && statSync(built).mtimeMs >= newest);
}
