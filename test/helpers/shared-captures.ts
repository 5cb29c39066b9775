/**
 * The shared conformance corpus (../shared/captures relative to the project root): real captures from the Zeek,
 * tcpdump and Suricata test suites with a capinfos MANIFEST. Tests skip, with a note, when it is absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const sharedCapturesDir = path.resolve(projectRoot, '../shared/captures');
export const haveSharedCaptures = existsSync(sharedCapturesDir);

export function noteMissingSharedCaptures(suite: string): void {
  if (!haveSharedCaptures) console.warn(`[${suite}] skipped: ${sharedCapturesDir} not found (shared conformance captures)`);
}

/** Capture files (pcap, pcapng, and their .gz forms) in the corpus, sorted by name. */
export function sharedCaptureFiles(): string[] {
  if (!haveSharedCaptures) return [];
  return readdirSync(sharedCapturesDir)
    .filter((f) => /\.(pcap|pcapng)(\.gz)?$/.test(f))
    .sort();
}

export interface ManifestRow {
  file: string;
  format: string;
  linktype: string;
  packets: number;
  precision: string;
  firstEpoch: string;
  lastEpoch: string;
}

/** MANIFEST.tsv: what capinfos says about each capture. */
export function readManifest(): ManifestRow[] {
  const text = readFileSync(path.join(sharedCapturesDir, 'MANIFEST.tsv'), 'utf8');
  const [header, ...lines] = text.trim().split('\n');
  const cols = header!.split('\t');
  const at = (name: string): number => {
    const i = cols.indexOf(name);
    if (i < 0) throw new Error(`MANIFEST.tsv has no column ${name}`);
    return i;
  };
  return lines.map((line) => {
    const f = line.split('\t');
    return {
      file: f[at('file')] ?? '',
      format: f[at('format')] ?? '',
      linktype: f[at('linktype')] ?? '',
      packets: Number(f[at('packets')]),
      precision: f[at('precision')] ?? '',
      firstEpoch: f[at('first_epoch')] ?? '',
      lastEpoch: f[at('last_epoch')] ?? '',
    };
  });
}
