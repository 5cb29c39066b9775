/** Narrows a report to what concerns some MACs, IPs or xids (--mac, --ip, --xid; the TUI's `/`). */
import type { Report } from './types.js';

export interface ReportFilter {
  readonly macs?: readonly string[];
  readonly ips?: readonly string[];
  readonly xids?: readonly string[];
}

export function normaliseXid(x: string): string {
  const n = Number.parseInt(x.replace(/^0x/i, ''), 16);
  return Number.isNaN(n) ? x.toLowerCase() : `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
}

export function isEmptyFilter(f: ReportFilter): boolean {
  return !f.macs?.length && !f.ips?.length && !f.xids?.length;
}

export function filterReport(r: Report, f: ReportFilter): Report {
  if (isEmptyFilter(f)) return r;
  const macs = new Set((f.macs ?? []).map((m) => m.toLowerCase().replace(/-/g, ':')));
  const ips = new Set(f.ips ?? []);
  const xids = new Set((f.xids ?? []).map(normaliseXid));
  const anyMac = (...list: (string | null | undefined)[]) => list.some((m) => m != null && macs.has(m));
  const anyIp = (...list: (string | null | undefined)[]) => list.some((i) => i != null && ips.has(i));
  const transactions = r.transactions.filter(
    (t) =>
      anyMac(t.clientMac) ||
      anyIp(t.assignedIp, t.requestedIp, t.server, ...t.offers.map((o) => o.yiaddr), ...t.offers.map((o) => o.server)) ||
      xids.has(t.xid),
  );
  const txIds = new Set(transactions.map((t) => t.id));
  // Everything a kept transaction points at stays too: the packets of its steps and ARP, the servers it heard.
  const txFrames = new Set(transactions.flatMap((t) => [...t.steps.map((s) => s.frame), ...t.arpFrames]));
  const txServers = new Set(transactions.flatMap((t) => [t.server, ...t.offers.map((o) => o.server), ...t.steps.map((s) => s.server)]));
  return {
    ...r,
    ...(r.packets
      ? {
          packets: r.packets.filter(
            (p) =>
              txFrames.has(p.frame) ||
              anyMac(p.src.mac, p.dst.mac, p.dhcp?.chaddr, p.arp?.senderMac, p.arp?.targetMac) ||
              anyIp(p.src.ip, p.dst.ip, p.dhcp?.yiaddr, p.dhcp?.ciaddr, p.arp?.senderIp, p.arp?.targetIp) ||
              (p.dhcp !== undefined && xids.has(p.dhcp.xid)),
          ),
        }
      : {}),
    transactions,
    leases: r.leases.filter((l) => anyMac(l.mac) || anyIp(l.ip) || l.transactions.some((t) => txIds.has(t))),
    servers: r.servers.filter((s) => anyIp(s.ip) || anyMac(s.mac) || txServers.has(s.ip)),
    clients: r.clients.filter((c) => anyMac(c.mac) || c.ips.some((i) => ips.has(i)) || c.transactions.some((t) => txIds.has(t))),
    arp: r.arp.filter((a) => anyIp(a.ip) || a.claims.some((c) => macs.has(c.mac))),
    findings: r.findings.filter(
      (x) => x.macs.some((m) => macs.has(m)) || x.ips.some((i) => ips.has(i)) || (x.transactions ?? []).some((t) => txIds.has(t)),
    ),
  };
}
