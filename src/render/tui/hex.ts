/**
 * Hex dump of a packet's bytes (`packet.hex`) and the byte ranges of its fields for highlighting.
 * The report carries no field offsets, so the BOOTP header is found by its xid (link-layer agnostic) and every
 * candidate is checked against the decoded values; an unverified range is simply not highlighted.
 */
import type { PacketArp, PacketDhcp, PacketRecord } from '../../report/types.js';

export type Range = readonly [start: number, end: number];

export function hexBytes(hex: string | undefined): Uint8Array {
  if (!hex) return new Uint8Array(0);
  const clean = hex.replace(/[^0-9a-fA-F]/g, '');
  const out = new Uint8Array(Math.floor(clean.length / 2));
  for (let i = 0; i < out.length; i += 1) out[i] = Number.parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function macBytes(mac: string | undefined): number[] | null {
  if (!mac) return null;
  const parts = mac.split(':');
  if (parts.length !== 6) return null;
  return parts.map((p) => Number.parseInt(p, 16));
}

function ipBytes(ip: string | undefined): number[] | null {
  if (!ip) return null;
  const parts = ip.split('.').map(Number);
  return parts.length === 4 && parts.every((n) => Number.isInteger(n) && n >= 0 && n < 256) ? parts : null;
}

function equalAt(bytes: Uint8Array, at: number, want: readonly number[] | null): boolean {
  if (!want || at < 0 || at + want.length > bytes.length) return false;
  return want.every((b, i) => bytes[at + i] === b);
}

export function locateBootp(bytes: Uint8Array, dhcp: PacketDhcp): number | undefined {
  const xidValue = Number.parseInt(dhcp.xid.replace(/^0x/, ''), 16);
  if (!Number.isFinite(xidValue)) return undefined;
  const xid = [(xidValue >>> 24) & 255, (xidValue >>> 16) & 255, (xidValue >>> 8) & 255, xidValue & 255];
  for (let i = 0; i + 236 <= bytes.length; i += 1) {
    if (bytes[i + 1] === dhcp.htype && bytes[i + 2] === dhcp.hlen && bytes[i + 3] === dhcp.hops && equalAt(bytes, i + 4, xid)) {
      return i;
    }
  }
  return undefined;
}

export interface Located {
  readonly [field: string]: Range;
}

const BOOTP_FIELDS: readonly [string, number, number][] = [
  ['op', 0, 1], ['htype', 1, 1], ['hlen', 2, 1], ['hops', 3, 1], ['xid', 4, 4], ['secs', 8, 2], ['flags', 10, 2],
  ['ciaddr', 12, 4], ['yiaddr', 16, 4], ['siaddr', 20, 4], ['giaddr', 24, 4], ['chaddr', 28, 16], ['sname', 44, 64],
  ['file', 108, 128], ['cookie', 236, 4],
];

/** Byte ranges keyed like the packet pane's field ids ('dhcp.xid', 'option.53', 'ip.src', ...). */
export function locateFields(p: PacketRecord, bytes: Uint8Array): Located {
  const found: { [field: string]: Range } = {};
  if (equalAt(bytes, 0, macBytes(p.dst.mac)) && equalAt(bytes, 6, macBytes(p.src.mac))) {
    found['eth.dst'] = [0, 6];
    found['eth.src'] = [6, 12];
  }
  if (p.dhcp) locateDhcp(p, p.dhcp, bytes, found);
  if (p.arp) locateArp(p.arp, bytes, found);
  return found;
}

function locateDhcp(p: PacketRecord, dhcp: PacketDhcp, bytes: Uint8Array, found: { [field: string]: Range }): void {
  const b = locateBootp(bytes, dhcp);
  if (b === undefined) return;
  found['dhcp'] = [b, bytes.length];
  for (const [name, offset, length] of BOOTP_FIELDS) found[`dhcp.${name}`] = [b + offset, b + offset + length];
  const udp = b - 8;
  if (udp >= 0 && (p.src.port === undefined || (bytes[udp] ?? 0) * 256 + (bytes[udp + 1] ?? 0) === p.src.port)) {
    found['udp'] = [udp, udp + 8];
    found['udp.src'] = [udp, udp + 2];
    found['udp.dst'] = [udp + 2, udp + 4];
    for (let ihl = 5; ihl <= 15; ihl += 1) {
      const ip = udp - ihl * 4;
      if (ip >= 0 && bytes[ip] === 0x40 + ihl && bytes[ip + 9] === 17) {
        found['ip'] = [ip, udp];
        if (equalAt(bytes, ip + 12, ipBytes(p.src.ip))) found['ip.src'] = [ip + 12, ip + 16];
        if (equalAt(bytes, ip + 16, ipBytes(p.dst.ip))) found['ip.dst'] = [ip + 16, ip + 20];
        break;
      }
    }
  }
  if (!dhcp.cookie) return;
  // Walk the option TLVs (first instance of each code) only to place highlights.
  const codes = new Set(dhcp.options.map((o) => o.code));
  let at = b + 240;
  while (at < bytes.length) {
    const code = bytes[at] ?? 255;
    if (code === 0) {
      at += 1;
      continue;
    }
    if (code === 255) break;
    const length = bytes[at + 1] ?? 0;
    const key = `option.${code}`;
    if (codes.has(code) && !(key in found)) found[key] = [at, Math.min(bytes.length, at + 2 + length)];
    at += 2 + length;
  }
}

function locateArp(arp: PacketArp, bytes: Uint8Array, found: { [field: string]: Range }): void {
  const sender = [...(macBytes(arp.senderMac) ?? []), ...(ipBytes(arp.senderIp) ?? [])];
  for (let i = 8; i + 20 <= bytes.length; i += 1) {
    if (sender.length === 10 && equalAt(bytes, i, sender) && bytes[i - 4] === 6 && bytes[i - 3] === 4) {
      const a = i - 8;
      found['arp'] = [a, a + 28];
      found['arp.opcode'] = [a + 6, a + 8];
      found['arp.senderMac'] = [a + 8, a + 14];
      found['arp.senderIp'] = [a + 14, a + 18];
      found['arp.targetMac'] = [a + 18, a + 24];
      found['arp.targetIp'] = [a + 24, a + 28];
      return;
    }
  }
}

export interface HexSegment {
  readonly text: string;
  readonly hi: boolean;
}

/**
 * One dump line: offset, 16 bytes and their ASCII. With `brackets` (no colour) the highlighted bytes are
 * enclosed in [ ] instead of being drawn inverse, so the line keeps its width.
 */
export function hexLine(bytes: Uint8Array, start: number, range: Range | undefined, brackets: boolean): HexSegment[] {
  const inRange = (i: number): boolean => range !== undefined && i >= range[0] && i < range[1] && i < bytes.length;
  const segments: HexSegment[] = [{ text: start.toString(16).padStart(4, '0'), hi: false }];
  const push = (text: string, hi: boolean): void => {
    const prev = segments[segments.length - 1];
    if (prev && prev.hi === hi) segments[segments.length - 1] = { text: prev.text + text, hi };
    else segments.push({ text, hi });
  };
  for (let i = start; i < start + 16; i += 1) {
    const gap = i === start + 8 ? ' ' : '';
    const opening = brackets && inRange(i) && (i === start || !inRange(i - 1));
    const closing = brackets && i !== start && !inRange(i) && inRange(i - 1);
    const joined = !brackets && i !== start && inRange(i) && inRange(i - 1);
    push(gap + (opening ? '[' : closing ? ']' : ' '), joined);
    const byte = bytes[i];
    push(byte === undefined ? '  ' : byte.toString(16).padStart(2, '0'), !brackets && inRange(i));
  }
  push(brackets && inRange(start + 15) ? ']' : ' ', false);
  push(' ', false);
  for (let i = start; i < Math.min(start + 16, bytes.length); i += 1) {
    const byte = bytes[i] ?? 0;
    push(byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.', inRange(i));
  }
  return segments;
}
