/**
 * A tiny DSL to script a DHCP/ARP exchange as a capture file:
 *
 *   scenario().at(0).discover({ mac, xid }).at(0.01).offer({ server, mac, xid, yiaddr, to: 'unicast' }).build()
 *
 * Every message is what real software puts on the wire: BOOTP padded to 300 bytes, client → server on UDP
 * 68 → 67, server → client 67 → 68, relay ↔ server 67 → 67, and link/IP addresses that match the delivery
 * (broadcast: ff:ff:ff:ff:ff:ff and 255.255.255.255; unicast: the peer's MAC and IP). Times are seconds after
 * T0 (2023-11-14T22:13:20Z). Frame numbers are the order of the calls, from 1; `frame` is the last one written.
 */
import { buildPcap } from './capture-writer.js';
import { opt, rawOpt, buildDhcpMessage, type OptionIn } from './dhcp-builder.js';
import {
  buildArp,
  buildEthernet,
  buildIcmpEcho, buildIcmpUnreachable,
  buildIpv4,
  buildSll,
  buildUdp,
  ETH_BROADCAST,
} from './frames.js';

export const T0 = 1_700_000_000;
export const BCAST_IP = '255.255.255.255';
const ZERO = '0.0.0.0';
const ZERO_MAC = '00:00:00:00:00:00';

/** A stable, locally administered MAC for a host known only by its IPv4 address (02:00 + the address). */
export function macFor(ip: string): string {
  return ['02', '00', ...ip.split('.').map((n) => Number(n).toString(16).padStart(2, '0'))].join(':');
}

export type Delivery = 'unicast' | 'broadcast';

/** The relay a message crossed: `leg: 'server'` is the relay ↔ server hop (67 → 67), `'client'` the client side. */
export interface Via {
  readonly giaddr: string;
  readonly relayMac: string;
  readonly leg: 'client' | 'server';
  readonly hops?: number;
  readonly circuitId?: string;
  /** Where the relay forwards a client's message (the server-side leg of a client message). */
  readonly server?: string;
}

interface Common {
  readonly mac: string;
  readonly xid: number;
  readonly secs?: number;
  readonly broadcastFlag?: boolean;
  /** Extra options, after 53 (and 54/50/51 the helpers add). */
  readonly options?: readonly OptionIn[];
  /** Per-frame SLL packet type (cooked captures only); default 1 for a broadcast, 0 otherwise. */
  readonly sll?: number;
  readonly via?: Via;
}

export interface ClientMessage extends Common {
  readonly ciaddr?: string;
  readonly hostname?: string;
  /** Ethernet source when it is not the client's own MAC (a spoofing tool, a router in between). */
  readonly ethSrc?: string;
}

export interface RequestMessage extends ClientMessage {
  /** Option 54, the server the client selected. */
  readonly server?: string;
  /** Option 50. */
  readonly requested?: string;
  /** Broadcast (default), or unicast to `dst` (a RENEW; RFC 2131 leaves option 54 out then). */
  readonly to?: Delivery;
  readonly dst?: string;
  readonly dstMac?: string;
}

export interface ServerMessage extends Common {
  readonly server: string;
  readonly serverMac?: string;
  readonly yiaddr?: string;
  readonly ciaddr?: string;
  readonly to?: Delivery;
  readonly lease?: number;
  readonly mask?: string;
  readonly router?: string;
  readonly dns?: readonly string[];
  readonly domain?: string;
  /** Option 56. */
  readonly message?: string;
  /** Leave out option 54 (plain BOOTP, or a broken server). */
  readonly noServerId?: boolean;
  /** IP source when it is not `server` (a server with several addresses). */
  readonly srcIp?: string;
}

interface Written {
  readonly sec: number;
  readonly nanos: number;
  readonly link: Uint8Array;
  /** The IPv4 datagram inside (for ICMP quotes). */
  readonly ip?: Uint8Array;
  /** How the frame is carried on the wire (an overlay's encapsulation), applied when the capture is built. */
  readonly wrap?: (link: Uint8Array) => Uint8Array;
}

export interface BuildOptions {
  readonly nanos?: boolean;
  readonly endian?: 'le' | 'be';
}

