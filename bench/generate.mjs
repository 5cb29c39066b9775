#!/usr/bin/env node
/**
 * Writes synthetic benchmark captures into bench/data/ (git-ignored). With realistic DHCP density
 * (bench/dhcp-world.mjs: clients with real software's option sets, renew/rebind, relays, VLANs, NAK, DECLINE, ARP):
 *   dhcp-mixed.pcap       1 GiB: ~2-3% DHCP/ARP frames of 5 000 clients among TCP/DNS/QUIC bulk
 *   dhcp-mixed-100m.pcap  its first 100 MiB (the flat-RSS check)
 *   dhcp-small.pcap       1.2 GB of 60-100 byte frames, ~0.6% DHCP/ARP of 5 000 clients
 *   dhcp-only.pcap        100 MB of nothing but DHCP and ARP: ~26 000 clients, ~95 000 exchanges
 * The earlier, sparse ones (issue 2):
 *   mixed.pcap       >= 1 GiB of ordinary traffic (TCP/UDP over IPv4/IPv6, 60-1514 bytes, some 802.1Q-tagged)
 *                    with sparse DHCP (full DORA exchanges) and ARP
 *   mixed-100m.pcap  the first ~100 MiB of mixed.pcap (for the flat-RSS check: RSS must not grow with size)
 *   small.pcap       >= 1 GiB of small packets (60-100 bytes)
 *   dhcp-arp.pcap    ~100 MiB of nothing but DHCP and ARP
 *
 * Usage: node bench/generate.mjs [--size-gib N] [--only dhcp-mixed,dhcp-small,dhcp-only,mixed,small,dhcp-arp] [--out DIR]
 * Deterministic (seeded PRNG; each realistic file has its own seed, so --only does not change its bytes).
 * Records are assembled from prebuilt templates into one 4 MiB buffer that is written whole.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ether, GiB, ipv4, MiB, PcapWriter, reseed, rint, rnd, tcp as tcpHeader, udp, writeBulkFrame } from './frames.mjs';
import { bulkSource, MIXED_BULK, SMALL_BULK, writeDhcpWorld } from './dhcp-world.mjs';

const args = process.argv.slice(2);
const argValue = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const sizeGiB = Number(argValue('--size-gib', '1'));
const only = new Set(argValue('--only', 'dhcp-mixed,dhcp-small,dhcp-only,mixed,small,dhcp-arp').split(','));
const outDir = path.resolve(argValue('--out', path.join(path.dirname(fileURLToPath(import.meta.url)), 'data')));

const BROADCAST = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
const SERVER_MAC = [0x00, 0x50, 0x56, 0xe5, 0x01, 0x02]; // a VMware-looking DHCP server
const SERVER_IP = [10, 0, 0, 1];
const ROUTER_IP = [10, 0, 0, 254];

/**
 * Ordinary-traffic prototypes, each 1518 bytes long; a record copies the first `len` bytes and patches the
 * IP/UDP length fields. kind: 0 IPv4/TCP, 1 IPv4/UDP, 2 IPv6/TCP, 3 IPv6/UDP; `vlan` adds an 802.1Q tag.
 */
