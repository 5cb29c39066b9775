import { describe, expect, it } from 'vitest';
import { Decoder } from '../../src/decode/decoder.js';
import type { Frame } from '../../src/decode/frame.js';
import { buildDhcpMessage, opt } from '../helpers/dhcp-builder.js';
import {
  build8023Snap,
  buildArp,
  buildDhcpEthernet,
  buildEthernet,
  buildIpv4,
  buildNull,
  buildRadiotap80211,
  buildSll,
  buildSll2,
  buildUdp,
  record,
} from '../helpers/frames.js';

const DISCOVER = buildDhcpMessage({ chaddr: '02:aa:bb:cc:dd:ee', options: [opt(53, 'DISCOVER')] });
const IP_DHCP = buildIpv4({
  src: '0.0.0.0',
  dst: '255.255.255.255',
  protocol: 17,
  payload: buildUdp({ srcPort: 68, dstPort: 67, payload: DISCOVER }),
});
const ARP = buildArp({ opcode: 1, senderMac: '02:00:00:00:00:01', senderIp: '10.0.0.1', targetMac: '00:00:00:00:00:00', targetIp: '10.0.0.2' });

const ETH = '02:00:00:00:00:01';

function decode(bytes: Uint8Array, linkType = 1): Frame | undefined {
  return new Decoder().decode(record(bytes, linkType));
}

function dhcp(bytes: Uint8Array, linkType = 1): Extract<Frame, { kind: 'dhcp' }> {
  const f = decode(bytes, linkType);
  if (f?.kind !== 'dhcp') throw new Error(`expected a DHCP frame, got ${f?.kind ?? 'nothing'}`);
  return f;
}

describe('Ethernet II', () => {
  it('reads MACs and classifies the destination', () => {
    const f = dhcp(buildDhcpEthernet({ payload: DISCOVER, srcMac: '02:11:22:33:44:55' }));
    expect(f.srcMac).toBe('02:11:22:33:44:55');
    expect(f.dstMac).toBe('ff:ff:ff:ff:ff:ff');
    expect(f.l2).toBe('broadcast');
    expect(f.vlan).toEqual([]);
    expect(f.vlanTpids).toBeUndefined();
    expect(dhcp(buildDhcpEthernet({ payload: DISCOVER, dstMac: '01:00:5e:00:00:01' })).l2).toBe('multicast');
    expect(dhcp(buildDhcpEthernet({ payload: DISCOVER, dstMac: '02:00:00:00:00:09' })).l2).toBe('unicast');
  });

  it('lists stacked VLAN tags outermost first (802.1ad, 802.1Q, 0x9100)', () => {
    const f = dhcp(
      buildDhcpEthernet({
        payload: DISCOVER,
        vlans: [
          { tpid: 0x88a8, id: 200 },
          { tpid: 0x9100, id: 300, pcp: 5 },
          { tpid: 0x8100, id: 2001 },
        ],
      }),
    );
    expect(f.vlan).toEqual([200, 300, 2001]);
    expect(f.vlanTpids).toEqual([0x88a8, 0x9100, 0x8100]);
    expect(f.dhcp.messageType).toBe(1);
  });

  it('follows ARP inside a VLAN tag', () => {
    const f = decode(buildEthernet({ type: 0x0806, vlans: [{ id: 7 }], payload: ARP }));
    expect(f?.kind).toBe('arp');
    expect(f?.vlan).toEqual([7]);
  });

  it('gives frames with the same single tag one shared, frozen list; two-tag lists are their own', () => {
    const a = dhcp(buildDhcpEthernet({ payload: DISCOVER, vlans: [{ id: 42 }] }));
    const b = decode(buildEthernet({ type: 0x0806, vlans: [{ id: 42 }], payload: ARP }));
    const c = dhcp(buildDhcpEthernet({ payload: DISCOVER, vlans: [{ id: 43 }] }));
    expect(a.vlan).toEqual([42]);
    expect(b?.vlan).toBe(a.vlan);
    expect(b?.vlanTpids).toBe(a.vlanTpids);
    expect(a.vlanTpids).toEqual([0x8100]);
    expect(Object.isFrozen(a.vlan)).toBe(true);
    expect(c.vlan).toEqual([43]);
    const stacked = dhcp(buildDhcpEthernet({ payload: DISCOVER, vlans: [{ id: 42, tpid: 0x88a8 }, { id: 7 }] }));
    expect(stacked.vlan).toEqual([42, 7]);
    expect(stacked.vlanTpids).toEqual([0x88a8, 0x8100]);
  });

  it('reports more than 8 stacked tags without failing', () => {
    const vlans = Array.from({ length: 10 }, (_, i) => ({ id: i + 1 }));
    const f = dhcp(buildDhcpEthernet({ payload: DISCOVER, vlans }));
    expect(f.vlan).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(f.problems.map((p) => p.code)).toContain('VLAN_STACK_TOO_DEEP');
  });

  it('reads 802.3 frames with LLC/SNAP', () => {
    const f = decode(build8023Snap({ type: 0x0806, payload: ARP, src: '02:00:00:00:00:01' }));
    expect(f?.kind).toBe('arp');
    expect(f?.srcMac).toBe('02:00:00:00:00:01');
    // 802.3 with plain LLC (not SNAP): not ours.
    const llc = buildEthernet({ type: 38, payload: [0x42, 0x42, 0x03, ...new Array(35).fill(0)] });
    expect(decode(llc)).toBeUndefined();
  });

  it('drops a frame shorter than an Ethernet header', () => {
    expect(decode(new Uint8Array(13))).toBeUndefined();
  });
});

