/**
 * Captures with realistic DHCP density: a population of clients with the option sets real software sends
 * (Windows, Android, iOS, Linux dhclient/dhcpcd/udhcpc), each living through DORA, renewals at T1, rebinds at T2
 * when the server stays silent, INIT-REBOOT after coming back (NAKed when the client moved), DECLINE after an
 * ARP conflict, RELEASE, INFORM; their ARP probes, announcements and gateway lookups; the server's own ARP check.
 * Seen from a trunk port: one untagged LAN, two VLAN-tagged ones and two relayed subnets (giaddr, option 82)
 * whose traffic goes between the relay and a central server. Optionally interleaved with TCP/DNS/QUIC bulk.
 *
 * Client actions and the frames they send are events on one clock (a heap by time), so exchanges overlap as
 * they do on a real link and timestamps only go forward. Seeded: the same arguments write the same bytes.
 */
import { ether, ipv4, PcapWriter, reseed, rint, rnd, tcp as tcpHeader, udp, writeBulkFrame } from './frames.mjs';

const BROADCAST = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
const ZERO_MAC = [0, 0, 0, 0, 0, 0];
const ZERO_IP = [0, 0, 0, 0];
const BCAST_IP = [255, 255, 255, 255];
const US = 1e6;

// ------------------------------------------------------------------------------------------------ clients

const base36 = (n, width) => n.toString(36).toUpperCase().padStart(width, '0').slice(-width);

/**
 * What each kind of client sends. prl: option 55 as that software sends it; clientId: 'mac' (type 1 + MAC),
 * 'duid' (RFC 4361: 0xff, IAID, DUID-LLT as dhcpcd does) or none; arp: what it does with ARP once bound.
 */
const PROFILES = [
  {
    name: 'windows', weight: 30, ouis: [[0xf8, 0xbc, 0x12], [0x3c, 0x97, 0x0e], [0x00, 0x15, 0x5d], [0x8c, 0x8c, 0xaa]],
    host: (i) => `DESKTOP-${base36(i * 7919, 7)}`, vendor: () => 'MSFT 5.0', clientId: 'mac', fqdn: true,
    prl: [1, 3, 6, 15, 31, 33, 43, 44, 46, 47, 119, 121, 249, 252], arp: 'gratuitous', release: 0.3, inform: 0.3, reboot: true,
  },
  {
    name: 'android', weight: 25, ouis: null,
    host: (i) => ['Pixel-7', 'Galaxy-S23', 'OnePlus-11', 'Redmi-Note-12', 'moto-g84'][i % 5], vendor: (i) => `android-dhcp-${11 + (i % 4)}`,
    clientId: 'mac', maxSize: 1500, prl: [1, 3, 6, 15, 26, 28, 51, 58, 59, 43, 114, 108], arp: 'probe', release: 0, reboot: true,
  },
  {
    name: 'ios', weight: 20, ouis: null,
    host: (i) => ['iPhone', 'iPad', 'MacBook-Pro', 'Apple-Watch'][i % 4], vendor: () => undefined, clientId: 'mac', maxSize: 1500,
    leaseAsk: 7776000, prl: [1, 121, 3, 6, 15, 108, 114, 119, 252, 95, 44, 46], arp: 'announce', release: 0, reboot: true,
  },
  {
    name: 'dhclient', weight: 10, ouis: [[0x52, 0x54, 0x00], [0x00, 0x50, 0x56], [0x08, 0x00, 0x27]],
    host: (i) => `web-${i}`, vendor: () => undefined, clientId: undefined,
    prl: [1, 28, 2, 3, 15, 6, 119, 12, 44, 47, 26, 121, 42], arp: 'none', release: 0.2, reboot: true,
  },
  {
    name: 'dhcpcd', weight: 10, ouis: [[0xb8, 0x27, 0xeb], [0xdc, 0xa6, 0x32], [0xe4, 0x5f, 0x01]],
    host: (i) => `raspberrypi-${base36(i, 4).toLowerCase()}`, vendor: () => 'dhcpcd-9.4.1:Linux-6.1.21-v8+:aarch64:BCM2835',
    clientId: 'duid', maxSize: 1472, prl: [1, 121, 33, 3, 6, 28, 51, 58, 59, 12, 15, 26, 42, 119], arp: 'probe', release: 0.1, reboot: true,
  },
  {
    name: 'udhcpc', weight: 5, ouis: [[0x00, 0x1e, 0x06], [0xcc, 0x2d, 0x21], [0x28, 0x6c, 0x07]],
    host: (i) => `cam-${base36(i, 5).toLowerCase()}`, vendor: () => 'udhcp 1.36.1', clientId: 'mac', maxSize: 576, broadcast: true,
    prl: [1, 3, 6, 12, 15, 28, 42], arp: 'probe1', release: 0, reboot: false,
  },
];
const WEIGHT = PROFILES.reduce((s, p) => s + p.weight, 0);

