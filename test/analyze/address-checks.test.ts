/**
 * A server's own check of a candidate address before it offers it (ISC dhcpd ping-check, dnsmasq): ARP who-has
 * from the server, an ICMP echo once the address answers, the OFFER about a second later. Built frames in the
 * layouts those servers put on the wire (fixtures/captures/20-ping-check-*.pcap shows the real ones).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/index.js';
import { renderText } from '../../src/render/text.js';
import { scenario } from '../helpers/scenario.js';
import { validateReport } from '../helpers/schema.js';
import { buildVxlan } from '../helpers/tunnels.js';

const SRV = '10.77.3.1';
const SRV_MAC = '02:00:00:77:03:0a';
const CLIENT = '02:00:00:77:03:01';
const SQUAT_MAC = '02:00:00:77:03:99';
const FREE = '10.77.3.150';
const TAKEN = '10.77.3.149';

const reply = (yiaddr: string, xid = 1, mac = CLIENT) => ({ server: SRV, serverMac: SRV_MAC, mac, xid, yiaddr, lease: 600, mask: '255.255.255.0', router: SRV });
const who = (target: string) => ({ mac: SRV_MAC, ip: SRV, target });
const ping = (to: string, reply = false) => (reply ? { from: to, to: SRV, toMac: SRV_MAC, fromMac: SQUAT_MAC, reply } : { from: SRV, to, fromMac: SRV_MAC, toMac: SQUAT_MAC });

/** The server checks TAKEN (answered by the squatter in ARP and to the ping), then FREE (no answer). */
function checkTakenThenFree(s: ReturnType<typeof scenario>, t: number) {
  return s
    .at(t + 0.0005).arpRequest(who(TAKEN))
    .at(t + 0.0006).arpReply({ mac: SQUAT_MAC, ip: TAKEN, toMac: SRV_MAC, toIp: SRV })
    .at(t + 0.0007).ping(ping(TAKEN))
    .at(t + 0.0008).ping(ping(TAKEN, true))
    .at(t + 0.001).arpRequest(who(FREE));
}

