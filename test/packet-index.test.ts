/** The packet index finds a plain file's frames again: the records it decodes are the ones a full run keeps. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BLOCK } from '../src/packet-index.js';
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

  it('finds frames in every block of a long index, each with its own capture’s numbers', async () => {
    // One small file read as many captures: more frames than a block holds, and a capture (and so a frame
    // numbering) for each copy.
    const file = path.join(fixtures, '01-dora-renew-release.pcap');
    const once = await kept(file);
    const copies = Math.ceil((BLOCK + 10) / once.length);
    const files = Array.from({ length: copies }, () => file);
    const indexed = new AnalysisSession({ packets: true, hex: true, indexPackets: true });
    await indexed.read(files);
    const index = indexed.packetIndex!;
    expect(index.size).toBe(copies * once.length);
    const full = new AnalysisSession({ packets: true, hex: true });
    await full.read(files);
    const want = full.report().packets!;
    for (const i of [0, 1, BLOCK - 1, BLOCK, BLOCK + 1, want.length - 1]) {
      expect(index.frameAt(i)).toBe(want[i]!.frame);
      expect(index.packet(want[i]!.frame)).toEqual(want[i]);
    }
    expect(want[BLOCK]!.capture).toBeGreaterThan(0);
    expect(index.packet(want[want.length - 1]!.frame + 1)).toBeUndefined();
    index.close();
  });
});

