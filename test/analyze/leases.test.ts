/** Leases as the ACKs grant them: renewals extend one lease; RELEASE, DECLINE and the clock end it. */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/index.js';
import { isoAt, scenario } from '../helpers/scenario.js';
import { S1, IP } from '../helpers/hosts.js';
import { LeaseBook, type Grant } from '../../src/analyze/leases.js';
import { stampOf } from '../../src/analyze/time.js';

const MAC = '00:0c:29:4f:8e:35';
const XID = 0x0badcafe;

describe('lease life cycle', () => {
  it('extends one lease with each renewal: renewals counted, end moved to the last ACK plus its lease time', async () => {
    const s = scenario()
      .at(0).dora({ mac: MAC, xid: XID, server: S1, yiaddr: IP, lease: 600 })
      .at(300).request({ mac: MAC, xid: XID, ciaddr: IP, dst: S1 })
      .at(300.5).ack({ server: S1, mac: MAC, xid: XID, ciaddr: IP, yiaddr: IP, lease: 600 })
      .at(600).request({ mac: MAC, xid: XID, ciaddr: IP, dst: S1 })
      .at(600.5).ack({ server: S1, mac: MAC, xid: XID, ciaddr: IP, yiaddr: IP, lease: 900 });
    const r = await analyze(s.build());
    expect(r.leases).toEqual([
      {
        ip: IP,
        mac: MAC,
        server: S1,
        start: isoAt(0.03),
        end: isoAt(600.5 + 900),
        leaseSeconds: 900,
        renewals: 2,
        state: 'active',
        transactions: ['T1', 'T5', 'T7'],
      },
    ]);
  });

  it('gives a lease the end its ACK says, to the capture precision (start + lease time, no rounding drift)', async () => {
    // The end is the ACK's own timestamp plus the lease time, with no floating-point drift.
    const s = scenario().at(0).dora({ mac: MAC, xid: XID, server: S1, yiaddr: IP, lease: 3600 });
    const r = await analyze(s.build());
    expect(r.leases.map((l) => [l.start, l.end])).toEqual([[isoAt(0.03), isoAt(3600.03)]]);
    expect(r.leases[0]!.end).toBe('2023-11-14T23:13:20.030000Z');
  });

  it('keeps nanoseconds in the end of a lease from a nanosecond capture', async () => {
    // Same bug as above: a double holds an epoch only to ~0.2 µs, so 9 digits cannot survive endEpoch.
    const s = scenario().at(0.000000123).dora({ mac: MAC, xid: XID, server: S1, yiaddr: IP, lease: 3600, gap: 0.000000001 });
    const r = await analyze(s.build({ nanos: true }));
    expect(r.leases.map((l) => [l.start, l.end])).toEqual([['2023-11-14T22:13:20.000000126Z', '2023-11-14T23:13:20.000000126Z']]);
  });

  it('marks a lease released by RELEASE', async () => {
    const s = scenario()
      .at(0).dora({ mac: MAC, xid: XID, server: S1, yiaddr: IP, lease: 3600 })
      .at(120).release({ mac: MAC, xid: 0x99, server: S1, ciaddr: IP });
    const r = await analyze(s.build());
    expect(r.leases.map((l) => [l.ip, l.mac, l.state, l.transactions, l.leaseSeconds])).toEqual([[IP, MAC, 'released', ['T1', 'T5'], 3600]]);
  });

  it('marks a lease declined by DECLINE', async () => {
    const s = scenario()
      .at(0).dora({ mac: MAC, xid: XID, server: S1, yiaddr: IP, lease: 3600 })
      .at(2).decline({ mac: MAC, xid: XID, server: S1, requested: IP });
    const r = await analyze(s.build());
    expect(r.leases.map((l) => [l.ip, l.state, l.transactions])).toEqual([[IP, 'declined', ['T1', 'T5']]]);
  });

  it('marks a lease expired when its time ran out before the end of the capture', async () => {
    const s = scenario()
      .at(0).dora({ mac: MAC, xid: XID, server: S1, yiaddr: IP, lease: 60 })
      .at(200).arpRequest({ mac: '02:00:c0:a8:01:01', ip: S1, target: '192.168.1.9' });
    const r = await analyze(s.build());
    expect(r.leases.map((l) => [l.ip, l.state, l.leaseSeconds])).toEqual([[IP, 'expired', 60]]);
  });

  it('keeps a lease active when the capture ends before it runs out', async () => {
    const s = scenario()
      .at(0).dora({ mac: MAC, xid: XID, server: S1, yiaddr: IP, lease: 60 })
      .at(59).arpAnnounce({ mac: MAC, ip: IP });
    const r = await analyze(s.build());
    expect(r.leases.map((l) => l.state)).toEqual(['active']);
  });

  it('starts a new lease when a client gets its address again after a RELEASE', async () => {
    const s = scenario()
      .at(0).dora({ mac: MAC, xid: XID, server: S1, yiaddr: IP, lease: 3600 })
      .at(100).release({ mac: MAC, xid: 0x99, server: S1, ciaddr: IP })
      .at(200).dora({ mac: MAC, xid: 0x1234, server: S1, yiaddr: IP, lease: 3600 });
    const r = await analyze(s.build());
    expect(r.leases.map((l) => [l.start, l.state, l.renewals, l.transactions])).toEqual([
      [isoAt(0.03), 'released', 0, ['T1', 'T5']],
      [isoAt(200.03), 'active', 0, ['T6']],
    ]);
  });

  it('records an infinite lease (0xffffffff) without an end or a lease time', async () => {
    // 0xffffffff means infinite (RFC 2132): no end, and leaseSeconds null as the schema says.
    const s = scenario().at(0).dora({ mac: MAC, xid: XID, server: S1, yiaddr: IP, lease: 0xffffffff }).at(7200).arpAnnounce({ mac: MAC, ip: IP });
    const r = await analyze(s.build());
    expect(r.leases.map((l) => [l.end, l.leaseSeconds, l.state])).toEqual([[null, null, 'active']]);
  });
});