function buildPrototype(kind, vlan, n) {
  const b = Buffer.alloc(1518);
  for (let i = 0; i < b.length; i++) b[i] = (i * 131 + n * 7) & 0xff;
  const a = [0x00, 0x1b, 0x21, 0x3a, 0x4c, n & 0xff];
  const c = [0x3c, 0x52, 0x82, 0x11, 0x22, (n * 3) & 0xff];
  const v6 = kind >= 2;
  const l3 = ether(b, a, c, v6 ? 0x86dd : 0x0800, vlan);
  const tcp = kind === 0 || kind === 2;
  // Ports no dissector claims, so the payload filler is not taken for a broken DNS or NTP message.
  const sport = tcp ? 8443 : [9000, 27015, 50000, 51820, 60001][n % 5];
  const dport = 40000 + n;
  let l4;
  if (v6) {
    b.fill(0, l3, l3 + 8);
    b[l3] = 0x60;
    b[l3 + 6] = tcp ? 6 : 17;
    b[l3 + 7] = 64;
    b.set([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, n & 0xff], l3 + 8);
    b.set([0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], l3 + 24);
    l4 = l3 + 40;
  } else {
    ipv4(b, l3, tcp ? 6 : 17, [192, 168, 1, n & 0xff], [151, 101, 1, 69], 100);
    l4 = l3 + 20;
  }
  if (tcp) tcpHeader(b, l4, sport, dport, 0x18); // PSH ACK
  else udp(b, l4, sport, dport, 100);
  return { bytes: b, l3, l4, v6, tcp, min: l4 + (tcp ? 20 : 8) };
}

const prototypes = [];
for (let n = 0; n < 64; n++) prototypes.push(buildPrototype(n % 4, n % 5 === 0 ? 100 + (n % 3) : undefined, n));

/** Writes an ordinary frame of `len` bytes (60..1514, plus 4 when tagged). */
function ordinaryFrame(w, len) {
  const proto = prototypes[rint(0, prototypes.length - 1)];
  writeBulkFrame(w, proto, len);
}

/** Ordinary-traffic size mix: many small (ACK-sized), some medium, many full-size. */
function ordinarySize() {
  const r = rnd();
  if (r < 0.4) return rint(60, 100);
  if (r < 0.6) return rint(101, 600);
  if (r < 0.7) return rint(601, 1513);
  return 1514;
}

function macOf(i) {
  return [0x02, 0x00, (i >>> 24) & 0xff, (i >>> 16) & 0xff, (i >>> 8) & 0xff, i & 0xff];
}
/** Client addresses in 10.0.0.0/8 from 10.0.1.0 up, clear of the server (10.0.0.1) and router (10.0.0.254). */
function ipOf(i) {
  const a = 256 + (i % 16_000_000);
  return [10, (a >>> 16) & 0xff, (a >>> 8) & 0xff, a & 0xff];
}

/** One DHCP message as a full Ethernet frame (BOOTP padded to at least 300 bytes, as real clients do). */
function dhcpFrame(type, xid, mac, yiaddr, hostname, vlan) {
  const fromClient = type === 1 || type === 3;
  const opts = [];
  const opt = (code, bytes) => opts.push(code, bytes.length, ...bytes);
  const u32 = (v) => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
  opt(53, [type]);
  if (fromClient) {
    opt(61, [1, ...mac]);
    if (type === 3) {
      opt(50, yiaddr);
      opt(54, SERVER_IP);
    }
    opt(12, [...Buffer.from(hostname)]);
    opt(55, [1, 3, 6, 12, 15, 28, 42, 51, 54, 58, 59, 119, 121]);
  } else {
    opt(54, SERVER_IP);
    opt(51, u32(86400));
    opt(1, [255, 0, 0, 0]);
    opt(3, ROUTER_IP);
    opt(6, [...ROUTER_IP, 8, 8, 8, 8]);
    opt(15, [...Buffer.from('lab.example')]);
  }
  opts.push(255);
  const bootpLen = Math.max(300, 240 + opts.length);
  const udpLen = 8 + bootpLen;
  const ipLen = 20 + udpLen;
  const tag = vlan === undefined ? 0 : 4;
  const b = Buffer.alloc(14 + tag + ipLen);
  const l3 = ether(b, fromClient ? BROADCAST : mac, fromClient ? mac : SERVER_MAC, 0x0800, vlan);
  const l4 = ipv4(
    b,
    l3,
    17,
    fromClient ? [0, 0, 0, 0] : SERVER_IP,
    fromClient ? [255, 255, 255, 255] : yiaddr,
    ipLen,
    fromClient ? 64 : 128,
  );
  const d = udp(b, l4, fromClient ? 68 : 67, fromClient ? 67 : 68, udpLen);
  b[d] = fromClient ? 1 : 2;
  b[d + 1] = 1;
  b[d + 2] = 6;
  b.writeUInt32BE(xid >>> 0, d + 4);
  b.writeUInt16BE(fromClient ? 3 : 0, d + 8);
  if (!fromClient) b.set(yiaddr, d + 16);
  b.set(mac, d + 28);
  b.writeUInt32BE(0x63825363, d + 236);
  b.set(opts, d + 240);
  return b;
}

