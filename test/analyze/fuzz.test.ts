/**
 * The whole pipeline on damaged real captures: lab captures (real DHCP software) with random bytes changed
 * inside their packets. Whatever the damage, analyze() must not throw, must finish, and must return a report
 * that still matches the published schema, counts every frame once (dhcp + arp + malformed + other = all it
 * read), stays in proportion to its input, and keeps every frame that lies before the damage as it was. The seed is fixed so CI is repeatable; FUZZ_SEED and FUZZ_RUNS
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
import { readAll } from '../helpers/read-all.js';
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

/** Each capture intact: its report with packets, and where each record's bytes end in the file. */
const intact = await Promise.all(
  corpus.map(async (bytes) => {
    const { records } = await readAll(bytes);
    return {
      packets: (await analyze(bytes, { packets: true })).packets ?? [],
      ends: new Map(records.map((r, i) => [r.frame, records[i + 1]?.fileOffset ?? bytes.length])),
    };
  }),
);

/** Byte offsets past the 24-byte pcap header: the packets, where a damaged field reaches the decoders. */
const damage = fc.record({
  file: fc.nat({ max: corpus.length - 1 }),
  edits: fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 40 }),
});

/** The capture with the edits applied, and the first offset they touched. */
function damaged({ file, edits }: { file: number; edits: readonly { at: number; value: number }[] }): { bytes: Uint8Array; damagedAt: number } {
  const bytes = corpus[file]!.slice();
  let damagedAt = bytes.length;
  // Keep the record headers of the first records readable most of the time: hit packet bodies.
  for (const e of edits) {
    const at = 24 + 16 + (e.at % Math.max(1, bytes.length - 40));
    if (bytes[at] !== e.value) damagedAt = Math.min(damagedAt, at);
    bytes[at] = e.value;
  }
  return { bytes, damagedAt };
}

/** A report's JSON (without packets) grows with the capture, never faster: bytes per input byte, plus room for the fixed parts. */
const OUTPUT_PER_INPUT_BYTE = 12;
const OUTPUT_FIXED = 16 * 1024;

describe('analysis of damaged captures', () => {
  it('counts every frame once, validates, stays in proportion, and keeps the frames before the damage', async () => {
    let keptBefore = 0;
    await fc.assert(
      fc.asyncProperty(damage, async (d) => {
        const { bytes, damagedAt } = damaged(d);
        // No exception may escape: a throw here fails the property.
        const report = await analyze(bytes, { packets: true });
        expect(validateReport(report)).toEqual([]);
        const { packets, dhcp, arp, malformed, other } = report.stats;
        expect(dhcp + arp + malformed + other, 'every frame counted once').toBe(packets);
        expect(report.captures.reduce((n, c) => n + c.packets, 0)).toBe(packets);
        expect(report.packets?.length, 'a packet record per DHCP/ARP/malformed frame').toBe(dhcp + arp + malformed);
        const { packets: _records, ...withoutPackets } = report;
        const json = renderJson(withoutPackets);
        expect(json.length).toBeLessThanOrEqual(OUTPUT_PER_INPUT_BYTE * bytes.length + OUTPUT_FIXED);
        // Frames whose bytes all lie before the first damaged byte read exactly as in the intact capture.
        const { packets: before, ends } = intact[d.file]!;
        const untouched = before.filter((p) => ends.get(p.frame)! <= damagedAt);
        keptBefore += untouched.length;
        expect(report.packets!.slice(0, untouched.length)).toEqual(untouched);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 150), ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : { seed: 20261123 }) },
    );
    expect(keptBefore, 'some runs had frames before the damage to compare').toBeGreaterThan(0);
  }, 60_000);

  it('streams the same JSON and text it builds in memory, whatever the damage', async () => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'dorascope-fuzz-'));
    try {
      await fc.assert(
        fc.asyncProperty(damage, async ({ file, edits }) => {
          const { bytes } = damaged({ file, edits });
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

  it('survives every single-byte change across the DHCP header and options of a real DORA, and only that frame changes', async () => {
    const bytes = corpus[0]!;
    const { packets: want } = intact[0]!;
    // Frame 1 of the first capture: a DISCOVER; its UDP payload starts 24 + 16 + 14 + 20 + 8 bytes in, and it
    // ends where frame 2's record header begins.
    const start = 24 + 16 + 42;
    const end = intact[0]!.ends.get(1)!;
    expect(end - start).toBeGreaterThan(240);
    for (let i = start; i < end; i++) {
      for (const v of [0x00, 0xff, 0x35, 0x01]) {
        const copy = bytes.slice();
        copy[i] = v;
        const report = await analyze(copy, { packets: true });
        const { packets, dhcp, arp, malformed, other } = report.stats;
        expect(packets).toBe(intact[0]!.ends.size);
        expect(dhcp + arp + malformed + other).toBe(packets);
        // The damage stays in frame 1: every other frame decodes as before.
        expect(report.packets!.filter((p) => p.frame !== 1)).toEqual(want.filter((p) => p.frame !== 1));
      }
    }
  }, 60_000);
});
