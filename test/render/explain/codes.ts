/**
 * Every finding code the analysis can raise, read from the source itself (the codes in `code:` fields and
 * `raise('…')` calls under src/analyze, every code of src/analyze/finding-codes.ts when it exists) and from the
 * README's findings table: a code added later without an explanation template fails the test that uses this.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../helpers/cli.js';

const LITERAL = /'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)'/g;

function literals(line: string): string[] {
  return [...line.matchAll(LITERAL)].map((m) => m[1]!);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

export function findingCodes(): Set<string> {
  const codes = new Set<string>();
  const analyze = join(ROOT, 'src', 'analyze');
  for (const file of sourceFiles(analyze)) {
    const text = readFileSync(file, 'utf8');
    if (file.endsWith('finding-codes.ts')) for (const c of literals(text)) codes.add(c);
    for (const line of text.split('\n')) {
      if (/\bcode:|\braise\(|\bcode ===/.test(line)) for (const c of literals(line)) codes.add(c);
    }
  }
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## Findings');
  const rest = readme.slice(start + 1);
  const end = rest.search(/\n##+ /); // the table ends where the next heading (## or ###) begins
  const table = end === -1 ? rest : rest.slice(0, end);
  for (const m of table.matchAll(/^\| `([A-Z_]+)`(?: \/ `([A-Z_]+)`)?/gm)) {
    codes.add(m[1]!);
    if (m[2]) codes.add(m[2]);
  }
  return codes;
}

export const hasFindingCodesModule = existsSync(join(ROOT, 'src', 'analyze', 'finding-codes.ts'));