/** ARP frame padded to 60 bytes. op 1 request, 2 reply. */
function arpFrame(op, senderMac, senderIp, targetMac, targetIp, dstMac, vlan) {
  const tag = vlan === undefined ? 0 : 4;
  const b = Buffer.alloc(60 + tag);
  const p = ether(b, dstMac, senderMac, 0x0806, vlan);
  b.set([0, 1, 8, 0, 6, 4, 0, op], p);
  b.set(senderMac, p + 8);
  b.set(senderIp, p + 14);
  b.set(targetMac, p + 18);
  b.set(targetIp, p + 24);
  return b;
}

let exchange = 0;
/**
 * A full DORA exchange, a few ms apart, with (each with probability `arp`) the server's ARP address check and
 * the client's ARP probe and announcement.
 */
function dora(w, arp = 1) {
  const i = ++exchange;
  const mac = macOf(i);
  const ip = ipOf(i);
  const xid = (Math.imul(i, 2654435761) ^ 0x5a5a5a5a) >>> 0;
  const host = `host-${i}`;
  const vlan = i % 10 === 0 ? 10 : undefined;
  const zero = [0, 0, 0, 0, 0, 0];
  w.frame(dhcpFrame(1, xid, mac, ip, host, vlan));
  w.clockUs += rint(500, 3000);
  if (rnd() < arp) {
    w.frame(arpFrame(1, SERVER_MAC, SERVER_IP, zero, ip, BROADCAST, vlan)); // the server's address check
    w.clockUs += rint(500, 3000);
  }
  w.frame(dhcpFrame(2, xid, mac, ip, host, vlan));
  w.clockUs += rint(100, 1000);
  w.frame(dhcpFrame(3, xid, mac, ip, host, vlan));
  w.clockUs += rint(100, 1000);
  w.frame(dhcpFrame(5, xid, mac, ip, host, vlan));
  w.clockUs += rint(100, 1000);
  if (rnd() < arp) {
    w.frame(arpFrame(1, mac, [0, 0, 0, 0], zero, ip, BROADCAST, vlan)); // probe
    w.clockUs += rint(1000, 2000);
  }
  if (rnd() < arp) w.frame(arpFrame(1, mac, ip, zero, ip, BROADCAST, vlan)); // announcement
}

/** An ordinary who-has / is-at pair between two established hosts. */
function arpPair(w) {
  const a = rint(1, 250);
  const c = rint(1, 250);
  const macA = [0x00, 0x1b, 0x21, 0x00, 0x00, a];
  const macC = [0x00, 0x1b, 0x21, 0x00, 0x01, c];
  const ipA = [192, 168, 1, a];
  const ipC = [192, 168, 1, c];
  w.frame(arpFrame(1, macA, ipA, [0, 0, 0, 0, 0, 0], ipC, BROADCAST));
  w.clockUs += rint(50, 500);
  w.frame(arpFrame(2, macC, ipC, macA, ipA, macA));
}

// ------------------------------------------------------------------------------------------------ files

function timed(name, fn) {
  const t0 = process.hrtime.bigint();
  const w = fn();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(
    `${name}: ${(w.size / MiB).toFixed(0)} MiB, ${w.frames} frames, ${s.toFixed(1)} s (${(w.size / MiB / s).toFixed(0)} MiB/s)`,
  );
}

