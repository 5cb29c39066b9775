/**
 * A step keeps its yes/no facts as bits of one number: each must read back as the frame and its exchange said,
 * on its own, whatever the others are.
 */
import { describe, expect, it } from 'vitest';
import { buildStep, type Copy } from '../../src/analyze/steps.js';
import type { DhcpFrame } from '../../src/decode/frame.js';
import { Decoder } from '../../src/decode/decoder.js';
import { buildDhcpMessage, opt } from '../helpers/dhcp-builder.js';
import { buildDhcpEthernet, record } from '../helpers/frames.js';

const CLIENT = '02:00:00:00:00:01';

function dhcpFrame(o: { flags?: number; giaddr?: string; dstMac?: string }): DhcpFrame {
  const payload = buildDhcpMessage({ chaddr: CLIENT, flags: o.flags ?? 0, giaddr: o.giaddr ?? '0.0.0.0', options: [opt(53, 1)] });
  const f = new Decoder().decode(record(buildDhcpEthernet({ payload, srcMac: CLIENT, dstMac: o.dstMac ?? 'ff:ff:ff:ff:ff:ff' })));
  if (f?.kind !== 'dhcp') throw new Error('not decoded as DHCP');
  return f;
}

const flags = (f: DhcpFrame, copy: Copy) => {
  const s = buildStep(f, copy);
  return { broadcastFlag: s.broadcastFlag, deliveryOk: s.deliveryOk, retransmission: s.retransmission, relayed: s.relayed, icmpUnreachable: s.icmpUnreachable, duplicate: s.duplicate };
};

describe('a step\'s yes/no facts', () => {
  it('are all false but delivery for a first DISCOVER broadcast without the flag', () => {
    expect(flags(dhcpFrame({}), undefined)).toEqual({ broadcastFlag: false, deliveryOk: true, retransmission: false, relayed: false, icmpUnreachable: false, duplicate: false });
  });

  it('read each one back on its own, the others untouched', () => {
    const none = { broadcastFlag: false, deliveryOk: true, retransmission: false, relayed: false, icmpUnreachable: false, duplicate: false };
    expect(flags(dhcpFrame({ flags: 0x8000 }), undefined)).toEqual({ ...none, broadcastFlag: true });
    expect(flags(dhcpFrame({ dstMac: '02:00:00:00:00:99' }), undefined)).toEqual({ ...none, deliveryOk: false }); // a DISCOVER to one MAC
    expect(flags(dhcpFrame({ giaddr: '10.1.0.1' }), undefined)).toEqual({ ...none, relayed: true });
    expect(flags(dhcpFrame({}), 'retransmission')).toEqual({ ...none, retransmission: true });
    // A second copy of a frame says nothing of delivery: it counts as delivered right.
    expect(flags(dhcpFrame({ dstMac: '02:00:00:00:00:99' }), 'duplicate')).toEqual({ ...none, duplicate: true });
  });

  it('keep the frame\'s other fields beside them', () => {
    const s = buildStep(dhcpFrame({ flags: 0x8000 }), 'duplicate');
    expect([s.frame, s.messageType, s.direction, s.fromMac, s.toIp, s.l2, s.l3, s.expectedDelivery, s.note]).toEqual([
      1, 'DISCOVER', 'client', CLIENT, '255.255.255.255', 'broadcast', 'broadcast', 'broadcast', 'same packet captured twice (another interface or direction)',
    ]);
  });
});

