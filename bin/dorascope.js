#!/usr/bin/env node
// The bundle of src/cli.ts (scripts/bundle.mjs): a few files to read instead of a few hundred modules.
import { main } from '../dist/bundle/dorascope.js';

// Output piped into `head` closes early: that is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`dorascope: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 70;
  },
);
