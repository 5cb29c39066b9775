/** --filter on the real binary: every output format holds only what matches; a bad expression exits 2 with its column. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/types.js';
import { buildDist, dorascope, scratchDir } from '../helpers/cli.js';
import { scenario } from '../helpers/scenario.js';
import { A, B, S1, IP, IP2 } from '../helpers/hosts.js';
import { validateReport } from '../helpers/schema.js';

const scratch = scratchDir();
afterAll(() => scratch.cleanup());
let path = '';

/** Two clients: A renews quickly, B renews slowly (the ACK 1.5 s later); then a NAK for A. */
const renewals = () =>
  scenario()
    .at(0).dora({ mac: A, xid: 0x10, server: S1, yiaddr: IP, lease: 3600 })
    .at(1).dora({ mac: B, xid: 0x20, server: S1, yiaddr: IP2, lease: 3600 })
    .at(1800).request({ mac: A, xid: 0x11, ciaddr: IP, dst: S1 })
    .at(1800.01).ack({ server: S1, mac: A, xid: 0x11, ciaddr: IP, yiaddr: IP, lease: 3600 })
    .at(1801).request({ mac: B, xid: 0x21, ciaddr: IP2, dst: S1 })
    .at(1802.5).ack({ server: S1, mac: B, xid: 0x21, ciaddr: IP2, yiaddr: IP2, lease: 3600 })
    .at(1900).request({ mac: A, xid: 0x12, requested: '10.99.0.1' })
    .at(1900.01).nak({ server: S1, mac: A, xid: 0x12, message: 'wrong network' })
    .build();

beforeAll(() => {
  buildDist();
  path = scratch.write('renewals.pcap', renewals());
}, 180_000);

const json = (args: string[]) => {
  const r = dorascope([path, '--json', ...args]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const report = JSON.parse(r.stdout) as Report;
  expect(validateReport(report)).toEqual([]);
  return report;
};

describe('--filter', () => {
  it("'kind=RENEW and latency>1s' --json validates and holds only the slow renewal", () => {
    const all = json([]);
    expect(all.transactions.filter((t) => t.kind === 'RENEW')).toHaveLength(2);
    const r = json(['--filter', 'kind=RENEW and latency>1s']);
    expect(r.transactions.map((t) => [t.kind, t.clientMac, t.xid])).toEqual([['RENEW', B, '0x00000021']]);
    expect(r.leases.map((l) => l.mac)).toEqual([B]);
    expect(r.findings).toEqual([]);
    expect(r.clients.map((c) => c.mac)).toEqual([B]);
  });

  it('a bare word and a field test agree: NAK and outcome=NAK', () => {
    const byField = json(['--filter', 'outcome=NAK']);
    expect(byField.transactions.map((t) => t.outcome)).toEqual(['NAK']);
    expect(byField.findings.map((f) => f.code)).toEqual(['NAK']);
    expect(json(['--filter', 'NAK']).transactions).toEqual(byField.transactions);
  });

  it('--mac is short for mac=…, and is and-ed with --filter', () => {
    expect(json(['--mac', A]).transactions).toEqual(json(['--filter', `mac=${A}`]).transactions);
    expect(json(['--mac', A, '--filter', 'kind=RENEW']).transactions.map((t) => t.xid)).toEqual(['0x00000011']);
  });

  it('filters --ndjson and --text too', () => {
    const nd = dorascope([path, '--ndjson', '--filter', 'kind=RENEW and latency>1s']);
    const lines = nd.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; data: { xid?: string } });
    expect(lines.filter((l) => l.type === 'transaction').map((l) => l.data.xid)).toEqual(['0x00000021']);
    expect(lines.at(-1)!.type).toBe('summary');
    const text = dorascope([path, '--text', '--filter', 'outcome=NAK']).stdout;
    expect(text).toContain('NAK');
    expect(text).not.toContain('RENEW');
  });

  it('a bad expression: exit 2 and one line pointing at the column', () => {
    const r = dorascope([path, '--json', '--filter', 'kind=RENEW and latency>fast']);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toBe('dorascope: --filter: column 24: not a duration: "fast" (like 500ms, 2s, 1m, 1h, 1d)\nRun dorascope --help for usage.\n');
    const regex = dorascope([path, '--filter', 'hostname~/(a+)+$/']);
    expect(regex.code).toBe(2);
    expect(regex.stderr.split('\n')[0]).toMatch(/^dorascope: --filter: column 10: regex repeats a repeated group/);
  });
});

describe('live capture flags', () => {
  it('-i with a capture file is a usage error; a missing interface is exit 3 in one line', () => {
    const both = dorascope([path, '-i', 'lo', '--json']);
    expect([both.code, both.stdout, both.stderr]).toEqual([2, '', 'dorascope: read capture files or capture live (-i), not both\nRun dorascope --help for usage.\n']);
    const missing = dorascope(['--interface', 'nosuch13', '--json']);
    expect([missing.code, missing.stdout, missing.stderr]).toEqual([3, '', 'dorascope: no such interface: nosuch13 (see ip link)\n']);
    for (const [args, message] of [
      [['-i'], '-i takes a value'],
      [['-i', 'lo', '--duration', 'soon'], '--duration takes a positive number'],
      [['-i', 'lo', '--count', '0'], '--count takes a positive number'],
      [['-i', 'lo', '-w'], '-w takes a value'],
    ] as const) {
      const r = dorascope([...args]);
      expect([r.code, r.stdout, r.stderr], args.join(' ')).toEqual([2, '', `dorascope: ${message}\nRun dorascope --help for usage.\n`]);
    }
  });

  it('--help names the live flags and the filter', () => {
    const help = dorascope(['--help']).stdout;
    for (const flag of ['-i, --interface <if>', '--duration <s>', '--count <n>', '-w, --write <file>', '--filter <expr>']) expect(help).toContain(flag);
  });
});
