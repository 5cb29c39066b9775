/**
 * The wire against the servers' lease databases: each disagreement has its own finding code, the frames and
 * the database file and line that prove it; agreement (also a later renewal the capture did not see) is quiet.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/index.js';
import { parseLeaseText } from '../../src/leasedb/read.js';
import type { LeaseDatabase } from '../../src/leasedb/types.js';
import type { Finding, Report } from '../../src/report/types.js';
import { A, B, C, S1, S2, IP, IP2 } from '../helpers/hosts.js';
import { scenario, T0, type Scenario } from '../helpers/scenario.js';
import { validateReport } from '../helpers/schema.js';

const DAYS = ['0', '1', '2', '3', '4', '5', '6'];
/** An epoch as ISC writes it: `W YYYY/MM/DD HH:MM:SS` (UTC). */
function iscTime(epoch: number): string {
  const d = new Date(epoch * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

function isc(...leases: { ip: string; mac: string; state?: string; starts: number; ends: number }[]): LeaseDatabase {
  const text = leases
    .map((l) => `lease ${l.ip} {\n  starts ${iscTime(T0 + l.starts)};\n  ends ${iscTime(T0 + l.ends)};\n  binding state ${l.state ?? 'active'};\n  hardware ethernet ${l.mac};\n}\n`)
    .join('');
  return parseLeaseText(`# dhcpd.leases\n${text}`, 'dhcpd.leases');
}

async function run(s: Scenario, dbs: readonly LeaseDatabase[], leaseSkew?: number): Promise<Report> {
  const r = await analyze(s.build(), { leaseDatabases: dbs, ...(leaseSkew !== undefined ? { leaseSkew } : {}) });
  expect(validateReport(JSON.parse(JSON.stringify(r)))).toEqual([]);
  return r;
}

const db = (r: Report) => r.findings.filter((f) => f.code.startsWith('DB_'));
const brief = (f: Finding) => ({ code: f.code, severity: f.severity, frames: f.frames, ips: f.ips, macs: f.macs, sources: f.sources });

describe('wire leases against the database', () => {
  const dora = () => scenario().at(0).dora({ mac: A, xid: 1, server: S1, yiaddr: IP, lease: 3600 });

  it('agrees quietly when the database holds the ACKed address for that MAC until the ACK says, and names its server', async () => {
    const r = await run(dora(), [isc({ ip: IP, mac: A, starts: 0, ends: 3600 })]);
    expect(db(r)).toEqual([]);
    expect(r.leases[0]!.database).toEqual({ file: 'dhcpd.leases', line: 2, state: 'active', mac: A, start: new Date(T0 * 1000).toISOString().replace('.000Z', 'Z'), end: new Date((T0 + 3600) * 1000).toISOString().replace('.000Z', 'Z'), agrees: true });
    expect(r.leaseDatabases).toMatchObject([{ file: 'dhcpd.leases', format: 'isc', server: S1, leaseCount: 1, records: 1 }]);
  });

  it('DB_MAC_MISMATCH: the database holds the ACKed address for another MAC', async () => {
    const r = await run(dora(), [isc({ ip: IP, mac: B, starts: -10, ends: 3590 })]);
    expect(db(r).map(brief)).toEqual([{ code: 'DB_MAC_MISMATCH', severity: 'error', frames: [4], ips: [IP], macs: [A, B], sources: [{ file: 'dhcpd.leases', line: 2 }] }]);
    expect(r.leases[0]!.database).toMatchObject({ mac: B, agrees: false });
  });

  it('is quiet when the other MAC\'s lease in the database began after the wire\'s lease was released', async () => {
    const s = dora().at(100).release({ mac: A, xid: 2, server: S1, ciaddr: IP });
    expect(db(await run(s, [isc({ ip: IP, mac: B, starts: 500, ends: 4100 })]))).toEqual([]);
  });

  it('DB_END_MISMATCH: the database ends the lease at another time than the ACK gave, beyond the skew allowed', async () => {
    const r = await run(dora(), [isc({ ip: IP, mac: A, starts: 0, ends: 600 })]);
    expect(db(r).map(brief)).toEqual([{ code: 'DB_END_MISMATCH', severity: 'warning', frames: [4], ips: [IP], macs: [A], sources: [{ file: 'dhcpd.leases', line: 2 }] }]);
    expect(db(r)[0]!.message).toMatch(/until 2023-11-14T23:13:20Z, but dhcpd\.leases:2 says it ends 2023-11-14T22:23:20Z/);
  });

  it('allows --lease-skew seconds between the server clock and the capture', async () => {
    const off = isc({ ip: IP, mac: A, starts: 0, ends: 3610 });
    expect(db(await run(dora(), [off])).map((f) => f.code)).toEqual(['DB_END_MISMATCH']);
    expect(db(await run(dora(), [off], 12))).toEqual([]);
  });

  it('takes a later renewal in the database (one the capture did not see) as agreement', async () => {
    const r = await run(dora(), [isc({ ip: IP, mac: A, starts: 1800, ends: 5400 })]);
    expect(db(r)).toEqual([]);
    expect(r.leases[0]!.database?.agrees).toBe(true);
  });

  it('DB_LEASE_MISSING: an ACK the database lacks, because the file is older than the capture', async () => {
    const r = await run(dora(), [isc({ ip: IP2, mac: C, starts: -7200, ends: -3600 })]);
    expect(db(r).map(brief)).toEqual([{ code: 'DB_LEASE_MISSING', severity: 'warning', frames: [4], ips: [IP], macs: [A], sources: [{ file: 'dhcpd.leases', line: null }] }]);
    expect(db(r)[0]!.message).toMatch(/dhcpd\.leases was last written before this ACK/);
  });

  it('DB_LEASE_MISSING: an ACK from another server than the one whose database it is', async () => {
    const s = scenario()
      .at(0).dora({ mac: C, xid: 1, server: S2, yiaddr: IP2, lease: 3600 })
      .at(10).dora({ mac: A, xid: 2, server: S1, yiaddr: IP, lease: 3600 });
    const r = await run(s, [isc({ ip: IP2, mac: C, starts: 0, ends: 3600 })]);
    expect(r.leaseDatabases![0]!.server).toBe(S2);
    expect(db(r).map((f) => [f.code, f.frames])).toEqual([['DB_LEASE_MISSING', [8]]]);
    expect(db(r)[0]!.message).toMatch(/dhcpd\.leases is kept by 192\.168\.1\.2, and 192\.168\.1\.1 answered/);
  });

  it('says nothing about an ACK in a subnet no database covers', async () => {
    expect(db(await run(dora(), [isc({ ip: '10.0.0.5', mac: C, starts: 0, ends: 3600 })]))).toEqual([]);
  });
});

describe('database leases against ARP', () => {
  it('DB_ARP_CONFLICT: an active database lease whose address another MAC claims in ARP', async () => {
    const s = scenario().at(5).arpAnnounce({ mac: B, ip: IP });
    const r = await run(s, [isc({ ip: IP, mac: A, starts: -10, ends: 3590 })]);
    expect(db(r).map(brief)).toEqual([{ code: 'DB_ARP_CONFLICT', severity: 'error', frames: [1], ips: [IP], macs: [A, B], sources: [{ file: 'dhcpd.leases', line: 2 }] }]);
  });

  it('is quiet when the claim comes after the database lease ended, or from its holder', async () => {
    const s = scenario().at(5).arpAnnounce({ mac: A, ip: IP }).at(4000).arpAnnounce({ mac: B, ip: IP });
    expect(db(await run(s, [isc({ ip: IP, mac: A, starts: -10, ends: 3590 })]))).toEqual([]);
  });

  it('DB_FREE_IN_USE: an address the database calls released that ARP shows still in use', async () => {
    const s = scenario().at(30).arpAnnounce({ mac: A, ip: IP });
    const r = await run(s, [isc({ ip: IP, mac: A, state: 'released', starts: -100, ends: 0 })]);
    expect(db(r).map(brief)).toEqual([{ code: 'DB_FREE_IN_USE', severity: 'warning', frames: [1], ips: [IP], macs: [A], sources: [{ file: 'dhcpd.leases', line: 2 }] }]);
  });

  it('DB_FREE_IN_USE: an address acked on the wire after the database freed it (a server on an old file)', async () => {
    const s = scenario().at(0).dora({ mac: A, xid: 1, server: S1, yiaddr: IP, lease: 3600 });
    const r = await run(s, [isc({ ip: IP, mac: A, state: 'free', starts: -7200, ends: -3600 })]);
    expect(db(r).map((f) => [f.code, f.frames])).toEqual([['DB_FREE_IN_USE', [4]]]);
  });
});

describe('abandoned and declined database leases', () => {
  const kea = (state: number) =>
    parseLeaseText(`address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context\n${IP},${A},,86400,${T0 + 86400},1,0,0,,${state},\n`, 'kea-leases4.csv');

  it('DB_DECLINED_EXPLAINED: a Kea declined lease, explained by the DECLINE on the wire', async () => {
    const s = scenario()
      .at(0).dora({ mac: A, xid: 1, server: S1, yiaddr: IP, lease: 3600 })
      .at(1).arpProbe({ mac: A, ip: IP })
      .at(1.1).arpReply({ mac: B, ip: IP, toMac: A, toIp: '0.0.0.0' })
      .at(2).decline({ mac: A, xid: 1, server: S1, requested: IP });
    const r = await run(s, [kea(1)]);
    expect(db(r).map(brief)).toEqual([{ code: 'DB_DECLINED_EXPLAINED', severity: 'info', frames: [7, 6], ips: [IP], macs: [A, B], sources: [{ file: 'kea-leases4.csv', line: 2 }] }]);
    expect(db(r)[0]!.message).toMatch(/marks 192\.168\.1\.50 declined: a client declined it \(frame 7\)/);
  });

  it('DB_DECLINED_EXPLAINED: an ISC abandoned lease, explained by an answer to the server\'s check', async () => {
    const s = scenario().at(0).arpRequest({ mac: '02:c0:a8:01:01:00', ip: S1, target: IP }).at(0.1).arpReply({ mac: B, ip: IP, toMac: '02:c0:a8:01:01:00', toIp: S1 });
    const r = await run(s, [isc({ ip: IP, mac: A, state: 'abandoned', starts: 0, ends: 3600 })]);
    expect(db(r).map((f) => [f.code, f.frames, f.macs])).toEqual([['DB_DECLINED_EXPLAINED', [2], [B]]]);
    expect(db(r)[0]!.message).toMatch(/marks 192\.168\.1\.50 abandoned: 08:00:27:d4:1c:9e answers for it in ARP/);
  });

  it('DB_DECLINED_UNEXPLAINED: nothing in the capture explains it', async () => {
    const s = scenario().at(0).dora({ mac: C, xid: 1, server: S1, yiaddr: IP2, lease: 3600 });
    const r = await run(s, [kea(1)]);
    expect(db(r).map(brief)).toEqual([
      { code: 'DB_LEASE_MISSING', severity: 'warning', frames: [4], ips: [IP2], macs: [C], sources: [{ file: 'kea-leases4.csv', line: null }] },
      { code: 'DB_DECLINED_UNEXPLAINED', severity: 'warning', frames: [], ips: [IP], macs: [A], sources: [{ file: 'kea-leases4.csv', line: 2 }] },
    ].sort((x, y) => (x.code === 'DB_DECLINED_UNEXPLAINED' ? -1 : 1) - (y.code === 'DB_DECLINED_UNEXPLAINED' ? -1 : 1)));
  });
});

describe('a huge database against a capture', () => {
  it('keeps at most maxFindingsPerCode findings of a code and says how many more there were', async () => {
    const abandoned = Array.from({ length: 5 }, (_, i) => ({ ip: `192.168.1.${100 + i}`, mac: B, state: 'abandoned', starts: 0, ends: 3600 }));
    const r = await analyze(scenario().at(0).dora({ mac: A, xid: 1, server: S1, yiaddr: IP, lease: 3600 }).build(), { leaseDatabases: [isc(...abandoned)], maxFindingsPerCode: 2 });
    expect(db(r).map((f) => f.code)).toEqual(['DB_DECLINED_UNEXPLAINED', 'DB_DECLINED_UNEXPLAINED', 'DB_LEASE_MISSING']);
    expect(r.warnings.map((w) => w.message)).toContain('3 more DB_DECLINED_UNEXPLAINED findings were raised: the report lists the first 2');
  });
});

describe('databases without a capture', () => {
  it('lists what each database holds, and raises nothing', async () => {
    const r = await analyze([], { leaseDatabases: [isc({ ip: IP, mac: A, starts: 0, ends: 3600 })] });
    expect(validateReport(JSON.parse(JSON.stringify(r)))).toEqual([]);
    expect(r.findings).toEqual([]);
    expect(r.leaseDatabases![0]!.leases).toEqual([{ ip: IP, mac: A, state: 'active', start: '2023-11-14T22:13:20Z', end: '2023-11-14T23:13:20Z', line: 2 }]);
  });
});
