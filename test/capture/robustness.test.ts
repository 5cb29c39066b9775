import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_CAPLEN } from '../../src/capture/limits.js';
import { CaptureError, readCapture } from '../../src/capture/reader.js';
import { buildPcap, buildPcapng, filler, gzip } from '../helpers/capture-writer.js';
import { copyRecord, summary, type ReadRecord } from '../helpers/read-all.js';
import { allCaptureFiles, skipNoteWhenNoShared } from '../helpers/shared-captures.js';

skipNoteWhenNoShared('damaged-capture robustness');

/** Reads a capture checking the record invariants a consumer relies on; rejects only with what the reader threw. */
async function readChecked(bytes: Uint8Array, chunkSize: number | undefined): Promise<{ records: ReadRecord[]; complete: boolean }> {
  const records: ReadRecord[] = [];
  const info = await readCapture(
    bytes,
    chunkSize === undefined ? { captureIndex: 0, firstFrame: 1 } : { captureIndex: 0, firstFrame: 1, chunkSize },
    {
      onRecord(r) {
        if (r.caplen > MAX_CAPLEN || r.offset < 0 || r.offset + r.caplen > r.buf.length) throw new Error(`bad record bounds ${r.offset}+${r.caplen}`);
        if (!(r.tsNanos >= 0 && r.tsNanos < 1e9) || !Number.isInteger(r.tsNanos) || !Number.isFinite(r.tsSec)) throw new Error(`bad time ${r.tsSec}.${r.tsNanos}`);
        records.push(copyRecord(r));
      },
      onWarning(w) {
        if (w.message.includes('\n')) throw new Error('multi-line warning');
      },
    },
  );
  return { records, complete: info.complete };
}

const built: [string, Uint8Array][] = [
  ['pcap le', buildPcap({ records: Array.from({ length: 30 }, (_, i) => ({ sec: 1e9 + i, frac: i, data: filler(40 + i * 13, i) })) })],
  ['pcap be ns', buildPcap({ endian: 'be', nanos: true, records: Array.from({ length: 20 }, (_, i) => ({ sec: i, frac: i * 999, data: filler(60 + i, i) })) })],
  [
    'pcapng',
    buildPcapng({
      sections: [
        {
          interfaces: [{ linkType: 1 }, { linkType: 113, tsresol: 9 }, { linkType: 1, tsresol: 0x80 | 20 }],
          blocks: [
            { kind: 'epb', interfaceId: 0, sec: 1, frac: 2, data: filler(60, 1) },
            { kind: 'spb', data: filler(70, 2) },
            { kind: 'raw', type: 4, body: filler(24, 3) },
            { kind: 'epb', interfaceId: 1, sec: 3, frac: 4, data: filler(80, 4) },
            { kind: 'pb', interfaceId: 2, sec: 5, frac: 6, data: filler(90, 5) },
            { kind: 'raw', type: 9, body: filler(16, 6) },
            { kind: 'epb', interfaceId: 2, sec: 7, frac: 8, data: filler(100, 7) },
          ],
        },
        { endian: 'be', interfaces: [{ linkType: 101, tsresol: 3 }], blocks: [{ kind: 'epb', sec: 9, frac: 10, data: filler(50, 8) }] },
      ],
    }),
  ],
];
// The repository's own captures and the shared ones when they are there (plain files: gzip is damaged below).
const files: [string, Uint8Array][] = allCaptureFiles()
  .filter((f) => !f.endsWith('.gz'))
  .map((f) => [path.basename(f), new Uint8Array(readFileSync(f))]);
const corpus = [...built, ...files];

/** What each corpus file reads as when intact, and where each record's bytes end (conservatively). */
const originals = await Promise.all(
  corpus.map(async ([name, bytes]) => {
    const { records } = await readChecked(bytes, undefined);
    const ends = records.map((_, i) => records[i + 1]?.fileOffset ?? bytes.length);
    return { name, bytes, records, ends };
  }),
);

type Mutation =
  | { kind: 'flip'; at: number; mask: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'overwrite'; at: number; value: number };

