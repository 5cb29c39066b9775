import { describe, expect, it } from 'vitest';
import { Decoder } from '../../src/decode/decoder.js';
import type { Frame } from '../../src/decode/frame.js';
import { problemText } from '../../src/decode/problems.js';
import { buildDhcpMessage, opt } from '../helpers/dhcp-builder.js';
import { buildEthernet, buildIcmpUnreachable, buildIpv4, buildUdp, concat, type Ipv4Spec, record } from '../helpers/frames.js';

const REQUEST = buildDhcpMessage({
  xid: 0xdeadbeef,
  chaddr: '02:aa:bb:cc:dd:ee',
  ciaddr: '192.168.1.50',
  options: [opt(53, 'REQUEST'), opt(12, 'laptop')],
  padTo: 300,
});

function ethIp(ip: Partial<Ipv4Spec> & { payload: Uint8Array }, trailer: number[] = []): Uint8Array {
  return buildEthernet({
    dst: '02:00:00:00:00:fe',
    type: 0x0800,
    payload: concat(buildIpv4({ src: '192.168.1.50', dst: '192.168.1.1', protocol: 17, ...ip }), trailer),
  });
}

function udp(payload: Uint8Array, srcPort = 68, dstPort = 67): Uint8Array {
  return buildUdp({ srcPort, dstPort, payload });
}

function decode(bytes: Uint8Array, d = new Decoder()): Frame | undefined {
  return d.decode(record(bytes));
}