describe('server address checks (transactions[].addressChecks)', () => {
  it('starts a check afresh long after an answered one was forgotten (nothing of the old one carries over)', async () => {
    // An answered check nobody claims, forgotten after 90 s (the prune runs once a minute of capture time);
    // 200 s later the server checks FREE for a client and nobody answers.
    const s = scenario()
      .at(0).arpRequest(who(TAKEN))
      .at(0.0001).arpReply({ mac: SQUAT_MAC, ip: TAKEN, toMac: SRV_MAC, toIp: SRV })
      .at(100).discover({ mac: '02:00:00:77:03:02', xid: 9 })
      .at(170).discover({ mac: '02:00:00:77:03:03', xid: 8 })
      .at(200).discover({ mac: CLIENT, xid: 1 })
      .at(200.001).arpRequest(who(FREE))
      .at(201.001).offer(reply(FREE))
      .at(201.002).request({ mac: CLIENT, xid: 1, server: SRV, requested: FREE })
      .at(201.003).ack(reply(FREE));
    const r = await analyze(s.build());
    const tx = r.transactions.find((t) => t.clientMac === CLIENT)!;
    expect(tx.addressChecks?.map((c) => [c.ip, c.methods, c.frames, c.answered, c.answerFrames, c.answerMac, c.offered])).toEqual([[FREE, ['arp'], [6], false, [], undefined, 'same']]);
  });

  it('links an unanswered ARP check to the OFFER of that address: "no answer, 1.00 s", the offer latency explained', async () => {
    const s = scenario()
      .at(0).discover({ mac: CLIENT, xid: 1 })
      .at(0.001).arpRequest(who(FREE))
      .at(1.001).offer(reply(FREE))
      .at(1.002).request({ mac: CLIENT, xid: 1, server: SRV, requested: FREE })
      .at(1.003).ack(reply(FREE));
    const r = await analyze(s.build());
    expect(validateReport(r)).toEqual([]);
    const tx = r.transactions[0]!;
    expect(tx.addressChecks).toEqual([
      { server: SRV, ip: FREE, methods: ['arp'], frames: [2], answered: false, answerFrames: [], time: expect.any(String), epoch: expect.any(Number), durationMs: 1000, offered: 'same' },
    ]);
    expect(tx.latencyMs).toMatchObject({ offer: 1001, check: 1000 });
    expect(tx.steps.find((x) => x.messageType === 'OFFER')?.note).toBe(`offered after the server checked ${FREE} (no answer, 1.00 s)`);
    expect(r.findings.map((f) => f.code)).toEqual([]);
    const text = renderText(r);
    const lines = text.split('\n');
    const at = (needle: string) => lines.findIndex((l) => l.includes(needle));
    expect(at(`server checked ${FREE}: no answer, 1.00 s`)).toBeGreaterThan(at('DISCOVER'));
    expect(at(`server checked ${FREE}: no answer, 1.00 s`)).toBeLessThan(at('OFFER'));
  });

  it('shows a server that moves on from an answered address and offers another (ISC abandoning one)', async () => {
    const s = checkTakenThenFree(scenario().at(0).discover({ mac: CLIENT, xid: 1 }), 0)
      .at(1.001).offer(reply(FREE))
      .at(1.002).request({ mac: CLIENT, xid: 1, server: SRV, requested: FREE })
      .at(1.003).ack(reply(FREE));
    const r = await analyze(s.build());
    expect(validateReport(r)).toEqual([]);
    expect(r.transactions[0]!.addressChecks?.map((c) => [c.ip, c.methods, c.frames, c.answered, c.answerFrames, c.offered])).toEqual([
      [TAKEN, ['arp', 'icmp'], [2, 4], true, [3, 5], 'other'],
      [FREE, ['arp'], [6], false, [], 'same'],
    ]);
    expect(r.findings.map((f) => [f.code, f.severity, f.frames])).toEqual([['POOL_ADDRESS_IN_USE', 'info', [2, 3, 4, 5, 7]]]);
    // The squatter answering the server's check is not an ARP conflict, nor is the server's own ARP.
    expect(r.arp.find((a) => a.ip === TAKEN)?.conflict).toBe(false);
    expect(renderText(r)).toContain(`server checked ${TAKEN}: answered by ${SQUAT_MAC} (in use), offered another address (ARP + ICMP echo)  #2, #3, #4, #5`);
  });

  it('flags an answered check followed by an offer of that same address anyway', async () => {
    const s = scenario()
      .at(0).discover({ mac: CLIENT, xid: 1 })
      .at(0.001).arpRequest(who(TAKEN))
      .at(0.0011).arpReply({ mac: SQUAT_MAC, ip: TAKEN, toMac: SRV_MAC, toIp: SRV })
      .at(0.0012).ping(ping(TAKEN))
      .at(0.0013).ping(ping(TAKEN, true))
      .at(1.001).offer(reply(TAKEN));
    const r = await analyze(s.build());
    expect(validateReport(r)).toEqual([]);
    expect(r.transactions[0]!.addressChecks?.map((c) => [c.ip, c.answered, c.offered])).toEqual([[TAKEN, true, 'same']]);
    const f = r.findings.find((x) => x.code === 'CHECKED_ADDRESS_OFFERED');
    expect(f).toMatchObject({ severity: 'warning', frames: [2, 3, 4, 5, 6], ips: [TAKEN], macs: [CLIENT, SQUAT_MAC], transactions: [r.transactions[0]!.id] });
  });

  it('gives an exchange the server never answered the checks that explain why (offered: none)', async () => {
    const other = '02:00:00:77:03:02';
    const s = scenario()
      .dora({ mac: other, xid: 9, server: SRV, serverMac: SRV_MAC, yiaddr: '10.77.3.160' })
      .at(5).discover({ mac: CLIENT, xid: 1 })
      .at(5.0005).arpRequest(who(TAKEN))
      .at(5.0006).arpReply({ mac: SQUAT_MAC, ip: TAKEN, toMac: SRV_MAC, toIp: SRV })
      .at(5.0007).ping(ping(TAKEN))
      .at(5.0008).ping(ping(TAKEN, true));
    const r = await analyze(s.build());
    expect(validateReport(r)).toEqual([]);
    const tx = r.transactions.find((t) => t.clientMac === CLIENT)!;
    expect(tx.outcome).toBe('NO_OFFER');
    expect(tx.addressChecks?.map((c) => [c.ip, c.answered, c.offered, c.durationMs])).toEqual([[TAKEN, true, 'none', null]]);
  });

  it('gives a server\'s very first exchange, which it never answers, the check that explains why', async () => {
    // ISC dhcpd whose only free address answers its ping: it abandons the address and offers nothing, so the
    // server is never seen answering anyone; its ping right after the DISCOVER is still its check.
    const s = scenario()
      .at(0).discover({ mac: CLIENT, xid: 1 })
      .at(0.013).arpRequest(who(TAKEN))
      .at(0.0131).arpReply({ mac: SQUAT_MAC, ip: TAKEN, toMac: SRV_MAC, toIp: SRV })
      .at(0.0132).ping(ping(TAKEN))
      .at(0.0133).ping(ping(TAKEN, true))
      .at(4).discover({ mac: CLIENT, xid: 1, secs: 4 });
    const r = await analyze(s.build());
    expect(validateReport(r)).toEqual([]);
    expect(r.servers).toEqual([]);
    const tx = r.transactions[0]!;
    expect(tx.outcome).toBe('NO_OFFER');
    expect(tx.addressChecks?.map((c) => [c.server, c.ip, c.methods, c.frames, c.answered, c.answerFrames, c.offered])).toEqual([
      [SRV, TAKEN, ['arp', 'icmp'], [2, 4], true, [3, 5], 'none'],
    ]);
    expect(r.findings.find((f) => f.code === 'POOL_ADDRESS_IN_USE')?.message).toBe(
      `${SRV} checked ${TAKEN} for ${CLIENT} and ${SQUAT_MAC} answered: the address is in use, and the server offered nothing`,
    );
    expect(renderText(r)).toContain(`server checked ${TAKEN}: answered by ${SQUAT_MAC} (in use), no offer (ARP + ICMP echo)`);
  });

  it('does not take a host\'s answered ping long after (or before) the DISCOVER for an unknown server\'s check', async () => {
    const pinger = '10.77.3.200';
    const pingFrom = (t: number, sc: ReturnType<typeof scenario>) =>
      sc.at(t).ping({ from: pinger, to: TAKEN, fromMac: '02:00:00:77:03:c8', toMac: SQUAT_MAC })
        .at(t + 0.0001).ping({ from: TAKEN, to: pinger, fromMac: SQUAT_MAC, toMac: '02:00:00:77:03:c8', reply: true });
    const after = pingFrom(2.5, scenario().at(0).discover({ mac: CLIENT, xid: 1 }));
    const before = pingFrom(0, scenario()).at(0.5).discover({ mac: CLIENT, xid: 1 });
    for (const [name, sc] of [['2.5 s after', after], ['0.5 s before', before]] as const) {
      const r = await analyze(sc.build());
      const tx = r.transactions.find((x) => x.clientMac === CLIENT)!;
      expect(tx.addressChecks, name).toBeUndefined();
      expect(r.findings.map((f) => f.code), name).not.toContain('POOL_ADDRESS_IN_USE');
    }
  });

  it('keeps two servers with one address in two VXLAN networks apart: each exchange gets its own server\'s check', async () => {
    // Tenants reuse one address plan: 10.77.3.1 serves VNI 10 and VNI 20. In VNI 10 the candidate is taken (the
    // server moves on); in VNI 20 the same candidate is free and offered. Mixed together, VNI 20's check would
    // look answered and its offer flagged as CHECKED_ADDRESS_OFFERED.
    const vni = (id: number) => (inner: Uint8Array) => buildVxlan({ src: '192.0.2.1', dst: '192.0.2.2', vni: id, inner });
    const other = '02:00:00:77:03:02';
    const s = scenario()
      .through(vni(10)).at(0).discover({ mac: CLIENT, xid: 1 })
      .through(vni(20)).at(0.0001).discover({ mac: other, xid: 2 })
      .through(vni(10)).at(0.0005).arpRequest(who(TAKEN))
      .through(vni(20)).at(0.00055).arpRequest(who(TAKEN))
      .through(vni(10)).at(0.0006).arpReply({ mac: SQUAT_MAC, ip: TAKEN, toMac: SRV_MAC, toIp: SRV })
      .at(0.0007).ping(ping(TAKEN))
      .at(0.0008).ping(ping(TAKEN, true))
      .at(0.001).arpRequest(who(FREE))
      .at(1.001).offer(reply(FREE))
      .through(vni(20)).at(1.0015).offer(reply(TAKEN, 2, other));
    const r = await analyze(s.build());
    expect(validateReport(r)).toEqual([]);
    const checks = (mac: string) => r.transactions.find((t) => t.clientMac === mac)?.addressChecks?.map((c) => [c.ip, c.frames, c.answered, c.offered]);
    expect(checks(CLIENT)).toEqual([
      [TAKEN, [3, 6], true, 'other'],
      [FREE, [8], false, 'same'],
    ]);
    expect(checks(other)).toEqual([[TAKEN, [4], false, 'same']]);
    expect(r.findings.map((f) => f.code)).toEqual(['POOL_ADDRESS_IN_USE']);
  });

  it('links the checks of a busy server: 400 exchanges in 40 s, each OFFER after an ARP check of its address', async () => {
    let s = scenario();
    for (let i = 0; i < 400; i++) {
      const mac = `02:00:00:77:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 0xff).toString(16).padStart(2, '0')}`;
      const ip = `10.77.${4 + (i >> 8)}.${i & 0xff}`;
      const t = i * 0.1;
      s = s.at(t).discover({ mac, xid: 1000 + i }).at(t + 0.001).arpRequest(who(ip)).at(t + 0.05).offer(reply(ip, 1000 + i, mac));
    }
    const r = await analyze(s.build());
    expect(r.transactions).toHaveLength(400);
    const linked = r.transactions.filter((t) => t.addressChecks?.length === 1 && t.addressChecks[0]!.ip === t.offers[0]?.yiaddr && t.addressChecks[0]!.offered === 'same');
    expect(linked).toHaveLength(400);
  });

  it('does not take the server resolving its gateway, or a client pinging the server, for a check', async () => {
    const gw = '10.77.3.254';
    const s = scenario()
      .at(0).discover({ mac: CLIENT, xid: 1 })
      .at(0.2).arpRequest(who(gw))
      .at(0.2001).arpReply({ mac: '02:00:00:77:03:fe', ip: gw, toMac: SRV_MAC, toIp: SRV })
      .at(0.3).arpRequest(who('10.77.3.77'))
      .at(1.001).offer(reply(FREE))
      .at(1.002).request({ mac: CLIENT, xid: 1, server: SRV, requested: FREE })
      .at(1.003).ack(reply(FREE))
      .at(2).ping({ from: FREE, to: SRV, fromMac: CLIENT, toMac: SRV_MAC })
      .at(2.0001).ping({ from: SRV, to: FREE, fromMac: SRV_MAC, toMac: CLIENT, reply: true });
    const r = await analyze(s.build());
    expect(r.transactions[0]!.addressChecks).toBeUndefined();
    expect(r.transactions[0]!.latencyMs.check).toBeUndefined();
    expect(r.findings).toEqual([]);
  });
});
