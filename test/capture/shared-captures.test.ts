import { readFileSync } from 'node:fs';
import path from 'node:path';
import pcapp from 'pcap-parser';
import { describe, expect, it } from 'vitest';
import type { CaptureInfo } from '../../src/capture/record.js';
import { readAll } from '../helpers/read-all.js';
import {
  haveSharedCaptures,
  noteMissingSharedCaptures,
  readManifest,
  sharedCaptureFiles,
  sharedCapturesDir,
} from '../helpers/shared-captures.js';

noteMissingSharedCaptures('capture/shared-captures');

/** capinfos link type names used in MANIFEST.tsv. */
const LINKTYPE_BY_NAME: Record<string, number> = { ether: 1, rawip: 101, 'linux-sll': 113, 'linux-sll2': 276 };

interface OracleRecord {
  tsSec: number;
  tsMicros: number;
  caplen: number;
  origlen: number;
  data: string;
}

/** Every record as pcap-parser (the reference for classic microsecond pcap) sees it. */
function readWithPcapParser(file: string): Promise<OracleRecord[]> {
  return new Promise((resolve, reject) => {
    const out: OracleRecord[] = [];
    const parser = pcapp.parse(file);
    parser.on('packet', (p) => {
      out.push({
        tsSec: p.header.timestampSeconds,
        tsMicros: p.header.timestampMicroseconds,
        caplen: p.header.capturedLength,
        origlen: p.header.originalLength,
        data: p.data.toString('base64'),
      });
    });
    parser.on('error', reject);
    parser.on('end', () => resolve(out));
  });
}

function isMicrosecondPcap(file: string): boolean {
  const magic = readFileSync(file).subarray(0, 4).toString('hex');
  return magic === 'd4c3b2a1' || magic === 'a1b2c3d4';
}

/** "sec.frac" with the capture's own number of digits, as capinfos prints it. */
function epoch(t: CaptureInfo['firstTime']): string {
  if (t === undefined) return 'n/a';
  return t.digits === 0 ? `${t.sec}` : `${t.sec}.${String(t.nanos).padStart(9, '0').slice(0, t.digits)}`;
}

describe.skipIf(!haveSharedCaptures)('shared captures: pcap-parser oracle', () => {
  const files = sharedCaptureFiles().filter((f) => f.endsWith('.pcap') && isMicrosecondPcap(path.join(sharedCapturesDir, f)));
  it('has microsecond pcap files to compare', () => expect(files.length).toBeGreaterThan(0));
  for (const name of files) {
    it(`${name}: same records as pcap-parser`, async () => {
      const file = path.join(sharedCapturesDir, name);
      const oracle = await readWithPcapParser(file);
      const ours = await readAll(file);
      expect(ours.warnings).toEqual([]);
      expect(
        ours.records.map((r) => ({
          tsSec: r.tsSec,
          tsMicros: r.tsNanos / 1000,
          caplen: r.caplen,
          origlen: r.origlen,
          data: Buffer.from(r.data).toString('base64'),
        })),
      ).toEqual(oracle);
    });
  }
});

describe.skipIf(!haveSharedCaptures)('shared captures: MANIFEST (capinfos)', () => {
  const rows = haveSharedCaptures ? readManifest() : [];
  it('lists every capture in the folder', () => {
    expect(rows.map((r) => r.file).sort()).toEqual(sharedCaptureFiles());
  });
  for (const row of rows) {
    it(`${row.file}: ${row.packets} packets, ${row.firstEpoch} .. ${row.lastEpoch}`, async () => {
      const { info, warnings } = await readAll(path.join(sharedCapturesDir, row.file));
      expect(warnings).toEqual([]);
      expect(info.complete).toBe(true);
      expect(info.packets).toBe(row.packets);
      expect(info.format).toBe(row.format === 'pcapng' ? 'pcapng' : 'pcap');
      if (row.format === 'nsecpcap') expect(info.timestampResolution).toBe('nanoseconds');
      expect(epoch(info.firstTime)).toBe(row.firstEpoch);
      expect(epoch(info.lastTime)).toBe(row.lastEpoch);
      const linkType = LINKTYPE_BY_NAME[row.linktype];
      if (linkType !== undefined) expect(info.linkTypes).toEqual([linkType]);
    });
  }
});