describe('Linux cooked captures', () => {
  it('SLL: source MAC from the header, no destination, l2 from the packet type', () => {
    const cases: [number, string][] = [
      [0, 'unicast'],
      [1, 'broadcast'],
      [2, 'multicast'],
      [3, 'unicast'],
    ];
    for (const [packetType, l2] of cases) {
      const f = dhcp(buildSll({ packetType, src: '02:00:00:00:00:07', proto: 0x0800, payload: IP_DHCP }), 113);
      expect(f.srcMac).toBe('02:00:00:00:00:07');
      expect(f.dstMac).toBeUndefined();
      expect(f.sllPacketType).toBe(packetType);
      expect(f.l2).toBe(l2);
    }
  });

  it('SLL outgoing (4): l2 from the IP destination when it is a broadcast, else unknown', () => {
    const out = dhcp(buildSll({ packetType: 4, src: '02:00:00:00:00:07', proto: 0x0800, payload: IP_DHCP }), 113);
    expect(out.l2).toBe('broadcast');
    const unicastIp = buildIpv4({ src: '10.0.0.1', dst: '10.0.0.2', protocol: 17, payload: buildUdp({ srcPort: 67, dstPort: 68, payload: DISCOVER }) });
    expect(dhcp(buildSll({ packetType: 4, proto: 0x0800, payload: unicastIp }), 113).l2).toBe('unknown');
    expect(decode(buildSll({ packetType: 4, proto: 0x0806, payload: ARP }), 113)?.l2).toBe('unknown');
  });

  it('SLL: no source MAC when the address is not 6 bytes', () => {
    const f = dhcp(buildSll({ packetType: 0, proto: 0x0800, payload: IP_DHCP, addrLen: 4 }), 113);
    expect(f.srcMac).toBeUndefined();
  });

  it('SLL with a VLAN tag and ARP', () => {
    const tagged = [0x00, 0x0a, 0x08, 0x06, ...ARP];
    const f = decode(buildSll({ packetType: 1, src: '02:00:00:00:00:07', proto: 0x8100, payload: tagged }), 113);
    expect(f?.kind).toBe('arp');
    expect(f?.vlan).toEqual([10]);
  });

  it('SLL2', () => {
    const f = dhcp(buildSll2({ packetType: 1, src: '02:00:00:00:00:08', proto: 0x0800, payload: IP_DHCP }), 276);
    expect(f.srcMac).toBe('02:00:00:00:00:08');
    expect(f.sllPacketType).toBe(1);
    expect(f.l2).toBe('broadcast');
    expect(decode(buildSll2({ packetType: 0, proto: 0x0806, payload: ARP }), 276)?.kind).toBe('arp');
  });
});

