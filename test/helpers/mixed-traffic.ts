/**
 * A capture of ordinary LAN traffic with DHCP and ARP mixed in — DNS, TCP, IPv6, ICMP, VLAN tags, fragments,
 * ICMP errors quoting DHCP — the kind of file the decoder's shortcuts must pass over correctly. The lab's
 * captures hold almost nothing but DHCP and ARP; this one is mostly everything else. Deterministic: the same
 * seed gives the same bytes.
 */
import { buildPcap, type PcapRecord } from './capture-writer.js';
import { buildDhcpMessage } from './dhcp-builder.js';
import { buildArp, buildEthernet, buildIcmpUnreachable, buildIpv4, buildUdp, type VlanTag } from './frames.js';

/** A small linear congruential generator: reproducible without a library. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 0x1_0000_0000;
  };
}

type Maker = (rnd: () => number, i: number) => Uint8Array;

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
const host = (rnd: () => number): string => `10.1.${Math.floor(rnd() * 4)}.${1 + Math.floor(rnd() * 250)}`;
const bytes = (rnd: () => number, n: number): Uint8Array => Uint8Array.from({ length: n }, () => Math.floor(rnd() * 256));
const tags = (rnd: () => number): VlanTag[] => pick(rnd, [[], [], [{ id: 10 }], [{ tpid: 0x88a8, id: 100 }, { id: 20 }]]);

const udpFrame = (rnd: () => number, srcPort: number, dstPort: number, payload: Uint8Array, extra = {}): Uint8Array =>
  buildEthernet({
    type: 0x0800,
    vlans: tags(rnd),
    payload: buildIpv4({ src: host(rnd), dst: host(rnd), protocol: 17, payload: buildUdp({ srcPort, dstPort, payload }), ...extra }),
  });

const dhcp = (i: number, op: 1 | 2): Uint8Array =>
  buildDhcpMessage({ op, xid: 0x1000 + i, chaddr: `02:00:00:00:${(i >> 8) & 0xff}:${(i & 0xff).toString(16).padStart(2, '0')}`, options: [] });

const MAKERS: readonly Maker[] = [
  (rnd) => udpFrame(rnd, 40000 + Math.floor(rnd() * 2000), 53, bytes(rnd, 30 + Math.floor(rnd() * 40))),
  (rnd) => udpFrame(rnd, 53, 40000 + Math.floor(rnd() * 2000), bytes(rnd, 60 + Math.floor(rnd() * 200))),
  (rnd) => udpFrame(rnd, 123, 123, bytes(rnd, 48)),
  (rnd) => udpFrame(rnd, 5353, 5353, bytes(rnd, 80)),
  (rnd) =>
    buildEthernet({
      type: 0x0800,
      vlans: tags(rnd),
      payload: buildIpv4({ src: host(rnd), dst: host(rnd), protocol: 6, payload: bytes(rnd, 20 + Math.floor(rnd() * 500)) }),
    }),
  (rnd) => buildEthernet({ type: 0x86dd, payload: bytes(rnd, 40 + Math.floor(rnd() * 100)) }),
  (rnd) => buildEthernet({ type: 0x0800, payload: buildIpv4({ src: host(rnd), dst: host(rnd), protocol: 1, payload: bytes(rnd, 64) }) }),
  // A later fragment whose first bytes happen to read as DHCP ports: not DHCP.
  (rnd) => udpFrame(rnd, 68, 67, bytes(rnd, 300), { fragOffset: 1480 }),
  // DHCP (either direction), now and then.
  (rnd, i) => udpFrame(rnd, 68, 67, dhcp(i, 1)),
  (rnd, i) => udpFrame(rnd, 67, 68, dhcp(i, 2)),
  // An ICMP error quoting a server's reply: the full decode must look inside it.
  (rnd, i) =>
    buildEthernet({
      type: 0x0800,
      payload: buildIpv4({
        src: host(rnd),
        dst: host(rnd),
        protocol: 1,
        payload: buildIcmpUnreachable({ quoted: buildIpv4({ src: host(rnd), dst: host(rnd), protocol: 17, payload: buildUdp({ srcPort: 67, dstPort: 68, payload: dhcp(i, 2) }) }) }),
      }),
    }),
  (rnd) => buildEthernet({ type: 0x0806, payload: buildArp({ opcode: 1, senderMac: '02:00:00:00:00:05', senderIp: host(rnd), targetMac: '00:00:00:00:00:00', targetIp: host(rnd) }) }),
];

/** `count` frames of mixed traffic, a pcap with microsecond times. */
export function mixedTrafficPcap(count: number, seed = 20261204): Uint8Array {
  const rnd = lcg(seed);
  const records: PcapRecord[] = Array.from({ length: count }, (_, i) => ({
    sec: 1_700_000_000 + Math.floor(i / 10),
    frac: (i % 10) * 100_000,
    data: pick(rnd, MAKERS)(rnd, i),
  }));
  return buildPcap({ records });
}
