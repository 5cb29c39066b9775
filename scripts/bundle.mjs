#!/usr/bin/env node
/**
 * Bundles the command line (src/cli.ts and everything it imports, Ink and React included) into
 * dist/bundle/dorascope.js with esbuild, which bin/dorascope.js loads. Node then reads a few files instead of
 * resolving and compiling a few hundred modules (Ink's tree alone cost ~0.4 s before the first frame).
 * The terminal UI is a chunk of its own, loaded by the dynamic import in run.ts: --json, --ndjson and --text
 * never read React or Ink.
 * oui-data stays outside: analyze/vendors.ts reads its 5 MB file at run time, and only when a report names NICs.
 */
import { build } from 'esbuild';
import { realpathSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
        if (args.importer === wrapper || args.pluginData === 'real') return undefined;
        const resolved = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'real' });
        return resolved.path && realpathSync(resolved.path) === real ? { path: wrapper } : resolved;
      });
    }
  },
};

const outdir = path.join(root, 'dist/bundle');
rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { dorascope: 'src/cli.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  // react-devtools-core: Ink loads it only when DEV=true, and it is not installed.
  external: ['oui-data', 'react-devtools-core'],
  // React's production build: the development one checks every element it makes. No fetch: yoga-layout
  // (Ink's layout) would fetch its inlined WebAssembly from a data: URL, and the first fetch loads Node's
  // whole HTTP client (undici) before the first frame; without it yoga decodes the same bytes itself.
  // Nothing else in dorascope fetches.
  define: { 'process.env.NODE_ENV': '"production"', fetch: 'undefined' },
  plugins: [fastText],
  // CommonJS dependencies bundled into an ES module still call require() for Node's built-ins.
  banner: { js: "import { createRequire as __dorascopeRequire } from 'node:module';\nconst require = __dorascopeRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});
