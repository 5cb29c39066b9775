/**
 * dnsmasq.leases: one line per lease, `<expiry> <mac> <ip> <hostname|*> <client-id|*>`, rewritten in place
 * (no history). Expiry is epoch seconds, 0 for an infinite lease. A `duid …` line starts the DHCPv6 part,
 * whose lines (IAID instead of a MAC, IPv6 addresses) are skipped. A MAC of another hardware type is written
 * `<type>-<bytes>` and is kept as no MAC.
 */
import { hexIdOf, intOf, isIpv4, macOf, utf8Of, type LeaseCollector, type LineParser } from './collect.js';

export function dnsmasqParser(out: LeaseCollector): LineParser {
  return {
    line(text, n) {
      const fields = text.trim().split(/\s+/);
      if (fields[0] === '' || fields[0] === 'duid') return;
      const [expiry, mac, ip, hostname, clientId] = fields;
      if (ip !== undefined && ip.includes(':')) return; // a DHCPv6 lease
      const end = intOf(expiry);
      if (end === undefined || ip === undefined || !isIpv4(ip) || mac === undefined) {
        out.warn(n, 'not a dnsmasq lease line (expiry MAC IP hostname client-id): skipped');
        return;
      }
      const id = clientId !== undefined && clientId !== '*' ? hexIdOf(clientId) : undefined;
      out.add({
        ip,
        mac: macOf(mac) ?? null,
        ...(id !== undefined ? { clientId: id } : {}),
        ...(hostname !== undefined && hostname !== '*' ? { hostname: utf8Of(hostname) } : {}),
        state: 'active',
        start: null,
        end: end === 0 ? null : end,
        line: n,
      });
    },
    end() {},
  };
}
