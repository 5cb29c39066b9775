/**
 * Narrows a report with the filter language (src/query/): --filter EXPR, and --mac/--ip/--xid as shorthands
 * for `mac=M`, `ip=I`, `xid=X` (any of them). Each list keeps its own rows that match; what a kept exchange
 * points at stays too (the packets of its steps, the servers it heard, its client), so every row still leads
 * somewhere.
 */
import { matchArp, matchFinding, matchLease, matchPacket, matchServer, matchTransaction, parseFilter, type Filter } from '../query/index.js';
import type { Report } from './types.js';

export interface ReportFilter {
  readonly macs?: readonly string[];
  readonly ips?: readonly string[];
  readonly xids?: readonly string[];
  /** An expression of the filter language. */
  readonly expression?: string;
}

export function normaliseXid(x: string): string {
  const n = Number.parseInt(x.replace(/^0x/i, ''), 16);
  return Number.isNaN(n) ? x.toLowerCase() : `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
}

export function isEmptyFilter(f: ReportFilter): boolean {
  return !f.macs?.length && !f.ips?.length && !f.xids?.length && !f.expression?.trim();
}

const quote = (value: string): string => `"${value.replace(/["\\]/g, '\\$&')}"`;

/** The one expression a ReportFilter stands for: the shorthands or'd together, and'ed with the expression. */
export function filterExpression(f: ReportFilter): string {
  const shorthands = [
    ...(f.macs ?? []).map((m) => `mac=${quote(m)}`),
    ...(f.ips ?? []).map((i) => `ip=${quote(i)}`),
    ...(f.xids ?? []).map((x) => `xid=${quote(normaliseXid(x))}`),
  ];
  const expression = f.expression?.trim() ?? '';
  if (shorthands.length === 0) return expression;
  const either = shorthands.length === 1 ? shorthands[0]! : `(${shorthands.join(' or ')})`;
  return expression === '' ? either : `${either} and (${expression})`;
}

/** Throws on a bad expression: callers that take text from a person parse it first (parseFilter) to say where. */
export function filterReport(r: Report, f: ReportFilter): Report {
  if (isEmptyFilter(f)) return r;
  const parsed = parseFilter(filterExpression(f));
  if (!parsed.ok) throw new Error(`bad filter: ${parsed.error.message} (column ${parsed.error.column})`);
  return filterReportWith(r, parsed.filter);
}

export function filterReportWith(r: Report, filter: Filter): Report {
  if (filter.root === null) return r;
  const transactions = r.transactions.filter((t) => matchTransaction(filter, t, r));
  const leases = r.leases.filter((l) => matchLease(filter, l, r));
  const arp = r.arp.filter((a) => matchArp(filter, a, r));
  const findings = r.findings.filter((x) => matchFinding(filter, x, r));
  // Everything a kept transaction points at stays too: the packets of its steps and ARP, the servers it heard.
  const txFrames = new Set(transactions.flatMap((t) => [...t.steps.map((s) => s.frame), ...t.arpFrames]));
  const txServers = new Set(transactions.flatMap((t) => [t.server, ...t.offers.map((o) => o.server), ...t.steps.map((s) => s.server)]));
  const macs = new Set([
    ...transactions.map((t) => t.clientMac),
    ...leases.map((l) => l.mac),
    ...arp.flatMap((a) => a.claims.map((c) => c.mac)),
  ]);
  return {
    ...r,
    ...(r.packets ? { packets: r.packets.filter((p) => txFrames.has(p.frame) || matchPacket(filter, p, r)) } : {}),
    transactions,
    leases,
    servers: r.servers.filter((s) => txServers.has(s.ip) || matchServer(filter, s, r)),
    clients: r.clients.filter((c) => macs.has(c.mac)),
    arp,
    findings,
  };
}