describe('LeaseBook keeps what an ACK says, compactly', () => {
  const at = (sec: number, nanos = 0, digits = 6) => stampOf(sec, nanos, digits);
  const grant = (over: Partial<Grant>): Grant => ({ ip: IP, mac: MAC, server: S1, ts: at(1_700_000_000, 5000), frame: 3, leaseSeconds: 600, txId: 1, segment: '', ...over });

  it('gives back T1 and T2 as sent: none, the RFC 2131 defaults, or other times', () => {
    const book = new LeaseBook();
    const none = book.grant(grant({ ip: '10.0.0.1' })).lease;
    const defaults = book.grant(grant({ ip: '10.0.0.2', t1: 300, t2: 525 })).lease;
    const other = book.grant(grant({ ip: '10.0.0.3', t1: 100, t2: undefined })).lease;
    const infinite = book.grant(grant({ ip: '10.0.0.4', leaseSeconds: 0xffffffff, t1: 300, t2: 525 })).lease;
    expect([none, defaults, other, infinite].map((l) => [l.t1, l.t2, l.leaseSeconds])).toEqual([
      [null, null, 600],
      [300, 525, 600],
      [100, null, 600],
      [300, 525, null],
    ]);
  });

  it('keeps both ACK times with their precision, the client id, the segment, and how the lease ended', () => {
    const book = new LeaseBook();
    const lease = book.grant(grant({ clientId: `01:${MAC}`, segment: 'vlan 20' })).lease;
    book.grant(grant({ ts: at(1_700_000_300, 123456789, 9), frame: 9, txId: 8, t1: 100, t2: 200 }));
    expect(book.end(IP, MAC, 'released', at(1_700_000_400, 7, 9), 12, 13)).toBe(lease);
    expect({ ...lease.start }).toEqual({ sec: 1_700_000_000, nanos: 5000, digits: 6 });
    expect({ ...lease.lastAck }).toEqual({ sec: 1_700_000_300, nanos: 123456789, digits: 9 });
    expect({ ...lease.endedAt }).toEqual({ sec: 1_700_000_400, nanos: 7, digits: 9 });
    expect([lease.state, lease.endFrame, lease.renewals, lease.transactions, lease.t1, lease.t2, lease.clientId]).toEqual(['released', 13, 1, [1, 8, 12], 100, 200, `01:${MAC}`]);
    expect(book.segmentMap().get(lease)).toBe('vlan 20');
    const other = book.grant(grant({ ip: '10.0.0.9', clientId: '01:02:00:00:00:00:01' })).lease;
    expect([other.clientId, book.segmentMap().get(other), other.state]).toEqual(['01:02:00:00:00:00:01', undefined, 'active']);
  });
});
