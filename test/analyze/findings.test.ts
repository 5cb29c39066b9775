/**
 * Findings by their stable codes (DESIGN.md "Findings"): each is raised by the evidence that proves it, lists
 * that evidence, and stays quiet for the look-alike that is normal on a real network (FIELD-NOTES).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/index.js';
import type { Finding, Report } from '../../src/report/types.js';
import { buildPcap } from '../helpers/capture-writer.js';
import { buildDhcpMessage, opt } from '../helpers/dhcp-builder.js';
import { buildDhcpEthernet } from '../helpers/frames.js';
import { isoAt, macFor, scenario, T0, type Scenario } from '../helpers/scenario.js';
import { A, B, C, S1, S2, IP, IP2 } from '../helpers/hosts.js';
import { validateReport } from '../helpers/schema.js';


const of = (r: Report, code: string): Finding[] => r.findings.filter((f) => f.code === code);
const brief = (f: Finding) => ({ code: f.code, severity: f.severity, frames: f.frames, ips: f.ips, macs: f.macs });
const codes = (r: Report) => r.findings.map((f) => f.code);

async function run(s: Scenario, options: Parameters<typeof analyze>[1] = {}): Promise<Report> {
  return analyze(s.build(), options);
}

describe('DOUBLE_ASSIGNMENT', () => {
  it('is raised when one address is acked to a second client while the first lease still runs', async () => {
    const s = scenario()
      .at(0).dora({ mac: A, xid: 1, server: S1, yiaddr: IP, lease: 3600 })
      .at(60).dora({ mac: B, xid: 2, server: S2, yiaddr: IP, lease: 3600 });
    const r = await run(s);
    expect(of(r, 'DOUBLE_ASSIGNMENT').map(brief)).toEqual([{ code: 'DOUBLE_ASSIGNMENT', severity: 'error', frames: [4, 8], ips: [IP], macs: [A, B] }]);
    expect(of(r, 'DOUBLE_ASSIGNMENT')[0]!.transactions).toEqual(['T1', 'T5']);
    expect(of(r, 'DOUBLE_ASSIGNMENT')[0]!.time).toBe(isoAt(60.03));
  });

  it('is not raised when the first client released the address before', async () => {
    const s = scenario()
      .at(0).dora({ mac: A, xid: 1, server: S1, yiaddr: IP, lease: 3600 })
      .at(30).release({ mac: A, xid: 9, server: S1, ciaddr: IP })
      .at(60).dora({ mac: B, xid: 2, server: S1, yiaddr: IP, lease: 3600 });
    const r = await run(s);
    expect(r.findings).toEqual([]);
    expect(r.leases.map((l) => [l.mac, l.state])).toEqual([[A, 'released'], [B, 'active']]);
  });

  it('is not raised when the first lease had run out', async () => {
    const s = scenario()
      .at(0).dora({ mac: A, xid: 1, server: S1, yiaddr: IP, lease: 60 })
      .at(120).dora({ mac: B, xid: 2, server: S1, yiaddr: IP, lease: 60 });
    const r = await run(s);
    expect(r.findings).toEqual([]);
  });
});

describe('ARP_CONFLICT', () => {
  it('is raised when another MAC claims a leased address in ARP', async () => {
    const s = scenario()
      .at(0).dora({ mac: A, xid: 1, server: S1, yiaddr: IP, lease: 3600 })
      .at(1).arpAnnounce({ mac: A, ip: IP })
      .at(30).arpRequest({ mac: C, ip: IP, target: S1 });
    const r = await run(s);
    expect(r.findings.map(brief)).toEqual([{ code: 'ARP_CONFLICT', severity: 'error', frames: [4, 6], ips: [IP], macs: [A, C] }]);
    expect(r.arp.find((x) => x.ip === IP)!.conflict).toBe(true);
  });

  it('is raised once when two MACs claim one address in turn', async () => {
    const X = '192.168.1.77';
    const s = scenario()
      .at(0).arpAnnounce({ mac: A, ip: X })
      .at(10).arpAnnounce({ mac: B, ip: X })
      .at(20).arpRequest({ mac: A, ip: X, target: S1 })
      .at(30).arpRequest({ mac: B, ip: X, target: S1 });
    const r = await run(s);
    expect(r.findings.map(brief)).toEqual([{ code: 'ARP_CONFLICT', severity: 'error', frames: [1, 2], ips: [X], macs: [A, B] }]);
    expect(r.arp).toEqual([
      {
        ip: X,
        claims: [
          { mac: A, firstFrame: 1, lastFrame: 3, firstTime: isoAt(0), lastTime: isoAt(20), count: 2, kinds: ['announcement', 'request'] },
          { mac: B, firstFrame: 2, lastFrame: 4, firstTime: isoAt(10), lastTime: isoAt(30), count: 2, kinds: ['announcement', 'request'] },
        ],
        conflict: true,
      },
    ]);
  });

  it('keeps at most maxFindingsPerCode of them and says how many more there were', async () => {
    const s = scenario();
    for (let i = 0; i < 5; i++) {
      const X = `192.168.1.${100 + i}`;
      s.at(i * 20).arpAnnounce({ mac: A, ip: X }).at(i * 20 + 10).arpAnnounce({ mac: B, ip: X });
    }
    const r = await run(s, { maxFindingsPerCode: 2 });
    expect(of(r, 'ARP_CONFLICT').map((f) => f.ips[0])).toEqual(['192.168.1.100', '192.168.1.101']);
    expect(r.warnings.map((w) => w.message)).toContain('3 more ARP_CONFLICT findings were raised: the report lists the first 2');
    // The ARP view still marks every conflicting address.
    expect(r.arp.filter((b) => b.conflict)).toHaveLength(5);
  });

  it('is not raised when DHCP handed the address from one client to the next', async () => {
    const s = scenario()
      .at(0).dora({ mac: A, xid: 1, server: S1, yiaddr: IP, lease: 3600 })
      .at(1).arpAnnounce({ mac: A, ip: IP })
      .at(30).release({ mac: A, xid: 9, server: S1, ciaddr: IP })
      .at(60).dora({ mac: B, xid: 2, server: S1, yiaddr: IP, lease: 3600 })
      .at(61).arpAnnounce({ mac: B, ip: IP });
    const r = await run(s);
    expect(r.findings).toEqual([]);
  });
});

describe('PROBE_ANSWERED', () => {
  it('is raised when an RFC 5227 probe gets a reply from another MAC', async () => {
    const s = scenario()
      .at(0).dora({ mac: A, xid: 1, server: S1, yiaddr: IP, lease: 3600 })
      .at(0.5).arpProbe({ mac: A, ip: IP })
      .at(0.6).arpReply({ mac: C, ip: IP, toMac: A, toIp: '0.0.0.0' });
    const r = await run(s);
    const probe = of(r, 'PROBE_ANSWERED');
    expect(probe.map(brief)).toEqual([{ code: 'PROBE_ANSWERED', severity: 'warning', frames: [5, 6], ips: [IP], macs: [A, C] }]);
    expect(r.transactions[0]!.arpFrames).toEqual([5, 6]);
  });

  it('is not raised for a probe nobody answers', async () => {
    const s = scenario()
      .at(0).dora({ mac: A, xid: 1, server: S1, yiaddr: IP, lease: 3600 })
      .at(0.5).arpProbe({ mac: A, ip: IP })
      .at(1.5).arpProbe({ mac: A, ip: IP })
      .at(3.5).arpAnnounce({ mac: A, ip: IP });
    const r = await run(s);
    expect(r.findings).toEqual([]);
  });

  it('is not raised by a server checking a free address with ARP before it offers it', async () => {
    const sMac = macFor(S1);
    const s = scenario()
      .at(0).discover({ mac: A, xid: 1 })
      .at(0.001).arpRequest({ mac: sMac, ip: S1, target: IP })
      .at(1.001).arpRequest({ mac: sMac, ip: S1, target: IP })
      .at(3).offer({ server: S1, mac: A, xid: 1, yiaddr: IP, lease: 3600 })
      .at(3.01).request({ mac: A, xid: 1, server: S1, requested: IP })
      .at(3.02).ack({ server: S1, mac: A, xid: 1, yiaddr: IP, lease: 3600 })
      .at(3.5).arpProbe({ mac: A, ip: IP })
      .at(5.5).arpAnnounce({ mac: A, ip: IP });
    const r = await run(s);
    expect(r.findings).toEqual([]);
  });
});

describe('STALE_USE', () => {
  const released = () =>
    scenario()
      .at(0).dora({ mac: A, xid: 1, server: S1, yiaddr: IP, lease: 3600 })
      .at(100).release({ mac: A, xid: 9, server: S1, ciaddr: IP });

  it('is raised when the client still uses its address in ARP well after releasing it', async () => {
    const r = await run(released().at(130).arpRequest({ mac: A, ip: IP, target: S1 }));
    expect(r.findings.map((f) => [f.code, f.severity, f.ips, f.macs, f.transactions])).toEqual([['STALE_USE', 'warning', [IP], [A], ['T5']]]);
    expect(r.findings[0]!.message).toBe(`${A} still used ${IP} in ARP 30 s after its lease was released`);
  });

  it('lists the RELEASE that ended the lease among its evidence', async () => {
    // The evidence is the last ACK, the RELEASE that ended the lease, and the ARP after it.
    const r = await run(released().at(130).arpRequest({ mac: A, ip: IP, target: S1 }));
    expect(r.findings.map((f) => f.frames)).toEqual([[4, 5, 6]]);
  });

  it('is not raised for ARP within a second of the release (the client is still tearing down)', async () => {
    const r = await run(released().at(100.8).arpRequest({ mac: A, ip: IP, target: S1 }));
    expect(r.findings).toEqual([]);
  });

  it('is raised when the client uses its address after the lease ran out', async () => {
    const s = scenario()
      .at(0).dora({ mac: A, xid: 1, server: S1, yiaddr: IP, lease: 60 })
      .at(200).arpRequest({ mac: A, ip: IP, target: S1 });
    const r = await run(s);
    expect(r.findings.map((f) => [f.code, f.frames])).toEqual([['STALE_USE', [4, 5]]]);
  });
});

describe('CHADDR_MISMATCH', () => {
  it('is raised for a client message whose chaddr is not its Ethernet source', async () => {
    const tool = '02:de:ad:be:ef:01';
    const s = scenario().at(0).discover({ mac: A, xid: 1, ethSrc: tool }).at(0.01).offer({ server: S1, mac: A, xid: 1, yiaddr: IP });
    const r = await run(s);
    expect(of(r, 'CHADDR_MISMATCH').map(brief)).toEqual([{ code: 'CHADDR_MISMATCH', severity: 'warning', frames: [1], ips: [], macs: [tool, A] }]);
  });

  it('is not raised for a RENEW unicast across a router (the router rewrites the Ethernet source)', async () => {
    const router = '00:1b:21:aa:00:99';
    const s = scenario()
      .at(0).request({ mac: A, xid: 1, ciaddr: '10.1.0.50', dst: S1, ethSrc: router })
      .at(0.01).ack({ server: S1, mac: A, xid: 1, ciaddr: '10.1.0.50', yiaddr: '10.1.0.50', lease: 3600 });
    const r = await run(s);
    expect(r.transactions.map((t) => [t.kind, t.outcome])).toEqual([['RENEW', 'ACK']]);
    expect(r.findings).toEqual([]);
  });
});

describe('STARVATION', () => {
  const flood = (n: number) => {
    const s = scenario();
    for (let i = 0; i < n; i++) s.at(i * 0.1).discover({ mac: `02:ba:d0:00:00:${(i + 1).toString(16).padStart(2, '0')}`, xid: 100 + i });
    return s.at(10).arpRequest({ mac: macFor(S1), ip: S1, target: '192.168.1.9' });
  };

  it('is raised when the configured number of distinct MACs discover within the window', async () => {
    const r = await run(flood(5), { starvationClients: 5, starvationWindow: 2 });
    expect(of(r, 'STARVATION').map(brief)).toEqual([
      {
        code: 'STARVATION',
        severity: 'error',
        frames: [1, 2, 3, 4, 5],
        ips: [],
        macs: ['02:ba:d0:00:00:01', '02:ba:d0:00:00:02', '02:ba:d0:00:00:03', '02:ba:d0:00:00:04', '02:ba:d0:00:00:05'],
      },
    ]);
  });

  it('is not raised one client below the threshold', async () => {
    const r = await run(flood(4), { starvationClients: 5, starvationWindow: 2 });
    expect(of(r, 'STARVATION')).toEqual([]);
  });

  it('is not raised when the discovers are spread wider than the window', async () => {
    const s = scenario();
    for (let i = 0; i < 5; i++) s.at(i * 3).discover({ mac: `02:ba:d0:00:00:0${i + 1}`, xid: 100 + i });
    const r = await run(s, { starvationClients: 5, starvationWindow: 2 });
    expect(of(r, 'STARVATION')).toEqual([]);
  });
});

describe('STARVATION by an exhausted pool', () => {
  const mac = (i: number) => `02:00:00:00:0e:${i.toString(16).padStart(2, '0')}`;
  /** `served` clients granted addresses from `t0` one second apart, then three new clients' DISCOVERs nobody answers. */
  const exhausted = (served: number, t0: number, gap = 0, unanswered = 3) => {
    const s = scenario();
    for (let i = 0; i < served; i++) s.at(t0 + i + (i === served - 1 ? gap : 0)).dora({ mac: mac(i), xid: 10 + i, server: S1, yiaddr: `192.168.1.${50 + i}` });
    const after = t0 + served + gap + 1;
    for (let i = 0; i < unanswered; i++) s.at(after + i).discover({ mac: mac(100 + i), xid: 200 + i });
    return s.at(after + 30).arpRequest({ mac: macFor(S1), ip: S1, target: '192.168.1.9' });
  };
  const pool = (r: Report) => of(r, 'STARVATION').map((f) => f.message);

  it('is raised when five clients were served in the minute before the last OFFER and then nobody is answered', async () => {
    const r = await run(exhausted(5, 0));
    expect(pool(r)).toHaveLength(1);
    expect(pool(r)[0]).toMatch(/^5 clients were served in the minute before frame 18; after it no server offered an address to .* \(3 DISCOVERs\): pool exhausted or server gone$/);
  });

  it('counts every unanswered client after the last OFFER, those still open at the end and those closed before', async () => {
    // 40 clients a second apart: the first ones' exchanges time out before the capture ends, the last ones do not
    // (and the last two, within 2 s of its end, are not counted yet).
    const r = await run(exhausted(5, 0, 0, 40), { transactionTimeout: 20 });
    const macs = Array.from({ length: 38 }, (_, i) => mac(100 + i));
    expect(pool(r)).toEqual([`5 clients were served in the minute before frame 18; after it no server offered an address to ${macs.slice(0, 3).join(', ')} and 35 more (38 DISCOVERs): pool exhausted or server gone`]);
    const starvation = of(r, 'STARVATION')[0]!;
    expect(starvation.macs).toEqual(macs);
    expect(starvation.frames).toEqual([18, ...Array.from({ length: 38 }, (_, i) => 21 + i)]);
  });

  it('counts only the clients served in the minute before the last OFFER', async () => {
    // Four clients served, then the fifth two minutes later: the four no longer count.
    const r = await run(exhausted(5, 0, 120));
    expect(pool(r)).toEqual([]);
  });
});

