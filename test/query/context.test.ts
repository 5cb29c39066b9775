/** The report look-ups the filters and the TUI share: an exchange by frame number. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lookup, prepareLookup, transactionsByFrame, type KeyLookup } from '../../src/query/context.js';
import type { Client } from '../../src/report/types.js';
import type { Report } from '../../src/report/types.js';
import type { Transaction } from '../../src/report/types.js';
import { AnalysisSession } from '../../src/session.js';
import { nonEmpty, repoCaptureFiles } from '../helpers/shared-captures.js';

/** Just what the look-up reads. */
const tx = (id: string, steps: readonly number[], arpFrames: readonly number[] = []) => ({ id, steps: steps.map((frame) => ({ frame })), arpFrames }) as unknown as Transaction;
const idAt = (list: readonly Transaction[], frame: number) => transactionsByFrame(list).get(frame)?.id;

describe('transactionsByFrame', () => {
  it('gives a step frame to the last exchange listing it, an ARP frame to the first unless a step claims it', () => {
    const list = [tx('a', [1, 2], [3, 4]), tx('b', [2, 5], [3, 6]), tx('c', [4], [6, 7])];
    expect([1, 2, 3, 4, 5, 6, 7].map((f) => idAt(list, f))).toEqual(['a', 'b', 'a', 'c', 'b', 'b', 'c']);
  });

  it('finds nothing for frames of no exchange, past the last, negative or not whole', () => {
    const list = [tx('a', [2, 4])];
    expect([0, 1, 3, 5, 1e9, -2, 2.5, Number.NaN].map((f) => idAt(list, f))).toEqual(new Array(8).fill(undefined));
  });

  it('finds exchanges whose frame numbers are far apart (a filtered report of a huge capture)', () => {
    const list = [tx('a', [3]), tx('b', [4_000_000_000], [4_000_000_001]), tx('c', [2 ** 40])];
    expect([3, 4_000_000_000, 4_000_000_001, 2 ** 40, 4].map((f) => idAt(list, f))).toEqual(['a', 'b', 'b', 'c', undefined]);
  });

  it.each(nonEmpty('repository captures', repoCaptureFiles()).map((f) => [path.basename(f), f]))('finds the exchange of every frame of %s', async (_name, file) => {
    const session = new AnalysisSession({});
    await session.read([file]);
    const list = session.report().transactions;
    const want = new Map<number, string>();
    for (const t of list) {
      for (const s of t.steps) want.set(s.frame, t.id);
      for (const f of t.arpFrames) if (!want.has(f)) want.set(f, t.id);
    }
    const index = transactionsByFrame(list);
    const last = Math.max(0, ...want.keys());
    for (let f = 0; f <= last + 1; f++) expect(index.get(f)?.id).toBe(want.get(f));
  });
});

describe('prepareLookup', () => {
  // 5 000 exchanges of two steps and an ARP frame each: frames 1–15000.
  const transactions = Array.from({ length: 5000 }, (_, i) => tx(`T${i + 1}`, [3 * i + 1, 3 * i + 2], [3 * i + 3]));
  const report = () => ({ transactions, clients: [], servers: [], findings: [] }) as unknown as Report;

  it.each(['transactionByFrame', 'transactionById'] as const)('builds %s a slice at a time when time is up, then whole', (key) => {
    const r = report();
    let calls = 1;
    // A deadline already past: one slice per call.
    while (!prepareLookup(r, key, 0)) calls++;
    expect(calls).toBeGreaterThan(1);
    const built = lookup(r, key);
    expect(prepareLookup(r, key, 0)).toBe(true);
    expect(lookup(r, key)).toBe(built);
    if (key === 'transactionById') expect(transactions.every((t) => (built as KeyLookup<Transaction>).get(t.id) === t)).toBe(true);
    else expect([1, 2, 3, 14999, 15000, 15001].map((f) => (built as ReturnType<typeof transactionsByFrame>).get(f)?.id)).toEqual(['T1', 'T1', 'T1', 'T5000', 'T5000', undefined]);
  });

  it('gives the whole look-up to a caller that needs it before the slices are done', () => {
    const r = report();
    expect(prepareLookup(r, 'transactionByFrame', 0)).toBe(false);
    expect(lookup(r, 'transactionByFrame').get(14998)?.id).toBe('T5000');
    expect(prepareLookup(r, 'transactionByFrame', 0)).toBe(true);
  });
});