describe('IPv4', () => {
  it('skips IP options (IHL > 5)', () => {
    const f = decode(ethIp({ payload: udp(REQUEST), options: [0x94, 0x04, 0x00, 0x00, 0x01, 0x01, 0x01, 0x00] }));
    expect(f?.kind).toBe('dhcp');
    if (f?.kind !== 'dhcp') return;
    expect(f.ip).toEqual({ src: '192.168.1.50', dst: '192.168.1.1', ttl: 64, l3: 'unicast', fragment: false });
    expect(f.dhcp.xid).toBe(0xdeadbeef);
    expect(f.dhcp.offset).toBe(14 + 28 + 8);
  });

  it('classifies the destination: limited broadcast, multicast, unicast', () => {
    const l3 = (dst: string): string | undefined => {
      const f = decode(ethIp({ dst, payload: udp(REQUEST) }));
      return f?.kind === 'dhcp' ? f.ip.l3 : undefined;
    };
    expect(l3('255.255.255.255')).toBe('broadcast');
    expect(l3('224.0.0.1')).toBe('multicast');
    expect(l3('239.255.255.250')).toBe('multicast');
    expect(l3('192.168.1.255')).toBe('unicast'); // a directed broadcast needs the netmask: left to analysis
  });

  it('bounds the datagram by the total length (Ethernet padding is not options)', () => {
    const f = decode(ethIp({ payload: udp(REQUEST) }, [0x01, 0x02, 0x03, 0x04]));
    expect(f?.kind).toBe('dhcp');
    if (f?.kind === 'dhcp') expect(f.problems).toEqual([]);
  });

  it('trusts the captured bytes when the total length says more', () => {
    const f = decode(ethIp({ payload: udp(REQUEST), totalLength: 1500 }));
    expect(f?.kind).toBe('dhcp');
    if (f?.kind === 'dhcp') expect(f.dhcp.options.map((o) => o.code)).toEqual([53, 12]);
  });

  it('decodes a first fragment and flags it; a later fragment is not DHCP', () => {
    const first = decode(ethIp({ payload: udp(REQUEST), moreFragments: true }));
    expect(first?.kind).toBe('dhcp');
    if (first?.kind === 'dhcp') {
      expect(first.ip.fragment).toBe(true);
      expect(first.problems[0]).toMatchObject({ code: 'IPV4_FRAGMENT', offset: 14 + 6 });
    }
    const d = new Decoder();
    expect(decode(ethIp({ payload: udp(REQUEST), fragOffset: 296 }), d)).toBeUndefined();
    expect(d.stats.other).toBe(1);
  });

  it("lists a first fragment's flag before the message's own problems, and lends no frame another's", () => {
    const d = new Decoder();
    const noEnd = buildDhcpMessage({ xid: 7, chaddr: '02:aa:bb:cc:dd:ee', options: [opt(53, 'REQUEST')], end: false });
    const first = decode(ethIp({ payload: udp(noEnd), moreFragments: true }), d);
    const clean = decode(ethIp({ payload: udp(REQUEST) }), d);
    expect(first?.problems.map((p) => p.code)).toEqual(['IPV4_FRAGMENT', 'NO_END_OPTION']);
    expect(clean?.problems).toEqual([]);
    // Decoding the next frame left the first one's list as it was.
    expect(first?.problems.map((p) => p.code)).toEqual(['IPV4_FRAGMENT', 'NO_END_OPTION']);
  });

  it('a short first fragment on a DHCP port is malformed', () => {
    const f = decode(ethIp({ payload: udp(REQUEST.subarray(0, 100)), moreFragments: true }));
    expect(f?.kind).toBe('malformed');
    if (f?.kind === 'malformed') {
      expect(f.layer).toBe('dhcp');
      expect(f.ip?.fragment).toBe(true);
      expect(f.problems[0]).toMatchObject({ code: 'UDP_PAYLOAD_TOO_SHORT', severity: 'error', args: [100, 1] });
      expect(problemText(f.problems[0]!)).toMatch(/100 bytes is shorter than the 236-byte BOOTP header \(first fragment/);
    }
  });

  it('ignores non-IPv4 versions and truncated headers', () => {
    const bad = ethIp({ payload: udp(REQUEST) });
    bad[14] = 0x65;
    expect(decode(bad)).toBeUndefined();
    expect(decode(buildEthernet({ type: 0x0800, payload: [0x45, 0, 0, 20] }))).toBeUndefined();
  });
});

describe('UDP ports', () => {
  it('accepts 67/68 on either side and 4011', () => {
    for (const [s, d] of [
      [68, 67],
      [67, 68],
      [67, 67],
      [5000, 67],
      [68, 5000],
      [4011, 68],
    ] as const) {
      const f = decode(ethIp({ payload: udp(REQUEST, s, d) }));
      expect(f?.kind).toBe('dhcp');
      expect(f?.kind === 'dhcp' ? f.udp : undefined).toEqual({ srcPort: s, dstPort: d });
    }
  });

  it('shares one frozen port pair among frames with the same DHCP ports', () => {
    const ports = (s: number, d: number): unknown => {
      const f = decode(ethIp({ payload: udp(REQUEST, s, d) }));
      return f?.kind === 'dhcp' ? f.udp : undefined;
    };
    expect(ports(68, 67)).toBe(ports(68, 67));
    expect(Object.isFrozen(ports(67, 68))).toBe(true);
    expect(ports(67, 68)).not.toBe(ports(68, 67));
    expect(ports(4011, 67)).toEqual({ srcPort: 4011, dstPort: 67 });
    expect(ports(5000, 67)).not.toBe(ports(5000, 67));
  });

  it('counts anything else as other, allocating no frame', () => {
    const d = new Decoder();
    expect(decode(ethIp({ payload: udp(REQUEST, 5353, 5353) }), d)).toBeUndefined();
    expect(decode(ethIp({ payload: new Uint8Array(40), protocol: 6 }), d)).toBeUndefined();
    expect(decode(buildEthernet({ type: 0x86dd, payload: new Uint8Array(60) }), d)).toBeUndefined();
    expect(d.stats).toEqual({ packets: 3, dhcp: 0, arp: 0, malformed: 0, other: 3 });
  });

  it('a UDP payload shorter than the BOOTP header is malformed, and counted so', () => {
    const d = new Decoder();
    const f = decode(ethIp({ payload: udp(REQUEST.subarray(0, 200)) }), d);
    expect(f?.kind).toBe('malformed');
    if (f?.kind === 'malformed') expect(f.udp).toEqual({ srcPort: 68, dstPort: 67 });
    expect(d.stats).toEqual({ packets: 1, dhcp: 0, arp: 0, malformed: 1, other: 0 });
  });

  it('uses the UDP length to drop trailing bytes', () => {
    const u = udp(REQUEST);
    const f = decode(ethIp({ payload: concat(u, [0x35, 0x01]) }));
    expect(f?.kind).toBe('dhcp');
    if (f?.kind === 'dhcp') expect(f.problems).toEqual([]);
  });
});

describe('ICMP destination unreachable quoting DHCP', () => {
  const original = buildIpv4({ src: '192.168.1.50', dst: '192.168.1.1', protocol: 17, payload: udp(REQUEST) });

  function icmpFrame(quoted: Uint8Array, code = 3, type = 3): Uint8Array {
    return buildEthernet({
      dst: '02:00:00:00:00:50',
      src: '02:00:00:00:00:01',
      type: 0x0800,
      payload: buildIpv4({ src: '192.168.1.1', dst: '192.168.1.50', protocol: 1, payload: buildIcmpUnreachable({ code, type, quoted }) }),
    });
  }

  it('yields the quoted message, marked as quoted', () => {
    const d = new Decoder();
    const f = decode(icmpFrame(original), d);
    expect(f?.kind).toBe('dhcp');
    if (f?.kind !== 'dhcp') return;
    expect(f.quotedBy).toEqual({ icmpType: 3, icmpCode: 3, from: '192.168.1.1', to: '192.168.1.50' });
    expect(f.ip.src).toBe('192.168.1.50');
    expect(f.ip.dst).toBe('192.168.1.1');
    expect(f.udp).toEqual({ srcPort: 68, dstPort: 67 });
    expect(f.dhcp.messageType).toBe(3);
    expect(f.dhcp.xid).toBe(0xdeadbeef);
    expect(f.srcMac).toBe('02:00:00:00:00:01');
    expect(f.problems).toEqual([]);
    expect(d.stats.dhcp).toBe(1);
  });

  it('decodes a quote cut short as far as it goes', () => {
    const f = decode(icmpFrame(original.subarray(0, 20 + 8 + 100)));
    expect(f?.kind).toBe('dhcp');
    if (f?.kind !== 'dhcp') return;
    expect(f.dhcp.xid).toBe(0xdeadbeef);
    expect(f.dhcp.ciaddr).toBe('192.168.1.50');
    expect(problemText(f.problems[0]!)).toMatch(/BOOTP header truncated: 100 of 236/);
  });

  it('a quote of the UDP header alone is malformed', () => {
    const f = decode(icmpFrame(original.subarray(0, 28)));
    expect(f?.kind).toBe('malformed');
    if (f?.kind === 'malformed') expect(f.udp).toEqual({ srcPort: 68, dstPort: 67 });
  });

  it('ignores other ICMP, and unreachables quoting other ports', () => {
    expect(decode(icmpFrame(original, 0, 11))).toBeUndefined(); // time exceeded
    const dns = buildIpv4({ src: '192.168.1.50', dst: '192.168.1.1', protocol: 17, payload: udp(REQUEST, 5353, 53) });
    expect(decode(icmpFrame(dns))).toBeUndefined();
  });
});