describe('unanswered messages', () => {
  it('NO_OFFER: DISCOVERs nobody answered', async () => {
    const s = scenario()
      .at(0).discover({ mac: A, xid: 1 })
      .at(4).discover({ mac: A, xid: 1, secs: 4 })
      .at(10).arpRequest({ mac: macFor(S1), ip: S1, target: '192.168.1.9' });
    const r = await run(s);
    expect(r.findings.map(brief)).toEqual([{ code: 'NO_OFFER', severity: 'warning', frames: [1, 2], ips: [], macs: [A] }]);
    expect(r.transactions.map((t) => [t.kind, t.outcome])).toEqual([['DORA', 'NO_OFFER']]);
  });

  it('NO_OFFER: raised for DISCOVERs retried over 28 s even when the capture stops a second after the last', async () => {
    const s = scenario();
    for (const t of [0, 4, 12, 28]) s.at(t).discover({ mac: A, xid: 1, secs: t });
    const r = await run(s.at(29).arpRequest({ mac: macFor(S1), ip: S1, target: '192.168.1.9' }));
    expect(r.findings.map(brief)).toEqual([{ code: 'NO_OFFER', severity: 'warning', frames: [1, 2, 3, 4], ips: [], macs: [A] }]);
  });

  it('NO_OFFER: not raised for a DISCOVER the capture stopped right after', async () => {
    const r = await run(scenario().at(0).discover({ mac: A, xid: 1 }).at(0.5).arpRequest({ mac: macFor(S1), ip: S1, target: '192.168.1.9' }));
    expect(r.findings).toEqual([]);
  });

  it('NO_ACK: a REQUEST nobody answered', async () => {
    const s = scenario()
      .at(0).discover({ mac: A, xid: 1 })
      .at(0.01).offer({ server: S1, mac: A, xid: 1, yiaddr: IP })
      .at(0.02).request({ mac: A, xid: 1, server: S1, requested: IP })
      .at(10).arpRequest({ mac: macFor(S1), ip: S1, target: '192.168.1.9' });
    const r = await run(s);
    expect(r.findings.map(brief)).toEqual([{ code: 'NO_ACK', severity: 'warning', frames: [1, 2, 3], ips: [IP], macs: [A] }]);
    expect(r.transactions.map((t) => [t.kind, t.outcome])).toEqual([['DORA', 'NO_ACK']]);
  });
});

