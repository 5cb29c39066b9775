/**
 * The Report as scripts read it: deterministic, times at the capture's precision, xids as 0x + 8 hex digits,
 * and filters (--mac, --ip, --xid) that keep exactly what concerns the asked-for client, address or exchange.
 */
import { describe, expect, it } from 'vitest';
import { analyze, filterReport } from '../../src/index.js';
import { renderJson } from '../../src/render/json.js';
import { isoAt, macFor, scenario } from '../helpers/scenario.js';
import { validateReport } from '../helpers/schema.js';
import { A, B, C, S1, S2, IP, IP2 } from '../helpers/hosts.js';


/** Two clients, two servers, a conflict and a release: something in every section of the report. */
function busyLab() {
  return scenario()
    .at(0).discover({ mac: A, xid: 0x1, hostname: 'alpha' })
    .at(0.01).offer({ server: S1, mac: A, xid: 0x1, yiaddr: IP, lease: 3600, mask: '255.255.255.0' })
    .at(0.015).offer({ server: S2, mac: A, xid: 0x1, yiaddr: '192.168.1.99', lease: 600, mask: '255.255.255.0' })
    .at(0.02).request({ mac: A, xid: 0x1, server: S1, requested: IP, hostname: 'alpha' })
    .at(0.03).ack({ server: S1, mac: A, xid: 0x1, yiaddr: IP, lease: 3600, mask: '255.255.255.0' })
    .at(0.5).arpAnnounce({ mac: A, ip: IP })
    .at(5).dora({ mac: B, xid: 0x2, server: S1, yiaddr: IP2, lease: 3600, hostname: 'beta' })
    .at(6).arpAnnounce({ mac: B, ip: IP2 })
    .at(9).arpRequest({ mac: C, ip: IP2, target: S1 })
    .at(20).release({ mac: A, xid: 0xdeadbeef, server: S1, ciaddr: IP });
}

describe('determinism', () => {
  it('gives byte-identical JSON for the same capture twice', async () => {
    const bytes = busyLab().build();
    const one = renderJson(await analyze(bytes, { packets: true, trustedServers: [S1] }));
    const two = renderJson(await analyze(bytes, { packets: true, trustedServers: [S1] }));
    expect(one).toBe(two);
    expect(one.length).toBeGreaterThan(5000);
  });

  it('produces a report the published schema accepts', async () => {
    const r = await analyze(busyLab().build(), { packets: true, trustedServers: [S1] });
    expect(validateReport(JSON.parse(renderJson(r)))).toEqual([]);
    // With a trusted server named, the other is ROGUE_SERVER (MULTIPLE_SERVERS is not said twice).
    expect(r.findings.map((f) => [f.id, f.code])).toEqual([
      ['F1', 'ROGUE_SERVER'],
      ['F2', 'ARP_CONFLICT'],
    ]);
  });
});

describe('time formatting', () => {
  it('writes 6 fractional digits for a microsecond capture', async () => {
    const s = scenario().at(0.000123).discover({ mac: A, xid: 1 }).at(1.5).offer({ server: S1, mac: A, xid: 1, yiaddr: IP });
    const r = await analyze(s.build(), { packets: true });
    expect(r.captures[0]).toMatchObject({ timestampResolution: 'microseconds', firstTime: '2023-11-14T22:13:20.000123Z', lastTime: '2023-11-14T22:13:21.500000Z' });
    expect(r.transactions[0]!.steps.map((x) => [x.time, x.epoch])).toEqual([
      ['2023-11-14T22:13:20.000123Z', 1700000000.000123],
      ['2023-11-14T22:13:21.500000Z', 1700000001.5],
    ]);
    expect(r.transactions[0]!.firstTime).toBe('2023-11-14T22:13:20.000123Z');
    expect(r.packets!.map((p) => p.time)).toEqual(['2023-11-14T22:13:20.000123Z', '2023-11-14T22:13:21.500000Z']);
  });

  it('writes 9 fractional digits for a nanosecond capture', async () => {
    const s = scenario().at(0.000000123).discover({ mac: A, xid: 1 }).at(1.000000456).offer({ server: S1, mac: A, xid: 1, yiaddr: IP });
    const r = await analyze(s.build({ nanos: true }), { packets: true });
    expect(r.captures[0]).toMatchObject({ timestampResolution: 'nanoseconds', firstTime: '2023-11-14T22:13:20.000000123Z', lastTime: '2023-11-14T22:13:21.000000456Z' });
    expect(r.transactions[0]!.steps.map((x) => x.time)).toEqual(['2023-11-14T22:13:20.000000123Z', '2023-11-14T22:13:21.000000456Z']);
    expect(r.packets!.map((p) => p.time)).toEqual(['2023-11-14T22:13:20.000000123Z', '2023-11-14T22:13:21.000000456Z']);
    expect(r.transactions[0]!.latencyMs).toEqual({ offer: 1000 });
  });

  it('writes finding times at the capture precision', async () => {
    const s = scenario().at(0).dora({ mac: A, xid: 1, server: S1, yiaddr: IP }).at(30.000007).arpRequest({ mac: C, ip: IP, target: S1 });
    const r = await analyze(s.build());
    expect(r.findings.map((f) => [f.code, f.time])).toEqual([['ARP_CONFLICT', isoAt(30.000007)]]);
  });
});