export class Scenario {
  private t = 0;
  private readonly frames: Written[] = [];
  private wrap: ((link: Uint8Array) => Uint8Array) | undefined;

  constructor(private readonly link: 'ethernet' | 'sll' = 'ethernet') {}

  /** Seconds after T0 for the next frames. */
  at(seconds: number): this {
    this.t = seconds;
    return this;
  }

  /**
   * Frames from here on travel inside `wrap` (e.g. `(l) => buildVxlan({ ..., inner: l })`), until `through()`
   * sets them plain again. The builder's own look-ups (ICMP quotes) still see the inner frame.
   */
  through(wrap?: (link: Uint8Array) => Uint8Array): this {
    this.wrap = wrap;
    return this;
  }

  /** The number of the last frame written (1-based, as Wireshark counts). */
  get frame(): number {
    return this.frames.length;
  }

  // ── client messages ────────────────────────────────────────────────────────────────────────────────

  discover(m: ClientMessage & { requested?: string; rapidCommit?: boolean }): this {
    const options = [
      opt(53, 'DISCOVER'),
      ...(m.requested !== undefined ? [opt(50, m.requested)] : []),
      ...(m.rapidCommit === true ? [rawOpt(80, '')] : []),
    ];
    return this.client(m, options, { to: 'broadcast' });
  }

  /** SELECTING (server + requested), INIT-REBOOT (requested only), RENEWING (ciaddr, unicast), REBINDING (ciaddr, broadcast). */
  request(m: RequestMessage): this {
    const options = [
      opt(53, 'REQUEST'),
      ...(m.requested !== undefined ? [opt(50, m.requested)] : []),
      ...(m.server !== undefined ? [opt(54, m.server)] : []),
    ];
    const to = m.to ?? (m.dst !== undefined ? 'unicast' : 'broadcast');
    if (to === 'unicast' && m.dst === undefined) throw new Error('a unicast REQUEST needs dst (the server it renews with)');
    return this.client(m, options, { to, ...(m.dst !== undefined ? { dst: m.dst } : {}), ...(m.dstMac !== undefined ? { dstMac: m.dstMac } : {}) });
  }

  /** Sent from 0.0.0.0 to the broadcast address (RFC 2131 §4.4.1, FIELD-NOTES). */
  decline(m: ClientMessage & { server: string; requested: string }): this {
    return this.client(m, [opt(53, 'DECLINE'), opt(50, m.requested), opt(54, m.server)], { to: 'broadcast' });
  }

  /** Unicast from ciaddr to the server. */
  release(m: ClientMessage & { server: string; ciaddr: string; serverMac?: string }): this {
    return this.client(m, [opt(53, 'RELEASE'), opt(54, m.server)], { to: 'unicast', dst: m.server, dstMac: m.serverMac ?? macFor(m.server) });
  }

  inform(m: ClientMessage & { ciaddr: string; to?: Delivery; server?: string; serverMac?: string }): this {
    const to = m.to ?? 'broadcast';
    return this.client(m, [opt(53, 'INFORM')], to === 'broadcast' ? { to } : { to, dst: m.server!, dstMac: m.serverMac ?? macFor(m.server!) });
  }

  // ── server messages ────────────────────────────────────────────────────────────────────────────────

  offer(m: ServerMessage): this {
    return this.server(m, 'OFFER');
  }

  ack(m: ServerMessage): this {
    return this.server(m, 'ACK');
  }

  /** Broadcast unless told otherwise (RFC 2131 §4.1; ISC dhcpd and dnsmasq do so). */
  nak(m: Omit<ServerMessage, 'yiaddr' | 'lease'>): this {
    return this.server({ ...m, to: m.to ?? 'broadcast' }, 'NAK');
  }