function pickProfile() {
  let r = rnd() * WEIGHT;
  for (const p of PROFILES) if ((r -= p.weight) < 0) return p;
  return PROFILES[0];
}

/** Option bytes [code, len, ...value] appended to `out` (an array of numbers). */
function opt(out, code, bytes) {
  out.push(code, bytes.length);
  for (const b of bytes) out.push(b);
}
const ascii = (s) => [...Buffer.from(s, 'latin1')];
const u32 = (v) => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];

function makeClient(i, net) {
  const profile = pickProfile();
  const mac = profile.ouis === null
    ? [0x02 | (rint(0, 63) << 2), rint(0, 255), rint(0, 255), rint(0, 255), rint(0, 255), rint(0, 255)] // private (random) MAC
    : [...profile.ouis[i % profile.ouis.length], (i >>> 16) & 0xff, (i >>> 8) & 0xff, i & 0xff];
  const host = profile.host(i);
  const vendor = profile.vendor(i);
  // Options every message from this client carries, in the order the software sends them.
  const id = [];
  if (profile.clientId === 'mac') opt(id, 61, [1, ...mac]);
  else if (profile.clientId === 'duid') opt(id, 61, [0xff, ...u32(0x5a000000 + (i & 0xffff)), 0, 1, 0, 1, ...u32(0x2a000000 + i), ...mac]);
  const about = [];
  if (profile.maxSize) opt(about, 57, [profile.maxSize >>> 8, profile.maxSize & 0xff]);
  if (profile.leaseAsk) opt(about, 51, u32(profile.leaseAsk));
  opt(about, 12, ascii(host));
  if (profile.fqdn) opt(about, 81, [0, 0, 0, ...ascii(host)]);
  if (vendor) opt(about, 60, ascii(vendor));
  opt(about, 55, profile.prl);
  return {
    i, net, profile, mac, id, about, hostIndex: 0,
    ip: undefined, server: undefined, bound: false, leaveAt: 0, sessions: 0,
  };
}

// ------------------------------------------------------------------------------------------------ networks

/** Networks as seen from the server's trunk port. Addresses are [a, b] prefixes of /16 pools. */
function networks() {
  const serverMac = [0x00, 0x25, 0x90, 0x3a, 0x11, 0x01];
  const central = { mac: [0x00, 0x25, 0x90, 0x3a, 0x11, 0x02], ip: [10, 255, 0, 10] };
  return [
    { kind: 'local', vlan: undefined, prefix: [10, 0], server: { mac: serverMac, ip: [10, 0, 0, 1] }, router: { mac: [0x00, 0x00, 0x5e, 0x00, 0x01, 0x01], ip: [10, 0, 0, 254] }, lease: 0, arpCheck: true },
    { kind: 'vlan', vlan: 20, prefix: [10, 20], server: { mac: serverMac, ip: [10, 20, 0, 1] }, router: { mac: [0x00, 0x00, 0x5e, 0x00, 0x01, 0x14], ip: [10, 20, 0, 254] }, lease: 0, arpCheck: false },
    { kind: 'vlan', vlan: 30, prefix: [10, 30], server: { mac: serverMac, ip: [10, 30, 0, 1] }, router: { mac: [0x00, 0x00, 0x5e, 0x00, 0x01, 0x1e], ip: [10, 30, 0, 254] }, lease: 0, arpCheck: false },
    { kind: 'relay', vlan: undefined, prefix: [10, 40], server: central, relay: { mac: [0x00, 0x1b, 0x54, 0xc2, 0x40, 0x01], ip: [10, 40, 0, 1] }, lease: 0 },
    { kind: 'relay', vlan: undefined, prefix: [10, 50], server: central, relay: { mac: [0x00, 0x1b, 0x54, 0xc2, 0x50, 0x01], ip: [10, 50, 0, 1] }, lease: 0 },
  ];
}