describe('servers', () => {
  const twoServers = () =>
    scenario()
      .at(0).discover({ mac: A, xid: 1 })
      .at(0.01).offer({ server: S1, mac: A, xid: 1, yiaddr: IP, lease: 3600 })
      .at(0.02).offer({ server: S2, mac: A, xid: 1, yiaddr: IP2, lease: 3600 })
      .at(0.03).request({ mac: A, xid: 1, server: S1, requested: IP })
      .at(0.04).ack({ server: S1, mac: A, xid: 1, yiaddr: IP, lease: 3600 });

  it('SERVER_MISMATCH: the ACK comes from a server the REQUEST did not select', async () => {
    const s = scenario()
      .at(0).discover({ mac: A, xid: 1 })
      .at(0.01).offer({ server: S1, mac: A, xid: 1, yiaddr: IP })
      .at(0.02).request({ mac: A, xid: 1, server: S1, requested: IP })
      .at(0.03).ack({ server: S2, mac: A, xid: 1, yiaddr: IP, lease: 3600 });
    const r = await run(s);
    expect(of(r, 'SERVER_MISMATCH').map(brief)).toEqual([{ code: 'SERVER_MISMATCH', severity: 'warning', frames: [4], ips: [S1, S2], macs: [A] }]);
  });

  it('MULTIPLE_SERVERS: two servers answer on one segment', async () => {
    const r = await run(twoServers());
    expect(r.findings.map(brief)).toEqual([
      { code: 'MULTIPLE_SERVERS', severity: 'warning', frames: [2, 3], ips: [S1, S2], macs: [macFor(S1), macFor(S2)] },
    ]);
  });

  it('ROGUE_SERVER: a server outside --server answers', async () => {
    const r = await run(twoServers(), { trustedServers: [S1] });
    expect(of(r, 'ROGUE_SERVER').map(brief)).toEqual([{ code: 'ROGUE_SERVER', severity: 'error', frames: [3], ips: [S2], macs: [macFor(S2)] }]);
    expect(r.servers.map((x) => [x.ip, x.trusted])).toEqual([[S1, true], [S2, false]]);
  });

  it('nothing when every answering server is trusted (a failover pair the user named)', async () => {
    const r = await run(twoServers(), { trustedServers: [S1, S2] });
    expect(codes(r)).toEqual([]);
  });
});

