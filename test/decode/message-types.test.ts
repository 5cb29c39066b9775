import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MESSAGE_TYPE, messageTypeName } from '../../src/decode/dhcp/names.js';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('DHCP message types', () => {
  it('names every type by the one table, and unknown ones TYPE_<n>', () => {
    for (const [name, n] of Object.entries(MESSAGE_TYPE)) expect(messageTypeName(n)).toBe(name);
    expect(Object.values(MESSAGE_TYPE)).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
    expect([0, 19, 255].map(messageTypeName)).toEqual(['TYPE_0', 'TYPE_19', 'TYPE_255']);
  });

  it('are defined once: no other source file gives the type numbers', () => {
    // A table (`DISCOVER: 1`) or a names-by-number list starting at 0 ('', 'DISCOVER', ...).
    const tables = sources(SRC).filter((path) => /\bDISCOVER\s*[:=]\s*1\b|'',\s*'DISCOVER'/.test(readFileSync(path, 'utf8')));
    expect(tables.map((p) => p.slice(SRC.length))).toEqual(['decode/dhcp/names.ts']);
  });
});