/** The n-th pool address of a network (clear of .0, .1 and .254 in every /24). */
function poolIp(net, n) {
  const k = n % 60000;
  return [net.prefix[0], net.prefix[1], 1 + Math.floor(k / 250), 2 + (k % 250)];
}

// ------------------------------------------------------------------------------------------------ frames

const SCRATCH = Buffer.alloc(2048);

/**
 * One BOOTP/DHCP frame. `m`: { op, xid, secs, flags, ciaddr, yiaddr, siaddr, giaddr, hops, chaddr, options (array
 * of bytes, without the end option) } and the addressing { vlan, ethSrc, ethDst, ipSrc, ipDst, sport, dport, ttl }.
 */
function bootp(m) {
  const optLen = m.options.length + 1;
  const bootpLen = Math.max(300, 240 + optLen);
  const udpLen = 8 + bootpLen;
  const ipLen = 20 + udpLen;
  const tag = m.vlan === undefined ? 0 : 4;
  const b = Buffer.alloc(14 + tag + ipLen);
  const l3 = ether(b, m.ethDst, m.ethSrc, 0x0800, m.vlan);
  const l4 = ipv4(b, l3, 17, m.ipSrc, m.ipDst, ipLen, m.ttl ?? 64);
  const d = udp(b, l4, m.sport, m.dport, udpLen);
  b[d] = m.op;
  b[d + 1] = 1;
  b[d + 2] = 6;
  b[d + 3] = m.hops ?? 0;
  b.writeUInt32BE(m.xid >>> 0, d + 4);
  b.writeUInt16BE(m.secs ?? 0, d + 8);
  b.writeUInt16BE(m.flags ?? 0, d + 10);
  b.set(m.ciaddr ?? ZERO_IP, d + 12);
  b.set(m.yiaddr ?? ZERO_IP, d + 16);
  b.set(m.siaddr ?? ZERO_IP, d + 20);
  b.set(m.giaddr ?? ZERO_IP, d + 24);
  b.set(m.chaddr, d + 28);
  b.writeUInt32BE(0x63825363, d + 236);
  SCRATCH.set(m.options, 0);
  SCRATCH[m.options.length] = 255;
  SCRATCH.copy(b, d + 240, 0, optLen);
  return b;
}

function arpFrame(op, senderMac, senderIp, targetMac, targetIp, dstMac, vlan) {
  const b = Buffer.alloc(60 + (vlan === undefined ? 0 : 4));
  const p = ether(b, dstMac, senderMac, 0x0806, vlan);
  b.set([0, 1, 8, 0, 6, 4, 0, op], p);
  b.set(senderMac, p + 8);
  b.set(senderIp, p + 14);
  b.set(targetMac, p + 18);
  b.set(targetIp, p + 24);
  return b;
}

// ------------------------------------------------------------------------------------------------ the heap

/** Min-heap of events by time: { t, frame } (a frame to write) or { t, client } (a client acts). */
class Events {
  constructor() {
    this.a = [];
  }
  get size() {
    return this.a.length;
  }
  peek() {
    return this.a[0];
  }
  push(e) {
    const a = this.a;
    let i = a.length;
    a.push(e);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p].t <= e.t) break;
      a[i] = a[p];
      i = p;
    }
    a[i] = e;
  }
  pop() {
    const a = this.a;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const c = l + 1 < a.length && a[l + 1].t < a[l].t ? l + 1 : l;
        if (a[c].t >= last.t) break;
        a[i] = a[c];
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}

// ------------------------------------------------------------------------------------------------ the world

