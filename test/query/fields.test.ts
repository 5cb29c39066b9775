/** The one field table: the README documents every field for every row kind, and src/query stays free of Node. */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIELDS } from '../../src/query/index.js';

const readme = readFileSync('README.md', 'utf8');
const section = readme.slice(readme.indexOf('## Filter language'), readme.indexOf('## Live capture'));

describe('the field table', () => {
  it('has a README row for every field, with a meaning per row kind', () => {
    const documented = [...section.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(FIELDS).sort());
    for (const line of section.split('\n').filter((l) => l.startsWith('| `'))) expect(line.split('|').length, line).toBe(9);
  });

  it('src/query imports nothing from node: (the HTML page inlines it)', () => {
    for (const file of readdirSync('src/query')) {
      const text = readFileSync(`src/query/${file}`, 'utf8');
      expect(text, file).not.toMatch(/from ['"]node:/);
      expect([...text.matchAll(/from '(\.\.?\/[^']+)'/g)].map((m) => m[1]).filter((p) => !p!.startsWith('./') && p !== '../report/types.js'), file).toEqual([]);
    }
  });
});
