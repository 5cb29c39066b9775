/**
 * A live session (the TUI's) keeps leases, clients and ARP bindings as records over the analyser's state: every
 * field reads the same as the plain object a batch report holds, fields absent there read as absent here, and
 * JSON sees the same.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLeaseText } from '../src/leasedb/read.js';
import type { Report } from '../src/report/types.js';
import { AnalysisSession, type SessionOptions } from '../src/session.js';
import { allCaptureFiles, nonEmpty, repoCapturesDir } from './helpers/shared-captures.js';

async function report(file: string, opts: SessionOptions): Promise<Report> {
  const session = new AnalysisSession(opts);
  await session.read([file]);
  return session.report();
}

/** Each item of `live` reads as the same item of `batch`, field by field and as JSON. */
function expectSameItems(live: readonly object[], batch: readonly object[]): void {
  expect(live).toHaveLength(batch.length);
  live.forEach((item, i) => {
    const want = batch[i] as Record<string, unknown>;
    const got = item as Record<string, unknown>;
    // A binding's claims are records of their own (compared one by one below).
    for (const key of Object.keys(want)) if (key !== 'claims') expect(got[key], key).toEqual(want[key]);
    // Optional fields the plain object leaves out read as undefined.
    for (const key of ['segment', 'clientId', 'hostname', 'database', 'vendor', 'virtualization']) if (!(key in want)) expect(got[key], key).toBeUndefined();
    expect(JSON.stringify(item)).toBe(JSON.stringify(want));
  });
}

async function expectLiveAsBatch(file: string, opts: SessionOptions = {}): Promise<Report> {
  const live = await report(file, { ...opts, live: true });
  const batch = await report(file, opts);
  expectSameItems(live.leases, batch.leases);
  expectSameItems(live.clients, batch.clients);
  expectSameItems(live.arp, batch.arp);
  live.arp.forEach((b, i) => expectSameItems(b.claims, batch.arp[i]!.claims));
  return batch;
}

describe("a live session's leases, clients and ARP bindings", () => {
  it.each(nonEmpty('captures', allCaptureFiles()).map((f) => [path.basename(f), f]))('read as the batch report holds them on %s', async (_name, file) => {
    await expectLiveAsBatch(file);
  });

  it('read a lease database beside a lease as the batch report does', async () => {
    const file = path.join(repoCapturesDir, '01-dora-renew-release.pcap');
    const lease = (await report(file, {})).leases[0]!;
    const db = parseLeaseText(
      `# dhcpd.leases\nlease ${lease.ip} {\n  starts 0 2020/01/01 00:00:00;\n  ends 0 2020/01/02 00:00:00;\n  binding state active;\n  hardware ethernet ${lease.mac};\n}\n`,
      'dhcpd.leases',
    );
    const batch = await expectLiveAsBatch(file, { leaseDatabases: [db] });
    expect(batch.leases.some((l) => l.database !== undefined)).toBe(true);
  });

  it('are the same records in every report of a session (what they looked up is kept), and still read as the batch report', async () => {
    const file = path.join(repoCapturesDir, '02-three-clients-vm-macs.pcapng');
    const session = new AnalysisSession({ live: true });
    await session.read([file]);
    const first = session.report();
    const last = session.report();
    expect(last).not.toBe(first);
    for (const list of ['leases', 'clients', 'arp'] as const) {
      expect(last[list].length).toBeGreaterThan(0);
      last[list].forEach((item, i) => expect(item).toBe(first[list][i]));
    }
    const batch = await report(file, {});
    expectSameItems(last.leases, batch.leases);
    expectSameItems(last.clients, batch.clients);
  });
});
