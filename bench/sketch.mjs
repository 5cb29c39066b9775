#!/usr/bin/env node
/**
 * The floor for a whole job in Node, as issue 10 describes its sketch: read a classic pcap into one reused 1 MiB
 * buffer, find DHCP (Ethernet, one optional 802.1Q tag, IPv4, UDP 67/68) and ARP by byte tests, decode the DHCP
 * essentials (op, xid, flags, chaddr, ciaddr, yiaddr, giaddr, options 53/50/51/54/61/12/82), group messages into
 * exchanges by client MAC and xid, track leases from ACKs, and write pretty JSON of each exchange with
 * JSON.stringify as it closes, then the leases. No checks, no findings, no delivery rules, no other options:
 * a point of comparison for dorascope's whole run (bench/run.mjs, tool "sketch"), not a tool.
 *
 *   node bench/sketch.mjs FILE > out.json
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';

const TYPES = ['', 'DISCOVER', 'OFFER', 'REQUEST', 'DECLINE', 'ACK', 'NAK', 'RELEASE', 'INFORM'];
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

const out = { buf: Buffer.alloc(1 << 20), n: 0 };
function write(s) {
  if (out.n + s.length * 3 > out.buf.length) flush();
  if (s.length * 3 > out.buf.length) {
    writeSync(1, s);
    return;
  }
  out.n += out.buf.write(s, out.n);
}
function flush() {
  let at = 0;
  while (at < out.n) at += writeSync(1, out.buf, at, out.n - at);
  out.n = 0;
}

const mac = (b, i) => `${HEX[b[i]]}:${HEX[b[i + 1]]}:${HEX[b[i + 2]]}:${HEX[b[i + 3]]}:${HEX[b[i + 4]]}:${HEX[b[i + 5]]}`;
const ip = (b, i) => `${b[i]}.${b[i + 1]}.${b[i + 2]}.${b[i + 3]}`;
const u32 = (b, i) => ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;

/** The options the analysis needs; the rest are skipped. */
function options(b, at, end, m) {
  while (at < end) {
    const code = b[at];
    if (code === 255) break;
    if (code === 0) {
      at++;
      continue;
    }
    const len = b[at + 1];
    const v = at + 2;
    if (v + len > end) break;
    if (code === 53 && len >= 1) m.type = TYPES[b[v]] ?? `type ${b[v]}`;
    else if (code === 50 && len === 4) m.requested = ip(b, v);
    else if (code === 51 && len === 4) m.leaseSeconds = u32(b, v);
    else if (code === 54 && len === 4) m.server = ip(b, v);
    else if (code === 12) m.hostname = b.latin1Slice(v, v + len);
    else if (code === 61) m.clientId = b.hexSlice(v, v + len);
    else if (code === 82) m.relayAgent = b.hexSlice(v, v + len);
    at = v + len;
  }
}

const exchanges = new Map();
const leases = new Map();
const arp = new Map();
let written = 0;
write('{\n  "transactions": [');

function close(key, x) {
  exchanges.delete(key);
  write(`${written++ === 0 ? '\n' : ',\n'}    ${JSON.stringify(x, null, 2).replace(/\n/g, '\n    ')}`);
}

function dhcp(b, udp, end, frame, ts, vlan) {
  const o = udp + 8;
  if (end - o < 240 || u32(b, o + 236) !== 0x63825363) return;
  const m = {
    frame,
    time: ts,
    op: b[o],
    xid: u32(b, o + 4).toString(16).padStart(8, '0'),
    broadcast: (b[o + 10] & 0x80) !== 0,
    ciaddr: ip(b, o + 12),
    yiaddr: ip(b, o + 16),
    giaddr: ip(b, o + 24),
    chaddr: mac(b, o + 28),
    src: ip(b, udp - 8),
    dst: ip(b, udp - 4),
  };
  if (vlan >= 0) m.vlan = vlan;
  options(b, o + 240, end, m);
  const key = `${m.chaddr} ${m.xid}`;
  let x = exchanges.get(key);
  if (x === undefined) {
    x = { id: `T${frame}`, client: m.chaddr, xid: m.xid, messages: [] };
    exchanges.set(key, x);
  }
  x.messages.push(m);
  if (m.type === 'ACK' && m.yiaddr !== '0.0.0.0') {
    const l = leases.get(m.yiaddr);
    if (l !== undefined && l.mac === m.chaddr) {
      l.renewals++;
      l.lastAck = ts;
    } else leases.set(m.yiaddr, { ip: m.yiaddr, mac: m.chaddr, server: m.server, start: ts, lastAck: ts, leaseSeconds: m.leaseSeconds, renewals: 0 });
  }
  if (m.type === 'ACK' || m.type === 'NAK' || m.type === 'RELEASE' || m.type === 'DECLINE') close(key, x);
}

function arpFrame(b, a, frame) {
  if (b[a + 4] !== 6 || b[a + 5] !== 4) return;
  const sender = ip(b, a + 14);
  const who = mac(b, a + 8);
  const known = arp.get(sender);
  if (known === undefined) arp.set(sender, { ip: sender, mac: who, firstFrame: frame, lastFrame: frame });
  else {
    known.lastFrame = frame;
    if (known.mac !== who) known.conflict = who;
  }
}

const fd = openSync(process.argv[2], 'r');
const buf = Buffer.alloc(1 << 20);
let end = readSync(fd, buf, 0, buf.length, null);
const le = buf[0] === 0xd4 || buf[0] === 0x4d;
const nanos = buf[0] === 0x4d || buf[3] === 0x4d;
const r32 = le ? (i) => (buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24)) >>> 0 : (i) => u32(buf, i);
let p = 24;
let frame = 0;
for (;;) {
  while (end - p >= 16) {
    const cap = r32(p + 8);
    if (end - p - 16 < cap) break;
    const d = p + 16;
    frame++;
    let l3 = d + 12;
    let type = (buf[l3] << 8) | buf[l3 + 1];
    let vlan = -1;
    if (type === 0x8100) {
      vlan = ((buf[l3 + 2] << 8) | buf[l3 + 3]) & 0xfff;
      l3 += 4;
      type = (buf[l3] << 8) | buf[l3 + 1];
    }
    if (type === 0x0806) arpFrame(buf, l3 + 2, frame);
    else if (type === 0x0800 && buf[l3 + 11] === 17) {
      const udp = l3 + 2 + (buf[l3 + 2] & 0x0f) * 4;
      const sport = (buf[udp] << 8) | buf[udp + 1];
      const dport = (buf[udp + 2] << 8) | buf[udp + 3];
      if (sport === 67 || sport === 68 || dport === 67 || dport === 68) {
        const ts = r32(p) + r32(p + 4) / (nanos ? 1e9 : 1e6);
        dhcp(buf, udp, d + cap, frame, ts, vlan);
      }
    }
    p = d + cap;
  }
  buf.copyWithin(0, p, end);
  end -= p;
  p = 0;
  const n = readSync(fd, buf, end, buf.length - end, null);
  if (n === 0) break;
  end += n;
}
closeSync(fd);
for (const [key, x] of exchanges) close(key, x);
write('\n  ],\n  "leases": ');
write(JSON.stringify([...leases.values()], null, 2).replace(/\n/g, '\n  '));
write(',\n  "arp": ');
write(JSON.stringify([...arp.values()], null, 2).replace(/\n/g, '\n  '));
write('\n}\n');
flush();
