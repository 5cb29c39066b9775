import { describe, expect, it } from 'vitest';
import { decodeArp } from '../../src/decode/arp.js';
import { Decoder } from '../../src/decode/decoder.js';
import type { ArpPacket } from '../../src/decode/frame.js';
import { problemText } from '../../src/decode/problems.js';
import { buildArp, buildEthernet, concat, record, type ArpSpec } from '../helpers/frames.js';

const A = '02:00:00:00:00:0a';
const B = '02:00:00:00:00:0b';
const ZERO = '00:00:00:00:00:00';

function arp(spec: ArpSpec): { arp: ArpPacket; problems: string[] } {
  const bytes = buildArp(spec);
  const r = decodeArp(concat([0xee], bytes, [0xee]), 1, bytes.length);
  if (r.kind !== 'arp') throw new Error(problemText(r.problem));
  return { arp: r.arp, problems: r.problems.map(problemText) };
}

describe('ARP classification', () => {
  it('request and reply', () => {
    const req = arp({ opcode: 1, senderMac: A, senderIp: '10.0.0.1', targetMac: ZERO, targetIp: '10.0.0.2' });
    expect(req.problems).toEqual([]);
    expect(req.arp).toEqual({
      htype: 1,
      ptype: 0x0800,
      hlen: 6,
      plen: 4,
      opcode: 1,
      op: 'request',
      ethernetIpv4: true,
      senderMac: A,
      senderIp: '10.0.0.1',
      targetMac: ZERO,
      targetIp: '10.0.0.2',
      kind: 'request',
    });
    const rep = arp({ opcode: 2, senderMac: B, senderIp: '10.0.0.2', targetMac: A, targetIp: '10.0.0.1' });
    expect(rep.arp).toMatchObject({ op: 'reply', kind: 'reply' });
  });

  it('probe: sender IP 0.0.0.0 (RFC 5227)', () => {
    expect(arp({ opcode: 1, senderMac: A, senderIp: '0.0.0.0', targetMac: ZERO, targetIp: '10.0.0.9' }).arp.kind).toBe('probe');
  });

  it('announcement: sender IP = target IP, as request or reply (gratuitous ARP)', () => {
    expect(arp({ opcode: 1, senderMac: A, senderIp: '10.0.0.9', targetMac: ZERO, targetIp: '10.0.0.9' }).arp.kind).toBe('announcement');
    expect(arp({ opcode: 2, senderMac: A, senderIp: '10.0.0.9', targetMac: A, targetIp: '10.0.0.9' }).arp.kind).toBe('announcement');
  });

  it('IEEE 802 hardware type (SNAP, token ring) with 6-byte addresses counts as Ethernet', () => {
    expect(arp({ htype: 6, opcode: 1, senderMac: A, senderIp: '10.0.0.1', targetMac: ZERO, targetIp: '10.0.0.2' }).arp.ethernetIpv4).toBe(true);
  });

  it('other hardware/protocol types: addresses as hex, kind by opcode, a problem', () => {
    const r = arp({ htype: 0x3030, opcode: 1, senderMac: new Array(14).fill(0x30), senderIp: '48.48.48.48', targetMac: new Array(14).fill(0x30), targetIp: '48.48.48.48' });
    expect(r.arp.ethernetIpv4).toBe(false);
    expect(r.arp.kind).toBe('request'); // not 'announcement': only Ethernet/IPv4 is classified
    expect(r.arp.senderMac).toBe(new Array(14).fill('30').join(':'));
    expect(r.arp.senderIp).toBe('48.48.48.48');
    expect(r.problems[0]).toMatch(/hardware type 12336 \(unknown, 14-byte addresses\)/);
    const ipx = arp({ ptype: 0x8137, plen: 2, opcode: 2, senderMac: A, senderIp: [1, 2], targetMac: B, targetIp: [3, 4] });
    expect(ipx.arp).toMatchObject({ ethernetIpv4: false, senderIp: '01:02', targetIp: '03:04', kind: 'reply' });
  });

  it('names other opcodes and flags unknown ones', () => {
    expect(arp({ opcode: 3, senderMac: A, senderIp: '0.0.0.0', targetMac: A, targetIp: '0.0.0.0' }).arp).toMatchObject({ op: 'rarp-request', kind: 'request' });
    expect(arp({ opcode: 4, senderMac: A, senderIp: '10.0.0.1', targetMac: B, targetIp: '10.0.0.2' }).arp).toMatchObject({ op: 'rarp-reply', kind: 'reply' });
    const odd = arp({ opcode: 77, senderMac: A, senderIp: '10.0.0.1', targetMac: B, targetIp: '10.0.0.2' });
    expect(odd.arp.op).toBe('opcode-77');
    expect(odd.problems).toEqual(['unknown ARP opcode 77']);
  });

  it('a truncated ARP is reported, not decoded', () => {
    const bytes = buildArp({ opcode: 1, senderMac: A, senderIp: '10.0.0.1', targetMac: ZERO, targetIp: '10.0.0.2' });
    const cut = decodeArp(bytes, 0, 27, 14);
    const stub = decodeArp(bytes, 0, 5, 14);
    if (cut.kind !== 'truncated' || stub.kind !== 'truncated') throw new Error('decoded a truncated ARP');
    expect(problemText(cut.problem)).toBe('ARP truncated: 27 of 28 bytes (hlen 6, plen 4)');
    expect(problemText(stub.problem)).toBe('ARP truncated: 5 of at least 8 bytes');
    // Each lies where the captured bytes stop: 14 (the Ethernet header) + what there is of the ARP packet.
    expect(cut.problem).toMatchObject({ code: 'ARP_TRUNCATED', offset: 41 });
    expect(stub.problem).toMatchObject({ code: 'ARP_TOO_SHORT', offset: 19 });
  });
});

