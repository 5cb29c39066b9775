#!/usr/bin/env node
// The bundle of src/cli.ts (scripts/bundle.mjs), run as one classic script with V8's code cache
// (src/bundle-loader.ts): one file to read and little to compile instead of a few hundred modules.
import { fileURLToPath } from 'node:url';
import { loadBundle } from '../dist/bundle-loader.js';

// Output piped into `head` closes early: that is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
});

const fail = (e) => {
  process.stderr.write(`dorascope: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 70;
};

let bundle;
try {
  bundle = loadBundle(fileURLToPath(new URL('../dist/bundle/dorascope.cjs', import.meta.url)));
} catch (e) {
  fail(e);
}
bundle?.exports.main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    bundle.saveCache(bundle.exports.chosenFormat?.() === 'tui' ? 'session' : 'top');
  },
  fail,
);