describe('raw IP and loopback', () => {
  it('raw IPv4 under link types 101, 228, 12 and 14', () => {
    for (const lt of [101, 228, 12, 14]) {
      const f = dhcp(IP_DHCP, lt);
      expect(f.srcMac).toBeUndefined();
      expect(f.l2).toBe('unknown');
      expect(f.ip.l3).toBe('broadcast');
    }
  });

  it('raw link types ignore a packet that is not IPv4', () => {
    const v6 = Uint8Array.from(IP_DHCP);
    v6[0] = 0x60;
    for (const lt of [101, 12, 14, 228]) expect(decode(v6, lt)).toBeUndefined();
  });

  it('BSD null: family 2 in either byte order', () => {
    expect(dhcp(buildNull(IP_DHCP, 2, true), 0).dhcp.messageType).toBe(1);
    expect(dhcp(buildNull(IP_DHCP, 2, false), 0).dhcp.messageType).toBe(1);
    expect(decode(buildNull(IP_DHCP, 24, true), 0)).toBeUndefined(); // AF_INET6 on BSD
    expect(dhcp(buildNull(IP_DHCP, 2, false), 108).dhcp.messageType).toBe(1); // LINKTYPE_LOOP: network order
  });
});

describe('802.11', () => {
  it('radiotap + data frame to the DS: source addr2, destination addr3', () => {
    const frame = buildRadiotap80211({
      toDs: true,
      addr1: '02:00:00:00:00:aa', // BSSID
      addr2: '02:00:00:00:00:01', // station
      addr3: 'ff:ff:ff:ff:ff:ff',
      type: 0x0800,
      payload: IP_DHCP,
    });
    const f = dhcp(frame, 127);
    expect(f.srcMac).toBe('02:00:00:00:00:01');
    expect(f.dstMac).toBe('ff:ff:ff:ff:ff:ff');
    expect(f.l2).toBe('broadcast');
  });

  it('QoS data from the DS with an FCS: source addr3, destination addr1', () => {
    const frame = buildRadiotap80211({
      fromDs: true,
      qos: true,
      fcs: true,
      addr1: '02:00:00:00:00:01',
      addr2: '02:00:00:00:00:aa',
      addr3: '02:00:00:00:00:fe',
      type: 0x0806,
      payload: ARP,
    });
    const f = decode(frame, 127);
    expect(f?.kind).toBe('arp');
    expect(f?.srcMac).toBe('02:00:00:00:00:fe');
    expect(f?.dstMac).toBe('02:00:00:00:00:01');
  });

  it('plain 802.11 (105), WDS addressing with addr4', () => {
    const frame = buildRadiotap80211({
      radiotap: false,
      toDs: true,
      fromDs: true,
      addr1: '02:00:00:00:00:a1',
      addr2: '02:00:00:00:00:a2',
      addr3: 'ff:ff:ff:ff:ff:ff',
      addr4: '02:00:00:00:00:04',
      type: 0x0800,
      payload: IP_DHCP,
    });
    const f = dhcp(frame, 105);
    expect(f.srcMac).toBe('02:00:00:00:00:04');
    expect(f.dstMac).toBe('ff:ff:ff:ff:ff:ff');
  });

  it('ignores protected (encrypted) and non-data frames', () => {
    const frame = buildRadiotap80211({ addr1: ETH, addr2: ETH, addr3: ETH, type: 0x0800, payload: IP_DHCP, radiotap: false });
    const prot = Uint8Array.from(frame);
    prot[1] = prot[1]! | 0x40;
    expect(decode(prot, 105)).toBeUndefined();
    const mgmt = Uint8Array.from(frame);
    mgmt[0] = 0x80; // beacon
    expect(decode(mgmt, 105)).toBeUndefined();
  });
});

describe('unknown link types', () => {
  it('are counted as other', () => {
    const d = new Decoder();
    expect(d.decode(record(IP_DHCP, 9999))).toBeUndefined();
    expect(d.stats).toEqual({ packets: 1, dhcp: 0, arp: 0, malformed: 0, other: 1 });
  });
});

describe('Linux cooked capture with 802.2 LLC (protocol 4)', () => {
  it('follows LLC/SNAP', () => {
    const snap = [0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x06, ...ARP];
    expect(decode(buildSll({ packetType: 1, proto: 4, payload: snap }), 113)?.kind).toBe('arp');
  });
});
