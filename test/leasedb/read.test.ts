import { mkdtempSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { LeaseCollector } from '../../src/leasedb/collect.js';
import { readLeaseDatabase } from '../../src/leasedb/read.js';
import { LeaseDbError } from '../../src/leasedb/types.js';

const dir = mkdtempSync(join(tmpdir(), 'dorascope-leasedb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ipOf = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
const macOf = (i: number) => `02:00:00:${((i >> 16) & 255).toString(16).padStart(2, '0')}:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`;

/** Writes a file a piece at a time (the test itself holds no 200 000-lease string). */
async function writeLines(file: string, lines: (i: number) => string, count: number, header = ''): Promise<void> {
  const out = createWriteStream(file);
  out.write(header);
  for (let i = 0; i < count; i++) if (!out.write(lines(i))) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

describe('reading lease files', () => {
  it('streams a 200 000-lease ISC file and keeps every address', async () => {
    const file = join(dir, 'big.leases');
    await writeLines(
      file,
      (i) => `lease ${ipOf(i)} {\n  starts epoch ${1795435694 + i};\n  ends epoch ${1795436294 + i};\n  binding state active;\n  hardware ethernet ${macOf(i)};\n  uid "\\001\\002\\000";\n  client-hostname "h${i}";\n}\n`,
      200_000,
      '# The format of this file is documented in the dhcpd.leases(5) manual page.\n',
    );
    const db = await readLeaseDatabase(file);
    expect(db.format).toBe('isc');
    expect(db.records).toBe(200_000);
    expect(db.leases.length).toBe(200_000);
    expect(db.warnings).toEqual([]);
    expect(db.leases[199_999]).toMatchObject({ ip: ipOf(199_999), mac: macOf(199_999), line: 2 + 199_999 * 8 });
  });

  it('streams a 200 000-line dnsmasq file', async () => {
    const file = join(dir, 'big.dnsmasq');
    await writeLines(file, (i) => `${1795435694 + i} ${macOf(i)} ${ipOf(i)} * *\n`, 200_000);
    const db = await readLeaseDatabase(file);
    expect(db.format).toBe('dnsmasq');
    expect(db.leases.length).toBe(200_000);
  });

  it('keeps at most a bounded number of addresses, and says how many more there were', () => {
    const c = new LeaseCollector('f', 3);
    for (let i = 0; i < 10; i++) c.add({ ip: ipOf(i), mac: null, state: 'active', start: null, end: null, line: i + 1 });
    c.add({ ip: ipOf(1), mac: null, state: 'free', start: null, end: null, line: 11 });
    const db = c.finish('dnsmasq');
    expect(db.leases.map((l) => [l.ip, l.state])).toEqual([
      [ipOf(0), 'active'],
      [ipOf(2), 'active'],
      [ipOf(1), 'free'],
    ]);
    expect(db.warnings.at(-1)!.message).toMatch(/more than 3 addresses: 7 records/);
  });

  it('rejects a file that cannot be read, or is no lease database, with one line', async () => {
    await expect(readLeaseDatabase(join(dir, 'missing.leases'))).rejects.toThrow(new LeaseDbError(`${join(dir, 'missing.leases')}: cannot read the lease file (ENOENT)`));
    await expect(readLeaseDatabase(dir)).rejects.toThrow(/cannot read the lease file \(EISDIR\)/);
    const bin = join(dir, 'bin');
    writeFileSync(bin, Buffer.from([0x0a, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0x1c]));
    await expect(readLeaseDatabase(bin)).rejects.toThrow(/not a lease database/);
  });

  it('cuts an endless line instead of holding it', async () => {
    const file = join(dir, 'long.leases');
    await writeLines(file, (i) => (i === 0 ? '0 02:00:00:00:00:01 10.0.0.1 a *\n' : 'x'.repeat(65_536)), 40);
    const db = await readLeaseDatabase(file);
    expect(db.leases.length).toBe(1);
    expect(db.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/:2: a line longer than/), expect.stringMatching(/:2: not a dnsmasq lease line/)]);
  });
});
