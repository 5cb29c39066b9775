/**
 * Grouping DHCP messages into exchanges: the DORA and its variants, xid reuse, retransmissions versus copies
 * of one frame, relays, ICMP errors and competing servers (RFC 2131 §3, §4.3; FIELD-NOTES).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/index.js';
import type { Report, Transaction } from '../../src/report/types.js';
import { opt } from '../helpers/dhcp-builder.js';
import { isoAt, macFor, scenario, type Scenario } from '../helpers/scenario.js';
import { S1, S2, IP, IP2 } from '../helpers/hosts.js';

const MAC = '00:0c:29:4f:8e:35';
const MAC2 = '08:00:27:d4:1c:9e';
const XID = 0x3903f326;

async function report(s: Scenario, options: Parameters<typeof analyze>[1] = {}): Promise<Report> {
  return analyze(s.build(), options);
}

const kinds = (r: Report) => r.transactions.map((t) => [t.id, t.kind, t.outcome]);
const types = (t: Transaction) => t.steps.map((s) => s.messageType);
const codes = (r: Report) => r.findings.map((f) => f.code);

describe('DORA', () => {
  it('groups DISCOVER, OFFER, REQUEST, ACK into one exchange with the lease it granted', async () => {
    const r = await report(scenario().at(0).dora({ mac: MAC, xid: XID, server: S1, yiaddr: IP, lease: 3600, hostname: 'ubuntu' }));
    expect(r.transactions).toHaveLength(1);
    const t = r.transactions[0]!;
    expect(t).toMatchObject({
      id: 'T1',
      xid: '0x3903f326',
      clientMac: MAC,
      hostname: 'ubuntu',
      kind: 'DORA',
      outcome: 'ACK',
      server: S1,
      offers: [{ server: S1, yiaddr: IP, frame: 2 }],
      selectedServer: S1,
      requestedIp: IP,
      assignedIp: IP,
      leaseSeconds: 3600,
      firstTime: isoAt(0),
      lastTime: isoAt(0.03),
      durationMs: 30,
      latencyMs: { offer: 10, ack: 10 },
    });
    expect(types(t)).toEqual(['DISCOVER', 'OFFER', 'REQUEST', 'ACK']);
    expect(t.steps.map((s) => s.direction)).toEqual(['client', 'server', 'client', 'server']);
    expect(t.steps.map((s) => s.frame)).toEqual([1, 2, 3, 4]);
    expect(t.steps.map((s) => [s.l2, s.l3])).toEqual([
      ['broadcast', 'broadcast'],
      ['unicast', 'unicast'],
      ['broadcast', 'broadcast'],
      ['unicast', 'unicast'],
    ]);
    expect(t.steps.every((s) => s.deliveryOk && !s.retransmission)).toBe(true);
    expect(r.findings).toEqual([]);
  });

  it('records every offer when two servers answer, and takes the selected server from option 54', async () => {
    const s = scenario()
      .at(0).discover({ mac: MAC, xid: XID })
      .at(0.01).offer({ server: S1, mac: MAC, xid: XID, yiaddr: IP, lease: 3600 })
      .at(0.02).offer({ server: S2, mac: MAC, xid: XID, yiaddr: IP2, lease: 7200 })
      .at(0.03).request({ mac: MAC, xid: XID, server: S2, requested: IP2 })
      .at(0.04).ack({ server: S2, mac: MAC, xid: XID, yiaddr: IP2, lease: 7200 });
    const r = await report(s);
    expect(r.transactions).toHaveLength(1);
    expect(r.transactions[0]).toMatchObject({
      kind: 'DORA',
      outcome: 'ACK',
      offers: [
        { server: S1, yiaddr: IP, frame: 2 },
        { server: S2, yiaddr: IP2, frame: 3 },
      ],
      selectedServer: S2,
      server: S2,
      assignedIp: IP2,
      leaseSeconds: 7200,
    });
    expect(r.transactions[0]!.steps.map((s) => s.retransmission)).toEqual([false, false, false, false, false]);
  });

  it('takes a DISCOVER with rapid commit (option 80) answered by an ACK as a complete exchange', async () => {
    const s = scenario()
      .at(0).discover({ mac: MAC, xid: XID, rapidCommit: true })
      .at(0.005).ack({ server: S1, mac: MAC, xid: XID, yiaddr: IP, lease: 3600, options: [opt(80, null)] });
    const r = await report(s);
    expect(r.transactions).toHaveLength(1);
    expect(r.transactions[0]).toMatchObject({ kind: 'DORA', outcome: 'ACK', rapidCommit: true, server: S1, assignedIp: IP, leaseSeconds: 3600, latencyMs: { ack: 5 } });
    expect(types(r.transactions[0]!)).toEqual(['DISCOVER', 'ACK']);
    expect(r.leases.map((l) => [l.ip, l.mac, l.state])).toEqual([[IP, MAC, 'active']]);
    expect(r.findings).toEqual([]);
  });
});

describe('INIT-REBOOT', () => {
  it('splits a NAKed INIT-REBOOT and the new DORA that reuses its xid into two exchanges', async () => {
    const s = scenario()
      // INIT-REBOOT: option 50, no option 54, ciaddr 0, broadcast.
      .at(0).request({ mac: MAC, xid: XID, requested: '10.0.0.99' })
      .at(0.01).nak({ server: S1, mac: MAC, xid: XID, message: 'wrong network' })
      .at(1).dora({ mac: MAC, xid: XID, server: S1, yiaddr: IP });
    const r = await report(s);
    expect(kinds(r)).toEqual([
      ['T1', 'INIT-REBOOT', 'NAK'],
      ['T3', 'DORA', 'ACK'],
    ]);
    expect(r.transactions[0]).toMatchObject({ requestedIp: '10.0.0.99', server: S1, nakMessage: 'wrong network' });
    expect(r.transactions[0]!.assignedIp).toBeUndefined();
    expect(types(r.transactions[0]!)).toEqual(['REQUEST', 'NAK']);
    expect(r.transactions[0]!.steps.map((x) => [x.expectedDelivery, x.deliveryOk])).toEqual([
      ['broadcast (INIT-REBOOT)', true],
      ['broadcast (NAK)', true],
    ]);
    expect(types(r.transactions[1]!)).toEqual(['DISCOVER', 'OFFER', 'REQUEST', 'ACK']);
    expect(r.findings.map((f) => [f.code, f.severity, f.frames])).toEqual([['NAK', 'warning', [2]]]);
  });
});

describe('RENEW and REBIND', () => {
  const lease = (s: Scenario) => s.at(0).dora({ mac: MAC, xid: XID, server: S1, yiaddr: IP, lease: 3600 });

  it('calls a unicast REQUEST from ciaddr to the server a RENEW', async () => {
    const s = lease(scenario())
      .at(1800).request({ mac: MAC, xid: 0x1111, ciaddr: IP, dst: S1 })
      .at(1800.01).ack({ server: S1, mac: MAC, xid: 0x1111, ciaddr: IP, yiaddr: IP, lease: 3600 });
    const r = await report(s);
    expect(kinds(r)).toEqual([
      ['T1', 'DORA', 'ACK'],
      ['T5', 'RENEW', 'ACK'],
    ]);
    expect(r.transactions[1]!.steps.map((x) => [x.messageType, x.expectedDelivery, x.deliveryOk])).toEqual([
      ['REQUEST', 'unicast to server (RENEWING)', true],
      ['ACK', `unicast to ciaddr ${IP}`, true],
    ]);
    expect(r.findings).toEqual([]);
  });

  it('calls a broadcast REQUEST from ciaddr after T2 a REBIND', async () => {
    const s = lease(scenario())
      .at(3200).request({ mac: MAC, xid: 0x2222, ciaddr: IP })
      .at(3200.01).ack({ server: S1, mac: MAC, xid: 0x2222, ciaddr: IP, yiaddr: IP, lease: 3600 });
    const r = await report(s);
    expect(kinds(r)).toEqual([
      ['T1', 'DORA', 'ACK'],
      ['T5', 'REBIND', 'ACK'],
    ]);
    expect(r.transactions[1]!.steps.map((x) => [x.messageType, x.expectedDelivery, x.deliveryOk])).toEqual([
      ['REQUEST', 'broadcast (REBINDING)', true],
      ['ACK', `unicast to ciaddr ${IP}`, true],
    ]);
    expect(r.findings).toEqual([]);
  });

  it('calls a broadcast REQUEST from ciaddr a REBIND when the lease was not seen', async () => {
    const s = scenario()
      .at(0).request({ mac: MAC, xid: 0x2222, ciaddr: IP })
      .at(0.01).ack({ server: S1, mac: MAC, xid: 0x2222, ciaddr: IP, yiaddr: IP, lease: 3600 });
    const r = await report(s);
    expect(kinds(r)).toEqual([['T1', 'REBIND', 'ACK']]);
    expect(r.findings).toEqual([]);
  });

  it('calls a broadcast REQUEST from ciaddr before T2 of a lease it saw a RENEW, delivered wrongly', async () => {
    const s = lease(scenario())
      .at(1800).request({ mac: MAC, xid: 0x3333, ciaddr: IP })
      .at(1800.01).ack({ server: S1, mac: MAC, xid: 0x3333, ciaddr: IP, yiaddr: IP, lease: 3600 });
    const r = await report(s);
    expect(kinds(r)).toEqual([
      ['T1', 'DORA', 'ACK'],
      ['T5', 'RENEW', 'ACK'],
    ]);
    expect(r.transactions[1]!.steps.map((x) => [x.messageType, x.expectedDelivery, x.deliveryOk])).toEqual([
      ['REQUEST', 'unicast to server (RENEWING)', false],
      ['ACK', `unicast to ciaddr ${IP}`, true],
    ]);
    expect(r.findings.map((f) => [f.code, f.severity, f.frames, f.transactions])).toEqual([['DELIVERY_MISMATCH', 'warning', [5], ['T5']]]);
  });

  it('splits an unanswered RENEW and the REBIND that follows at T2 with the same xid (server down)', async () => {
    const s = lease(scenario())
      .at(1800).request({ mac: MAC, xid: XID, ciaddr: IP, dst: S1 })
      .at(2400).request({ mac: MAC, xid: XID, ciaddr: IP, dst: S1, secs: 600 })
      .at(3150).request({ mac: MAC, xid: XID, ciaddr: IP, secs: 1350 })
      .at(3150.01).ack({ server: S2, mac: MAC, xid: XID, ciaddr: IP, yiaddr: IP, lease: 3600 });
    const r = await report(s);
    expect(kinds(r)).toEqual([
      ['T1', 'DORA', 'ACK'],
      ['T5', 'RENEW', 'NO_ACK'],
      ['T7', 'REBIND', 'ACK'],
    ]);
    expect(r.transactions[1]!.steps.map((x) => [x.retransmission, x.deliveryOk])).toEqual([
      [false, true],
      [true, true],
    ]);
    expect(r.transactions[2]).toMatchObject({ server: S2, assignedIp: IP });
    // S2 answering too is a second server on the segment.
    expect(r.findings.map((f) => [f.code, f.frames])).toEqual([['MULTIPLE_SERVERS', [2, 8]], ['NO_ACK', [5, 6]]]);
  });

  it('keeps the DORA and a later RENEW that reuse one xid (dhclient) as separate exchanges', async () => {
    const s = lease(scenario())
      .at(1800).request({ mac: MAC, xid: XID, ciaddr: IP, dst: S1 })
      .at(1800.01).ack({ server: S1, mac: MAC, xid: XID, ciaddr: IP, yiaddr: IP, lease: 3600 })
      .at(3600).request({ mac: MAC, xid: XID, ciaddr: IP, dst: S1 })
      .at(3600.01).ack({ server: S1, mac: MAC, xid: XID, ciaddr: IP, yiaddr: IP, lease: 3600 });
    const r = await report(s);
    expect(kinds(r)).toEqual([
      ['T1', 'DORA', 'ACK'],
      ['T5', 'RENEW', 'ACK'],
      ['T7', 'RENEW', 'ACK'],
    ]);
    expect(r.transactions.map((t) => t.xid)).toEqual(['0x3903f326', '0x3903f326', '0x3903f326']);
    expect(r.transactions.map((t) => t.steps.map((x) => x.retransmission))).toEqual([
      [false, false, false, false],
      [false, false],
      [false, false],
    ]);
    expect(r.leases).toHaveLength(1);
    expect(r.leases[0]).toMatchObject({ ip: IP, mac: MAC, renewals: 2, transactions: ['T1', 'T5', 'T7'] });
  });
});

describe('retransmissions and duplicates', () => {
  it('marks repeated DISCOVERs of one exchange as retransmissions', async () => {
    const s = scenario()
      .at(0).discover({ mac: MAC, xid: XID })
      .at(4).discover({ mac: MAC, xid: XID, secs: 4 })
      .at(12).discover({ mac: MAC, xid: XID, secs: 12 })
      .at(12.5).offer({ server: S1, mac: MAC, xid: XID, yiaddr: IP })
      .at(12.6).request({ mac: MAC, xid: XID, server: S1, requested: IP })
      .at(12.7).ack({ server: S1, mac: MAC, xid: XID, yiaddr: IP, lease: 3600 });
    const r = await report(s);
    expect(kinds(r)).toEqual([['T1', 'DORA', 'ACK']]);
    expect(r.transactions[0]!.steps.map((x) => [x.messageType, x.retransmission])).toEqual([
      ['DISCOVER', false],
      ['DISCOVER', true],
      ['DISCOVER', true],
      ['OFFER', false],
      ['REQUEST', false],
      ['ACK', false],
    ]);
    // latency from the first DISCOVER
    expect(r.transactions[0]!.latencyMs).toEqual({ offer: 12500, ack: 100 });
    expect(r.findings).toEqual([]);
  });

  it('marks the same frame captured twice (-i any: in and out) as a copy, not a retransmission, and finds nothing', async () => {
    // A cooked capture on a host that forwards: every frame shows up received (0/1) and sent (4).
    const reply = { server: S1, mac: MAC, xid: XID, yiaddr: IP, lease: 3600, to: 'unicast' as const };
    const s = scenario('sll')
      .at(0).discover({ mac: MAC, xid: XID, sll: 1 }).again({ sll: 4 })
      .at(0.01).offer({ ...reply, sll: 0 }).again({ sll: 4 })
      .at(0.02).request({ mac: MAC, xid: XID, server: S1, requested: IP, sll: 1 }).again({ sll: 4 })
      .at(0.03).ack({ ...reply, sll: 0 }).again({ sll: 4 });
    const r = await report(s);
    expect(kinds(r)).toEqual([['T1', 'DORA', 'ACK']]);
    const t = r.transactions[0]!;
    expect(t.steps.map((x) => [x.frame, x.messageType, x.retransmission, x.deliveryOk])).toEqual([
      [1, 'DISCOVER', false, true],
      [2, 'DISCOVER', false, true],
      [3, 'OFFER', false, true],
      [4, 'OFFER', false, true],
      [5, 'REQUEST', false, true],
      [6, 'REQUEST', false, true],
      [7, 'ACK', false, true],
      [8, 'ACK', false, true],
    ]);
    expect(t.steps.map((x) => x.note ?? null)).toEqual([
      null,
      'same packet captured twice (another interface or direction)',
      null,
      'same packet captured twice (another interface or direction)',
      null,
      'same packet captured twice (another interface or direction)',
      null,
      'same packet captured twice (another interface or direction)',
    ]);
    expect(t.offers).toEqual([{ server: S1, yiaddr: IP, frame: 3 }]);
    expect(r.leases.map((l) => [l.ip, l.renewals])).toEqual([[IP, 0]]);
    expect(r.findings).toEqual([]);
  });

  it('counts a server reply captured twice once in the server table', async () => {
    // Each reply is counted once, not once per captured copy.
    const reply = { server: S1, mac: MAC, xid: XID, yiaddr: IP, lease: 3600, to: 'unicast' as const };
    const s = scenario('sll')
      .at(0).discover({ mac: MAC, xid: XID, sll: 1 })
      .at(0.01).offer({ ...reply, sll: 0 }).again({ sll: 4 })
      .at(0.02).request({ mac: MAC, xid: XID, server: S1, requested: IP, sll: 1 })
      .at(0.03).ack({ ...reply, sll: 0 }).again({ sll: 4 });
    const r = await report(s);
    expect(r.servers.map((x) => [x.ip, x.offers, x.acks, x.naks])).toEqual([[S1, 1, 1, 0]]);
  });
});

describe('INFORM, RELEASE, DECLINE', () => {
  it('answers an INFORM with INFORMED and no lease', async () => {
    const s = scenario()
      .at(0).inform({ mac: MAC, xid: XID, ciaddr: '192.168.1.77' })
      .at(0.01).ack({ server: S1, mac: MAC, xid: XID, ciaddr: '192.168.1.77', options: [opt(3, [S1])] });
    const r = await report(s);
    expect(kinds(r)).toEqual([['T1', 'INFORM', 'INFORMED']]);
    expect(r.transactions[0]!.assignedIp).toBeUndefined();
    expect(r.transactions[0]!.leaseSeconds).toBeUndefined();
    expect(r.transactions[0]!.steps.map((x) => [x.messageType, x.expectedDelivery, x.deliveryOk])).toEqual([
      ['INFORM', 'broadcast or unicast', true],
      ['ACK', 'unicast to ciaddr 192.168.1.77', true],
    ]);
    expect(r.leases).toEqual([]);
    expect(r.findings).toEqual([]);
  });

  it('makes a RELEASE its own exchange and ends the lease', async () => {
    const s = scenario()
      .at(0).dora({ mac: MAC, xid: XID, server: S1, yiaddr: IP })
      .at(100).release({ mac: MAC, xid: 0x77, server: S1, ciaddr: IP });
    const r = await report(s);
    expect(kinds(r)).toEqual([
      ['T1', 'DORA', 'ACK'],
      ['T5', 'RELEASE', 'RELEASED'],
    ]);
    expect(r.transactions[1]).toMatchObject({ server: S1, requestedIp: IP });
    expect(r.transactions[1]!.steps.map((x) => [x.expectedDelivery, x.deliveryOk])).toEqual([['unicast to server', true]]);
    expect(r.leases.map((l) => [l.ip, l.state, l.transactions])).toEqual([[IP, 'released', ['T1', 'T5']]]);
  });

  it('makes a DECLINE its own exchange even when it reuses the DORA xid (dhcpcd)', async () => {
    const s = scenario()
      .at(0).dora({ mac: MAC, xid: XID, server: S1, yiaddr: IP })
      .at(1.5).decline({ mac: MAC, xid: XID, server: S1, requested: IP });
    const r = await report(s);
    expect(kinds(r)).toEqual([
      ['T1', 'DORA', 'ACK'],
      ['T5', 'DECLINE', 'DECLINED'],
    ]);
    expect(r.transactions[1]).toMatchObject({ server: S1, requestedIp: IP });
    expect(r.transactions[1]!.steps.map((x) => [x.from.ip, x.to.ip, x.expectedDelivery, x.deliveryOk])).toEqual([
      ['0.0.0.0', '255.255.255.255', 'broadcast', true],
    ]);
    expect(r.leases.map((l) => [l.ip, l.state])).toEqual([[IP, 'declined']]);
    expect(codes(r)).toEqual(['DECLINE']);
  });
});

describe('one client, several exchanges open at once', () => {
  it('files each message under the exchange of its xid, and closing one leaves the other open', async () => {
    const reply = (xid: number, yiaddr: string) => ({ server: S1, mac: MAC, xid, yiaddr, lease: 600 });
    const s = scenario()
      .at(0).discover({ mac: MAC, xid: 0xa })
      .at(0.1).discover({ mac: MAC, xid: 0xb })
      .at(0.2).offer(reply(0xb, IP2))
      .at(0.3).offer(reply(0xa, IP))
      .at(0.4).request({ mac: MAC, xid: 0xa, server: S1, requested: IP })
      .at(0.5).ack(reply(0xa, IP))
      .at(30).request({ mac: MAC, xid: 0xb, server: S1, requested: IP2 })
      .at(30.1).ack(reply(0xb, IP2))
      .at(31).discover({ mac: MAC2, xid: 0xa });
    const r = await report(s);
    expect(kinds(r)).toEqual([['T1', 'DORA', 'ACK'], ['T2', 'DORA', 'ACK'], ['T9', 'DORA', 'NO_OFFER']]);
    expect(r.transactions.map((t) => [t.xid, t.steps.map((x) => x.frame)])).toEqual([
      ['0x0000000a', [1, 4, 5, 6]],
      ['0x0000000b', [2, 3, 7, 8]],
      ['0x0000000a', [9]],
    ]);
    expect(r.transactions.map((t) => t.assignedIp ?? null)).toEqual([IP, IP2, null]);
  });
});

describe('many clients coming and going', () => {
  it('keeps a slow client\'s open exchange while thousands of others open and close around it', async () => {
    const reply = { server: S1, mac: MAC, xid: XID, yiaddr: IP, lease: 600 };
    const s = scenario();
    // The slow client asks again every 30 s (its exchange stays open); each of the others' answered exchanges
    // closes 20 s after its ACK: thousands of clients whose exchanges are over, a few hundred open at a time.
    for (let t = 0; t < 300; t += 30) s.at(t).discover({ mac: MAC, xid: XID, secs: t });
    for (let i = 0; i < 6000; i++) {
      const mac = `02:00:00:00:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`;
      s.at(0.001 + i * 0.05).dora({ mac, xid: i + 1, server: S1, yiaddr: `10.${i >> 8}.${i & 255}.1` });
    }
    s.at(301).offer(reply).at(301.1).request({ mac: MAC, xid: XID, server: S1, requested: IP }).at(301.2).ack(reply);
    const r = await report(s);
    const slow = r.transactions.filter((t) => t.clientMac === MAC);
    expect(slow.map((t) => [t.id, t.outcome, types(t).slice(-3)])).toEqual([['T1', 'ACK', ['OFFER', 'REQUEST', 'ACK']]]);
    expect(r.transactions).toHaveLength(6001);
  });
});

describe('relays', () => {
  it('joins the client-side copy and the relay→server copy of each message into one exchange', async () => {
    const RELAY = '10.1.0.1';
    const RELAY_MAC = '00:1b:21:aa:00:01';
    const SERVER = '10.9.0.5';
    const cip = '10.1.0.50';
    const up = { giaddr: RELAY, relayMac: RELAY_MAC, leg: 'server' as const, server: SERVER, circuitId: 'eth1' };
    const down = { giaddr: RELAY, relayMac: RELAY_MAC, leg: 'client' as const };
    const reply = { server: SERVER, mac: MAC, xid: XID, yiaddr: cip, lease: 600, mask: '255.255.255.0' };
    const s = scenario()
      .at(0).discover({ mac: MAC, xid: XID })
      .at(0.001).discover({ mac: MAC, xid: XID, via: up })
      .at(0.01).offer({ ...reply, via: { ...up, leg: 'server' } })
      .at(0.011).offer({ ...reply, via: down, to: 'unicast' })
      .at(0.02).request({ mac: MAC, xid: XID, server: SERVER, requested: cip })
      .at(0.021).request({ mac: MAC, xid: XID, server: SERVER, requested: cip, via: up })
      .at(0.03).ack({ ...reply, via: { ...up, leg: 'server' } })
      .at(0.031).ack({ ...reply, via: down, to: 'unicast' });
    const r = await report(s);
    expect(kinds(r)).toEqual([['T1', 'DORA', 'ACK']]);
    const t = r.transactions[0]!;
    expect(t).toMatchObject({ server: SERVER, assignedIp: cip, offers: [{ server: SERVER, yiaddr: cip, frame: 3 }], relay: { giaddr: RELAY, hops: 1, circuitId: 'eth1' } });
    expect(t.steps.map((x) => [x.messageType, x.direction, x.from.ip, x.to.ip, x.retransmission, x.deliveryOk])).toEqual([
      ['DISCOVER', 'client', '0.0.0.0', '255.255.255.255', false, true],
      ['DISCOVER', 'relay', RELAY, SERVER, false, true],
      ['OFFER', 'server', SERVER, RELAY, false, true],
      ['OFFER', 'server', RELAY, cip, false, true],
      ['REQUEST', 'client', '0.0.0.0', '255.255.255.255', false, true],
      ['REQUEST', 'relay', RELAY, SERVER, false, true],
      ['ACK', 'server', SERVER, RELAY, false, true],
      ['ACK', 'server', RELAY, cip, false, true],
    ]);
    expect(r.leases.map((l) => [l.ip, l.mac, l.server, l.renewals])).toEqual([[cip, MAC, SERVER, 0]]);
    expect(r.findings).toEqual([]);
  });

  it('keeps the first relay address, the highest hop count and the latest circuit id of an exchange', async () => {
    const RELAY = '10.1.0.1';
    const RELAY_MAC = '00:1b:21:aa:00:01';
    const SERVER = '10.9.0.5';
    const via = (hops: number, circuitId: string) => ({ giaddr: RELAY, relayMac: RELAY_MAC, leg: 'server' as const, server: SERVER, hops, circuitId });
    const s = scenario()
      .at(0).discover({ mac: MAC, xid: XID, via: via(3, 'eth1') })
      .at(4).discover({ mac: MAC, xid: XID, via: via(1, 'eth2') })
      .at(8).discover({ mac: MAC, xid: XID, via: via(2, 'eth3') });
    const r = await report(s);
    expect(kinds(r)).toEqual([['T1', 'DORA', 'NO_OFFER']]);
    const relay = r.transactions[0]!.relay!;
    expect(relay).toEqual({ giaddr: RELAY, hops: 3, circuitId: 'eth3' });
    expect(Object.keys(relay)).toEqual(['giaddr', 'hops', 'circuitId']);
  });

  it('joins a RELEASE the server saw twice (routed from the client and forwarded by the relay) into one exchange', async () => {
    const RELAY = '10.1.0.1';
    const ROUTER_MAC = '00:1b:21:aa:00:02';
    const SERVER = '10.9.0.5';
    const cip = '10.1.0.50';
    const s = scenario()
      // Server side of the router: the routed copy keeps the client's IP but carries the router's MAC.
      .at(0).release({ mac: MAC, xid: 0x66, server: SERVER, ciaddr: cip, ethSrc: ROUTER_MAC })
      .at(0.0005).release({ mac: MAC, xid: 0x66, server: SERVER, ciaddr: cip, via: { giaddr: RELAY, relayMac: ROUTER_MAC, leg: 'server', server: SERVER } });
    const r = await report(s);
    expect(kinds(r)).toEqual([['T1', 'RELEASE', 'RELEASED']]);
    expect(r.transactions[0]!.steps.map((x) => [x.direction, x.from.ip, x.retransmission, x.deliveryOk])).toEqual([
      ['client', cip, false, true],
      ['relay', RELAY, false, true],
    ]);
    expect(r.findings).toEqual([]);
  });

  it('counts a relayed reply seen on both sides of the relay once in the server table', async () => {
    // The server's reply and the relay's copy of it are one OFFER/ACK for the server's counts.
    const RELAY = '10.1.0.1';
    const RELAY_MAC = '00:1b:21:aa:00:01';
    const SERVER = '10.9.0.5';
    const cip = '10.1.0.50';
    const up = { giaddr: RELAY, relayMac: RELAY_MAC, leg: 'server' as const, server: SERVER };
    const down = { giaddr: RELAY, relayMac: RELAY_MAC, leg: 'client' as const };
    const reply = { server: SERVER, mac: MAC, xid: XID, yiaddr: cip, lease: 600 };
    const s = scenario()
      .at(0).discover({ mac: MAC, xid: XID })
      .at(0.001).discover({ mac: MAC, xid: XID, via: up })
      .at(0.01).offer({ ...reply, via: up })
      .at(0.011).offer({ ...reply, via: down, to: 'unicast' })
      .at(0.02).request({ mac: MAC, xid: XID, server: SERVER, requested: cip })
      .at(0.021).request({ mac: MAC, xid: XID, server: SERVER, requested: cip, via: up })
      .at(0.03).ack({ ...reply, via: up })
      .at(0.031).ack({ ...reply, via: down, to: 'unicast' });
    const r = await report(s);
    expect(r.servers.map((x) => [x.ip, x.mac, x.offers, x.acks])).toEqual([[SERVER, macFor(SERVER), 1, 1]]);
  });
});

describe('ICMP and competing servers', () => {
  it('puts an ICMP port-unreachable quoting a RENEW into the RENEW and reports SERVER_UNREACHABLE', async () => {
    const s = scenario()
      .at(0).dora({ mac: MAC, xid: XID, server: S1, yiaddr: IP, lease: 3600 })
      .at(1800).request({ mac: MAC, xid: 0x4444, ciaddr: IP, dst: S1 })
      .at(1800.0004).icmpUnreachable({ from: S1 })
      .at(1810).dora({ mac: MAC2, xid: 0x5555, server: S2, yiaddr: IP2 });
    const r = await report(s);
    expect(kinds(r)).toEqual([
      ['T1', 'DORA', 'ACK'],
      ['T5', 'RENEW', 'NO_ACK'],
      ['T7', 'DORA', 'ACK'],
    ]);
    const renew = r.transactions[1]!;
    expect(renew.steps.map((x) => [x.frame, x.messageType, x.icmpUnreachable ?? false, x.retransmission])).toEqual([
      [5, 'REQUEST', false, false],
      [6, 'REQUEST', true, false],
    ]);
    expect(renew.steps[1]!.note).toBe(`quoted in ICMP unreachable from ${S1}`);
    const unreachable = r.findings.filter((f) => f.code === 'SERVER_UNREACHABLE');
    expect(unreachable.map((f) => [f.severity, f.frames, f.ips, f.macs])).toEqual([['warning', [6], [S1], [MAC]]]);
  });

  it('ignores a NAK from a second server when the selected server ACKs', async () => {
    const s = scenario()
      .at(0).discover({ mac: MAC, xid: XID })
      .at(0.01).offer({ server: S1, mac: MAC, xid: XID, yiaddr: IP, lease: 3600 })
      .at(0.02).request({ mac: MAC, xid: XID, server: S1, requested: IP })
      .at(0.025).nak({ server: S2, mac: MAC, xid: XID, message: 'not authoritative' })
      .at(0.03).ack({ server: S1, mac: MAC, xid: XID, yiaddr: IP, lease: 3600 });
    const r = await report(s);
    expect(kinds(r)).toEqual([['T1', 'DORA', 'ACK']]);
    expect(r.transactions[0]).toMatchObject({ server: S1, selectedServer: S1, assignedIp: IP });
    expect(types(r.transactions[0]!)).toEqual(['DISCOVER', 'OFFER', 'REQUEST', 'NAK', 'ACK']);
    const nak = r.findings.filter((f) => f.code === 'NAK');
    expect(nak.map((f) => [f.severity, f.frames])).toEqual([['info', [4]]]);
    expect(nak[0]!.message).toContain(`ignored: ${S1} acked it`);
    expect(codes(r)).not.toContain('SERVER_MISMATCH');
    expect(r.leases.map((l) => [l.ip, l.mac, l.server])).toEqual([[IP, MAC, S1]]);
  });
});