describe('DELIVERY_MISMATCH', () => {
  it('is raised when the broadcast flag is set but the OFFER is unicast', async () => {
    const s = scenario()
      .at(0).discover({ mac: A, xid: 1, broadcastFlag: true })
      .at(0.01).offer({ server: S1, mac: A, xid: 1, yiaddr: IP, to: 'unicast', broadcastFlag: true })
      .at(0.02).request({ mac: A, xid: 1, server: S1, requested: IP, broadcastFlag: true })
      .at(0.03).ack({ server: S1, mac: A, xid: 1, yiaddr: IP, lease: 3600, to: 'broadcast', broadcastFlag: true });
    const r = await run(s);
    expect(r.findings.map(brief)).toEqual([{ code: 'DELIVERY_MISMATCH', severity: 'warning', frames: [2], ips: [IP], macs: [A] }]);
    expect(r.findings[0]!.message).toBe(`server ${S1} sent an OFFER unicast to ${IP}; RFC 2131 expects broadcast (broadcast flag set)`);
    expect(r.transactions[0]!.steps.map((x) => x.deliveryOk)).toEqual([true, false, true, true]);
  });

  it('judges each reply by the broadcast flag of the message it answers (REQUEST set it, the DISCOVER did not)', async () => {
    // A reply answers the client's latest message: the REQUEST set the flag, the DISCOVER did not.
    const s = scenario()
      .at(0).discover({ mac: A, xid: 1 })
      .at(0.01).offer({ server: S1, mac: A, xid: 1, yiaddr: IP })
      .at(0.02).request({ mac: A, xid: 1, server: S1, requested: IP, broadcastFlag: true })
      .at(0.03).ack({ server: S1, mac: A, xid: 1, yiaddr: IP, lease: 3600, broadcastFlag: true, to: 'unicast' });
    const r = await run(s);
    expect(r.transactions[0]!.steps.map((x) => [x.messageType, x.expectedDelivery, x.deliveryOk])).toEqual([
      ['DISCOVER', 'broadcast', true],
      ['OFFER', `unicast to ${IP} (broadcast allowed)`, true],
      ['REQUEST', 'broadcast (SELECTING)', true],
      ['ACK', 'broadcast (broadcast flag set)', false],
    ]);
    expect(r.findings.map(brief)).toEqual([{ code: 'DELIVERY_MISMATCH', severity: 'warning', frames: [4], ips: [IP], macs: [A] }]);
  });

  it('lists frames, clients and exchanges in frame order when the exchanges close in another order', async () => {
    // A's exchange stays open (no REQUEST) until the 60 s timeout; B's, answered, closes 20 s after its ACK.
    const s = scenario()
      .at(0).discover({ mac: A, xid: 1, broadcastFlag: true })
      .at(0.01).offer({ server: S1, mac: A, xid: 1, yiaddr: IP, to: 'unicast', broadcastFlag: true })
      .at(1).discover({ mac: B, xid: 2, broadcastFlag: true })
      .at(1.01).offer({ server: S1, mac: B, xid: 2, yiaddr: IP2, to: 'unicast', broadcastFlag: true })
      .at(1.02).request({ mac: B, xid: 2, server: S1, requested: IP2, broadcastFlag: true })
      .at(1.03).ack({ server: S1, mac: B, xid: 2, yiaddr: IP2, lease: 3600, to: 'broadcast', broadcastFlag: true })
      .at(30).discover({ mac: C, xid: 3 })
      .at(30.01).offer({ server: S1, mac: C, xid: 3, yiaddr: '10.0.0.99' })
      .at(90).discover({ mac: C, xid: 4 });
    const r = await run(s);
    const mismatch = of(r, 'DELIVERY_MISMATCH');
    expect(mismatch.map(brief)).toEqual([{ code: 'DELIVERY_MISMATCH', severity: 'warning', frames: [2, 4], ips: [IP, IP2], macs: [A, B] }]);
    expect(mismatch[0]!.transactions).toEqual(['T1', 'T3']);
    expect(mismatch[0]!.time).toBe(isoAt(0.01));
    expect(mismatch[0]!.message).toBe(`server ${S1} sent 2 OFFERs unicast to ${IP}; RFC 2131 expects broadcast (broadcast flag set)`);
  });

  it('is not raised for a unicast OFFER when the flag is clear (dhclient + dnsmasq)', async () => {
    const r = await run(scenario().at(0).dora({ mac: A, xid: 1, server: S1, yiaddr: IP }));
    expect(r.findings).toEqual([]);
  });
});

