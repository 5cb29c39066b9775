// Injected into the bundle (scripts/bundle.mjs): the bundle is CommonJS, run by src/bundle-loader.ts with
// CommonJS's wrapper, so import.meta.url is made from __filename.
export const importMetaUrl = require('node:url').pathToFileURL(__filename).href;
export const importMeta = { url: importMetaUrl };
