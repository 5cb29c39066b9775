/** The page script's entry point: scripts/page-script.mjs bundles it (and all it imports) for the browser. */
import { pageMain } from './client.js';

pageMain();
