/**
 * The bundle runs as a classic script with V8's code cache beside it: used only for this very bundle and
 * Node, and when V8 takes it; made again, whole or not at all, in every other case; deepened once after a
 * terminal UI session. Small bundles of our own in a scratch directory.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cacheFileOf, loadBundle } from '../src/bundle-loader.js';
import { BIN, buildDist } from './helpers/cli.js';

let dir: string;
beforeAll(() => buildDist());
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'dorascope-bundle-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A bundle as the build writes it: its id line, then CommonJS that reads its arguments and a module. */
function writeBundle(id: string, body = ''): string {
  const file = path.join(dir, 'dorascope.cjs');
  const code = `"use strict";\nconst { basename } = require('node:path');\nfunction twice(n) { return n * 2; }\nexports.main = async (argv) => twice(argv.length);\nexports.chosenFormat = () => basename(__filename);\n${body}`;
  writeFileSync(file, `// dorascope bundle ${id}\n${code}`);
  return file;
}

/** Starts the bundle in a new process the way bin/dorascope.js does: how the cache was found, what main gave. */
function startInChild(file: string): { cache: string; main: number } {
  const loader = path.join(path.dirname(BIN), '..', 'dist', 'bundle-loader.js');
  const script = `const m = await import(${JSON.stringify(loader)}); const b = m.loadBundle(${JSON.stringify(file)}); const main = await b.exports.main(['x']); b.saveCache('top'); console.log(JSON.stringify({ cache: b.cache, main }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as { cache: string; main: number };
}

const header = (file: string): string => {
  const bytes = readFileSync(cacheFileOf(file));
  return bytes.toString('latin1', 0, bytes.indexOf(0x0a));
};

describe('loadBundle', () => {
  it('runs the bundle with CommonJS names, and makes a cache the next start takes', async () => {
    const file = writeBundle('0123456789abcdef0123');
    const first = loadBundle(file);
    expect(first.cache).toBe('absent');
    expect(await first.exports.main(['a', 'b'])).toBe(4);
    expect(first.exports.chosenFormat()).toBe('dorascope.cjs');
    first.saveCache('top');
    expect(header(file)).toMatch(new RegExp(`^dorascope-v8-cache 1 0123456789abcdef0123 \\d+ \\d+ ${process.version} ${process.arch} \\S+ top$`));
    const second = loadBundle(file);
    expect(second.cache).toBe('accepted');
    expect(second.depth).toBe('top');
    expect(await second.exports.main(['a'])).toBe(2);
  });

  it('deepens a top-level cache once after a terminal UI session, and never makes it shallower', () => {
    const file = writeBundle('0123456789abcdef0123');
    loadBundle(file).saveCache('top');
    const top = loadBundle(file);
    top.saveCache('session');
    expect(header(file)).toMatch(/ session$/);
    const session = loadBundle(file);
    expect(session.cache).toBe('accepted');
    expect(session.depth).toBe('session');
    const before = statSync(cacheFileOf(file), { bigint: true }).mtimeNs;
    session.saveCache('session');
    session.saveCache('top');
    expect(statSync(cacheFileOf(file), { bigint: true }).mtimeNs).toBe(before);
    expect(header(file)).toMatch(/ session$/);
  });

  it('takes no cache made for another build or Node, or a damaged one, and makes a new one', async () => {
    const file = writeBundle('0123456789abcdef0123');
    loadBundle(file).saveCache('top');
    const good = readFileSync(cacheFileOf(file));
    const end = good.indexOf(0x0a);
    const other = good.toString('latin1', 0, end).replace(process.version, 'v19.0.0');
    for (const bytes of [Buffer.concat([Buffer.from(other), good.subarray(end)]), Buffer.from('no header at all'), Buffer.alloc(0)]) {
      writeFileSync(cacheFileOf(file), bytes);
      const run = loadBundle(file);
      expect(run.cache).toBe('stale');
      expect(await run.exports.main([])).toBe(0);
      run.saveCache('top');
      expect(loadBundle(file).cache).toBe('accepted');
    }
  });

  it('takes no cache once the bundle is built again or edited, even to the same length', () => {
    const file = writeBundle('0123456789abcdef0123');
    loadBundle(file).saveCache('top');
    writeBundle('fedcba9876543210fedc');
    expect(loadBundle(file).cache).toBe('stale');
    writeBundle('0123456789abcdef0123');
    loadBundle(file).saveCache('top');
    writeFileSync(file, readFileSync(file, 'utf8').replace('n * 2', 'n * 3'));
    utimesSync(file, new Date(2030, 0, 1), new Date(2030, 0, 1));
    const edited = loadBundle(file);
    expect(edited.cache).toBe('stale');
  });

  it('runs without the code V8 turns down (damaged bytes under a right header), and makes a good cache', () => {
    // In a new process: V8 keeps what it compiled in this one and would not even look at the cache.
    const file = writeBundle('0123456789abcdef0123');
    loadBundle(file).saveCache('top');
    const good = readFileSync(cacheFileOf(file));
    const end = good.indexOf(0x0a);
    writeFileSync(cacheFileOf(file), Buffer.concat([good.subarray(0, end + 1), Buffer.alloc(good.length - end - 1, 0x5a)]));
    expect(startInChild(file)).toEqual({ cache: 'rejected', main: 2 });
    expect(startInChild(file)).toEqual({ cache: 'accepted', main: 2 });
  });

  it('keeps running when the cache cannot be written, and leaves no temporary file', async () => {
    const file = writeBundle('0123456789abcdef0123');
    mkdirSync(path.join(cacheFileOf(file), 'in-the-way'), { recursive: true });
    const run = loadBundle(file);
    expect(await run.exports.main([])).toBe(0);
    expect(() => run.saveCache('session')).not.toThrow();
    expect(readdirSync(dir).sort()).toEqual(['dorascope.cjs', 'dorascope.cjs.cache']);
  });

  it('reads a bundle that is not all ASCII as UTF-8', () => {
    const file = writeBundle('0123456789abcdef0123', "exports.word = 'café → ✓';\n");
    expect((loadBundle(file).exports as unknown as { word: string }).word).toBe('café → ✓');
  });

  it('makes no cache for a bundle without the build\'s id line', () => {
    const file = path.join(dir, 'dorascope.cjs');
    writeFileSync(file, 'exports.main = async () => 0;\n');
    const run = loadBundle(file);
    expect(run.cache).toBe('absent');
    run.saveCache('top');
    expect(readdirSync(dir)).toEqual(['dorascope.cjs']);
  });
});

describe('the built bundle', () => {
  it('names its build on its first line, and starts with the cache the build made', () => {
    const bundle = path.join(path.dirname(BIN), '..', 'dist', 'bundle', 'dorascope.cjs');
    expect(readFileSync(bundle, 'utf8').split('\n', 1)[0]).toMatch(/^\/\/ dorascope bundle [0-9a-f]{32}$/);
    const probe = `import('./dist/bundle-loader.js').then((m) => console.log(m.loadBundle(${JSON.stringify(bundle)}).cache))`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { cwd: path.join(path.dirname(BIN), '..'), encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('accepted');
  });
});
