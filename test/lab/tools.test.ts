/**
 * The lab's own tools make the oracles the tests read: fixtures/lab/tools/tshark-oracle.sh writes each
 * CAPTURE.tshark.tsv, fixtures/lab/tools/manifest.sh writes MANIFEST.tsv. Run again on the committed captures
 * they must write the committed files byte for byte (so the files are what the tools say, and the tools still
 * work). They need Wireshark's tshark and capinfos; without them these tests are skipped, saying so.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureNamesIn, nonEmpty, projectRoot, repoCapturesDir } from '../helpers/shared-captures.js';

const tools = path.join(projectRoot, 'fixtures/lab/tools');
const has = (tool: string): boolean => spawnSync(tool, ['--version'], { encoding: 'utf8' }).status === 0;
const haveWireshark = has('tshark') && has('capinfos');
const captures = captureNamesIn(repoCapturesDir);
/**
 * tshark takes a second or more to start: the oracle is run on one capture of each format and link type (all of
 * them agree byte for byte too: `bash fixtures/lab/tools/tshark-oracle.sh` on copies, then `cmp`).
 */
const sample = ['01-dora-renew-release.pcap', '09-vlans.pcapng', '10-formats.pcapng.gz', '10-formats-sll2.pcap', '10-formats-nano.pcap'];

describe.skipIf(!haveWireshark)("the lab's tools write the committed oracles", () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'dorascope-lab-tools-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  nonEmpty('repository captures', captures);

  it(`tshark-oracle.sh: CAPTURE.tshark.tsv of ${sample.join(', ')}`, () => {
    expect(sample.every((n) => captures.includes(n))).toBe(true);
    for (const name of sample) copyFileSync(path.join(repoCapturesDir, name), path.join(scratch, name));
    const run = spawnSync('bash', [path.join(tools, 'tshark-oracle.sh'), ...sample.map((n) => path.join(scratch, n))], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    for (const name of sample) {
      const tsv = `${name}.tshark.tsv`;
      expect(readFileSync(path.join(scratch, tsv), 'utf8'), tsv).toBe(readFileSync(path.join(repoCapturesDir, tsv), 'utf8'));
    }
  }, 120_000);

  it('manifest.sh: MANIFEST.tsv', () => {
    for (const name of captures) copyFileSync(path.join(repoCapturesDir, name), path.join(scratch, name));
    const run = spawnSync('bash', [path.join(tools, 'manifest.sh'), scratch], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(path.join(scratch, 'MANIFEST.tsv'), 'utf8')).toBe(readFileSync(path.join(repoCapturesDir, 'MANIFEST.tsv'), 'utf8'));
  }, 120_000);
});

if (!haveWireshark) it.skip("the lab's tools write the committed oracles: skipped, tshark and capinfos are not installed", () => undefined);

/**
 * check-expected.py reads only tshark's TSV (never dorascope's output): every committed expected.json must hold
 * up against its capture's frames, or a lab run that regenerates the fixture stops at that scenario.
 */
const havePython = spawnSync('python3', ['--version'], { encoding: 'utf8' }).status === 0;
const expectations = readdirSync(repoCapturesDir).filter((n) => n.endsWith('.expected.json')).sort();

describe.skipIf(!havePython)('check-expected.py agrees with every committed expected.json', () => {
  nonEmpty('expected.json files', expectations);
  it.each(expectations)('%s', (name) => {
    const run = spawnSync('python3', [path.join(tools, 'check-expected.py'), path.join(repoCapturesDir, name)], { encoding: 'utf8' });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(`== ${name}: OK`);
  });

  it('fails a fixture whose expected.json names an exchange the frames do not hold', () => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'dorascope-check-expected-'));
    try {
      const name = '01-dora-renew-release';
      const exp = JSON.parse(readFileSync(path.join(repoCapturesDir, `${name}.expected.json`), 'utf8')) as { capture: string; transactions: { clientMac: string }[] };
      copyFileSync(path.join(repoCapturesDir, `${exp.capture}.tshark.tsv`), path.join(scratch, `${exp.capture}.tshark.tsv`));
      exp.transactions[0]!.clientMac = '02:de:ad:be:ef:00';
      writeFileSync(path.join(scratch, `${name}.expected.json`), JSON.stringify(exp));
      const run = spawnSync('python3', [path.join(tools, 'check-expected.py'), path.join(scratch, `${name}.expected.json`)], { encoding: 'utf8' });
      expect(run.status).toBe(1);
      expect(run.stdout).toContain('transaction not found');
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

if (!havePython) it.skip('check-expected.py agrees with every committed expected.json: skipped, python3 is not installed', () => undefined);
