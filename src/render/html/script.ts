/**
 * The page's one script: client.ts with the drawing functions (so the browser draws exactly what Node drew)
 * and src/query's parser and matcher (so the page filters with the language of --filter and the TUI's `/`),
 * bundled by esbuild at build time (scripts/page-script.mjs) into page-script.gen.ts.
 */
import { PAGE_SCRIPT } from './page-script.gen.js';

export function pageScript(): string {
  return PAGE_SCRIPT;
}