function mixed() {
  const w = new PcapWriter(path.join(outDir, 'mixed.pcap'), { file: path.join(outDir, 'mixed-100m.pcap'), bytes: 100 * MiB });
  const target = sizeGiB * GiB;
  while (w.size < target) {
    const r = rnd();
    if (r < 0.0005) dora(w);
    else if (r < 0.0025) arpPair(w);
    else ordinaryFrame(w, ordinarySize());
    w.clockUs += rint(1, 60);
  }
  w.close();
  return w;
}

function small() {
  const w = new PcapWriter(path.join(outDir, 'small.pcap'));
  const target = sizeGiB * GiB;
  while (w.size < target) {
    if (rnd() < 0.0005) arpPair(w);
    else ordinaryFrame(w, rint(60, 100));
    w.clockUs += rint(1, 20);
  }
  w.close();
  return w;
}

function dhcpArp() {
  const w = new PcapWriter(path.join(outDir, 'dhcp-arp.pcap'));
  const target = 100 * MiB * Math.min(1, sizeGiB);
  while (w.size < target) {
    // Mostly DHCP by bytes; about one ARP frame per exchange (~340k frames per 100 MiB).
    if (rnd() < 0.95) dora(w, 0.25);
    else arpPair(w);
    w.clockUs += rint(100, 5000);
  }
  w.close();
  return w;
}


/** The three captures with realistic DHCP density (see dhcp-world.mjs); sizes scale with --size-gib. */
function dhcpMixed() {
  return writeDhcpWorld({
    file: path.join(outDir, 'dhcp-mixed.pcap'),
    prefix: { file: path.join(outDir, 'dhcp-mixed-100m.pcap'), bytes: 100 * MiB },
    seed: 0x6d697865,
    bytes: sizeGiB * GiB,
    clients: 5000,
    spanS: 3600,
    leaseS: [7200, 3600, 14400],
    sessionS: 1800,
    bulk: bulkSource(MIXED_BULK),
  });
}

function dhcpSmall() {
  return writeDhcpWorld({
    file: path.join(outDir, 'dhcp-small.pcap'),
    seed: 0x736d616c,
    bytes: 1.2e9 * sizeGiB,
    clients: 5000,
    spanS: 3600,
    leaseS: [1200, 600, 1800],
    sessionS: 3000,
    bulk: bulkSource(SMALL_BULK),
  });
}

function dhcpOnly() {
  return writeDhcpWorld({
    file: path.join(outDir, 'dhcp-only.pcap'),
    seed: 0x6f6e6c79,
    bytes: 100e6 * Math.min(1, sizeGiB),
    clients: 29000,
    spanS: 4 * 3600,
    leaseS: [3600, 1800, 7200],
    sessionS: 4000,
  });
}

function timedWorld(name, fn) {
  timed(name, () => {
    const w = fn();
    const c = w.counts;
    const share = ((100 * (c.dhcp + c.arp)) / w.frames).toFixed(2);
    console.log(
      `  ${c.clients} clients, ${c.exchanges} exchanges (${c.nak} NAK, ${c.decline} DECLINE, ${c.rebind} REBIND), ${c.dhcp} DHCP + ${c.arp} ARP frames (${share}%), ${c.bulk} bulk`,
    );
    return w;
  });
}

mkdirSync(outDir, { recursive: true });
if (only.has('dhcp-mixed')) timedWorld('dhcp-mixed.pcap (+ dhcp-mixed-100m.pcap)', dhcpMixed);
if (only.has('dhcp-small')) timedWorld('dhcp-small.pcap', dhcpSmall);
if (only.has('dhcp-only')) timedWorld('dhcp-only.pcap', dhcpOnly);
// The earlier files share one random sequence, from the seed they always had (same bytes as before).
reseed(0x2545f491);
if (only.has('mixed')) timed('mixed.pcap (+ mixed-100m.pcap)', mixed);
if (only.has('small')) timed('small.pcap', small);
if (only.has('dhcp-arp')) timed('dhcp-arp.pcap', dhcpArp);
