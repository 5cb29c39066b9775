#!/usr/bin/env node
/**
 * Bundles the command line (src/cli.ts and everything it imports, Ink and React included) into
 * dist/bundle/dorascope.cjs with esbuild, which bin/dorascope.js runs (src/bundle-loader.ts) with V8's code
 * cache. Node then reads one file instead of resolving and compiling a few hundred modules (Ink's tree alone
 * cost ~0.4 s before the first frame), and most of its compiling is read from the cache.
 * oui-data stays outside: analyze/vendors.ts reads its 5 MB file at run time, and only when a report names NICs.
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Ink's imports of string-width, slice-ansi and @alcalzone/ansi-tokenize go to src/render/tui/string-width.ts,
 * slice-ansi.ts and ansi-tokenize.ts, which answer lines of common narrow characters and colour codes at once
 * and hand the rest to the packages (the same answers; their tests check them). Only the copies at the top of
 * node_modules are replaced: a package that brings its own version keeps it.
 */
const FAST_TEXT = { 'string-width': 'string-width', 'slice-ansi': 'slice-ansi', '@alcalzone/ansi-tokenize': 'ansi-tokenize' };
const fastText = {
  name: 'fast-text',
  setup(b) {
    for (const [name, file] of Object.entries(FAST_TEXT)) {
      const wrapper = path.join(root, `src/render/tui/${file}.ts`);
      // node_modules may be a link (a worktree's): compare real paths.
      const real = realpathSync(fileURLToPath(import.meta.resolve(name)));
      b.onResolve({ filter: new RegExp(`^${name.replace(/[/.]/g, '\\$&')}$`) }, async (args) => {
        if (args.pluginData === 'real') return undefined;
        const resolved = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'real' });
        if (!resolved.path) return resolved;
        // The wrapper's own import, and another package's own copy, load when first called (see `lazy` below).
        if (args.importer === wrapper || realpathSync(resolved.path) !== real) return { path: resolved.path, namespace: 'lazy' };
        return { path: wrapper };
      });
    }
    /**
     * Each of these packages makes an Intl.Segmenter and Unicode property regexes as it loads (ICU's data: about
     * 15 ms before the first frame), and the wrappers call them only for text off their fast path, which the
     * TUI's frames do not hold. A module that exports the same functions loads the package at the first call.
     */
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, async (args) => {
      const exported = await import(pathToFileURL(args.path).href);
      const names = Object.keys(exported).filter((key) => typeof exported[key] === 'function');
      const lines = [`let real;\nconst load = () => (real ??= require(${JSON.stringify(args.path)}));`];
      for (const key of names) {
        lines.push(key === 'default' ? 'export default function (...args) { return load().default(...args); }' : `export function ${key}(...args) { return load().${key}(...args); }`);
      }
      return { contents: lines.join('\n'), loader: 'js', resolveDir: path.dirname(args.path) };
    });
  },
};

/**
 * Ink's imports of yoga-layout go to src/render/tui/yoga.ts: yoga-layout waits for its WebAssembly at its top
 * level, which a CommonJS bundle cannot do; the TUI waits for it before its first frame instead.
 */
const yogaWithoutAwait = {
  name: 'yoga-without-await',
  setup(b) {
    b.onResolve({ filter: /^yoga-layout$/ }, () => ({ path: path.join(root, 'src/render/tui/yoga.ts') }));
  },
};

/**
 * Ink's reconciler awaits at its top level only when DEV=true (to connect React's devtools, which are not
 * installed, and to read its package.json, which is not beside the bundle: that start failed). In the bundle
 * it runs as without DEV. Each text replaced must be found: an Ink that changes it fails the build.
 */
const inkWithoutDevtools = {
  name: 'ink-without-devtools',
  setup(b) {
    b.onLoad({ filter: /[\\/]ink[\\/]build[\\/]reconciler\.js$/ }, async (args) => {
      let text = await readFile(args.path, 'utf8');
      for (const [from, to] of [
        ['if (isDev()) {', 'if (false) {'],
        ["await import('./devtools.js')", "import('./devtools.js')"],
        ['const packageJson = isDev()\n    ? await loadPackageJson()', 'const packageJson = false\n    ? loadPackageJson()'],
      ]) {
        if (!text.includes(from)) throw new Error(`ink/build/reconciler.js no longer holds ${JSON.stringify(from)}`);
        text = text.replace(from, to);
      }
      return { contents: text, loader: 'js' };
    });
  },
};

