import type { ReactNode } from 'react';
import { clock, duration, epochOf } from './format.js';
import { leaseEnd, type LeaseRow, type Model } from './model.js';
import { leaseRole } from './roles.js';
import { ListWithDetails } from './details.js';
import type { Column } from './table.js';
import { timeline } from './timeline.js';

/** The database column: the record's state, and its MAC when it names another (≠ marks a disagreement). */
function dbCell(r: LeaseRow): string {
  if (!r.db) return '—';
  const other = r.db.mac !== null && r.db.mac !== r.lease.mac ? ` for ${r.db.mac}` : '';
  return `${r.db.agrees === false ? '≠ ' : ''}${r.db.state}${other}`;
}

function columns(model: Model): Column<LeaseRow>[] {
  const vendor = (mac: string): string => model.client(mac)?.vendor ?? '';
  const withDb = model.report.leaseDatabases !== undefined && model.report.captures.length > 0;
  const database: Column<LeaseRow>[] = withDb
    ? [{ title: 'database', width: 30, priority: 2, text: dbCell, role: (r) => (r.db?.agrees === false ? 'error' : r.db ? 'ok' : 'dim') }]
    : [];
  // With VLANs or overlays one address can be leased once per segment: then a column says where (as in ARP).
  const segment: Column<LeaseRow>[] = model.leases.some((r) => r.lease.segment !== undefined)
    ? [{ title: 'segment', width: 18, priority: 2, text: (r) => r.lease.segment ?? 'lan' }]
    : [];
  return [
    { title: 'IP', width: 15, priority: 1, text: (r) => r.lease.ip, role: (r) => (r.overlap ? 'error' : undefined) },
    ...segment,
    { title: 'MAC', width: 17, priority: 1, text: (r) => r.lease.mac },
    { title: 'vendor', width: 12, priority: 6, text: (r) => vendor(r.lease.mac) },
    { title: 'hostname', width: 12, priority: 3, text: (r) => r.lease.hostname ?? '' },
    { title: 'server', width: 15, priority: 7, text: (r) => r.lease.server },
    { title: 'start', width: 12, priority: 5, text: (r) => clock(r.lease.start) },
    { title: 'end', width: 12, priority: 5, text: (r) => (r.lease.end === null ? '∞' : clock(r.lease.end)) },
    {
      title: 'state',
      width: 10,
      priority: 1,
      text: (r) => (r.source === 'database' ? (r.db?.state ?? '') : `${r.lease.state}${r.overlap ? ' !' : ''}`),
      role: (r) => (r.overlap ? 'error' : leaseRole(r.lease.state)),
    },
    ...database,
    { title: 'ren', width: 3, priority: 4, align: 'right', text: (r) => String(r.lease.renewals) },
    {
      title: 'timeline',
      width: 12,
      priority: 2,
      flex: true,
      text: (r, width) => timeline(epochOf(r.lease.start), leaseEnd(r.lease), model.span, width),
      role: (r) => (r.overlap ? 'error' : 'info'),
    },
  ];
}

function details(row: LeaseRow, model: Model): string[] {
  const l = row.lease;
  if (row.source === 'database' && row.db) return [`${l.ip} → ${l.mac || 'no MAC'}${l.hostname ? ` (${l.hostname})` : ''}`, dbLine(row.db)];
  const client = model.client(l.mac);
  const xids = l.transactions.map((id) => model.transaction(id)?.xid ?? id);
  return [
    `${l.ip}${l.segment ? ` on ${l.segment}` : ''} → ${l.mac}${l.hostname ? ` (${l.hostname})` : ''}${client?.vendor ? ` · ${client.vendor}` : ''}${client?.virtualization ? ` · ${client.virtualization} VM` : ''}`,
    `${row.overlap ? '! overlaps another lease of this IP · ' : ''}server ${l.server} · ${clock(l.start)} → ${l.end === null ? 'no end' : clock(l.end)}${l.leaseSeconds !== null ? ` (${duration(l.leaseSeconds * 1000)})` : ''} · ${l.state} · ${l.renewals} renewal${l.renewals === 1 ? '' : 's'}`,
    `transactions ${xids.join(', ') || '—'}`,
    ...(row.db ? [`${dbLine(row.db)}${row.db.agrees === false ? ' · disagrees: Enter shows both sides' : ''}`] : []),
  ];
}

function dbLine(d: NonNullable<LeaseRow['db']>): string {
  const times = `${d.start ? clock(d.start) : '?'} → ${d.end === null ? 'never' : clock(d.end)}`;
  return `database ${d.file}:${d.line} · ${d.state}${d.mac ? ` · ${d.mac}` : ''} · ${times}`;
}

export function Leases({ model, selected, width, height }: { model: Model; selected: number; width: number; height: number }): ReactNode {
  const row = model.leases[selected];
  const info = row ? details(row, model) : [];
  const empty = model.filter !== '' ? `no lease matches "${model.filter}"` : 'no lease seen (yet)';
  const lines = info.map((text, i) => ({
    text,
    role: (i === 1 && row?.overlap) || (i === 3 && row?.db?.agrees === false) ? ('error' as const) : undefined,
  }));
  return <ListWithDetails columns={columns(model)} rows={model.leases} selected={selected} width={width} height={height} empty={empty} details={lines} />;
}