  /**
   * A whole DORA as dhclient and dnsmasq do it (broadcast flag clear, OFFER and ACK unicast to yiaddr), one
   * message every `gap` seconds from the current time; the time is left at the ACK.
   */
  dora(m: { mac: string; xid: number; server: string; serverMac?: string; yiaddr: string; lease?: number; mask?: string; hostname?: string; gap?: number }): this {
    const gap = m.gap ?? 0.01;
    const t = this.t;
    const reply = {
      server: m.server,
      ...(m.serverMac !== undefined ? { serverMac: m.serverMac } : {}),
      mac: m.mac,
      xid: m.xid,
      yiaddr: m.yiaddr,
      lease: m.lease ?? 3600,
      mask: m.mask ?? '255.255.255.0',
      to: 'unicast' as const,
    };
    const hostname = m.hostname !== undefined ? { hostname: m.hostname } : {};
    return this.discover({ mac: m.mac, xid: m.xid, ...hostname })
      .at(t + gap)
      .offer(reply)
      .at(t + 2 * gap)
      .request({ mac: m.mac, xid: m.xid, server: m.server, requested: m.yiaddr, ...hostname })
      .at(t + 3 * gap)
      .ack(reply);
  }

  // ── ARP ────────────────────────────────────────────────────────────────────────────────────────────

  /** RFC 5227 probe: sender IP 0.0.0.0, target the address wanted, broadcast. */
  arpProbe(o: { mac: string; ip: string }): this {
    return this.arp(ETH_BROADCAST, o.mac, { opcode: 1, senderMac: o.mac, senderIp: ZERO, targetMac: ZERO_MAC, targetIp: o.ip });
  }

  /** RFC 5227 announcement (gratuitous ARP request): sender IP = target IP. */
  arpAnnounce(o: { mac: string; ip: string }): this {
    return this.arp(ETH_BROADCAST, o.mac, { opcode: 1, senderMac: o.mac, senderIp: o.ip, targetMac: ZERO_MAC, targetIp: o.ip });
  }

  /** An ordinary who-has from `ip` for `target` (also a server's check that an address is free). */
  arpRequest(o: { mac: string; ip: string; target: string }): this {
    return this.arp(ETH_BROADCAST, o.mac, { opcode: 1, senderMac: o.mac, senderIp: o.ip, targetMac: ZERO_MAC, targetIp: o.target });
  }

  /** `mac` says it has `ip`, unicast to the asker (to a prober: target IP 0.0.0.0). */
  arpReply(o: { mac: string; ip: string; toMac: string; toIp: string }): this {
    return this.arp(o.toMac, o.mac, { opcode: 2, senderMac: o.mac, senderIp: o.ip, targetMac: o.toMac, targetIp: o.toIp });
  }

  // ── other frames ───────────────────────────────────────────────────────────────────────────────────

  /**
   * ICMP port unreachable from `from` (whose DHCP port is closed) back to the sender of frame `quoting`
   * (default: the last frame), quoting that frame's whole IP datagram as Linux does.
   */
  icmpUnreachable(o: { from: string; fromMac?: string; quoting?: number }): this {
    const n = o.quoting ?? this.frames.length;
    const quoted = this.frames[n - 1];
    if (!quoted?.ip) throw new Error(`frame ${n} has no IP datagram to quote`);
    const src = ipField(quoted.ip, 12);
    const srcMac = macField(quoted.link, 6);
    const ip = buildIpv4({ src: o.from, dst: src, protocol: 1, payload: buildIcmpUnreachable({ code: 3, quoted: quoted.ip }) });
    return this.push(this.l2(srcMac, o.fromMac ?? macFor(o.from), 0x0800, ip, undefined), ip);
  }

  /** An ICMP echo request from `from` to `to` (a ping check), or with `reply` the answer from `from` back to `to`. */
  ping(o: { from: string; to: string; fromMac?: string; toMac?: string; id?: number; seq?: number; reply?: boolean }): this {
    const ip = buildIpv4({ src: o.from, dst: o.to, protocol: 1, payload: buildIcmpEcho({ reply: o.reply ?? false, id: o.id ?? 0x5f9b, seq: o.seq ?? 0 }) });
    return this.push(this.l2(o.toMac ?? macFor(o.to), o.fromMac ?? macFor(o.from), 0x0800, ip, undefined), ip);
  }

