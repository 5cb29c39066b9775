/**
 * The whole pipeline on damaged real captures: lab captures (real DHCP software) with random bytes changed
 * inside their packets. Whatever the damage, analyze() must not throw, must finish, and must return a report
 * that still matches the published schema. The seed is fixed so CI is repeatable; FUZZ_SEED and FUZZ_RUNS
 * explore further (FUZZ_SEED=$RANDOM FUZZ_RUNS=5000 npx vitest run test/analyze/fuzz.test.ts).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/index.js';
import { renderJson } from '../../src/render/json.js';
import { renderText } from '../../src/render/text.js';
import { run } from '../../src/run.js';
import { validateReport } from '../helpers/schema.js';

/** What the CLI would print for `file` in `format` (no filters), through run() and its spools. */
async function runTo(file: string, format: 'json' | 'text'): Promise<string> {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c));
  await run({ inputs: [file], format, packets: false, hex: false, filter: {}, trustedServers: [], color: false, analyzer: {} }, { stdout, stderr: new PassThrough() });
  return Buffer.concat(chunks).toString('utf8');
}

const dir = path.resolve(import.meta.dirname, '../../fixtures/captures');
const corpus = readdirSync(dir)
  .filter((f) => /\.pcap(ng)?$/.test(f))
  .sort()
  .map((f) => new Uint8Array(readFileSync(path.join(dir, f))));

/** Byte offsets past the 24-byte pcap header: the packets, where a damaged field reaches the decoders. */
const damage = fc.record({
  file: fc.nat({ max: corpus.length - 1 }),
  edits: fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 40 }),
});

describe('analysis of damaged captures', () => {
  it('never throws and always returns a valid report', async () => {
    await fc.assert(
      fc.asyncProperty(damage, async ({ file, edits }) => {
        const bytes = corpus[file]!.slice();
        // Keep the record headers of the first records readable most of the time: hit packet bodies.
        for (const e of edits) bytes[24 + 16 + (e.at % Math.max(1, bytes.length - 40))] = e.value;
        const report = await analyze(bytes);
        expect(validateReport(report)).toEqual([]);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 150), ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : { seed: 20261123 }) },
    );
  }, 60_000);

  it('streams the same JSON and text it builds in memory, whatever the damage', async () => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'dorascope-fuzz-'));
    try {
      await fc.assert(
        fc.asyncProperty(damage, async ({ file, edits }) => {
          const bytes = corpus[file]!.slice();
          for (const e of edits) bytes[24 + 16 + (e.at % Math.max(1, bytes.length - 40))] = e.value;
          // run() reads files, as the CLI does: the spooled path is the one under test.
          const capture = path.join(scratch, 'damaged.pcap');
          writeFileSync(capture, bytes);
          const inMemory = await analyze(capture);
          expect(await runTo(capture, 'json')).toBe(renderJson(inMemory));
          expect(await runTo(capture, 'text')).toBe(renderText(inMemory));
        }),
        { numRuns: Number(process.env.FUZZ_RUNS ?? 40), ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : { seed: 20261123 }) },
      );
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 60_000);

  it('survives every single-byte change across the DHCP header and options of a real DORA', async () => {
    const bytes = corpus[0]!;
    // Frame 1 of the first capture: a DISCOVER; its UDP payload starts 24 + 16 + 14 + 20 + 8 bytes in.
    const start = 24 + 16 + 42;
    for (let i = start; i < Math.min(bytes.length, start + 320); i++) {
      for (const v of [0x00, 0xff, 0x35, 0x01]) {
        const copy = bytes.slice();
        copy[i] = v;
        const report = await analyze(copy);
        expect(report.stats.packets).toBeGreaterThan(0);
      }
    }
  }, 60_000);
});
