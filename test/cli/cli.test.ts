/**
 * The real binary, spawned: flags, exit codes (0 done, 1 --fail-on, 2 usage, 3 unreadable input, 70 a bug), the
 * output formats, stdin, gzip, several files, and what a pipe gets by default.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/types.js';
import { gzip } from '../helpers/capture-writer.js';
import { BIN, buildDist, dorascope, scratchDir } from '../helpers/cli.js';
import { macFor, scenario } from '../helpers/scenario.js';
import { A, B, S1, IP, IP2 } from '../helpers/hosts.js';


const scratch = scratchDir();
afterAll(() => scratch.cleanup());

/** One good DORA: no findings. */
const good = () => scenario().at(0).dora({ mac: A, xid: 0x11, server: S1, yiaddr: IP, lease: 3600 }).build();
/** DISCOVERs nobody answers: a NO_OFFER warning and nothing worse. */
const unanswered = () =>
  scenario()
    .at(0).discover({ mac: B, xid: 0x22 })
    .at(4).discover({ mac: B, xid: 0x22, secs: 4 })
    .at(10).arpRequest({ mac: macFor(S1), ip: S1, target: '192.168.1.9' })
    .build();

let goodPath = '';
let unansweredPath = '';

beforeAll(() => {
  buildDist();
  goodPath = scratch.write('good.pcap', good());
  unansweredPath = scratch.write('unanswered.pcap', unanswered());
}, 180_000);

const json = (out: string) => JSON.parse(out) as Report;
const lines = (s: string) => s.split('\n').filter((l) => l !== '');

