/**
 * Runs the real binary (bin/dorascope.js → dist/bundle/dorascope.cjs) the way a user or a grading script does,
 * and collects its exit code, stdout and stderr. `buildDist()` runs the project's build first (tsc, then the
 * esbuild bundle of scripts/bundle.mjs; once, in the global setup) and throws when it fails: tests of a binary
 * built from code that does not compile prove nothing.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'dorascope.js');

/** Where the hash of the sources dist/ was last built from, by a build that succeeded. */
const STAMP = join(ROOT, 'dist', '.source-hash');

/**
 * Builds dist/ with the project's build script (`npm run build`: tsc, then the bundle bin/ runs) unless a
 * successful build of these very sources made it — a hash of src/ and the build settings, not file times: a
 * checkout or a copy sets times at random. Throws with the build's messages when it fails.
 */
export function buildDist(): void {
  const hash = sourceHash();
  if (existsSync(join(ROOT, 'dist', 'cli.js')) && existsSync(join(ROOT, 'dist', 'bundle', 'dorascope.cjs')) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === hash) return;
  rmSync(STAMP, { force: true });
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) {
    throw new Error(`npm run build failed (exit ${build.status ?? build.signal}): the CLI tests would run a dist/ that does not match src/\n${build.stdout}${build.stderr}`);
  }
  writeFileSync(STAMP, hash);
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

/** Every file under a folder, sorted, as paths relative to the root. */
function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]))
    .sort();
}

/** sha256 over the names and bytes of what the build reads. */
export function sourceHash(): string {
  const h = createHash('sha256');
  const extra = ['scripts'].filter((dir) => existsSync(join(ROOT, dir)));
  for (const file of [...filesUnder('src'), ...extra.flatMap(filesUnder), 'tsconfig.json', 'tsconfig.build.json', 'package.json']) {
    h.update(`${file}\0`);
    h.update(readFileSync(join(ROOT, file)));
    h.update('\0');
  }
  return h.digest('hex');
}
