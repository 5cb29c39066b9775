/**
 * The capture corpora the tests read:
 * - the repository's own (fixtures/captures, made by our lab, and fixtures/demo.pcapng), always there;
 * - the shared conformance corpus (../shared/captures relative to the project root): real captures from the
 *   Zeek, tcpdump and Suricata test suites, absent on a plain clone. Tests over it register one visibly skipped
 *   test that says why (`skipNoteWhenNoShared`), never silently nothing.
 * Both folders hold a capinfos MANIFEST.tsv and, beside each capture, a tshark dissection (NAME.tshark.tsv).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const sharedCapturesDir = path.resolve(projectRoot, '../shared/captures');
export const haveSharedCaptures = existsSync(sharedCapturesDir);
export const repoCapturesDir = path.join(projectRoot, 'fixtures/captures');
export const demoCapture = path.join(projectRoot, 'fixtures/demo.pcapng');

const CAPTURE_NAME = /\.(pcap|pcapng)(\.gz)?$/;

/**
 * When ../shared/captures is absent, registers one skipped test whose name says what is skipped and why, so
 * the run's summary shows it. Call it inside the describe (or file) whose shared part goes missing.
 */
export function skipNoteWhenNoShared(what: string): void {
  if (!haveSharedCaptures) {
    it.skip(`${what} on ../shared/captures: skipped, that folder is absent (public captures kept beside the repository, not in it)`, () => undefined);
  }
}

/** Kept for the console note some suites print as well. */
export function noteMissingSharedCaptures(suite: string): void {
  if (!haveSharedCaptures) console.warn(`[${suite}] shared part skipped: ../shared/captures not found (shared conformance captures)`);
}

/**
 * Registers a test that fails when a data-driven list came out empty, and returns the list: a suite built from
 * a folder listing must never quietly turn into zero tests.
 */
export function nonEmpty<T>(what: string, list: readonly T[]): readonly T[] {
  it(`builds its tests from a list that is not empty: ${what}`, () => expect(list.length, `${what}: the list is empty`).toBeGreaterThan(0));
  return list;
}

/** Capture file names (pcap, pcapng, and their .gz forms) in a folder, sorted; [] when it is absent. */
export function captureNamesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => CAPTURE_NAME.test(f))
    .sort();
}

/** Capture file names in the shared corpus, sorted ([] when it is absent). */
export function sharedCaptureFiles(): string[] {
  return captureNamesIn(sharedCapturesDir);
}

/** Full paths of the repository's own captures: every lab capture, then the demo. */
export function repoCaptureFiles(): string[] {
  return [...captureNamesIn(repoCapturesDir).map((f) => path.join(repoCapturesDir, f)), demoCapture];
}

/** Full paths of the shared captures ([] when absent), then the repository's own. */
export function allCaptureFiles(): string[] {
  return [...sharedCaptureFiles().map((f) => path.join(sharedCapturesDir, f)), ...repoCaptureFiles()];
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

/** MANIFEST.tsv of a corpus folder: what capinfos says about each capture. */
export function readManifest(dir: string = sharedCapturesDir): ManifestRow[] {
  const text = readFileSync(path.join(dir, 'MANIFEST.tsv'), 'utf8');
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