/**
 * Writes one capture. shape: { file, prefix?: { file, bytes }, seed, bytes (size target), clients, spanS
 * (seconds over which clients arrive), leaseS, sessionS (mean time a client stays), bulk?: { size: () => len,
 * share: fraction of frames that are DHCP/ARP } }. Returns the writer and counts.
 */
export function writeDhcpWorld(shape) {
  reseed(shape.seed);
  const w = new PcapWriter(shape.file, shape.prefix);
  const start = w.clockUs;
  const nets = networks();
  for (const n of nets) n.lease = shape.leaseS[nets.indexOf(n) % shape.leaseS.length];
  const ev = new Events();
  const counts = { dhcp: 0, arp: 0, bulk: 0, exchanges: 0, clients: 0, nak: 0, decline: 0, rebind: 0 };
  const seen = new Uint8Array(shape.clients);
  const clients = [];
  for (let i = 0; i < shape.clients; i++) {
    const net = nets[i % 10 < 4 ? 0 : i % 10 < 6 ? 1 : i % 10 < 7 ? 2 : i % 10 < 9 ? 3 : 4];
    const c = makeClient(i + 1, net);
    c.hostIndex = i + 1;
    clients.push(c);
    ev.push({ t: start + rnd() * shape.spanS * US, client: c });
  }
  /** Frames of one exchange: `at` absolute µs. */
  const send = (at, frame, kind) => ev.push({ t: at, frame, kind });

  // ---- addressing of client and server messages on each kind of network
  const fromClient = (c, m, unicast) => {
    const net = c.net;
    m.op = 1;
    m.chaddr = c.mac;
    m.sport = 68;
    m.dport = 67;
    if (unicast) {
      // RENEW, RELEASE: straight to the server (routed through the relay's router on a relayed subnet).
      m.ipSrc = c.ip;
      m.ipDst = net.server.ip;
      m.ethSrc = net.kind === 'relay' ? net.relay.mac : c.mac;
      m.ethDst = net.server.mac;
      m.vlan = net.vlan;
      m.ttl = net.kind === 'relay' ? 63 : 64;
      return bootp(m);
    }
    if (net.kind === 'relay') {
      // What the server's port sees: the relay's copy, giaddr and option 82 added, sent to the server.
      m.hops = 1;
      m.giaddr = net.relay.ip;
      m.options = [...m.options];
      const circuit = ascii(`Gi1/0/${1 + (c.i % 48)}`);
      opt(m.options, 82, [1, circuit.length, ...circuit, 2, 6, ...net.relay.mac]);
      m.sport = 67;
      m.ipSrc = net.relay.ip;
      m.ipDst = net.server.ip;
      m.ethSrc = net.relay.mac;
      m.ethDst = net.server.mac;
      m.ttl = 64;
      return bootp(m);
    }
    m.ipSrc = m.ciaddr ?? ZERO_IP;
    m.ipDst = BCAST_IP;
    m.ethSrc = c.mac;
    m.ethDst = BROADCAST;
    m.vlan = net.vlan;
    return bootp(m);
  };
  const fromServer = (c, m, to, relayed) => {
    const net = c.net;
    m.op = 2;
    m.chaddr = c.mac;
    m.sport = 67;
    m.ttl = 128;
    m.ipSrc = net.server.ip;
    m.ethSrc = net.server.mac;
    if (relayed && net.kind === 'relay') {
      m.hops = 1;
      m.giaddr = net.relay.ip;
      m.dport = 67;
      m.ipDst = net.relay.ip;
      m.ethDst = net.relay.mac;
      return bootp(m);
    }
    m.dport = 68;
    m.vlan = net.vlan;
    const bcast = to === undefined || (c.profile.broadcast && relayed);
    m.ipDst = bcast ? BCAST_IP : to;
    m.ethDst = bcast ? BROADCAST : net.kind === 'relay' ? net.relay.mac : c.mac;
    return bootp(m);
  };
  const serverOptions = (c, type, withLease) => {
    const net = c.net;
    const o = [];
    opt(o, 53, [type]);
    opt(o, 54, net.server.ip);
    if (withLease) {
      opt(o, 51, u32(net.lease));
      opt(o, 58, u32(net.lease / 2));
      opt(o, 59, u32(Math.floor(net.lease * 0.875)));
    }
    opt(o, 1, [255, 255, 0, 0]);
    opt(o, 28, [net.prefix[0], net.prefix[1], 255, 255]);
    opt(o, 3, net.kind === 'relay' ? net.relay.ip : net.router.ip);
    opt(o, 6, [net.prefix[0], net.prefix[1], 0, 53, 1, 1, 1, 1]);
    opt(o, 15, ascii('corp.example.net'));
    return o;
  };
  const echo82 = (c, o) => {
    // A server echoes option 82 in replies to a relay (RFC 3046).
    if (c.net.kind !== 'relay') return o;
    const circuit = ascii(`Gi1/0/${1 + (c.i % 48)}`);
    opt(o, 82, [1, circuit.length, ...circuit, 2, 6, ...c.net.relay.mac]);
    return o;
  };
  const clientOptions = (c, type, extra) => {
    const o = [];
    opt(o, 53, [type]);
    for (const b of c.id) o.push(b);
    if (extra) for (const b of extra) o.push(b);
    if (type !== 4 && type !== 7) for (const b of c.about) o.push(b);
    return o;
  };
  const newXid = () => (rint(0, 0xffff) * 0x10000 + rint(0, 0xffff)) >>> 0;
  const visibleArp = (c) => c.net.kind !== 'relay';

  // ---- exchanges; each returns the time it ends
  const dora = (c, t, declineNext) => {
    counts.exchanges++;
    const net = c.net;
    const xid = newXid();
    const ip = c.ip ?? poolIp(net, c.hostIndex);
    const flags = c.profile.broadcast ? 0x8000 : 0;
    const ask = [];
    if (c.ip && c.profile.name !== 'windows') opt(ask, 50, c.ip);
    let at = t;
    send(at, fromClient(c, { xid, flags, options: clientOptions(c, 1, ask) }), 'dhcp');
    if (rnd() < 0.05) {
      at += 4 * US + rint(0, 900_000); // a DISCOVER retransmitted before the OFFER came
      send(at, fromClient(c, { xid, flags, secs: 4, options: clientOptions(c, 1, ask) }), 'dhcp');
    }
    if (net.arpCheck) {
      at += rint(300, 2000);
      send(at, arpFrame(1, net.server.mac, net.server.ip, ZERO_MAC, ip, BROADCAST, net.vlan), 'arp');
      at += 500_000; // the server waits for an answer before offering
    } else at += rint(500, 20_000);
    send(at, fromServer(c, { xid, flags, yiaddr: ip, options: echo82(c, serverOptions(c, 2, true)) }, ip, true), 'dhcp');
    at += rint(2000, 60_000);
    send(at, fromClient(c, { xid, flags, options: clientOptions(c, 3, [50, 4, ...ip, 54, 4, ...net.server.ip]) }), 'dhcp');
    at += rint(500, 20_000);
    send(at, fromServer(c, { xid, flags, yiaddr: ip, options: echo82(c, serverOptions(c, 5, true)) }, ip, true), 'dhcp');
    c.ip = ip;
    c.server = net.server.ip;
    return afterBound(c, at, declineNext);
  };
  /** ARP once bound; a conflict (someone answers the probe) ends in DECLINE and a new DORA for another address. */
  const afterBound = (c, at, conflict) => {
    const net = c.net;
    const ip = c.ip;
    if (visibleArp(c)) {
      const arp = c.profile.arp;
      if (arp === 'probe' || arp === 'probe1') {
        const probes = arp === 'probe' ? 3 : 1;
        for (let k = 0; k < probes; k++) {
          at += rint(10_000, 1_000_000) + (k > 0 ? 1_000_000 : 0);
          send(at, arpFrame(1, c.mac, ZERO_IP, ZERO_MAC, ip, BROADCAST, net.vlan), 'arp');
          if (conflict && k === 0) {
            at += rint(200, 3000);
            const squatter = [0x00, 0x0c, 0x29, 0x7f, (c.i >>> 8) & 0xff, c.i & 0xff];
            send(at, arpFrame(2, squatter, ip, c.mac, ZERO_IP, c.mac, net.vlan), 'arp');
            at += rint(1000, 50_000);
            counts.decline++;
            counts.exchanges++;
            send(at, fromClient(c, { xid: newXid(), options: clientOptions(c, 4, [50, 4, ...ip, 54, 4, ...net.server.ip]) }), 'dhcp');
            // RFC 2131 §3.1: wait at least ten seconds, then start over; the server hands out another address.
            c.ip = undefined;
            c.hostIndex += 30000;
            c.bound = false;
            return at + 10 * US + rint(0, 2 * US);
          }
        }
        if (arp === 'probe') {
          for (let k = 0; k < 2; k++) {
            at += 2 * US + rint(0, 10_000);
            send(at, arpFrame(1, c.mac, ip, ZERO_MAC, ip, BROADCAST, net.vlan), 'arp');
          }
        }
      } else if (arp === 'gratuitous' || arp === 'announce') {
        at += rint(1000, 300_000);
        send(at, arpFrame(1, c.mac, ip, ZERO_MAC, ip, BROADCAST, net.vlan), 'arp');
      }
      // The gateway's address, looked up at once.
      at += rint(1000, 200_000);
      send(at, arpFrame(1, c.mac, ip, ZERO_MAC, net.router.ip, BROADCAST, net.vlan), 'arp');
      at += rint(200, 3000);
      send(at, arpFrame(2, net.router.mac, net.router.ip, c.mac, ip, c.mac, net.vlan), 'arp');
    }
    if (c.profile.inform && rnd() < c.profile.inform) {
      // Windows asks for WPAD (252) with an INFORM once configured.
      at += rint(1, 5) * US;
      counts.exchanges++;
      const xid = newXid();
      send(at, fromClient(c, { xid, ciaddr: ip, options: clientOptions(c, 8) }, true), 'dhcp');
      at += rint(500, 20_000);
      const o = [];
      opt(o, 53, [5]);
      opt(o, 54, net.server.ip);
      opt(o, 1, [255, 255, 0, 0]);
      opt(o, 15, ascii('corp.example.net'));
      opt(o, 252, ascii('http://wpad.corp.example.net/wpad.dat'));
      send(at, fromServer(c, { xid, ciaddr: ip, options: o }, ip, false), 'dhcp');
    }
    c.bound = true;
    return at;
  };
  const renew = (c, t) => {
    counts.exchanges++;
    const net = c.net;
    const xid = newXid();
    const ip = c.ip;
    let at = t;
    const req = () => fromClient(c, { xid, ciaddr: ip, options: clientOptions(c, 3) }, true);
    send(at, req(), 'dhcp');
    const r = rnd();
    if (r < 0.04) {
      // The server does not answer: retransmissions, then REBIND (broadcast, ciaddr set) at T2.
      for (let k = 1; k <= 2; k++) send(at + k * (net.lease / 8) * US, req(), 'dhcp');
      const t2 = t + (net.lease * 0.375) * US;
      counts.rebind++;
      counts.exchanges++;
      const rx = newXid();
      send(t2, fromClient(c, { xid: rx, ciaddr: ip, secs: 0, options: clientOptions(c, 3) }), 'dhcp');
      send(t2 + rint(500, 20_000), fromServer(c, { xid: rx, ciaddr: ip, yiaddr: ip, options: echo82(c, serverOptions(c, 5, true)) }, ip, true), 'dhcp');
      return t2 + 30_000;
    }
    at += rint(300, 10_000);
    if (r < 0.06) {
      // The server lost the lease: NAK, and the client starts over.
      counts.nak++;
      const o = [];
      opt(o, 53, [6]);
      opt(o, 54, net.server.ip);
      opt(o, 56, ascii('lease not found'));
      send(at, fromServer(c, { xid, options: o }, undefined, false), 'dhcp');
      c.bound = false;
      c.ip = undefined;
      return dora(c, at + rint(100_000, 2 * US), false);
    }
    send(at, fromServer(c, { xid, ciaddr: ip, yiaddr: ip, options: serverOptions(c, 5, true) }, ip, false), 'dhcp');
    return at;
  };
  /** Back after a while away: INIT-REBOOT with the old address; NAKed when the client moved to another network. */
  const reboot = (c, t) => {
    counts.exchanges++;
    const xid = newXid();
    const moved = rnd() < 0.12;
    const old = c.ip;
    if (moved) c.net = nets[(nets.indexOf(c.net) + 1) % nets.length];
    send(t, fromClient(c, { xid, options: clientOptions(c, 3, [50, 4, ...old]) }), 'dhcp');
    const at = t + rint(300, 10_000);
    if (moved) {
      counts.nak++;
      const o = [];
      opt(o, 53, [6]);
      opt(o, 54, c.net.server.ip);
      opt(o, 56, ascii('wrong network'));
      send(at, fromServer(c, { xid, options: echo82(c, o) }, undefined, true), 'dhcp');
      c.ip = undefined;
      return dora(c, at + rint(200_000, 1 * US), false);
    }
    send(at, fromServer(c, { xid, yiaddr: old, options: echo82(c, serverOptions(c, 5, true)) }, old, true), 'dhcp');
    return afterBound(c, at, false);
  };
  const release = (c, t) => {
    counts.exchanges++;
    send(t, fromClient(c, { xid: newXid(), ciaddr: c.ip, options: clientOptions(c, 7, [54, 4, ...c.server]) }, true), 'dhcp');
  };

  /** What a client does when its turn comes; schedules its next turn. */
  const act = (c, t) => {
    if (!seen[c.i - 1]) {
      seen[c.i - 1] = 1;
      counts.clients++;
    }
    const lease = c.net.lease * US;
    if (!c.bound) {
      c.sessions++;
      c.leaveAt = t + (0.3 + rnd() * 1.4) * shape.sessionS * US;
      const end = c.ip && c.profile.reboot ? reboot(c, t) : dora(c, t, rnd() < 0.01 && (c.profile.arp === 'probe' || c.profile.arp === 'probe1'));
      // A declined address leaves the client unbound: its next turn is the new DORA.
      ev.push({ t: c.bound ? end + lease / 2 + rint(0, 10 * US) : end, client: c });
      return;
    }
    if (t >= c.leaveAt) {
      // Leaves: some say so (RELEASE), most just go. Half come back later.
      if (rnd() < c.profile.release) {
        release(c, t);
        c.ip = undefined;
      }
      c.bound = false;
      if (rnd() < 0.5) ev.push({ t: t + (0.2 + rnd()) * shape.sessionS * US, client: c });
      return;
    }
    const end = renew(c, t);
    ev.push({ t: c.bound ? Math.max(end, t + lease / 2) + rint(0, 10 * US) : end, client: c });
  };

  // ---- bulk traffic between the DHCP/ARP frames
  const bulk = shape.bulk;
  let nextBulk = start;
  const bulkGap = bulk ? (shape.spanS * US * 1.15) / (shape.bytes / (bulk.mean + 16)) : 0;

  while (w.size < shape.bytes && ev.size > 0) {
    const e = ev.peek();
    if (bulk && nextBulk <= e.t) {
      w.clockUs = nextBulk;
      bulk.frame(w, bulk.size());
      counts.bulk++;
      nextBulk += bulkGap * 2 * rnd();
      continue;
    }
    ev.pop();
    if (e.client) act(e.client, e.t);
    else {
      w.clockUs = Math.floor(e.t);
      w.frame(e.frame);
      counts[e.kind]++;
    }
  }
  // Bulk fills whatever is left when the clients are done (the capture keeps running).
  while (bulk && w.size < shape.bytes) {
    w.clockUs = nextBulk;
    bulk.frame(w, bulk.size());
    counts.bulk++;
    nextBulk += bulkGap * 2 * rnd();
  }
  w.close();
  w.counts = counts;
  return w;
}

