/**
 * Every lab scenario (fixtures/captures/*.expected.json, written from what the lab staged with real DHCP
 * software) against dorascope's report of its capture: every key of every file is compared (test/lab/
 * expectations.ts), and a key the checker does not know fails. Then the checker is put to the test: each value of
 * each file, changed on its own, must make it report a mismatch.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/types.js';
import { nonEmpty, repoCapturesDir } from '../helpers/shared-captures.js';
import { checkExpectation, knownFindingCodes, reportFor, type Expected } from './expectations.js';

const files = readdirSync(repoCapturesDir)
  .filter((f) => f.endsWith('.expected.json'))
  .sort();
const parse = (file: string): Expected => JSON.parse(readFileSync(path.join(repoCapturesDir, file), 'utf8')) as Expected;
const report = reportFor(repoCapturesDir, new Map<string, Promise<Report>>());
const known = knownFindingCodes();

describe('lab scenarios', () => {
  nonEmpty('expected.json files', files);
  it('knows the finding codes from the README', () => expect(known.size).toBeGreaterThan(10));

  it.each(files)('%s: every expectation holds', async (file) => {
    expect(await checkExpectation(file, parse(file), report, known)).toEqual([]);
  });
});

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every leaf of a parsed JSON value, as a path of keys and indexes. */
function leaves(v: Json, at: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(v)) return v.flatMap((x, i) => leaves(x, [...at, i]));
  if (v !== null && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => leaves(x, [...at, k]));
  return [at];
}

/**
 * The value with one leaf changed: a string gets a character more, a boolean flips, a number goes up by one —
 * or, for a lower bound (minTransactions, minLeases), by a thousand: lowering a lower bound keeps it true.
 */
function withLeafChanged(v: Json, at: readonly (string | number)[]): Json {
  const copy = structuredClone(v) as Record<string | number, Json>;
  let parent = copy;
  for (const k of at.slice(0, -1)) parent = parent[k] as Record<string | number, Json>;
  const key = at.at(-1)!;
  const old = parent[key];
  if (typeof old === 'string') parent[key] = `${old}~`;
  else if (typeof old === 'boolean') parent[key] = !old;
  else if (typeof old === 'number') parent[key] = old + (String(key).startsWith('min') ? 1000 : 1);
  else throw new Error(`cannot change ${JSON.stringify(old)} at ${at.join('.')}`);
  return copy;
}

describe('the lab checker catches every changed value', () => {
  nonEmpty('expected.json files', files);

  it.each(files)('%s: any one value changed is reported', async (file) => {
    const original = parse(file) as unknown as Json;
    // The description is prose for people: the checker only asks that it be there.
    const paths = leaves(original).filter((p) => p[0] !== 'description');
    expect(paths.length).toBeGreaterThan(5);
    const missed: string[] = [];
    for (const p of paths) {
      const changed = withLeafChanged(original, p) as unknown as Expected;
      if ((await checkExpectation(file, changed, report, known)).length === 0) missed.push(p.join('.'));
    }
    expect(missed, 'values that can change without the lab test noticing').toEqual([]);
  });

  it('reports a key it does not know, at any depth', async () => {
    const file = '07-relay-server-side.expected.json';
    const e = parse(file);
    const withKey = (extra: object): Expected => ({ ...e, ...extra }) as Expected;
    expect(await checkExpectation(file, withKey({ colour: 'blue' }), report, known)).toEqual(['unknown key colour: the lab test does not check it']);
    const tx = [{ ...e.transactions![0]!, giaddr: '10.70.7.1' }, ...e.transactions!.slice(1)];
    expect(await checkExpectation(file, withKey({ transactions: tx }), report, known)).toEqual(['unknown key transactions[0].giaddr: the lab test does not check it']);
  });

  it('reads the relay as the address it is (07-relay: "relay": "10.70.7.1")', async () => {
    const file = '07-relay-server-side.expected.json';
    const e = parse(file);
    expect(e.transactions![0]!.relay).toBe('10.70.7.1');
    const wrong = { ...e, transactions: [{ ...e.transactions![0]!, relay: '10.70.7.9' }, ...e.transactions!.slice(1)] };
    expect((await checkExpectation(file, wrong, report, known)).join('\n')).toMatch(/^transactions\[0\]: no transaction like/);
  });
});
