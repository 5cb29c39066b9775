import type { ReactNode } from 'react';
import type { Finding } from '../../report/types.js';
import { clock, wrap } from './format.js';
import { findingTarget } from './keys.js';
import type { Model } from './model.js';
import { severityMark, severityRole } from './roles.js';
import { ListWithDetails } from './details.js';
import type { Column } from './table.js';

const COLUMNS: readonly Column<Finding>[] = [
  { title: 'severity', width: 9, priority: 1, text: (f) => `${severityMark(f.severity)} ${f.severity}`, role: (f) => severityRole(f.severity) },
  { title: 'code', width: 18, priority: 1, text: (f) => f.code },
  { title: 'time', width: 12, priority: 3, text: (f) => clock(f.time) },
  { title: 'message', width: 20, priority: 2, flex: true, text: (f) => f.message },
];

function describeTarget(f: Finding, model: Model): string {
  const target = findingTarget(f, model);
  if (target?.type !== 'jump') return 'no entry to jump to';
  const where = target.view === 'handshakes' ? 'the transaction' : target.view === 'arp' ? 'the ARP entry' : 'the lease';
  return `⏎ jumps to ${where}${target.clearFilter ? ' (clears the filter)' : ''}`;
}

function details(f: Finding, model: Model, width: number): string[] {
  const xids = (f.transactions ?? []).map((id) => model.transaction(id)?.xid ?? id);
  return [
    ...wrap(f.message, width - 1, 2),
    [
      f.frames.length > 0 ? `frames ${f.frames.map((n) => `#${n}`).join(' ')}` : '',
      f.ips.length > 0 ? `IPs ${f.ips.join(' ')}` : '',
      f.macs.length > 0 ? `MACs ${f.macs.join(' ')}` : '',
      xids.length > 0 ? `xid ${xids.join(' ')}` : '',
    ]
      .filter(Boolean)
      .join(' · '),
    describeTarget(f, model),
  ];
}

export function Findings({ model, selected, width, height }: { model: Model; selected: number; width: number; height: number }): ReactNode {
  const finding = model.findings[selected];
  const info = finding ? details(finding, model, width) : [];
  const empty = model.filter !== '' ? `no finding matches "${model.filter}"` : 'no findings';
  const lines = info.map((text, i) => ({
    text,
    role: i === info.length - 1 ? ('key' as const) : i < info.length - 2 && finding ? severityRole(finding.severity) : undefined,
  }));
  return <ListWithDetails columns={COLUMNS} rows={model.findings} selected={selected} width={width} height={height} empty={empty} details={lines} />;
}