/** A position as a fraction of the file, uniform (fc.double clusters near 0). */
const ratio = fc.integer({ min: 0, max: 999_999 }).map((n) => n / 1_000_000);
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: ratio, mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: ratio }),
  // Overwrites a record's length field (pcap caplen, pcapng block length or EPB caplen) with a hostile value.
  fc.record({
    kind: fc.constant('overwrite' as const),
    at: ratio,
    value: fc.oneof(fc.constantFrom(0, 1, 11, 12, 13, 0xffff_ffff, 0x8000_0000, MAX_CAPLEN + 1, 16 * 1024 * 1024 + 4), fc.nat()),
  }),
);

/** Applies mutations; returns the bytes and the lowest offset they touched. */
function mutate(o: (typeof originals)[number], muts: readonly Mutation[]): { bytes: Uint8Array; damagedAt: number } {
  let bytes = o.bytes.slice();
  let damagedAt = bytes.length;
  for (const m of muts) {
    if (m.kind === 'flip') {
      const at = Math.floor(m.at * bytes.length);
      bytes[at] = bytes[at]! ^ m.mask;
      damagedAt = Math.min(damagedAt, at);
    } else if (m.kind === 'truncate') {
      const at = Math.floor(m.at * bytes.length);
      bytes = bytes.slice(0, at);
      damagedAt = Math.min(damagedAt, at);
    } else if (o.records.length > 0) {
      const rec = o.records[Math.floor(m.at * o.records.length)]!;
      const field = rec.fileOffset + (rec.fileOffset + 20 < bytes.length && m.value % 2 === 0 ? 4 : 8);
      if (field + 4 > bytes.length) continue;
      new DataView(bytes.buffer).setUint32(field, m.value >>> 0, m.value % 3 === 0);
      damagedAt = Math.min(damagedAt, field);
    }
  }
  return { bytes, damagedAt };
}

describe('damaged captures (property)', () => {
  it('never throw anything but CaptureError, finish quickly, and keep every frame before the damage', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: originals.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        fc.constantFrom(undefined, 1, 13, 512),
        async (which, muts, chunkSize) => {
          const o = originals[which]!;
          const { bytes, damagedAt } = mutate(o, muts);
          const intact = o.records.filter((_, i) => o.ends[i]! <= damagedAt);
          const started = performance.now();
          let result: Awaited<ReturnType<typeof readChecked>> | undefined;
          try {
            result = await readChecked(bytes, chunkSize);
          } catch (e) {
            if (!(e instanceof CaptureError)) throw e;
            // Unreadable is only acceptable when the damage is before the first record.
            expect(intact).toEqual([]);
          }
          expect(performance.now() - started).toBeLessThan(2_000);
          if (result !== undefined) {
            expect(result.records.slice(0, intact.length).map(summary)).toEqual(intact.map(summary));
          }
        },
      ),
      { numRuns: 400 },
    );
  }, 60_000);

  it('gzip input damaged anywhere: CaptureError or a partial read, never anything else', async () => {
    const packed = originals.map((o) => gzip(o.bytes));
    const outcomes = { unreadable: 0, partial: 0, complete: 0 };
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: packed.length - 1 }), mutation, async (which, m) => {
        const o = originals[which]!;
        const bytes = packed[which]!.slice();
        const at = Math.floor(m.at * bytes.length);
        const damaged = m.kind === 'truncate' ? bytes.slice(0, at) : (bytes.fill(m.kind === 'flip' ? m.mask : m.value & 0xff, at, at + 1), bytes);
        let result: Awaited<ReturnType<typeof readChecked>>;
        try {
          result = await readChecked(damaged, undefined);
        } catch (e) {
          if (!(e instanceof CaptureError)) throw e;
          outcomes.unreadable++;
          return;
        }
        const read = result.records.map(summary);
        const want = o.records.map(summary);
        if (result.complete) {
          // gzip's CRC-32 and length guard the whole stream: a read that says it is complete read it all, unchanged.
          outcomes.complete++;
          expect(read).toEqual(want);
        } else {
          outcomes.partial++;
          // Cut short, the stream before the cut is intact: what was read is the start of the capture. (A changed
          // byte inside the deflate data may change what comes out before the CRC says so at the end: then the
          // read only has to stop, incomplete.)
          if (m.kind === 'truncate') expect(read).toEqual(want.slice(0, read.length));
        }
      }),
      { numRuns: 200, seed: 20261204 },
    );
    // The damage reached both ways of failing (the property above is not vacuous).
    expect(outcomes.unreadable).toBeGreaterThan(0);
    expect(outcomes.partial).toBeGreaterThan(0);
  }, 60_000);
});