describe('ARP frames through the decoder', () => {
  it('an Ethernet ARP frame (with padding) becomes an ArpFrame', () => {
    const d = new Decoder();
    const bytes = buildEthernet({ src: A, type: 0x0806, payload: concat(buildArp({ opcode: 1, senderMac: A, senderIp: '10.0.0.1', targetMac: ZERO, targetIp: '10.0.0.2' }), new Array(18).fill(0)) });
    const f = d.decode(record(bytes, 1, { frame: 9, tsSec: 5, tsNanos: 6000, origlen: bytes.length }));
    expect(f?.kind).toBe('arp');
    if (f?.kind !== 'arp') return;
    expect(f).toMatchObject({ frame: 9, tsSec: 5, tsNanos: 6000, srcMac: A, dstMac: 'ff:ff:ff:ff:ff:ff', l2: 'broadcast', problems: [] });
    expect(f.bytes).toEqual(bytes);
    expect(d.stats).toEqual({ packets: 1, dhcp: 0, arp: 1, malformed: 0, other: 0 });
  });

  it('a truncated ARP frame is a MalformedFrame, counted as malformed', () => {
    const d = new Decoder();
    const f = d.decode(record(buildEthernet({ type: 0x0806, payload: [0, 1, 8, 0, 6, 4, 0, 1, 2, 3] })));
    expect(f?.kind).toBe('malformed');
    if (f?.kind === 'malformed') {
      expect(f.layer).toBe('arp');
      expect(f.problems.map(problemText)).toEqual(['ARP truncated: 10 of 28 bytes (hlen 6, plen 4)']);
      // Where the 10 captured bytes of ARP end: after the 14-byte Ethernet header.
      expect(f.problems[0]).toMatchObject({ code: 'ARP_TRUNCATED', severity: 'error', offset: 24 });
    }
    expect(d.stats).toEqual({ packets: 1, dhcp: 0, arp: 0, malformed: 1, other: 0 });
  });

  it("gives each frame its own problems: a clean frame after a flawed one has none, and the flawed one keeps its", () => {
    const d = new Decoder();
    const odd = d.decode(record(buildEthernet({ type: 0x0806, payload: buildArp({ opcode: 99, senderMac: A, senderIp: '10.0.0.1', targetMac: ZERO, targetIp: '10.0.0.2' }) })));
    const cut = d.decode(record(buildEthernet({ type: 0x0806, payload: [0, 1, 8, 0, 6, 4, 0, 1, 2, 3] })));
    const clean = d.decode(record(buildEthernet({ type: 0x0806, payload: buildArp({ opcode: 1, senderMac: A, senderIp: '10.0.0.1', targetMac: ZERO, targetIp: '10.0.0.2' }) })));
    expect(odd?.problems.map((p) => p.code)).toEqual(['ARP_UNKNOWN_OPCODE']);
    expect(cut?.problems.map((p) => p.code)).toEqual(['ARP_TRUNCATED']);
    expect(clean?.problems).toEqual([]);
    expect(d.stats).toMatchObject({ arp: 2, malformed: 1 });
  });

  it('the kept bytes are a copy (the reader reuses its buffer)', () => {
    const rec = record(buildEthernet({ type: 0x0806, payload: buildArp({ opcode: 1, senderMac: A, senderIp: '10.0.0.1', targetMac: ZERO, targetIp: '10.0.0.2' }) }));
    const f = new Decoder().decode(rec);
    rec.buf.fill(0);
    expect(f?.bytes[12]).toBe(0x08);
  });
});
