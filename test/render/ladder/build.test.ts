import { describe, expect, it } from 'vitest';
import { buildLadder } from '../../../src/render/ladder/index.js';
import { buildModel } from '../../../src/render/tui/model.js';
import { buildSampleReport } from '../../helpers/sample-report.js';

const report = buildSampleReport();
const model = buildModel(report, '');
const ladderOf = (id: string) => {
  const t = model.transaction(id);
  if (!t) throw new Error(id);
  return buildLadder(t, { packetOf: (frame) => model.packet(frame), servers: report.servers });
};

describe('ladder model', () => {
  it('gives each server that offered its own column and points each arrow at the right one', () => {
    const l = ladderOf('t-1');
    expect(l.columns.map((c) => `${c.kind} ${c.name}`)).toEqual(['client 00:0c:29:4f:8e:35', 'server 192.168.136.254', 'server 192.168.136.10']);
    expect(l.columns[1]?.title).toBe('server VMware');
    expect(l.rows.map((r) => [r.label, r.from, r.to, r.broadcast])).toEqual([
      ['DISCOVER', 0, 2, true],
      ['OFFER', 1, 0, true],
      ['OFFER', 2, 0, false],
      ['REQUEST', 0, 2, true],
      ['ACK', 1, 0, true],
      ['ARP probe', 0, 2, true],
      ['ARP announce', 0, 2, true],
    ]);
    expect(l.rows[2]).toMatchObject({ deliveryOk: false, expected: 'broadcast (broadcast flag set)', latencyMs: expect.closeTo(6, 3) });
    expect(l.rows[1]?.latencyMs).toBeCloseTo(4, 3);
    expect(l.rows[0]?.latencyMs).toBeUndefined();
  });

  it('folds the relay’s server-side address into one relay column and measures each hop', () => {
    const l = ladderOf('t-3');
    expect(l.columns.map((c) => c.kind)).toEqual(['client', 'relay', 'server']);
    expect(l.rows.map((r) => `${r.label} ${r.from}>${r.to}`)).toEqual([
      'DISCOVER 0>2', 'DISCOVER 1>2', 'OFFER 2>1', 'OFFER 1>0', 'REQUEST 0>2', 'REQUEST 1>2', 'ACK 2>1', 'ACK 1>0',
    ]);
    expect(l.rows[1]?.latencyMs).toBeCloseTo(1, 3);
    expect(l.rows[2]?.latencyMs).toBeCloseTo(9, 3);
  });

  it('adds a column for another host answering the client’s ARP probe, marked as a conflict', () => {
    const l = ladderOf('t-4');
    expect(l.columns.at(-1)).toMatchObject({ kind: 'other', name: '00:50:56:c0:00:08' });
    const reply = l.rows.find((r) => r.label === 'ARP reply');
    expect(reply).toMatchObject({ conflict: true, from: 2, to: 0, broadcast: false });
    expect(reply?.note).toContain('CONFLICT');
  });

  it('still draws a transaction nobody answered, against a placeholder column, and ARP frames missing from the report', () => {
    const t = model.transaction('t-9');
    if (!t) throw new Error('t-9');
    const l = buildLadder({ ...t, arpFrames: [999] }, { packetOf: (frame) => model.packet(frame) });
    expect(l.columns.map((c) => c.kind)).toEqual(['client', 'lan']);
    expect(l.rows.map((r) => r.retransmission)).toEqual([false, true, false]);
    expect(l.rows[2]).toMatchObject({ kind: 'arp', frame: 999, note: 'frame not in report' });
  });

  it('labels each column with its address, MAC and the VM platform or vendor the report knows', () => {
    const t = model.transaction('t-1');
    if (!t) throw new Error('t-1');
    const l = buildLadder(t, { servers: report.servers, clients: report.clients });
    expect(l.columns[0]).toMatchObject({ kind: 'client', mac: '00:0c:29:4f:8e:35', tag: 'VMware' });
    expect(l.columns[1]).toMatchObject({ kind: 'server', ip: '192.168.136.254', tag: 'VMware' });
    expect(l.columns[2]?.ip).toBe('192.168.136.10');
  });

  it('draws ARP rows from the transaction’s own ARP list when no packet record is at hand', () => {
    const t = model.transaction('t-4');
    if (!t) throw new Error('t-4');
    const withPackets = buildLadder(t, { packetOf: (frame) => model.packet(frame), servers: report.servers });
    // What the analyser writes into a transaction: the same frames described, without the records.
    const arp = t.arpFrames.map((frame) => {
      const p = model.packet(frame);
      if (!p?.arp) throw new Error(`frame ${frame}`);
      const { kind, senderMac, senderIp, targetIp } = p.arp;
      return { frame, time: p.time, epoch: p.epoch, kind, senderMac, senderIp, targetIp, fromOther: senderMac !== t.clientMac };
    });
    const without = buildLadder({ ...t, arp }, { servers: report.servers });
    const arpRows = (l: typeof without) => l.rows.filter((r) => r.kind === 'arp').map((r) => [r.label, r.from, r.to, r.conflict, r.note]);
    expect(arpRows(without)).toEqual(arpRows(withPackets));
    expect(without.columns.map((c) => c.kind)).toEqual(withPackets.columns.map((c) => c.kind));
  });
});

