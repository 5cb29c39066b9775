/**
 * A live session (the TUI's) keeps a closed exchange's steps and ARP frames as compact records:
 * every field reads the same as the plain objects a batch report holds.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { liveAndBatch } from './helpers/live-and-batch.js';
import { allCaptureFiles, nonEmpty } from './helpers/shared-captures.js';

/** Every field `want` has (undefined ones too: the plain objects list them all), read from `got`. */
function readAs<T extends object>(got: object, want: T): { missing: string[]; read: Record<string, unknown> } {
  const keys = Object.keys(want);
  return { missing: keys.filter((k) => !(k in got)), read: Object.fromEntries(keys.map((k) => [k, (got as Record<string, unknown>)[k]])) };
}

describe("a live session's steps", () => {
  it.each(nonEmpty('captures', allCaptureFiles()).map((f) => [path.basename(f), f]))("read as the batch report's steps and ARP frames on %s", async (_name, file) => {
    const { live, batch } = await liveAndBatch(file);
    expect(live.map((t) => t.id)).toEqual(batch.map((t) => t.id));
    live.forEach((t, i) => {
      const want = batch[i]!;
      // The rest of the exchange reads as in the batch report (test/exchange-records.test.ts).
      expect(t.steps.length).toBe(want.steps.length);
      expect(t.arp.length).toBe(want.arp.length);
      // JSON sees the same (JSON.stringify reads no getters: the records say what they hold).
      expect(JSON.stringify(t)).toBe(JSON.stringify(want));
      t.steps.forEach((s, j) => {
        const { missing, read } = readAs(s, want.steps[j]!);
        expect(missing).toEqual([]);
        expect(read).toEqual(want.steps[j]);
      });
      t.arp.forEach((a, j) => {
        const { missing, read } = readAs(a, want.arp[j]!);
        expect(missing).toEqual([]);
        expect(read).toEqual(want.arp[j]);
      });
    });
  });
});
