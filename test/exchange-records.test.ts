/**
 * A live session (the TUI's) keeps each closed exchange as a compact record: every field reads the same as the
 * plain object a batch report holds, fields absent there are absent here, and JSON sees the same.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Transaction } from '../src/report/types.js';
import { liveAndBatch } from './helpers/live-and-batch.js';
import { allCaptureFiles, nonEmpty } from './helpers/shared-captures.js';

describe("a live session's exchanges", () => {
  it.each(nonEmpty('captures', allCaptureFiles()).map((f) => [path.basename(f), f]))("read as the batch report's exchanges on %s", async (_name, file) => {
    const { live, batch } = await liveAndBatch(file);
    expect(live.map((t) => t.id)).toEqual(batch.map((t) => t.id));
    live.forEach((t, i) => {
      const want = batch[i]!;
      for (const key of Object.keys(want) as (keyof Transaction)[]) {
        expect(key in t, key).toBe(true);
        // Steps and ARP frames are records of their own (test/step-records.test.ts).
        if (key !== 'steps' && key !== 'arp') expect(t[key], key).toEqual(want[key]);
      }
      expect('addressChecks' in t).toBe('addressChecks' in want);
      expect(JSON.stringify(t)).toBe(JSON.stringify(want));
    });
  });
});
