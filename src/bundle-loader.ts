/**
 * Runs the bundle (dist/bundle/dorascope.cjs, scripts/bundle.mjs) as a classic script with V8's code cache:
 * V8 then reads the bundle's compiled code from a file beside it instead of parsing and compiling 1.7 MB of
 * JavaScript at every start (Node 20 has no compile cache for ES modules; vm.Script takes one).
 *
 * The cache is only ever an optimisation. It is used when its header names this very bundle (the build's
 * hash on the bundle's first line) and this Node (version, architecture, V8), and V8 accepts it (V8 checks its
 * own version, flags and the source's length). In every other case (no cache, another build, another Node, a
 * damaged file, V8 says no) the bundle is compiled as any script is, and a new cache is written after the run
 * (a temporary file renamed over the old one, so two runs at once never leave half a file); a bundle directory
 * that cannot be written keeps running without one.
 *
 * What a cache holds is what was compiled when it was made. The build makes one of the bundle's top level
 * (bin/dorascope.js --version). A terminal UI session, the start that matters most, compiles React, Ink and
 * the views as well: when it ends it replaces a top-level cache with one of everything it compiled (the
 * demo's first frame: about a quarter less CPU than with the top level alone). Batch runs never do: they
 * change V8's heap flags (heap-policy.ts), which V8 records in a cache and checks at the next start.
 */
import { isAscii } from 'node:buffer';
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Script } from 'node:vm';

/** What the bundle exports. */
export interface BundleExports {
  main(argv: readonly string[]): Promise<number>;
  /** The output format main chose. */
  chosenFormat(): string | undefined;
}

/** How the cache was found: used, turned down by V8, not for this bundle or Node, or not there. */
export type CacheState = 'accepted' | 'rejected' | 'stale' | 'absent';

/** What a cache holds: the bundle's top level, or all that a terminal UI session compiled. */
export type CacheDepth = 'top' | 'session';
const DEPTHS: readonly CacheDepth[] = ['top', 'session'];

export interface LoadedBundle {
  readonly exports: BundleExports;
  readonly cache: CacheState;
  /** How deep the accepted cache goes (undefined when none was accepted). */
  readonly depth: CacheDepth | undefined;
  /**
   * After the run: writes the top-level cache when none was accepted, or, after a terminal UI session
   * ('session'), one of everything compiled when the accepted one held only the top level. Once; never throws.
   */
  saveCache(after: CacheDepth): void;
}

const MAGIC = 'dorascope-v8-cache 1';
/** The build writes `// dorascope bundle <hash>` as the bundle's first line. */
const ID_LINE = /^\/\/ dorascope bundle ([0-9a-f]{16,})\n/;

export const cacheFileOf = (bundleFile: string): string => `${bundleFile}.cache`;

/**
 * Who may use a cache: this bundle (the build's hash; its size and time, so that a bundle edited by hand is not
 * taken for the one built) and this Node.
 */
function cacheKey(file: string, source: string): string | undefined {
  const id = ID_LINE.exec(source)?.[1];
  if (id === undefined) return undefined;
  const { size, mtimeNs } = statSync(file, { bigint: true });
  return `${MAGIC} ${id} ${size} ${mtimeNs} ${process.version} ${process.arch} ${process.versions.v8}`;
}

/**
 * The cache's compiled code and depth when its header starts with `key`; 'stale' when it is another's (or
 * damaged), 'absent' when there is none.
 */
export function readCache(file: string, key: string | undefined): { readonly data: Buffer; readonly depth: CacheDepth } | 'stale' | 'absent' {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return 'absent';
  }
  const end = bytes.indexOf(0x0a);
  const header = end < 0 ? '' : bytes.toString('latin1', 0, end);
  const depth = DEPTHS.find((d) => header === `${key} ${d}`);
  if (key === undefined || depth === undefined) return 'stale';
  return { data: bytes.subarray(end + 1), depth };
}

/** Writes the cache whole or not at all; false when it could not. */
export function writeCache(file: string, key: string, depth: CacheDepth, data: Buffer): boolean {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, Buffer.concat([Buffer.from(`${key} ${depth}\n`, 'latin1'), data]));
    renameSync(temporary, file);
    return true;
  } catch {
    rmSync(temporary, { force: true });
    return false;
  }
}

/**
 * Compiles and runs the bundle's top level. The wrapper is CommonJS's: the bundle is esbuild's `cjs` output,
 * and `import.meta.url` in it is made from __filename (scripts/bundle-import-meta.js).
 */
export function loadBundle(file: string): LoadedBundle {
  const bytes = readFileSync(file);
  // The build's bundle is ASCII (esbuild escapes the rest): read as Latin-1, the same characters, in a third
  // of the time UTF-8 decoding takes.
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const key = cacheKey(file, source);
  const cacheFile = cacheFileOf(file);
  const found = readCache(cacheFile, key);
  const cached = typeof found === 'string' ? undefined : found;
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    ...(cached ? { cachedData: cached.data } : {}),
  });
  const cache: CacheState = typeof found === 'string' ? found : script.cachedDataRejected === true ? 'rejected' : 'accepted';
  const depth = cache === 'accepted' ? cached?.depth : undefined;
  const module = { exports: {} as BundleExports };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, path.dirname(file));
  // Made now, before the program runs: V8 records its flags in a cache, a batch run changes them
  // (heap-policy.ts), and they must be the defaults for the next start to accept it.
  const top = cache === 'accepted' || key === undefined ? undefined : script.createCachedData();
  let saved = false;
  return {
    exports: module.exports,
    cache,
    depth,
    saveCache: (after) => {
      if (saved || key === undefined) return;
      saved = true;
      if (after === 'session' && depth !== 'session') writeCache(cacheFile, key, 'session', script.createCachedData());
      else if (top !== undefined) writeCache(cacheFile, key, 'top', top);
    },
  };
}