  /** The last frame again, `after` seconds later (default 200 µs): an `-i any` capture sees it twice. */
  again(o: { after?: number; sll?: number } = {}): this {
    const last = this.frames.at(-1);
    if (!last) throw new Error('nothing to repeat');
    let link = last.link;
    if (o.sll !== undefined) {
      if (this.link !== 'sll') throw new Error('sll packet types need a cooked capture');
      link = Uint8Array.from(link);
      link[0] = o.sll >>> 8;
      link[1] = o.sll & 0xff;
    }
    const saved = this.t;
    this.t = toSeconds(last) + (o.after ?? 0.0002);
    this.push(link, last.ip);
    this.t = saved;
    return this;
  }

  /** Any link-layer frame (Ethernet, or SLL in a cooked scenario). */
  raw(link: Uint8Array): this {
    return this.push(link, undefined);
  }

  /** A UDP datagram with this payload, e.g. a BOOTP message cut short. */
  udp(o: { srcMac: string; dstMac?: string; src: string; dst: string; srcPort: number; dstPort: number; payload: Uint8Array }): this {
    const ip = buildIpv4({ src: o.src, dst: o.dst, protocol: 17, payload: buildUdp({ srcPort: o.srcPort, dstPort: o.dstPort, payload: o.payload }) });
    return this.push(this.l2(o.dstMac ?? ETH_BROADCAST, o.srcMac, 0x0800, ip, undefined), ip);
  }