describe('flags and usage', () => {
  it('--version prints the version', () => {
    const r = dorascope(['--version']);
    expect([r.code, r.stdout.trim(), r.stderr]).toEqual([0, '0.1.0', '']);
  });

  it('--help prints usage, output formats and exit codes', () => {
    const r = dorascope(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('$ dorascope <capture>... [options]');
    expect(r.stdout).toContain('--json');
    expect(r.stdout).toContain('--fail-on <severity>');
    expect(r.stdout).toContain('Exit codes: 0 done, 1 --fail-on matched, 2 usage error, 3 input unreadable');
  });

  it('exits 2 without an input', () => {
    const r = dorascope([]);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', 'dorascope: no capture file given (use - for stdin)\nRun dorascope --help for usage.\n']);
  });

  it('exits 2 on an unknown flag', () => {
    const r = dorascope(['--bogus', goodPath]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('dorascope: unknown option --bogus\nRun dorascope --help for usage.\n');
  });

  it('names every unknown option, long and short, in one line', () => {
    const r = dorascope(['--bogus', '-z', goodPath, '--jsn']);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', 'dorascope: unknown option --bogus, -z, --jsn\nRun dorascope --help for usage.\n']);
  });

  it('exits 2 on an option without its value, a value given to a switch, or a number that is not positive', () => {
    for (const [args, message] of [
      [['--mac'], '--mac takes a value'],
      [['--mac', '--json'], '--mac takes a value'],
      [['--json=yes'], '--json takes no value'],
      [['--timeout', 'soon'], '--timeout takes a positive number'],
      [['--storm=0'], '--storm takes a positive number'],
      [['--max-transactions', ''], '--max-transactions takes a positive number'],
      [['--server', '10.0.0'], 'not an IPv4 address: 10.0.0'],
    ] as const) {
      const r = dorascope([goodPath, ...args]);
      expect([r.code, r.stdout, r.stderr], args.join(' ')).toEqual([2, '', `dorascope: ${message}\nRun dorascope --help for usage.\n`]);
    }
  });

  it('takes values after a space or an equals sign, repeated options adding up', () => {
    const both = dorascope(['--json', `--mac=${'nope'}`, '--mac', 'none', '--starvation-clients=5', '--timeout', '30', goodPath]);
    expect(both.code).toBe(0);
    expect(JSON.parse(both.stdout).transactions).toEqual([]);
    const all = dorascope(['--json', '--', goodPath]);
    expect(JSON.parse(all.stdout).transactions.length).toBeGreaterThan(0);
  });

  it('exits 2 on --fail-on with an unknown severity', () => {
    const r = dorascope(['--fail-on', 'bogus', goodPath]);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', 'dorascope: --fail-on takes info, warning or error, not "bogus"\nRun dorascope --help for usage.\n']);
  });

  it('exits 2 when two output formats are asked for', () => {
    const r = dorascope(['--json', '--ndjson', goodPath]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('choose one output format');
  });
});

describe('bad input', () => {
  it('exits 3 on a text file with exactly one line on stderr and no stack trace', () => {
    const path = scratch.write('notes.txt', 'hello, this is not a capture\n');
    const r = dorascope(['--json', path]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toEqual([`dorascope: ${path}: not a pcap or pcapng file (first bytes: 68 65 6c 6c)`]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 3 on a missing file with one line on stderr', () => {
    const path = `${scratch.dir}/missing.pcap`;
    const r = dorascope([path]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^dorascope: .*missing\.pcap: cannot open/);
  });

  it('reads a capture cut off mid-record: exit 0, a warning on stderr, complete: false, the frames before the break kept', () => {
    const full = good();
    const cut = full.subarray(0, full.length - 100); // the ACK's record loses its last 100 bytes
    const path = scratch.write('cut.pcap', cut);
    const r = dorascope(['--json', path]);
    expect(r.code).toBe(0);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^dorascope: warning: /);
    const report = json(r.stdout);
    expect(report.captures[0]!.complete).toBe(false);
    expect(report.captures[0]!.packets).toBe(3);
    expect(report.warnings).toHaveLength(1);
    expect(report.transactions.map((t) => [t.kind, t.outcome, t.steps.length])).toEqual([['DORA', 'NO_ACK', 3]]);
  });
});

describe('--fail-on', () => {
  it('exits 1 when a finding of that severity exists', () => {
    const r = dorascope(['--json', '--fail-on', 'warning', unansweredPath]);
    expect(r.code).toBe(1);
    expect(json(r.stdout).findings.map((f) => [f.code, f.severity])).toEqual([['NO_OFFER', 'warning']]);
  });

  it('exits 1 for a lower threshold too (info counts warnings)', () => {
    expect(dorascope(['--json', '--fail-on', 'info', unansweredPath]).code).toBe(1);
  });

  it('exits 0 when every finding is below the threshold', () => {
    expect(dorascope(['--json', '--fail-on', 'error', unansweredPath]).code).toBe(0);
  });

  it('exits 0 on a clean capture', () => {
    expect(dorascope(['--json', '--fail-on', 'info', goodPath]).code).toBe(0);
  });
});

describe('output', () => {
  it('--json writes one valid JSON report', () => {
    const r = dorascope(['--json', goodPath]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const report = json(r.stdout);
    expect(report.schemaVersion).toBe(1);
    expect(report.captures.map((c) => [c.path, c.format, c.compressed, c.complete, c.packets])).toEqual([[goodPath, 'pcap', false, true, 4]]);
    expect(report.transactions.map((t) => [t.kind, t.outcome, t.assignedIp])).toEqual([['DORA', 'ACK', IP]]);
  });

  it('--ndjson writes one JSON object per line, ending with the summary', () => {
    const r = dorascope(['--ndjson', '--packets', unansweredPath]);
    expect(r.code).toBe(0);
    const objs = lines(r.stdout).map((l) => JSON.parse(l) as { type: string; data: Record<string, unknown> });
    expect(objs.map((o) => o.type)).toEqual(['packet', 'packet', 'packet', 'transaction', 'finding', 'summary']);
    expect(objs.at(-1)!.data).toMatchObject({ transactionCount: 1, findingCount: 1 });
  });

  it('reads a capture from stdin (-)', () => {
    const r = dorascope(['--json', '-'], { input: good() });
    expect(r.code).toBe(0);
    const report = json(r.stdout);
    expect(report.captures.map((c) => [c.path, c.packets])).toEqual([['-', 4]]);
    expect(report.transactions.map((t) => t.outcome)).toEqual(['ACK']);
  });

  it('reads a gzip-compressed capture, by its bytes not its name', () => {
    const path = scratch.write('gz-without-extension.pcap', gzip(good()));
    const r = dorascope(['--json', path]);
    expect(r.code).toBe(0);
    const report = json(r.stdout);
    expect(report.captures.map((c) => [c.format, c.compressed, c.packets])).toEqual([['pcap', true, 4]]);
    expect(report.transactions.map((t) => t.outcome)).toEqual(['ACK']);
  });

  it('numbers frames on across two files, each capture recording its firstFrame', () => {
    const second = scratch.write('second.pcap', scenario().at(100).dora({ mac: B, xid: 0x33, server: S1, yiaddr: IP2 }).build());
    const r = dorascope(['--json', '--packets', goodPath, second]);
    expect(r.code).toBe(0);
    const report = json(r.stdout);
    expect(report.captures.map((c) => [c.path, c.firstFrame, c.packets])).toEqual([
      [goodPath, 1, 4],
      [second, 5, 4],
    ]);
    expect(report.packets!.map((p) => [p.capture, p.frame, p.captureFrame])).toEqual([
      [0, 1, 1], [0, 2, 2], [0, 3, 3], [0, 4, 4],
      [1, 5, 1], [1, 6, 2], [1, 7, 3], [1, 8, 4],
    ]);
    expect(report.transactions.map((t) => [t.id, t.clientMac, t.steps.map((s) => s.frame)])).toEqual([
      ['T1', A, [1, 2, 3, 4]],
      ['T5', B, [5, 6, 7, 8]],
    ]);
  });

  it('writes the text timeline into a pipe when no format is given', () => {
    const r = dorascope([goodPath]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stdout).toContain(`T1 DORA  ${A}  xid 0x00000011  → ACK ${IP} from ${S1} lease 3600 s`);
    expect(r.stdout).toMatch(/DISCOVER {2}bcast ✓ {2}#1\n/);
    expect(r.stdout).toContain('Findings (0)');
  });
});

describe('internal errors', () => {
  it('exit 70 with one line on stderr when the program itself fails (a bug), no stack trace', () => {
    // The real bin/dorascope.js in front of a program that fails the way a bug would.
    mkdirSync(path.join(scratch.dir, 'bug', 'bin'), { recursive: true });
    mkdirSync(path.join(scratch.dir, 'bug', 'dist', 'bundle'), { recursive: true });
    copyFileSync(BIN, path.join(scratch.dir, 'bug', 'bin', 'dorascope.js'));
    copyFileSync(path.join(path.dirname(BIN), '..', 'dist', 'bundle-loader.js'), path.join(scratch.dir, 'bug', 'dist', 'bundle-loader.js'));
    writeFileSync(path.join(scratch.dir, 'bug', 'dist', 'bundle', 'dorascope.cjs'), "exports.main = async () => { throw new TypeError('x is undefined'); };\n");
    writeFileSync(path.join(scratch.dir, 'bug', 'package.json'), '{ "type": "module" }\n');
    const r = spawnSync(process.execPath, [path.join(scratch.dir, 'bug', 'bin', 'dorascope.js'), 'any.pcap'], { encoding: 'utf8' });
    expect(r.status).toBe(70);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('dorascope: internal error: x is undefined\n');
  });

  it('exit 70 with one line on stderr when the bundle is missing (dist/ not built), no stack trace', () => {
    mkdirSync(path.join(scratch.dir, 'unbuilt', 'bin'), { recursive: true });
    mkdirSync(path.join(scratch.dir, 'unbuilt', 'dist'), { recursive: true });
    copyFileSync(BIN, path.join(scratch.dir, 'unbuilt', 'bin', 'dorascope.js'));
    copyFileSync(path.join(path.dirname(BIN), '..', 'dist', 'bundle-loader.js'), path.join(scratch.dir, 'unbuilt', 'dist', 'bundle-loader.js'));
    writeFileSync(path.join(scratch.dir, 'unbuilt', 'package.json'), '{ "type": "module" }\n');
    const r = spawnSync(process.execPath, [path.join(scratch.dir, 'unbuilt', 'bin', 'dorascope.js'), 'any.pcap'], { encoding: 'utf8' });
    expect(r.status).toBe(70);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^dorascope: internal error: ENOENT: no such file or directory, open '.*dorascope\.cjs'\n$/);
  });

  it('the README lists exactly the exit codes this file checks: 0, 1, 2, 3 and 70', () => {
    const readme = readFileSync(path.join(path.dirname(BIN), '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Exit codes'), readme.indexOf('\n#', readme.indexOf('### Exit codes') + 1));
    const codes = [...section.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
    expect(codes).toEqual([0, 1, 2, 3, 70]);
  });
});
