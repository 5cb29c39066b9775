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
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
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
  // React's production build: the development one checks every element it makes.
  define: { 'process.env.NODE_ENV': '"production"' },
  // CommonJS dependencies bundled into an ES module still call require() for Node's built-ins.
  banner: { js: "import { createRequire as __dorascopeRequire } from 'node:module';\nconst require = __dorascopeRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});
