/**
 * Hand-made Reports for the renderers (the TUI above all) while the analysis engine is being written.
 * A VMware NAT lab seen from the host, plus a routed segment captured on its relay:
 *   t-1  DORA, two offers from two servers (the second one unicasts although the broadcast flag is set: ✗),
 *        then the client's ARP probe and announcement
 *   t-2  INIT-REBOOT answered by a NAK with an option 56 message
 *   t-3  DORA through a relay (giaddr + option 82), both sides of the relay captured
 *   t-4  DORA whose ARP probe is answered by another MAC (PROBE_ANSWERED / ARP_CONFLICT), t-5 its DECLINE
 *   t-6  RENEW (unicast), t-7/t-8 the same address acked to two clients (DOUBLE_ASSIGNMENT),
 *   t-9  DISCOVERs nobody answers (one retransmission), t-10 RELEASE
 * Packet records are built by a small encoder so that `hex` holds real frame bytes.
 */
import type { OptionValue } from '../../src/decode/frame.js';
import type { LiveReport } from '../../src/report/live.js';
import type { PacketRecord, Report, Step, Transaction } from '../../src/report/types.js';

const T0 = Date.UTC(2024, 2, 1, 10, 0, 0) / 1000;
const BCAST_MAC = 'ff:ff:ff:ff:ff:ff';
const BCAST_IP = '255.255.255.255';

/** ISO time (microseconds) of `seconds` after 10:00:00 on 2024-03-01. */
export function at(seconds: number): string {
  const micros = Math.round((T0 + seconds) * 1e6);
  const iso = new Date(Math.floor(micros / 1000)).toISOString();
  return `${iso.slice(0, 19)}.${String(micros % 1_000_000).padStart(6, '0')}Z`;
}

export const MAC = {
  ubuntu: '00:0c:29:4f:8e:35', win10: '08:00:27:d4:1c:9e', build: '52:54:00:ab:cd:ef', kali: '00:0c:29:11:22:33',
  printer: '52:54:00:99:88:77', phone: '3c:28:6d:01:02:03', oldVm: '00:0c:29:77:88:99', vmnet8: '00:50:56:c0:00:08',
  vmwareDhcp: '00:50:56:ee:12:34', rogue: '52:54:00:12:34:56', relayClientSide: '00:1b:21:aa:00:01',
  relayServerSide: '00:1b:21:aa:00:02', kea: '00:1b:21:bb:00:02',
} as const;

export const IP = { vmware: '192.168.136.254', rogue: '192.168.136.10', giaddr: '10.20.0.1', relayUp: '10.0.0.1', kea: '10.0.0.53' };

// ---------------------------------------------------------------------------------------------- encoder

interface Opt {
  readonly code: number;
  readonly name: string;
  readonly value: OptionValue;
  readonly bytes: readonly number[];
}

const MESSAGE_TYPES = ['', 'DISCOVER', 'OFFER', 'REQUEST', 'DECLINE', 'ACK', 'NAK', 'RELEASE', 'INFORM'];
const ipb = (ip: string): number[] => ip.split('.').map(Number);
const macb = (mac: string): number[] => mac.split(':').map((h) => Number.parseInt(h, 16));
const text = (s: string): number[] => [...Buffer.from(s, 'latin1')];
const u32 = (n: number): number[] => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];

export const opt = {
  type: (t: string): Opt => ({ code: 53, name: 'DHCP Message Type', value: t, bytes: [MESSAGE_TYPES.indexOf(t)] }),
  ip: (code: number, name: string, ip: string): Opt => ({ code, name, value: ip, bytes: ipb(ip) }),
  ips: (code: number, name: string, ips: readonly string[]): Opt => ({ code, name, value: ips, bytes: ips.flatMap(ipb) }),
  text: (code: number, name: string, s: string): Opt => ({ code, name, value: s, bytes: text(s) }),
  seconds: (code: number, name: string, n: number): Opt => ({ code, name, value: n, bytes: u32(n) }),
  clientId: (mac: string): Opt => ({ code: 61, name: 'Client Identifier', value: `01:${mac}`, bytes: [1, ...macb(mac)] }),
  params: (codes: readonly number[]): Opt => ({ code: 55, name: 'Parameter Request List', value: codes, bytes: [...codes] }),
  relay: (circuitId: string, remoteMac: string): Opt => ({
    code: 82,
    name: 'Relay Agent Information',
    value: [
      { code: 1, name: 'Agent Circuit ID', value: circuitId },
      { code: 2, name: 'Agent Remote ID', value: remoteMac },
    ],
    bytes: [1, circuitId.length, ...text(circuitId), 2, 6, ...macb(remoteMac)],
  }),
};

