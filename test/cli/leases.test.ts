/** --leases and --lease-skew from the command line: lease databases beside a capture, alone, and unreadable. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDist, dorascope } from '../helpers/cli.js';
import { validateReport } from '../helpers/schema.js';

const CAPTURE = 'fixtures/captures/16-old-lease-file.pcap';
const LEASES = 'fixtures/captures/16-old-lease-file.dhcpd.leases';
const dir = mkdtempSync(join(tmpdir(), 'dorascope-cli-leases-'));

beforeAll(() => buildDist());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--leases', () => {
  it('compares a lease file with the capture: JSON leaseDatabases, lease.database and DB_ findings with sources', () => {
    const r = dorascope([CAPTURE, '--leases', LEASES, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(validateReport(report)).toEqual([]);
    expect(report.leaseDatabases).toMatchObject([{ file: LEASES, format: 'isc', server: '10.9.16.1', leaseCount: 2 }]);
    const mismatch = report.findings.find((f: { code: string }) => f.code === 'DB_MAC_MISMATCH');
    expect(mismatch.sources).toEqual([{ file: LEASES, line: 19 }]);
    expect(report.leases.map((l: { database?: { agrees: boolean } }) => l.database?.agrees)).toEqual([true, false, true]);
  });

  it('NDJSON: the DB_ findings as lines, the databases in the summary', () => {
    const lines = dorascope([CAPTURE, '--leases', LEASES, '--ndjson']).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.type === 'finding').map((l) => l.data.code)).toContain('DB_MAC_MISMATCH');
    expect(lines.at(-1).data.leaseDatabases[0]).toMatchObject({ file: LEASES, format: 'isc', server: '10.9.16.1' });
  });

  it('gives the text timeline\'s lease table a database column, and a table per database', () => {
    const r = dorascope([CAPTURE, '--leases', LEASES, '--text']);
    expect(r.stdout).toMatch(/state +renewals +database/);
    expect(r.stdout).toContain('active for 02:00:00:00:16:03 ≠ (16-old-lease-file.dhcpd.leases:19)');
    expect(r.stdout).toContain(`Lease database ${LEASES} (isc, server 10.9.16.1, 2 addresses`);
    expect(r.stdout).toMatch(/DB_MAC_MISMATCH .*\[frame 8; fixtures\/captures\/16-old-lease-file\.dhcpd\.leases:19\]/);
  });

  it('leaves the text timeline as it was without lease files', () => {
    expect(dorascope([CAPTURE, '--text']).stdout).not.toContain('database');
  });

  it('shows the databases alone when no capture is given, hostnames sanitized', () => {
    const file = join(dir, 'dnsmasq.leases');
    writeFileSync(file, '1795436294 52:54:00:6b:12:03 192.168.122.45 evil\x1b[2J *\n');
    const text = dorascope(['--leases', file, '--text']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('192.168.122.45  52:54:00:6b:12:03  evil\uFFFD[2J');
    expect(text.stdout).not.toContain('\x1b[2J');
    const json = JSON.parse(dorascope(['--leases', file, '--json']).stdout);
    expect(validateReport(json)).toEqual([]);
    expect(json.captures).toEqual([]);
    expect(json.leaseDatabases[0].leases).toEqual([{ ip: '192.168.122.45', mac: '52:54:00:6b:12:03', hostname: 'evil\x1b[2J', state: 'active', start: null, end: '2026-11-23T12:18:14Z', line: 1 }]);
  });

  it('warns about a damaged lease file with its file and line, and keeps the rest', () => {
    const file = join(dir, 'damaged.leases');
    writeFileSync(file, '1795436294 52:54:00:6b:12:03 192.168.122.45 a *\nrubbish\n1795436294 52:54:00:6b:12:04 192.168.122.46 b *\n');
    const r = dorascope(['--leases', file, '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`dorascope: warning: ${file}:2: not a dnsmasq lease line (expiry MAC IP hostname client-id): skipped\n`);
    expect(JSON.parse(r.stdout).leaseDatabases[0].leaseCount).toBe(2);
  });

  it('an unreadable lease file, or one that is no lease database: one line and exit 3', () => {
    const missing = dorascope([CAPTURE, '--leases', join(dir, 'nope.leases'), '--json']);
    expect(missing.code).toBe(3);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toBe(`dorascope: ${join(dir, 'nope.leases')}: cannot read the lease file (ENOENT)\n`);
    const notDb = dorascope([CAPTURE, '--leases', CAPTURE, '--json']);
    expect(notDb.code).toBe(3);
    expect(notDb.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(notDb.stderr).toMatch(/not a lease database/);
  });

  it('--lease-skew takes a positive number of seconds', () => {
    expect(dorascope([CAPTURE, '--leases', LEASES, '--lease-skew', 'x']).code).toBe(2);
    expect(dorascope([CAPTURE, '--leases', LEASES, '--lease-skew', '30', '--json']).code).toBe(0);
  });
});
