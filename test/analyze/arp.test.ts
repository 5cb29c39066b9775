/**
 * The ARP book's own records: a claim keeps its times as numbers and its kinds as bits, and an address keeps a lone
 * claim as itself; what they give back when read must be what the frames said.
 */
import { describe, expect, it } from 'vitest';
import type { ArpFrame, ArpPacket } from '../../src/decode/frame.js';
import { ArpBook, kindsOf } from '../../src/analyze/arp.js';

const IP = '10.0.0.5';
const A = '02:00:00:0a:00:01';
const B = '02:00:00:0a:00:02';

/** An Ethernet/IPv4 ARP frame of `kind` from `mac` claiming `ip` (only the fields the book reads). */
function arp(frame: number, sec: number, nanos: number, kind: ArpPacket['kind'], mac: string, ip = IP, digits = 9): ArpFrame {
  const senderIp = kind === 'probe' ? '0.0.0.0' : ip;
  return {
    kind: 'arp',
    frame,
    tsSec: sec,
    tsNanos: nanos,
    tsDigits: digits,
    arp: { ethernetIpv4: true, kind, senderMac: mac, senderIp, targetMac: '00:00:00:00:00:00', targetIp: ip },
  } as unknown as ArpFrame;
}

describe('kindsOf', () => {
  it('lists the kinds whose bits are set, in alphabetical order, whatever order they were seen in', () => {
    expect(kindsOf(0)).toEqual([]);
    expect(kindsOf(1 | 8)).toEqual(['announcement', 'request']);
    expect(kindsOf(15)).toEqual(['announcement', 'probe', 'reply', 'request']);
  });
});

describe('ArpBook claims', () => {
  it('gives back each claim\'s frames, times to the nanosecond and precision, count and kinds', () => {
    const book = new ArpBook();
    book.observe(arp(3, 1_700_000_000, 123_456_789, 'request', A));
    book.observe(arp(9, 1_700_000_010, 5, 'announcement', A, IP, 6));
    book.observe(arp(12, 1_700_000_011, 7, 'request', A));
    const [binding] = book.all();
    expect(binding!.claims).toHaveLength(1);
    const c = binding!.claims[0]!;
    expect([c.mac, c.firstFrame, c.lastFrame, c.count]).toEqual([A, 3, 12, 3]);
    expect({ ...c.first }).toEqual({ sec: 1_700_000_000, nanos: 123_456_789, digits: 9 });
    expect({ ...c.last }).toEqual({ sec: 1_700_000_011, nanos: 7, digits: 9 });
    expect(c.kinds).toEqual(['announcement', 'request']);
  });

  it('keeps a second MAC\'s claim after the first, and names the first as the previous claimant', () => {
    const book = new ArpBook();
    book.observe(arp(1, 100, 0, 'announcement', A));
    const events = book.observe(arp(2, 101, 0, 'reply', B));
    const claim = events.find((e) => e.kind === 'claim');
    expect(claim?.kind === 'claim' && claim.previous?.mac).toBe(A);
    const claims = book.get(IP)!.claims;
    expect(claims.map((c) => [c.mac, c.firstFrame, c.kinds])).toEqual([
      [A, 1, ['announcement']],
      [B, 2, ['reply']],
    ]);
  });

  it('answers a probe from the answer of another MAC while the prober listens, not after', () => {
    const book = new ArpBook();
    book.observe(arp(1, 100, 0, 'probe', A));
    expect(book.observe(arp(2, 101, 0, 'reply', B)).map((e) => e.kind)).toEqual(['probe-answered', 'claim']);
    book.observe(arp(3, 200, 0, 'probe', A));
    expect(book.observe(arp(4, 210, 0, 'reply', B)).map((e) => e.kind)).toEqual(['claim']);
  });
});