describe('RETRANSMISSION_STORM', () => {
  const discovers = (n: number) => {
    const s = scenario();
    for (let i = 0; i < n; i++) s.at(i).discover({ mac: A, xid: 1, secs: i });
    return s.at(n - 1 + 0.5).offer({ server: S1, mac: A, xid: 1, yiaddr: IP });
  };

  it('is raised when one exchange holds 8 copies of a client message', async () => {
    const r = await run(discovers(8));
    expect(r.findings.map(brief)).toEqual([{ code: 'RETRANSMISSION_STORM', severity: 'warning', frames: [1, 2, 3, 4, 5, 6, 7, 8], ips: [], macs: [A] }]);
  });

  it('is not raised for 7 copies', async () => {
    const r = await run(discovers(7));
    expect(r.findings).toEqual([]);
  });
});

describe('RETRANSMISSION_STORM from one client\'s message rate', () => {
  /** `n` DISCOVERs of one client, a tenth of a second apart from `t0`, each its own exchange. */
  const burst = (s: Scenario, t0: number, n: number, xid0: number) => {
    for (let i = 0; i < n; i++) s.at(t0 + i / 10).discover({ mac: A, xid: xid0 + i });
    return s;
  };
  const storms = (r: Report) => of(r, 'RETRANSMISSION_STORM').filter((f) => f.message.includes('or more DHCP messages'));

  it('is raised at 40 messages within 10 s, with the frames of that window', async () => {
    const r = await run(burst(scenario(), 0, 40, 1));
    expect(storms(r).map((f) => f.frames)).toEqual([Array.from({ length: 40 }, (_, i) => i + 1)]);
  });

  it('counts again from one when the client comes back after a quiet minute', async () => {
    // B's message at 70 s lets the analyser forget A's quiet window before A comes back.
    const r = await run(burst(burst(scenario(), 0, 39, 1).at(70).discover({ mac: B, xid: 99 }), 100, 39, 100));
    expect(storms(r)).toEqual([]);
  });

  it('is raised for a client that comes back after a quiet minute and then floods', async () => {
    const r = await run(burst(burst(scenario(), 0, 39, 1).at(70).discover({ mac: B, xid: 99 }), 100, 40, 100));
    expect(storms(r).map((f) => f.frames)).toEqual([Array.from({ length: 40 }, (_, i) => i + 41)]);
  });

  it('keeps the frames of the window it was raised in when the client goes on in later windows', async () => {
    const r = await run(burst(burst(burst(scenario(), 0, 40, 1), 20, 5, 100), 200, 3, 200));
    expect(storms(r).map((f) => f.frames)).toEqual([Array.from({ length: 40 }, (_, i) => i + 1)]);
  });
});