describe('a step\'s direction, classes and message type', () => {
  function frame(o: { op?: number; type?: number; giaddr?: string; ciaddr?: string; yiaddr?: string; srcPort?: number; dstMac?: string; dstIp?: string }): DhcpFrame {
    const addresses = { giaddr: o.giaddr ?? '0.0.0.0', ciaddr: o.ciaddr ?? '0.0.0.0', yiaddr: o.yiaddr ?? '0.0.0.0' };
    const payload = buildDhcpMessage({ op: o.op ?? 1, chaddr: CLIENT, ...addresses, options: o.type === undefined ? [] : [opt(53, o.type)] });
    const bytes = buildDhcpEthernet({ payload, srcMac: CLIENT, dstMac: o.dstMac ?? 'ff:ff:ff:ff:ff:ff', dstIp: o.dstIp ?? '255.255.255.255', srcPort: o.srcPort ?? 68 });
    const f = new Decoder().decode(record(bytes));
    if (f?.kind !== 'dhcp') throw new Error('not decoded as DHCP');
    return f;
  }
  const read = (f: DhcpFrame) => {
    const s = buildStep(f, undefined);
    return [s.direction, s.messageType, s.type, s.l2, s.l3];
  };

  it('read back as the frame gave them, each on its own', () => {
    expect(read(frame({ type: 1 }))).toEqual(['client', 'DISCOVER', 1, 'broadcast', 'broadcast']);
    expect(read(frame({ op: 2, type: 5, dstMac: '02:00:00:00:00:09', dstIp: '10.0.0.9' }))).toEqual(['server', 'ACK', 5, 'unicast', 'unicast']);
    expect(read(frame({ type: 3, giaddr: '10.1.0.1', srcPort: 67, dstMac: '02:00:00:00:00:09', dstIp: '10.0.0.1' }))).toEqual(['relay', 'REQUEST', 3, 'unicast', 'unicast']);
    expect(read(frame({ type: 250 }))).toEqual(['client', 'TYPE_250', 250, 'broadcast', 'broadcast']);
  });

  it('name a message without option 53 for its BOOTP op', () => {
    expect(read(frame({}))).toEqual(['client', 'BOOTREQUEST', undefined, 'broadcast', 'broadcast']);
    expect(read(frame({ op: 2 }))).toEqual(['server', 'BOOTREPLY', undefined, 'broadcast', 'broadcast']);
  });
});

describe('a step\'s delivery rule', () => {
  const step = (o: { type: number; giaddr?: string; ciaddr?: string; yiaddr?: string; srcPort?: number; dstPort?: number; dstIp: string; dstMac: string }) => {
    const payload = buildDhcpMessage({ op: 2, chaddr: CLIENT, giaddr: o.giaddr ?? '0.0.0.0', ciaddr: o.ciaddr ?? '0.0.0.0', yiaddr: o.yiaddr ?? '0.0.0.0', options: [opt(53, o.type)] });
    const bytes = buildDhcpEthernet({ payload, srcMac: '02:00:00:00:00:53', dstMac: o.dstMac, srcIp: '10.0.0.1', dstIp: o.dstIp, srcPort: o.srcPort ?? 67, dstPort: o.dstPort ?? 68 });
    const f = new Decoder().decode(record(bytes));
    if (f?.kind !== 'dhcp') throw new Error('not decoded as DHCP');
    const s = buildStep(f, undefined);
    return [s.expectedDelivery, s.deliveryOk];
  };

  it('names the address its rule names, and says whether the frame went there', () => {
    expect(step({ type: 2, yiaddr: '10.0.0.9', dstIp: '10.0.0.9', dstMac: CLIENT })).toEqual(['unicast to 10.0.0.9 (broadcast allowed)', true]);
    expect(step({ type: 5, ciaddr: '10.0.0.7', yiaddr: '10.0.0.7', dstIp: '10.0.0.8', dstMac: CLIENT })).toEqual(['unicast to ciaddr 10.0.0.7', false]);
    expect(step({ type: 5, giaddr: '10.9.0.1', yiaddr: '10.9.0.5', dstIp: '10.9.0.1', dstMac: '02:00:00:00:00:99', dstPort: 67 })).toEqual(['unicast to relay 10.9.0.1', true]);
    expect(step({ type: 6, dstIp: '255.255.255.255', dstMac: 'ff:ff:ff:ff:ff:ff' })).toEqual(['broadcast (NAK)', true]);
  });
});
