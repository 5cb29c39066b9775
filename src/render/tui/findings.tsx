import type { ReactNode } from 'react';
import { Box } from 'ink';
import type { Finding } from '../../report/types.js';
import { clip, clock, wrap } from './format.js';
import { findingTarget } from './keys.js';
import type { Model } from './model.js';
import { severityMark, severityRole } from './roles.js';
import { Table, type Column } from './table.js';
import { Line } from './theme.js';

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
  return (
    <Box flexDirection="column" height={height}>
      <Table
        columns={COLUMNS}
        rows={model.findings}
        selected={selected}
        height={Math.max(2, height - info.length - 1)}
        width={width}
        active
        empty={empty}
      />
      {info.length > 0 ? <Line role="dim">{'─'.repeat(width)}</Line> : null}
      {info.map((text, i) => (
        <Line key={i} role={i === info.length - 1 ? 'key' : i < info.length - 2 && finding ? severityRole(finding.severity) : undefined}>
          {` ${clip(text, width - 1)}`}
        </Line>
      ))}
    </Box>
  );
}