/**
 * meow's bundled helpers normalise a package.json (SPDX license lists, ICU collation to sort them) as they
 * load; dorascope hands meow its name and version, and meow normalises only when asked for the package. In
 * the bundle the normaliser is made at its first call instead of at every start. The text must be found.
 */
const meowNormaliseLazily = {
  name: 'meow-normalise-lazily',
  setup(b) {
    b.onLoad({ filter: /[\\/]meow[\\/]build[\\/]dependencies\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const from = 'var normalizeExports = requireNormalize();\nconst normalizePackageData = getDefaultExportFromCjs(normalizeExports);';
      if (!text.includes(from)) throw new Error(`meow/build/dependencies.js no longer holds ${JSON.stringify(from)}`);
      return { contents: text.replace(from, 'const normalizePackageData = (...args) => getDefaultExportFromCjs(requireNormalize())(...args);'), loader: 'js' };
    });
  },
};

const outdir = path.join(root, 'dist/bundle');
const outfile = path.join(outdir, 'dorascope.cjs');
rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: ['src/cli.ts'],
  outfile,
  write: false,
  bundle: true,
  // One classic script, so that V8 can cache its compiled code (src/bundle-loader.ts; Node 20 caches no ES
  // module's). The modules behind the dynamic imports (the TUI with React and Ink, the HTML page) are in it but
  // run only when imported: --json never evaluates React or Ink.
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // react-devtools-core: Ink loads it only when DEV=true, and it is not installed.
  external: ['oui-data', 'react-devtools-core'],
  // React's production build: the development one checks every element it makes. No fetch: yoga-layout
  // (Ink's layout) would fetch its inlined WebAssembly from a data: URL, and the first fetch loads Node's
  // whole HTTP client (undici) before the first frame; without it yoga decodes the same bytes itself.
  // Nothing else in dorascope fetches.
  define: { 'process.env.NODE_ENV': '"production"', fetch: 'undefined', 'import.meta.url': 'importMetaUrl', 'import.meta': 'importMeta' },
  inject: [path.join(root, 'scripts/bundle-import-meta.js')],
  plugins: [fastText, yogaWithoutAwait, inkWithoutDevtools, meowNormaliseLazily],
  // No comments or indentation: a quarter less to read and to parse for what the code cache does not hold,
  // and nothing but ASCII (esbuild escapes the rest; comments it kept were not), which the loader reads fastest.
  minifyWhitespace: true,
  legalComments: 'none',
  logLevel: 'warning',
});
// The first line names this build: src/bundle-loader.ts uses a code cache only with the bundle it was made from.
const code = result.outputFiles[0].contents;
const id = createHash('sha256').update(code).digest('hex').slice(0, 32);
mkdirSync(outdir, { recursive: true });
writeFileSync(outfile, Buffer.concat([Buffer.from(`// dorascope bundle ${id}\n`), code]));
// The reader worker (src/reader-worker.ts, src/capture/worker-read.ts): a small script of its own, so that a
// worker loads the reader and the decoder's skip test, not the whole command line.
const worker = await build({
  absWorkingDir: root,
  entryPoints: ['src/reader-worker.ts'],
  outfile: path.join(outdir, 'reader-worker.cjs'),
  write: false,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  define: { 'import.meta.url': 'importMetaUrl', 'import.meta': 'importMeta' },
  inject: [path.join(root, 'scripts/bundle-import-meta.js')],
  minifyWhitespace: true,
  legalComments: 'none',
  logLevel: 'warning',
});
writeFileSync(path.join(outdir, 'reader-worker.cjs'), worker.outputFiles[0].contents);
// The first start compiles the bundle and writes its cache (bin/dorascope.js): made here, so that the first
// start of a fresh build is as quick as the next.
execFileSync(process.execPath, [path.join(root, 'bin/dorascope.js'), '--version'], { stdio: 'ignore' });