describe('MALFORMED', () => {
  it('is raised for a BOOTP message cut short, and the frame is counted as malformed', async () => {
    const full = buildDhcpMessage({ op: 1, xid: 7, chaddr: A, options: [opt(53, 'DISCOVER')], padTo: 300 });
    const s = scenario()
      .at(0).udp({ srcMac: A, src: '0.0.0.0', dst: '255.255.255.255', srcPort: 68, dstPort: 67, payload: full.subarray(0, 100) })
      .at(1).dora({ mac: B, xid: 2, server: S1, yiaddr: IP2 });
    const r = await run(s);
    expect(r.findings.map(brief)).toEqual([{ code: 'MALFORMED', severity: 'warning', frames: [1], ips: [], macs: [A] }]);
    expect(r.findings[0]!.message).toBe('a frame: UDP payload of 100 bytes is shorter than the 236-byte BOOTP header');
    expect(r.stats).toMatchObject({ packets: 5, dhcp: 4, malformed: 1 });
    expect(r.transactions.map((t) => [t.clientMac, t.outcome])).toEqual([[B, 'ACK']]);
  });

  it('is one finding for a capture cut at one snaplen, however long the frames were', async () => {
    // tcpdump -s 120: every DHCP frame keeps 120 bytes, each of its own original length.
    const records = [300, 310, 342, 300].map((len, i) => {
      const frame = buildDhcpEthernet({ srcMac: A, payload: buildDhcpMessage({ op: 1, xid: i + 1, chaddr: A, options: [opt(53, 'DISCOVER')], padTo: len - 42 }) });
      return { sec: T0 + i, frac: 0, data: frame.subarray(0, 120), origlen: frame.length };
    });
    const r = await analyze(buildPcap({ records }));
    const malformed = of(r, 'MALFORMED');
    expect(malformed.map((f) => f.message)).toEqual([
      '4 frames: UDP payload of 78 bytes is shorter than the 236-byte BOOTP header',
      '4 frames: frame truncated by the capture: 120 of 300 bytes (the first; the others differ in their numbers)',
    ]);
    expect(malformed.every((f) => f.frames.join() === '1,2,3,4')).toBe(true);
  });

  it('groups by problem code, not by the words: odd ARP of two protocol types is one finding, two broken options two', async () => {
    // ARP for Ethernet hardware with a protocol that is not IPv4: read, not classified. 0x0800 vs 0x08bb differ
    // in letters as well as digits, which grouping by the sentence with its numbers taken out told apart.
    const arp = (ptype: number): Uint8Array =>
      Uint8Array.from([...[0xff, 0xff, 0xff, 0xff, 0xff, 0xff], ...[2, 0, 0, 0, 0, 0x0a], 0x08, 0x06, 0, 1, ptype >> 8, ptype & 0xff, 6, 4, 0, 1, ...new Array<number>(20).fill(1)]);
    const broken = (code: number): Uint8Array => {
      const header = new Uint8Array(236);
      header.set([1, 1, 6]);
      return buildDhcpEthernet({ srcMac: A, payload: Uint8Array.from([...header, 0x63, 0x82, 0x53, 0x63, code, 0, 255]) });
    };
    const records = [arp(0x86dd), arp(0x08bb), broken(1), broken(1), broken(51)].map((data, i) => ({ sec: T0 + i, frac: 0, data }));
    const r = await analyze(buildPcap({ records }));
    expect(of(r, 'MALFORMED').map((f) => [f.frames, f.message])).toEqual([
      [[1, 2], '2 frames: ARP for hardware type 1 (Ethernet, 6-byte addresses) and protocol 0x86dd (4-byte addresses): not classified (the first; the others differ in their numbers)'],
      [[3, 4], '2 frames: option 1 (Subnet Mask): expected 4 bytes, got 0'],
      [[5], 'a frame: option 51 (IP Address Lease Time): expected 4 bytes, got 0'],
    ]);
  });

  it('tells at most a hundred kinds apart: the rest of a fuzzed capture shares one finding', async () => {
    // Each frame carries a different option whose length runs past the end: a problem of its own kind each.
    const records = Array.from({ length: 150 }, (_, i) => {
      const header = new Uint8Array(236);
      header.set([1, 1, 6]); // BOOTREQUEST, Ethernet, 6-byte chaddr: the option is the only thing wrong
      const payload = Uint8Array.from([...header, 0x63, 0x82, 0x53, 0x63, i + 1, 200, 1, 2, 3]);
      return { sec: T0 + i, frac: 0, data: buildDhcpEthernet({ srcMac: A, payload }) };
    });
    const r = await analyze(buildPcap({ records }));
    const malformed = of(r, 'MALFORMED');
    expect(malformed).toHaveLength(101);
    const other = malformed.find((f) => f.message.includes('yet other kinds'))!;
    expect(other.message).toMatch(/^\d+ frames: problems of yet other kinds, the first: option \d+ \(/);
    expect(malformed.reduce((n, f) => n + Number(/^(\d+) frames|^a frame/.exec(f.message)![1] ?? 1), 0)).toBe(150);
  });
});

describe('first-hop redundancy', () => {
  it('a gateway address claimed by its VRRP virtual MAC and by a router MAC is no ARP_CONFLICT', async () => {
    const vrrp = '00:00:5e:00:01:0a';
    const router = '02:00:00:00:00:fe';
    const s = scenario()
      .at(0).arpAnnounce({ mac: vrrp, ip: '10.0.0.254' })
      .at(1).arpRequest({ mac: router, ip: '10.0.0.254', target: '10.0.0.7' })
      .at(2).arpAnnounce({ mac: vrrp, ip: '10.0.0.254' });
    const r = await run(s);
    expect(r.findings.filter((f) => f.code === 'ARP_CONFLICT')).toEqual([]);
    expect(r.arp.find((a) => a.ip === '10.0.0.254')?.claims.map((c) => c.mac)).toEqual([vrrp, router]);
  });

  it('two ordinary MACs alternating on one address still are', async () => {
    const s = scenario()
      .at(0).arpAnnounce({ mac: '02:00:00:00:00:01', ip: '10.0.0.9' })
      .at(1).arpAnnounce({ mac: '02:00:00:00:00:02', ip: '10.0.0.9' });
    const r = await run(s);
    expect(r.findings.map((f) => f.code)).toContain('ARP_CONFLICT');
  });
});

describe('CLIENT_UNREACHABLE', () => {
  it("is raised, as info, when a client answers a server's reply with ICMP port unreachable", async () => {
    const CLIENT = '02:00:00:00:0c:01';
    const XID_RENEW = 0x4545;
    const s = scenario()
      .at(0).dora({ mac: CLIENT, xid: 0x4444, server: S1, yiaddr: IP, lease: 3600 })
      .at(1800).request({ mac: CLIENT, xid: XID_RENEW, ciaddr: IP, dst: S1 })
      .at(1800.001).ack({ server: S1, mac: CLIENT, xid: XID_RENEW, yiaddr: IP, ciaddr: IP, lease: 3600, to: 'unicast' })
      // The client's port 68 is closed by now: its stack answers the ACK with ICMP port unreachable.
      .at(1800.0012).icmpUnreachable({ from: IP, fromMac: CLIENT });
    const r = await analyze(s.build());
    const found = r.findings.filter((f) => f.code === 'CLIENT_UNREACHABLE');
    expect(found.map((f) => [f.severity, f.frames, f.ips, f.macs])).toEqual([['info', [7], [IP], [CLIENT]]]);
    expect(found[0]!.message).toBe(`${IP} answered a server's reply with ICMP unreachable: the client's port 68 was closed`);
    // A client's closed port says nothing about the server.
    expect(r.findings.map((f) => f.code)).not.toContain('SERVER_UNREACHABLE');
    expect(validateReport(r)).toEqual([]);
  });
});