// ------------------------------------------------------------------------------------------------ bulk

/**
 * Bulk prototypes, each 1518 bytes; a record copies the first `len` bytes and patches the length fields.
 * kind: 'tcp4', 'tcp6', 'dns', 'quic4', 'quic6'; some carry an 802.1Q tag (the trunk).
 */
function bulkPrototype(kind, vlan, n) {
  const b = Buffer.alloc(1518);
  for (let i = 0; i < b.length; i++) b[i] = (i * 151 + n * 13) & 0xff;
  const a = [0x00, 0x1b, 0x21, 0x3a, 0x4d, n & 0xff];
  const c = [0x00, 0x00, 0x5e, 0x00, 0x01, 0x01];
  const v6 = kind === 'tcp6' || kind === 'quic6';
  const tcp = kind === 'tcp4' || kind === 'tcp6';
  const l3 = ether(b, c, a, v6 ? 0x86dd : 0x0800, vlan);
  const sport = kind === 'dns' ? 53 : 443;
  const dport = 49152 + n * 37;
  let l4;
  if (v6) {
    b.fill(0, l3, l3 + 8);
    b[l3] = 0x60;
    b[l3 + 6] = tcp ? 6 : 17;
    b[l3 + 7] = 58;
    b.set([0x26, 0x06, 0x47, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0x68, 0x1a, 0, n & 0xff], l3 + 8);
    b.set([0x20, 0x01, 0x0d, 0xb8, 0, 0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 + n], l3 + 24);
    l4 = l3 + 40;
  } else {
    ipv4(b, l3, tcp ? 6 : 17, kind === 'dns' ? [10, 0, 0, 53] : [142, 250, 74, 100 + (n & 0x3f)], [10, 0, 1 + (n >> 2), 2 + n], 100, 57);
    l4 = l3 + 20;
  }
  if (tcp) tcpHeader(b, l4, sport, dport, 0x10); // ACK
  else udp(b, l4, sport, dport, 100);
  return { bytes: b, l3, v6, tcp, min: l4 + (tcp ? 20 : 8) + 4 };
}