describe('look-ups by exchange id and by MAC', () => {
  const report = (transactions: readonly Transaction[], clients: readonly Client[] = []) => ({ transactions, clients, servers: [], findings: [] }) as unknown as Report;
  const client = (mac: string) => ({ mac }) as unknown as Client;

  it('finds an exchange by the first frame its id names, and nothing for ids no exchange has', () => {
    const list = [tx('T1', [1]), tx('T4', [4]), tx('T9', [9]), tx('T120', [120])];
    const byId = lookup(report(list), 'transactionById');
    expect(['T1', 'T4', 'T9', 'T120'].map((id) => byId.get(id))).toEqual(list);
    expect(['T0', 'T5', 'T121', 'T09', 'T', 't4', 'T4 ', '4', ''].map((id) => byId.get(id))).toEqual(new Array(9).fill(undefined));
  });

  it('finds exchanges of a hand-made report whose ids name no frame or are out of order, as a Map would', () => {
    const named = [tx('t-1', [1]), tx('t-2', [2])];
    expect(lookup(report(named), 'transactionById').get('t-2')).toBe(named[1]);
    const unordered = [tx('T5', [5]), tx('T2', [2]), tx('T7', [7])];
    const byId = lookup(report(unordered), 'transactionById');
    expect(['T5', 'T2', 'T7', 'T3'].map((id) => byId.get(id))).toEqual([...unordered, undefined]);
    const single = [tx('only', [1])];
    expect(lookup(report(single), 'transactionById').get('only')).toBe(single[0]);
  });

  it('finds a client by MAC in the report order (by MAC), and in any other order', () => {
    const sorted = ['00:0c:29:00:00:01', '02:00:00:00:00:0a', '52:54:00:00:00:01', 'aa:bb:cc:dd:ee:ff'].map(client);
    const byMac = lookup(report([], sorted), 'clientByMac');
    expect(sorted.map((c) => byMac.get(c.mac))).toEqual(sorted);
    expect(byMac.get('02:00:00:00:00:0b')).toBeUndefined();
    const unordered = [sorted[2]!, sorted[0]!, sorted[3]!];
    const other = lookup(report([], unordered), 'clientByMac');
    expect(unordered.map((c) => other.get(c.mac))).toEqual(unordered);
    expect(other.get(sorted[1]!.mac)).toBeUndefined();
  });

  it.each(nonEmpty('repository captures', repoCaptureFiles()).map((f) => [path.basename(f), f]))('answers as a Map of the report would on %s', async (_name, file) => {
    const session = new AnalysisSession({ live: true });
    await session.read([file]);
    const r = session.report();
    const byId = lookup(r, 'transactionById');
    const byMac = lookup(r, 'clientByMac');
    // A report's own order: searched, not copied into a Map.
    if (r.transactions.length > 1) expect(byId).not.toBeInstanceOf(Map);
    if (r.clients.length > 1) expect(byMac).not.toBeInstanceOf(Map);
    for (const t of r.transactions) expect(byId.get(t.id)).toBe(t);
    for (const c of r.clients) expect(byMac.get(c.mac)).toBe(c);
    const ids = new Set(r.transactions.map((t) => t.id));
    const missing = [...r.leases.flatMap((l) => l.transactions), ...r.findings.flatMap((f) => f.transactions ?? [])].filter((id) => !ids.has(id));
    for (const id of missing) expect(byId.get(id)).toBeUndefined();
    const macs = new Set(r.clients.map((c) => c.mac));
    for (const mac of r.arp.flatMap((b) => b.claims.map((c) => c.mac)).filter((m) => !macs.has(m))) expect(byMac.get(mac)).toBeUndefined();
  });
});
