/**
 * libvirt's status file beside dnsmasq's leases (`/var/lib/libvirt/dnsmasq/virbr0.status`), written by its
 * leases helper (src/util/virlease.c): a JSON array of objects with `ip-address`, `mac-address`, `hostname`,
 * `client-id` and `expiry-time` (epoch seconds); DHCPv6 entries carry `iaid` and an IPv6 address and are
 * skipped, as is a `server-duid` entry. Read as a stream of top-level objects (each at most 64 KiB), so a
 * broken object is left out with a warning and the others are kept.
 */
import { hexIdOf, isIpv4, macOf, utf8Of, type LeaseCollector, type LineParser } from './collect.js';

const MAX_OBJECT = 65_536;

export function libvirtParser(out: LeaseCollector): LineParser {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let obj: { text: string; line: number; broken: boolean } | undefined;

  const done = () => {
    const o = obj!;
    obj = undefined;
    if (o.broken) return;
    let value: unknown;
    try {
      value = JSON.parse(o.text);
    } catch {
      out.warn(o.line, 'an entry that is not valid JSON: left out');
      return;
    }
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) entry(value as Record<string, unknown>, o.line, out);
  };

  return {
    line(text, n) {
      // libvirt writes one object member per line; an object that opens while another is still open lost its end.
      if (obj && !inString && depth === 2 && text.trim() === '{') {
        out.warn(obj.line, `an entry is not closed before line ${n}: left out`);
        obj = undefined;
        depth = 1;
      }
      if (inString) {
        out.warn(n - 1, 'a string runs past the end of its line');
        inString = false;
        if (obj) obj.broken = true;
      }
      for (let i = 0; i < text.length; i++) {
        const c = text[i]!;
        if (obj) {
          if (obj.text.length < MAX_OBJECT) obj.text += c;
          else if (!obj.broken) {
            obj.broken = true;
            out.warn(obj.line, 'an entry longer than 64 KiB: left out');
          }
        }
        if (inString) {
          if (escaped) escaped = false;
          else if (c === '\\') escaped = true;
          else if (c === '"') inString = false;
          continue;
        }
        if (c === '"') inString = true;
        else if (c === '{' || c === '[') {
          if (c === '{' && depth === 1 && !obj) obj = { text: '{', line: n, broken: false };
          depth++;
        } else if (c === '}' || c === ']') {
          depth = Math.max(0, depth - 1);
          if (obj && depth === 1) done();
        }
      }
      if (obj) obj.text += '\n';
    },
    end(lastLine) {
      if (obj) out.warn(obj.line, `an entry is not closed at the end of the file (line ${lastLine}): left out`);
    },
  };
}

function entry(e: Record<string, unknown>, line: number, out: LeaseCollector): void {
  const ip = e['ip-address'];
  if (ip === undefined || (typeof ip === 'string' && ip.includes(':'))) return; // server-duid, or DHCPv6
  const expiry = e['expiry-time'];
  const mac = typeof e['mac-address'] === 'string' ? macOf(e['mac-address']) : undefined;
  const expiryNo = typeof expiry === 'number' ? expiry : typeof expiry === 'string' && /^\d+$/.test(expiry) ? Number(expiry) : undefined;
  if (typeof ip !== 'string' || !isIpv4(ip) || expiryNo === undefined) {
    out.warn(line, 'an entry without an IPv4 ip-address and expiry-time: left out');
    return;
  }
  const hostname = e['hostname'];
  const clientId = typeof e['client-id'] === 'string' ? hexIdOf(e['client-id']) : undefined;
  out.add({
    ip,
    mac: mac ?? null,
    ...(clientId !== undefined ? { clientId } : {}),
    ...(typeof hostname === 'string' && hostname !== '' ? { hostname: utf8Of(hostname) } : {}),
    state: 'active',
    start: null,
    end: expiryNo === 0 ? null : expiryNo,
    line,
  });
}