/** A bulk source: prototypes of each kind, a size mix; `frame(w, len)` writes one. */
export function bulkSource(mix) {
  const protos = {};
  let n = 0;
  for (const kind of ['tcp4', 'tcp6', 'dns', 'quic4', 'quic6']) {
    protos[kind] = [];
    for (let k = 0; k < 8; k++, n++) protos[kind].push(bulkPrototype(kind, k % 4 === 0 ? 20 + 10 * (k % 2) : undefined, n));
  }
  const frame = (w, [kind, len]) => {
    const list = protos[kind];
    const proto = list[rint(0, list.length - 1)];
    writeBulkFrame(w, proto, len);
  };
  return { frame: (w, pick) => frame(w, pick), size: mix.size, mean: mix.mean };
}

/** Ordinary traffic of an office uplink: TCP (ACKs and full segments), DNS, QUIC; mean about 740 bytes. */
export const MIXED_BULK = {
  mean: 740,
  size: () => {
    const r = rnd();
    if (r < 0.2) return ['tcp4', rint(60, 66)];
    if (r < 0.42) return ['tcp4', 1514];
    if (r < 0.47) return ['tcp6', rint(74, 86)];
    if (r < 0.52) return ['tcp6', 1514];
    if (r < 0.6) return ['dns', rint(70, 260)];
    if (r < 0.74) return ['quic4', rint(1250, 1392)];
    if (r < 0.88) return ['quic4', rint(64, 110)];
    if (r < 0.95) return ['quic6', rint(1250, 1392)];
    return ['quic6', rint(80, 120)];
  },
};

/** Small packets only: TCP ACKs, DNS queries, QUIC acknowledgements (60-100 bytes). */
export const SMALL_BULK = {
  mean: 75,
  size: () => {
    const r = rnd();
    if (r < 0.5) return ['tcp4', rint(60, 66)];
    if (r < 0.6) return ['tcp6', rint(74, 86)];
    if (r < 0.75) return ['dns', rint(70, 100)];
    if (r < 0.95) return ['quic4', rint(64, 100)];
    return ['quic6', rint(80, 100)];
  },
};
