import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FINDING_CODE_LIST, FINDING_CODES } from '../../src/analyze/finding-codes.js';

const ROOT = new URL('../../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, ROOT), 'utf8');

/** The README's findings table: each row's codes (a row may name two, `A` / `B`) and its severity column. */
function readmeRows(): { codes: string[]; severity: string }[] {
  const readme = read('README.md');
  const section = readme.split('\n## Findings\n')[1]?.split('\n## ')[0] ?? '';
  return section
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((l) => {
      const [, codes = '', severity = ''] = l.split('|');
      return { codes: [...codes.matchAll(/`([A-Z0-9_]+)`/g)].map((m) => m[1]!), severity: severity.trim() };
    });
}

describe('finding codes are one list', () => {
  it('the schema enum for Finding.code is the list, in order', () => {
    const schema = JSON.parse(read('src/report/report.schema.json'));
    expect(schema.$defs.finding.properties.code.$ref).toBe('#/$defs/findingCode');
    expect(schema.$defs.findingCode.enum).toEqual(FINDING_CODE_LIST);
  });

  it("the README's table documents every code, in order, and no other", () => {
    expect(readmeRows().flatMap((r) => r.codes)).toEqual(FINDING_CODE_LIST);
  });

  it("the README's severity column starts with each code's usual severity", () => {
    for (const row of readmeRows()) {
      for (const code of row.codes) {
        expect(row.severity.split(' ')[0], code).toBe(FINDING_CODES[code as keyof typeof FINDING_CODES].severity);
      }
    }
  });

  it('every code on the list is raised somewhere in the analyzer (no stale code)', () => {
    const dir = new URL('src/analyze/', ROOT);
    const source = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && f !== 'finding-codes.ts')
      .map((f) => readFileSync(new URL(f, dir), 'utf8'))
      .join('\n');
    for (const code of FINDING_CODE_LIST) expect(source, code).toContain(`'${code}'`);
  });
});
