/** The page script in page-script.gen.ts is what esbuild makes of the sources now (scripts/page-script.mjs). */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { pageScript } from '../../../src/render/html/script.js';

describe('the page script', () => {
  it('is the bundle of the current sources (run `node scripts/page-script.mjs` after changing them)', () => {
    const check = spawnSync(process.execPath, ['scripts/page-script.mjs', '--check'], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('carries the filter language and nothing that could end its <script> element', () => {
    const text = pageScript();
    // A parse error message of src/query/parse.ts, and the field table of src/query/fields.ts.
    expect(text).toContain('needs a field name before it');
    expect(text).toContain('802.1Q VLAN id');
    expect(text).not.toMatch(/<\/script|<!--/i);
  });
});