interface DhcpSpec {
  readonly frame: number;
  readonly t: number;
  readonly src: { readonly mac: string; readonly ip: string; readonly port?: number };
  readonly dst: { readonly mac: string; readonly ip: string; readonly port?: number };
  readonly op: 1 | 2;
  readonly xid: number;
  readonly chaddr: string;
  readonly broadcast?: boolean;
  readonly hops?: number;
  readonly ciaddr?: string;
  readonly yiaddr?: string;
  readonly giaddr?: string;
  readonly options: readonly Opt[];
}

function checksum(header: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < header.length; i += 2) sum += ((header[i] ?? 0) << 8) + (header[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function frameBytes(src: DhcpSpec['src'], dst: DhcpSpec['dst'], udp: readonly [number, number], payload: readonly number[]): number[] {
  const udpLength = 8 + payload.length;
  const ip = [0x45, 0, ...[(20 + udpLength) >> 8, (20 + udpLength) & 255], 0, 0, 0, 0, 64, 17, 0, 0, ...ipb(src.ip), ...ipb(dst.ip)];
  const sum = checksum(ip);
  ip[10] = sum >> 8;
  ip[11] = sum & 255;
  return [...macb(dst.mac), ...macb(src.mac), 0x08, 0x00, ...ip, udp[0] >> 8, udp[0] & 255, udp[1] >> 8, udp[1] & 255, udpLength >> 8, udpLength & 255, 0, 0, ...payload];
}

const hexOf = (bytes: readonly number[]): string => bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
const l2Of = (mac: string): 'broadcast' | 'unicast' => (mac === BCAST_MAC ? 'broadcast' : 'unicast');

export function buildDhcpPacket(s: DhcpSpec): PacketRecord {
  const options = s.options.flatMap((o) => [o.code, o.bytes.length, ...o.bytes]);
  const bootp = [
    s.op, 1, 6, s.hops ?? 0, ...u32(s.xid), 0, 0, s.broadcast ? 0x80 : 0, 0,
    ...ipb(s.ciaddr ?? '0.0.0.0'), ...ipb(s.yiaddr ?? '0.0.0.0'), ...ipb('0.0.0.0'), ...ipb(s.giaddr ?? '0.0.0.0'),
    ...macb(s.chaddr), ...new Array<number>(10 + 64 + 128).fill(0), 0x63, 0x82, 0x53, 0x63, ...options, 255,
  ];
  while (bootp.length < 300) bootp.push(0);
  const ports: [number, number] = [s.src.port ?? (s.op === 1 ? 68 : 67), s.dst.port ?? (s.op === 1 ? 67 : 68)];
  const bytes = frameBytes(s.src, s.dst, ports, bootp);
  const type = s.options.find((o) => o.code === 53)?.value;
  return {
    capture: 0, frame: s.frame, captureFrame: s.frame, time: at(s.t), epoch: T0 + s.t, length: bytes.length, vlan: [],
    src: { mac: s.src.mac, ip: s.src.ip, port: ports[0] },
    dst: { mac: s.dst.mac, ip: s.dst.ip, port: ports[1] },
    l2: l2Of(s.dst.mac), l3: s.dst.ip === BCAST_IP ? 'broadcast' : 'unicast',
    dhcp: {
      op: s.op === 1 ? 'BOOTREQUEST' : 'BOOTREPLY', htype: 1, hlen: 6, hops: s.hops ?? 0,
      xid: `0x${s.xid.toString(16).padStart(8, '0')}`, secs: 0, broadcastFlag: s.broadcast ?? false,
      ciaddr: s.ciaddr ?? '0.0.0.0', yiaddr: s.yiaddr ?? '0.0.0.0', siaddr: '0.0.0.0', giaddr: s.giaddr ?? '0.0.0.0',
      chaddr: s.chaddr, sname: '', file: '', cookie: true, ...(typeof type === 'string' ? { messageType: type } : {}),
      options: s.options.map((o) => ({ code: o.code, name: o.name, length: o.bytes.length, value: o.value })),
    },
    problems: [],
    hex: hexOf(bytes),
  };
}

export function buildArpPacket(frame: number, t: number, kind: 'probe' | 'announcement' | 'reply', sender: string, senderIp: string, targetIp: string, targetMac = '00:00:00:00:00:00'): PacketRecord {
  const opcode = kind === 'reply' ? 2 : 1;
  const dstMac = kind === 'reply' ? targetMac : BCAST_MAC;
  const arp = [0, 1, 8, 0, 6, 4, 0, opcode, ...macb(sender), ...ipb(senderIp), ...macb(targetMac), ...ipb(targetIp)];
  const bytes = [...macb(dstMac), ...macb(sender), 0x08, 0x06, ...arp, ...new Array<number>(18).fill(0)];
  return {
    capture: 0, frame, captureFrame: frame, time: at(t), epoch: T0 + t, length: bytes.length, vlan: [],
    src: { mac: sender }, dst: { mac: dstMac }, l2: l2Of(dstMac),
    arp: { opcode, op: kind === 'reply' ? 'reply' : 'request', kind, senderMac: sender, senderIp, targetMac, targetIp },
    problems: [], hex: hexOf(bytes),
  };
}

interface StepExtra {
  readonly expected?: string;
  readonly ok?: boolean;
  readonly retransmission?: boolean;
  readonly server?: string;
}

export function stepOf(p: PacketRecord, direction: Step['direction'], extra: StepExtra = {}): Step {
  const d = p.dhcp;
  return {
    frame: p.frame, time: p.time, epoch: p.epoch, messageType: d?.messageType ?? 'TYPE_0', direction,
    from: { mac: p.src.mac ?? null, ip: p.src.ip ?? '0.0.0.0' }, to: { mac: p.dst.mac ?? null, ip: p.dst.ip ?? '0.0.0.0' },
    l2: p.l2, l3: p.l3 ?? 'unicast', broadcastFlag: d?.broadcastFlag ?? false,
    expectedDelivery: extra.expected ?? (p.l3 === 'broadcast' ? 'broadcast' : 'unicast'), deliveryOk: extra.ok ?? true,
    retransmission: extra.retransmission ?? false,
    ...(extra.server !== undefined ? { server: extra.server } : {}),
    ...(d && d.yiaddr !== '0.0.0.0' ? { yiaddr: d.yiaddr } : {}),
    ...(d && d.giaddr !== '0.0.0.0' ? { relayed: true } : {}),
  };
}

// ---------------------------------------------------------------------------------------------- scenario

const client = (mac: string, ip = '0.0.0.0') => ({ mac, ip });
const bcast = { mac: BCAST_MAC, ip: BCAST_IP };
const vmware = { mac: MAC.vmwareDhcp, ip: IP.vmware };
const rogue = { mac: MAC.rogue, ip: IP.rogue };
const PRL = opt.params([1, 3, 6, 15, 28, 51, 58, 59]);
const vmwareOffer = (ip: string): Opt[] => [
  opt.ip(54, 'DHCP Server Identifier', IP.vmware), opt.seconds(51, 'IP Address Lease Time', 1800),
  opt.ip(1, 'Subnet Mask', '255.255.255.0'), opt.ip(3, 'Router', '192.168.136.2'),
  opt.ips(6, 'Domain Name Server', ['192.168.136.2']), opt.text(15, 'Domain Name', 'localdomain'),
  opt.ip(28, 'Broadcast Address', ip.replace(/\.\d+$/, '.255')),
];
const rogueOffer = [opt.ip(54, 'DHCP Server Identifier', IP.rogue), opt.seconds(51, 'IP Address Lease Time', 3600), opt.ip(3, 'Router', IP.rogue)];
const relay82 = opt.relay('eth0/1/3', MAC.relayClientSide);

function dora(
  first: number, t: number, mac: string, xid: number, server: { mac: string; ip: string }, ip: string, serverOpts: Opt[],
  clientOpts: Opt[] = [],
): PacketRecord[] {
  const base = { op: 1 as const, xid, chaddr: mac };
  const reply = { op: 2 as const, xid, chaddr: mac, yiaddr: ip, src: server, dst: { mac, ip } };
  return [
    buildDhcpPacket({ ...base, frame: first, t, src: client(mac), dst: bcast, options: [opt.type('DISCOVER'), ...clientOpts, PRL] }),
    buildDhcpPacket({ ...reply, frame: first + 1, t: t + 0.004, options: [opt.type('OFFER'), ...serverOpts] }),
    buildDhcpPacket({ ...base, frame: first + 2, t: t + 0.05, src: client(mac), dst: bcast, options: [opt.type('REQUEST'), opt.ip(50, 'Requested IP Address', ip), opt.ip(54, 'DHCP Server Identifier', server.ip), ...clientOpts] }),
    buildDhcpPacket({ ...reply, frame: first + 3, t: t + 0.052, options: [opt.type('ACK'), ...serverOpts] }),
  ];
}

function buildPackets(): PacketRecord[] {
  const ubuntuOpts = [opt.clientId(MAC.ubuntu), opt.text(12, 'Host Name', 'ubuntu-vm'), opt.text(60, 'Vendor Class Identifier', 'dhcpcd-9.4.1:Linux-6.1.0:x86_64:GenuineIntel')];
  const t1 = { op: 1 as const, xid: 0x3903f326, chaddr: MAC.ubuntu, broadcast: true };
  const relayed = { xid: 0x0badf00d, chaddr: MAC.build };
  const up = { mac: MAC.relayServerSide, ip: IP.relayUp, port: 67 };
  const relayDown = { mac: MAC.relayClientSide, ip: IP.giaddr };
  const kea = { mac: MAC.kea, ip: IP.kea, port: 67 };
  const keaOpts = [opt.ip(54, 'DHCP Server Identifier', IP.kea), opt.seconds(51, 'IP Address Lease Time', 86400), opt.ip(3, 'Router', IP.giaddr), relay82];
  const buildHost = { mac: MAC.build, ip: '10.20.0.57' };
  const relayedPair = (frame: number, t: number, type: string, clientSide: Opt[]): PacketRecord[] => {
    const request = type === 'DISCOVER' || type === 'REQUEST';
    const options = [opt.type(type), ...clientSide];
    return request
      ? [
          buildDhcpPacket({ ...relayed, op: 1, frame, t, src: client(MAC.build), dst: bcast, options }),
          buildDhcpPacket({ ...relayed, op: 1, frame: frame + 1, t: t + 0.001, src: up, dst: kea, hops: 1, giaddr: IP.giaddr, options: [...options, relay82] }),
        ]
      : [
          buildDhcpPacket({ ...relayed, op: 2, frame, t, src: kea, dst: { mac: MAC.relayServerSide, ip: IP.giaddr, port: 67 }, yiaddr: buildHost.ip, giaddr: IP.giaddr, hops: 1, options }),
          buildDhcpPacket({ ...relayed, op: 2, frame: frame + 1, t: t + 0.001, src: { ...relayDown, port: 67 }, dst: buildHost, yiaddr: buildHost.ip, giaddr: IP.giaddr, options: options.filter((o) => o.code !== 82) }),
        ];
  };
  return [
    buildDhcpPacket({ ...t1, frame: 1, t: 0, src: client(MAC.ubuntu), dst: bcast, options: [opt.type('DISCOVER'), ...ubuntuOpts, PRL] }),
    buildDhcpPacket({ ...t1, op: 2, frame: 2, t: 0.004, src: vmware, dst: bcast, yiaddr: '192.168.136.128', options: [opt.type('OFFER'), ...vmwareOffer('192.168.136.128')] }),
    buildDhcpPacket({ ...t1, op: 2, frame: 3, t: 0.006, src: rogue, dst: { mac: MAC.ubuntu, ip: '192.168.136.50' }, yiaddr: '192.168.136.50', options: [opt.type('OFFER'), ...rogueOffer] }),
    buildDhcpPacket({ ...t1, frame: 4, t: 1.01, src: client(MAC.ubuntu), dst: bcast, options: [opt.type('REQUEST'), opt.ip(50, 'Requested IP Address', '192.168.136.128'), opt.ip(54, 'DHCP Server Identifier', IP.vmware), ...ubuntuOpts] }),
    buildDhcpPacket({ ...t1, op: 2, frame: 5, t: 1.013, src: vmware, dst: bcast, yiaddr: '192.168.136.128', options: [opt.type('ACK'), ...vmwareOffer('192.168.136.128')] }),
    buildArpPacket(6, 1.1, 'probe', MAC.ubuntu, '0.0.0.0', '192.168.136.128'),
    buildArpPacket(7, 2.9, 'announcement', MAC.ubuntu, '192.168.136.128', '192.168.136.128'),
    buildDhcpPacket({ op: 1, xid: 0x7a1b2c3d, chaddr: MAC.win10, frame: 8, t: 5, src: client(MAC.win10), dst: bcast, options: [opt.type('REQUEST'), opt.clientId(MAC.win10), opt.ip(50, 'Requested IP Address', '192.168.1.77'), opt.text(12, 'Host Name', 'win10-lab'), opt.text(60, 'Vendor Class Identifier', 'MSFT 5.0')] }),
    buildDhcpPacket({ op: 2, xid: 0x7a1b2c3d, chaddr: MAC.win10, frame: 9, t: 5.002, src: vmware, dst: bcast, options: [opt.type('NAK'), opt.ip(54, 'DHCP Server Identifier', IP.vmware), opt.text(56, 'Message', 'requested address is not on this network')] }),
    ...relayedPair(10, 8, 'DISCOVER', [opt.text(12, 'Host Name', 'build-01'), PRL]),
    ...relayedPair(12, 8.01, 'OFFER', keaOpts),
    ...relayedPair(14, 8.5, 'REQUEST', [opt.ip(50, 'Requested IP Address', buildHost.ip), opt.ip(54, 'DHCP Server Identifier', IP.kea), opt.text(12, 'Host Name', 'build-01')]),
    ...relayedPair(16, 8.512, 'ACK', keaOpts),
    ...dora(18, 20, MAC.kali, 0x5eed1234, vmware, '192.168.136.129', vmwareOffer('192.168.136.129'), [opt.text(12, 'Host Name', 'kali')]),
    buildArpPacket(22, 20.1, 'probe', MAC.kali, '0.0.0.0', '192.168.136.129'),
    buildArpPacket(23, 20.101, 'reply', MAC.vmnet8, '192.168.136.129', '0.0.0.0', MAC.kali),
    buildDhcpPacket({ op: 1, xid: 0x5eed1234, chaddr: MAC.kali, frame: 24, t: 20.2, src: client(MAC.kali), dst: bcast, options: [opt.type('DECLINE'), opt.ip(50, 'Requested IP Address', '192.168.136.129'), opt.ip(54, 'DHCP Server Identifier', IP.vmware)] }),
    buildDhcpPacket({ op: 1, xid: 0x3903f326, chaddr: MAC.ubuntu, ciaddr: '192.168.136.128', frame: 30, t: 90, src: client(MAC.ubuntu, '192.168.136.128'), dst: vmware, options: [opt.type('REQUEST'), ...ubuntuOpts] }),
    buildDhcpPacket({ op: 2, xid: 0x3903f326, chaddr: MAC.ubuntu, ciaddr: '192.168.136.128', yiaddr: '192.168.136.128', frame: 31, t: 90.002, src: vmware, dst: { mac: MAC.ubuntu, ip: '192.168.136.128' }, options: [opt.type('ACK'), ...vmwareOffer('192.168.136.128')] }),
    ...dora(32, 95, MAC.win10, 0x11aa22bb, rogue, '192.168.136.50', rogueOffer, [opt.text(12, 'Host Name', 'win10-lab')]),
    ...dora(36, 100, MAC.printer, 0x33cc44dd, rogue, '192.168.136.50', rogueOffer, [opt.text(12, 'Host Name', 'printer')]),
    buildDhcpPacket({ op: 1, xid: 0x0000beef, chaddr: MAC.phone, frame: 40, t: 110, src: client(MAC.phone), dst: bcast, options: [opt.type('DISCOVER'), opt.text(12, 'Host Name', 'old-phone')] }),
    buildDhcpPacket({ op: 1, xid: 0x0000beef, chaddr: MAC.phone, frame: 41, t: 114, src: client(MAC.phone), dst: bcast, options: [opt.type('DISCOVER'), opt.text(12, 'Host Name', 'old-phone')] }),
    buildDhcpPacket({ op: 1, xid: 0x0ddba115, chaddr: MAC.oldVm, ciaddr: '192.168.136.131', frame: 42, t: 120, src: client(MAC.oldVm, '192.168.136.131'), dst: vmware, options: [opt.type('RELEASE'), opt.ip(54, 'DHCP Server Identifier', IP.vmware)] }),
  ];
}

interface TxSpec {
  readonly id: string;
  readonly kind: Transaction['kind'];
  readonly outcome: Transaction['outcome'];
  readonly steps: readonly Step[];
  readonly extra?: Partial<Transaction>;
}

function transaction(packets: ReadonlyMap<number, PacketRecord>, spec: TxSpec): Transaction {
  const first = spec.steps[0];
  const last = spec.steps[spec.steps.length - 1];
  if (!first || !last) throw new Error(`transaction ${spec.id} has no steps`);
  const p = packets.get(first.frame)?.dhcp;
  const option = (code: number): OptionValue | undefined => p?.options.find((o) => o.code === code)?.value;
  const hostname = option(12);
  const vendorClass = option(60);
  const offers = spec.steps
    .filter((s) => s.messageType === 'OFFER' && s.direction === 'server')
    .map((s) => ({ server: s.server ?? s.from.ip, yiaddr: s.yiaddr ?? '0.0.0.0', frame: s.frame }));
  return {
    id: spec.id, xid: p?.xid ?? '0x00000000', clientMac: p?.chaddr ?? '00:00:00:00:00:00',
    ...(typeof hostname === 'string' ? { hostname } : {}),
    ...(typeof vendorClass === 'string' ? { vendorClass } : {}),
    kind: spec.kind, outcome: spec.outcome, offers,
    firstTime: first.time, lastTime: last.time, durationMs: Math.round((last.epoch - first.epoch) * 1e6) / 1e3,
    latencyMs: {}, steps: spec.steps, arpFrames: [], arp: [],
    ...spec.extra,
  };
}

export function buildSampleReport(): Report {
  const list = buildPackets();
  const packets = new Map(list.map((p) => [p.frame, p]));
  const pk = (frame: number): PacketRecord => {
    const p = packets.get(frame);
    if (!p) throw new Error(`no packet ${frame}`);
    return p;
  };
  const c = (frame: number, extra?: StepExtra): Step => stepOf(pk(frame), 'client', extra);
  const s = (frame: number, server: string, extra?: StepExtra): Step => stepOf(pk(frame), 'server', { server, ...extra });
  const r = (frame: number, server: string): Step => stepOf(pk(frame), 'relay', { server, expected: 'unicast (relayed)' });
  const tx = (spec: TxSpec): Transaction => transaction(packets, spec);
  const vm = IP.vmware;
  const ro = IP.rogue;
  const transactions = [
    tx({
      id: 't-1', kind: 'DORA', outcome: 'ACK',
      steps: [c(1), s(2, vm, { expected: 'broadcast (broadcast flag set)' }), s(3, ro, { expected: 'broadcast (broadcast flag set)', ok: false }), c(4), s(5, vm, { expected: 'broadcast (broadcast flag set)' })],
      extra: { server: vm, selectedServer: vm, requestedIp: '192.168.136.128', assignedIp: '192.168.136.128', leaseSeconds: 1800, clientId: `01:${MAC.ubuntu}`, latencyMs: { offer: 4, ack: 3 }, arpFrames: [6, 7] },
    }),
    tx({
      id: 't-2', kind: 'INIT-REBOOT', outcome: 'NAK',
      steps: [c(8), s(9, vm, { expected: 'broadcast (NAK without relay)' })],
      extra: { server: vm, requestedIp: '192.168.1.77', nakMessage: 'requested address is not on this network', latencyMs: { ack: 2 } },
    }),
    tx({
      id: 't-3', kind: 'DORA', outcome: 'ACK',
      steps: [c(10), r(11, IP.kea), s(12, IP.kea, { expected: 'unicast to relay 10.20.0.1' }), r(13, IP.kea), c(14), r(15, IP.kea), s(16, IP.kea, { expected: 'unicast to relay 10.20.0.1' }), r(17, IP.kea)],
      extra: { server: IP.kea, requestedIp: '10.20.0.57', assignedIp: '10.20.0.57', leaseSeconds: 86400, relay: { giaddr: IP.giaddr, hops: 1, circuitId: 'eth0/1/3', remoteId: MAC.relayClientSide }, latencyMs: { offer: 10, ack: 12 } },
    }),
    tx({
      id: 't-4', kind: 'DORA', outcome: 'ACK',
      steps: [c(18), s(19, vm, { expected: 'unicast to yiaddr (or broadcast)' }), c(20), s(21, vm, { expected: 'unicast to yiaddr (or broadcast)' })],
      extra: { server: vm, requestedIp: '192.168.136.129', assignedIp: '192.168.136.129', leaseSeconds: 1800, latencyMs: { offer: 4, ack: 2 }, arpFrames: [22, 23] },
    }),
    tx({ id: 't-5', kind: 'DECLINE', outcome: 'DECLINED', steps: [c(24)], extra: { server: vm, requestedIp: '192.168.136.129' } }),
    tx({
      id: 't-6', kind: 'RENEW', outcome: 'ACK',
      steps: [c(30, { expected: 'unicast to server' }), s(31, vm, { expected: 'unicast to ciaddr' })],
      extra: { server: vm, assignedIp: '192.168.136.128', leaseSeconds: 1800, latencyMs: { ack: 2 } },
    }),
    tx({ id: 't-7', kind: 'DORA', outcome: 'ACK', steps: [c(32), s(33, ro), c(34), s(35, ro)], extra: { server: ro, assignedIp: '192.168.136.50', leaseSeconds: 3600 } }),
    tx({ id: 't-8', kind: 'DORA', outcome: 'ACK', steps: [c(36), s(37, ro), c(38), s(39, ro)], extra: { server: ro, assignedIp: '192.168.136.50', leaseSeconds: 3600 } }),
    tx({ id: 't-9', kind: 'DORA', outcome: 'NO_OFFER', steps: [c(40), c(41, { retransmission: true })] }),
    tx({ id: 't-10', kind: 'RELEASE', outcome: 'RELEASED', steps: [c(42, { expected: 'unicast to server' })], extra: { server: vm, assignedIp: '192.168.136.131' } }),
  ];
  return {
    schemaVersion: 1,
    tool: { name: 'dorascope', version: '0.1.0' },
    captures: [{ path: 'fixtures/lab-vmnet8.pcapng', format: 'pcapng', compressed: false, linkTypes: [1], timestampResolution: 'microseconds', packets: 64, bytes: 23_552, firstFrame: 1, firstTime: at(0), lastTime: at(150.5), complete: true }],
    stats: { packets: 64, dhcp: 33, arp: 6, malformed: 1, other: 24, messageTypes: { DISCOVER: 8, OFFER: 7, REQUEST: 8, DECLINE: 1, ACK: 7, NAK: 1, RELEASE: 1 } },
    packets: list,
    transactions,
    leases: [
      { ip: '192.168.136.128', mac: MAC.ubuntu, clientId: `01:${MAC.ubuntu}`, hostname: 'ubuntu-vm', server: vm, start: at(1.013), end: at(1890.002), leaseSeconds: 1800, renewals: 1, state: 'active', transactions: ['t-1', 't-6'] },
      { ip: '192.168.136.129', mac: MAC.kali, hostname: 'kali', server: vm, start: at(20.052), end: at(20.2), leaseSeconds: 1800, renewals: 0, state: 'declined', transactions: ['t-4', 't-5'] },
      { ip: '192.168.136.131', mac: MAC.oldVm, server: vm, start: at(-600), end: at(120), leaseSeconds: 1800, renewals: 0, state: 'released', transactions: ['t-10'] },
      { ip: '192.168.136.50', mac: MAC.win10, hostname: 'win10-lab', server: ro, start: at(95.052), end: at(3695.052), leaseSeconds: 3600, renewals: 0, state: 'active', transactions: ['t-7'] },
      { ip: '192.168.136.50', mac: MAC.printer, hostname: 'printer', server: ro, start: at(100.052), end: at(3700.052), leaseSeconds: 3600, renewals: 0, state: 'active', transactions: ['t-8'] },
      { ip: '10.20.0.57', mac: MAC.build, hostname: 'build-01', server: IP.kea, start: at(8.513), end: at(86408.513), leaseSeconds: 86400, renewals: 0, state: 'active', transactions: ['t-3'] },
    ],
    servers: [
      { ip: vm, mac: MAC.vmwareDhcp, offers: 2, acks: 3, naks: 1, subnets: ['192.168.136.0/24'], options: { router: '192.168.136.2', dns: ['192.168.136.2'], domain: 'localdomain' }, hypervisor: { kind: 'VMware', evidence: ['MAC 00:50:56 (VMware)', 'address .254 of a VMware NAT network', 'domain localdomain'] } },
      { ip: ro, mac: MAC.rogue, offers: 3, acks: 2, naks: 0, subnets: ['192.168.136.0/24'], options: { router: ro }, hypervisor: { kind: 'QEMU', evidence: ['MAC 52:54:00 (QEMU/KVM)'] } },
      { ip: IP.kea, mac: MAC.kea, offers: 1, acks: 1, naks: 0, subnets: ['10.20.0.0/24'], options: { router: IP.giaddr } },
    ],
    clients: [
      { mac: MAC.ubuntu, vendor: 'VMware, Inc.', virtualization: 'VMware', hostnames: ['ubuntu-vm'], vendorClasses: ['dhcpcd-9.4.1:Linux-6.1.0:x86_64:GenuineIntel'], ips: ['192.168.136.128'], transactions: ['t-1', 't-6'] },
      { mac: MAC.win10, vendor: 'PCS Systemtechnik GmbH', virtualization: 'VirtualBox', hostnames: ['win10-lab'], vendorClasses: ['MSFT 5.0'], ips: ['192.168.136.50'], transactions: ['t-2', 't-7'] },
      { mac: MAC.build, virtualization: 'QEMU/KVM', hostnames: ['build-01'], vendorClasses: [], ips: ['10.20.0.57'], transactions: ['t-3'] },
      { mac: MAC.kali, vendor: 'VMware, Inc.', virtualization: 'VMware', hostnames: ['kali'], vendorClasses: [], ips: [], transactions: ['t-4', 't-5'] },
      { mac: MAC.printer, virtualization: 'QEMU/KVM', hostnames: ['printer'], vendorClasses: [], ips: ['192.168.136.50'], transactions: ['t-8'] },
      { mac: MAC.phone, vendor: 'Google, Inc.', hostnames: ['old-phone'], vendorClasses: [], ips: [], transactions: ['t-9'] },
      { mac: MAC.oldVm, vendor: 'VMware, Inc.', virtualization: 'VMware', hostnames: [], vendorClasses: [], ips: ['192.168.136.131'], transactions: ['t-10'] },
    ],
    arp: [
      { ip: '192.168.136.2', claims: [{ mac: '00:50:56:e2:aa:bb', firstFrame: 25, lastFrame: 26, firstTime: at(30), lastTime: at(30.001), count: 2, kinds: ['request', 'reply'] }], conflict: false },
      { ip: '192.168.136.128', claims: [{ mac: MAC.ubuntu, firstFrame: 6, lastFrame: 7, firstTime: at(1.1), lastTime: at(2.9), count: 2, kinds: ['probe', 'announcement'] }], conflict: false },
      {
        ip: '192.168.136.129',
        claims: [
          { mac: MAC.kali, firstFrame: 22, lastFrame: 22, firstTime: at(20.1), lastTime: at(20.1), count: 1, kinds: ['probe'] },
          { mac: MAC.vmnet8, firstFrame: 23, lastFrame: 23, firstTime: at(20.101), lastTime: at(20.101), count: 1, kinds: ['reply'] },
        ],
        conflict: true,
      },
    ],
    findings: [
      { id: 'f-1', code: 'MULTIPLE_SERVERS', severity: 'warning', message: `2 servers answered ${MAC.ubuntu} (ubuntu-vm): ${vm}, ${ro}`, time: at(0.006), frames: [2, 3], ips: [vm, ro], macs: [MAC.ubuntu], transactions: ['t-1'] },
      { id: 'f-2', code: 'DELIVERY_MISMATCH', severity: 'warning', message: `OFFER from ${ro} was unicast to 192.168.136.50 although the client set the broadcast flag`, time: at(0.006), frames: [3], ips: [ro], macs: [MAC.ubuntu], transactions: ['t-1'] },
      { id: 'f-3', code: 'NAK', severity: 'warning', message: `${vm} refused 192.168.1.77 to ${MAC.win10} (win10-lab): "requested address is not on this network"`, time: at(5.002), frames: [8, 9], ips: [vm, '192.168.1.77'], macs: [MAC.win10], transactions: ['t-2'] },
      { id: 'f-4', code: 'PROBE_ANSWERED', severity: 'error', message: `ARP probe by ${MAC.kali} for 192.168.136.129 was answered by ${MAC.vmnet8}`, time: at(20.101), frames: [22, 23], ips: ['192.168.136.129'], macs: [MAC.kali, MAC.vmnet8], transactions: ['t-4'] },
      { id: 'f-5', code: 'ARP_CONFLICT', severity: 'error', message: `192.168.136.129 is leased to ${MAC.kali} but claimed in ARP by ${MAC.vmnet8}`, time: at(20.101), frames: [23], ips: ['192.168.136.129'], macs: [MAC.kali, MAC.vmnet8] },
      { id: 'f-6', code: 'DECLINE', severity: 'warning', message: `${MAC.kali} (kali) declined 192.168.136.129`, time: at(20.2), frames: [24], ips: ['192.168.136.129'], macs: [MAC.kali], transactions: ['t-5'] },
      { id: 'f-7', code: 'DOUBLE_ASSIGNMENT', severity: 'error', message: `192.168.136.50 acked to ${MAC.win10} and ${MAC.printer} with overlapping leases`, time: at(100.052), frames: [35, 39], ips: ['192.168.136.50'], macs: [MAC.win10, MAC.printer] },
      { id: 'f-8', code: 'NO_OFFER', severity: 'warning', message: `${MAC.phone} (old-phone) sent 2 DISCOVERs and got no offer`, time: at(114), frames: [40, 41], ips: [], macs: [MAC.phone], transactions: ['t-9'] },
    ],
    warnings: [],
  };
}

/** A LiveReport over a fixed report (already finished). */
export function staticLive(report: Report): LiveReport {
  return { snapshot: () => report, subscribe: () => () => undefined, finished: Promise.resolve() };
}

/** A LiveReport the test drives: `set()` replaces the snapshot and notifies, `finish()` resolves `finished`. */
export function controlledLive(initial: Report): LiveReport & { set(report: Report): void; finish(): void } {
  let current = initial;
  const listeners = new Set<() => void>();
  let resolve: () => void = () => undefined;
  const finished = new Promise<void>((r) => {
    resolve = r;
  });
  return {
    snapshot: () => current,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    finished,
    set(report) {
      current = report;
      for (const l of listeners) l();
    },
    finish: () => resolve(),
  };
}
