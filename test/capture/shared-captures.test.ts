import { readFileSync } from 'node:fs';
import path from 'node:path';
import pcapp from 'pcap-parser';
import { describe, expect, it } from 'vitest';
import type { CaptureInfo } from '../../src/capture/record.js';
import { readAll } from '../helpers/read-all.js';
import {
  captureNamesIn,
  haveSharedCaptures,
  nonEmpty,
  readManifest,
  repoCapturesDir,
  sharedCapturesDir,
  skipNoteWhenNoShared,
} from '../helpers/shared-captures.js';

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

/** Each corpus: the repository's own lab captures (always), and the shared one when it is beside the repository. */
const CORPORA = [
  { name: 'repository captures (fixtures/captures)', dir: repoCapturesDir, present: true },
  { name: 'shared captures', dir: sharedCapturesDir, present: haveSharedCaptures },
];

for (const corpus of CORPORA) {
  describe.skipIf(!corpus.present)(`${corpus.name}: pcap-parser oracle`, () => {
    const files = captureNamesIn(corpus.dir).filter((f) => f.endsWith('.pcap') && isMicrosecondPcap(path.join(corpus.dir, f)));
    nonEmpty('microsecond pcap files to compare', files);
    for (const name of files) {
      it(`${name}: same records as pcap-parser`, async () => {
        const file = path.join(corpus.dir, name);
        const oracle = await readWithPcapParser(file);
        const ours = await readAll(file);
        expect(ours.warnings).toEqual([]);
        expect(oracle.length).toBeGreaterThan(0);
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

  describe.skipIf(!corpus.present)(`${corpus.name}: MANIFEST (capinfos)`, () => {
    const rows = corpus.present ? readManifest(corpus.dir) : [];
    nonEmpty('MANIFEST rows', rows);
    it('lists every capture in the folder', () => {
      expect(rows.map((r) => r.file).sort()).toEqual(captureNamesIn(corpus.dir));
    });
    for (const row of rows) {
      it(`${row.file}: ${row.packets} packets, ${row.firstEpoch} .. ${row.lastEpoch}`, async () => {
        const { info, warnings } = await readAll(path.join(corpus.dir, row.file));
        expect(warnings).toEqual([]);
        expect(info.complete).toBe(true);
        expect(info.packets).toBe(row.packets);
        expect(info.format).toBe(row.format === 'pcapng' ? 'pcapng' : 'pcap');
        if (row.format === 'nsecpcap') expect(info.timestampResolution).toBe('nanoseconds');
        expect(epoch(info.firstTime)).toBe(row.firstEpoch);
        expect(epoch(info.lastTime)).toBe(row.lastEpoch);
        const linkType = LINKTYPE_BY_NAME[row.linktype];
        expect(linkType, `link type ${row.linktype} is one we know`).toBeDefined();
        expect(info.linkTypes).toEqual([linkType]);
      });
    }
  });
}

skipNoteWhenNoShared('pcap-parser oracle and capinfos MANIFEST');