  build(opts: BuildOptions = {}): Uint8Array {
    const nanos = opts.nanos === true;
    return buildPcap({
      ...(opts.endian !== undefined ? { endian: opts.endian } : {}),
      nanos,
      linkType: this.link === 'sll' ? 113 : 1,
      records: this.frames.map((f) => ({ sec: f.sec, frac: nanos ? f.nanos : Math.floor(f.nanos / 1000), data: f.wrap ? f.wrap(f.link) : f.link })),
    });
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────────────

  private client(m: ClientMessage, options: OptionIn[], d: { to: Delivery; dst?: string; dstMac?: string }): this {
    const ciaddr = m.ciaddr ?? ZERO;
    const all = [
      ...options,
      ...(m.hostname !== undefined ? [opt(12, m.hostname)] : []),
      ...(m.options ?? []),
    ];
    const relayed = m.via?.leg === 'server';
    const payload = buildDhcpMessage({
      op: 1,
      xid: m.xid,
      secs: m.secs ?? 0,
      flags: m.broadcastFlag === true ? 0x8000 : 0,
      ciaddr,
      chaddr: m.mac,
      hops: relayed ? (m.via!.hops ?? 1) : 0,
      giaddr: relayed ? m.via!.giaddr : ZERO,
      options: relayed && m.via!.circuitId !== undefined ? [...all, opt(82, [{ code: 1, hex: Buffer.from(m.via!.circuitId).toString('hex') }])] : all,
      padTo: 300,
    });
    if (relayed) {
      // The relay forwards to the server from its own address, 67 → 67.
      const server = m.via!.server ?? findOption(options, 54);
      if (server === undefined) throw new Error('a relayed client message needs via.server');
      const ip = buildIpv4({ src: m.via!.giaddr, dst: server, protocol: 17, payload: buildUdp({ srcPort: 67, dstPort: 67, payload }) });
      return this.push(this.l2(macFor(server), m.via!.relayMac, 0x0800, ip, m.sll), ip);
    }
    const unicast = d.to === 'unicast';
    const dstIp = unicast ? d.dst! : BCAST_IP;
    const dstMac = unicast ? (d.dstMac ?? macFor(dstIp)) : ETH_BROADCAST;
    const srcIp = ciaddr;
    const ip = buildIpv4({ src: srcIp, dst: dstIp, protocol: 17, payload: buildUdp({ srcPort: 68, dstPort: 67, payload }) });
    return this.push(this.l2(dstMac, m.ethSrc ?? m.mac, 0x0800, ip, m.sll), ip);
  }

  private server(m: ServerMessage, type: 'OFFER' | 'ACK' | 'NAK'): this {
    const serverMac = m.serverMac ?? macFor(m.server);
    const yiaddr = m.yiaddr ?? ZERO;
    const ciaddr = m.ciaddr ?? ZERO;
    const via = m.via;
    const options = [
      opt(53, type),
      ...(m.noServerId === true ? [] : [opt(54, m.server)]),
      ...(m.lease !== undefined ? [opt(51, m.lease)] : []),
      ...(m.mask !== undefined ? [opt(1, m.mask)] : []),
      ...(m.router !== undefined ? [opt(3, [m.router])] : []),
      ...(m.dns !== undefined ? [opt(6, [...m.dns])] : []),
      ...(m.domain !== undefined ? [opt(15, m.domain)] : []),
      ...(m.message !== undefined ? [opt(56, m.message)] : []),
      ...(m.options ?? []),
    ];
    const payload = buildDhcpMessage({
      op: 2,
      xid: m.xid,
      secs: m.secs ?? 0,
      flags: m.broadcastFlag === true ? 0x8000 : 0,
      ciaddr,
      yiaddr,
      chaddr: m.mac,
      hops: via ? (via.hops ?? 1) : 0,
      giaddr: via ? via.giaddr : ZERO,
      options,
      padTo: 300,
    });
    if (via?.leg === 'server') {
      const ip = buildIpv4({ src: m.srcIp ?? m.server, dst: via.giaddr, protocol: 17, payload: buildUdp({ srcPort: 67, dstPort: 67, payload }) });
      return this.push(this.l2(via.relayMac, serverMac, 0x0800, ip, m.sll), ip);
    }
    const to = m.to ?? 'unicast';
    const dstIp = to === 'broadcast' ? BCAST_IP : ciaddr !== ZERO ? ciaddr : yiaddr;
    const dstMac = to === 'broadcast' ? ETH_BROADCAST : m.mac;
    const srcIp = via ? via.giaddr : (m.srcIp ?? m.server);
    const srcMac = via ? via.relayMac : serverMac;
    const ip = buildIpv4({ src: srcIp, dst: dstIp, protocol: 17, payload: buildUdp({ srcPort: 67, dstPort: 68, payload }) });
    return this.push(this.l2(dstMac, srcMac, 0x0800, ip, m.sll), ip);
  }

  private arp(dstMac: string, srcMac: string, spec: Parameters<typeof buildArp>[0]): this {
    return this.push(this.l2(dstMac, srcMac, 0x0806, buildArp(spec), undefined), undefined);
  }

  private l2(dst: string, src: string, type: number, payload: Uint8Array, sll: number | undefined): Uint8Array {
    if (this.link === 'sll') return buildSll({ packetType: sll ?? (dst === ETH_BROADCAST ? 1 : 0), src, proto: type, payload });
    return buildEthernet({ dst, src, type, payload });
  }

  private push(link: Uint8Array, ip: Uint8Array | undefined): this {
    const totalNanos = Math.round(this.t * 1e9);
    const sec = T0 + Math.floor(totalNanos / 1e9);
    const nanos = totalNanos - Math.floor(totalNanos / 1e9) * 1e9;
    this.frames.push({ sec, nanos, link, ...(ip ? { ip } : {}), ...(this.wrap ? { wrap: this.wrap } : {}) });
    return this;
  }
}

export function scenario(link: 'ethernet' | 'sll' = 'ethernet'): Scenario {
  return new Scenario(link);
}

/** ISO time of `seconds` after T0 with `digits` fractional digits (6 for µs captures). */
export function isoAt(seconds: number, digits = 6): string {
  const totalNanos = Math.round(seconds * 1e9);
  const sec = T0 + Math.floor(totalNanos / 1e9);
  const frac = String(totalNanos - Math.floor(totalNanos / 1e9) * 1e9).padStart(9, '0').slice(0, digits);
  return `${new Date(sec * 1000).toISOString().slice(0, 19)}.${frac}Z`;
}

function toSeconds(w: Written): number {
  return w.sec - T0 + w.nanos / 1e9;
}

function findOption(options: readonly OptionIn[], code: number): string | undefined {
  const o = options.find((x) => x.code === code);
  return o && o.data.length === 4 ? Array.from(o.data).join('.') : undefined;
}

function ipField(ip: Uint8Array, at: number): string {
  return Array.from(ip.subarray(at, at + 4)).join('.');
}

/** The source MAC of an Ethernet frame (offset 6) or the address of an SLL header (offset 6 too). */
function macField(link: Uint8Array, at: number): string {
  return Array.from(link.subarray(at, at + 6), (b) => b.toString(16).padStart(2, '0')).join(':');
}