describe('xid format', () => {
  it.each([
    [0x1, '0x00000001'],
    [0xabcd, '0x0000abcd'],
    [0x3903f326, '0x3903f326'],
    [0xdeadbeef, '0xdeadbeef'],
    [0xffffffff, '0xffffffff'],
  ])('xid %i is written %s in transactions and packets', async (xid, text) => {
    const r = await analyze(scenario().at(0).discover({ mac: A, xid }).build(), { packets: true });
    expect(r.transactions.map((t) => t.xid)).toEqual([text]);
    expect(r.packets!.map((p) => p.dhcp?.xid)).toEqual([text]);
  });
});

describe('filters', () => {
  it('--mac keeps only that client’s transactions, leases, packets and findings', async () => {
    const r = filterReport(await analyze(busyLab().build(), { packets: true }), { macs: [B.toUpperCase().replace(/:/g, '-')] });
    expect(r.transactions.map((t) => [t.id, t.clientMac])).toEqual([['T7', B]]);
    expect(r.leases.map((l) => [l.ip, l.mac])).toEqual([[IP2, B]]);
    expect(r.clients.map((c) => c.mac)).toEqual([B]);
    expect(r.servers.map((s) => s.ip)).toEqual([S1]);
    expect(r.arp.map((a) => a.ip)).toEqual([IP2]);
    expect(r.findings.map((f) => f.code)).toEqual(['ARP_CONFLICT']);
    expect(r.packets!.map((p) => p.frame)).toEqual([7, 8, 9, 10, 11]);
  });

  it('--mac keeps every server that offered to the client, not only the one that acked', async () => {
    // S2 made A an offer (frame 3) although S1 acked: it concerns A too.
    const r = filterReport(await analyze(busyLab().build()), { macs: [A] });
    expect(r.transactions.map((t) => t.id)).toEqual(['T1', 'T13']);
    expect(r.servers.map((s) => s.ip)).toEqual([S1, S2]);
  });

  it('--ip keeps what concerns that address', async () => {
    const r = filterReport(await analyze(busyLab().build(), { packets: true }), { ips: [IP] });
    expect(r.transactions.map((t) => [t.id, t.kind])).toEqual([['T1', 'DORA'], ['T13', 'RELEASE']]);
    expect(r.leases.map((l) => [l.ip, l.state])).toEqual([[IP, 'released']]);
    expect(r.clients.map((c) => c.mac)).toEqual([A]);
    expect(r.arp.map((a) => a.ip)).toEqual([IP]);
    expect(r.findings).toEqual([]);
    expect(r.packets!.map((p) => p.frame)).toContain(6);
  });

  it('keeps the packet of every step of a kept transaction (a step must lead to its packet)', async () => {
    // The TUI opens a step's packet by frame: a kept step whose packet was filtered out would lead nowhere.
    const r = filterReport(await analyze(busyLab().build(), { packets: true }), { ips: [IP] });
    const stepFrames = r.transactions.flatMap((t) => t.steps.map((x) => x.frame));
    expect(stepFrames).toEqual([1, 2, 3, 4, 5, 13]);
    expect(r.packets!.map((p) => p.frame)).toEqual([1, 2, 3, 4, 5, 6, 13]);
  });

  it('--xid keeps that exchange, whatever the spelling', async () => {
    const full = await analyze(busyLab().build(), { packets: true });
    for (const xid of ['0xdeadbeef', 'DEADBEEF', '0XDeadBeef']) {
      const r = filterReport(full, { xids: [xid] });
      expect(r.transactions.map((t) => [t.id, t.xid, t.kind])).toEqual([['T13', '0xdeadbeef', 'RELEASE']]);
      expect(r.packets!.map((p) => p.frame)).toEqual([13]);
    }
  });

  it('an empty filter keeps everything', async () => {
    const full = await analyze(busyLab().build());
    expect(filterReport(full, {})).toBe(full);
  });

  it('a filter that matches nothing keeps no transactions and no findings', async () => {
    const r = filterReport(await analyze(busyLab().build()), { macs: [macFor('10.9.9.9')] });
    expect([r.transactions, r.leases, r.clients, r.servers, r.findings]).toEqual([[], [], [], [], []]);
  });
});
