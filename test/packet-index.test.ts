/** The packet index finds a plain file's frames again: the records it decodes are the ones a full run keeps. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnalysisSession } from '../src/session.js';
import { nonEmpty, projectRoot, repoCaptureFiles } from './helpers/shared-captures.js';

const fixtures = path.join(projectRoot, 'fixtures/captures');

async function kept(file: string) {
  const s = new AnalysisSession({ packets: true, hex: true });
  await s.read([file]);
  return s.report().packets ?? [];
}

describe('PacketIndex', () => {
  it.each(nonEmpty('repository captures', repoCaptureFiles()).filter((f) => !f.endsWith('.gz')).map((f) => [path.basename(f), f]))('reads every DHCP/ARP frame of %s again, identical', async (_name, file) => {
    const indexed = new AnalysisSession({ packets: true, hex: true, indexPackets: true });
    await indexed.read([file]);
    const index = indexed.packetIndex!;
    // Nothing is kept twice: the index stands in for the records.
    expect(indexed.report().packets).toEqual([]);
    const want = await kept(file);
    expect(index.size).toBe(want.length);
    for (const p of want) expect(index.packet(p.frame)).toEqual(p);
    expect(index.packet(0)).toBeUndefined();
    index.close();
  });

  it('keeps records for what cannot be read again (gzip), and indexes the plain files of the same run', async () => {
    const gz = path.join(fixtures, '10-formats.pcapng.gz');
    const plain = path.join(fixtures, '01-dora-renew-release.pcap');
    const s = new AnalysisSession({ packets: true, hex: true, indexPackets: true });
    await s.read([plain, gz]);
    const report = s.report();
    const index = s.packetIndex!;
    expect(report.packets!.length).toBeGreaterThan(0);
    expect(report.packets!.every((p) => p.capture === 1)).toBe(true);
    expect(index.size).toBeGreaterThan(0);
    expect(index.covers(0)).toBe(true);
    expect(index.covers(1)).toBe(false);
    const firstGz = report.packets![0]!.frame;
    expect(index.packet(firstGz)).toBeUndefined();
    index.close();
  });
});
