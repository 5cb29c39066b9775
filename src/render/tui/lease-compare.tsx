import type { ReactNode } from 'react';
import { Box } from 'ink';
import { cell, clip, clock, wrap } from './format.js';
import type { Finding } from '../../report/types.js';
import type { LeaseRow, Model } from './model.js';
import { Line } from './theme.js';

/**
 * Enter on a lease the database disagrees with: what the wire showed and what the database holds, side by side,
 * then the lease-database findings about the address with the file and line that prove each.
 */
export function LeaseCompare({ row, model, width, height }: { row: LeaseRow | undefined; model: Model; width: number; height: number }): ReactNode {
  if (!row) return <Line role="dim"> no lease selected</Line>;
  const l = row.lease;
  const d = row.db;
  const wire = [
    `MAC      ${l.mac}`,
    `state    ${l.state}`,
    `server   ${l.server}`,
    `start    ${clock(l.start)}`,
    `end      ${l.end === null ? 'never' : clock(l.end)}${l.leaseSeconds !== null ? ` (${l.leaseSeconds} s)` : ''}`,
    `exchanges ${l.transactions.join(', ') || '—'}`,
  ];
  const db = d
    ? [
        `MAC      ${d.mac ?? '(none)'}${d.mac !== null && d.mac !== l.mac ? '  ≠' : ''}`,
        `state    ${d.state}`,
        `record   ${d.file}:${d.line}`,
        `start    ${d.start ? clock(d.start) : '(not kept)'}`,
        `end      ${d.end === null ? 'never' : clock(d.end)}`,
        d.agrees === false ? 'disagrees with the wire' : 'agrees on MAC and end',
      ]
    : ['(no record of this address)'];
  const half = Math.max(20, Math.floor((width - 3) / 2));
  const findings = model.report.findings.filter((f) => f.sources !== undefined && f.ips.includes(l.ip));
  const rows = Math.max(wire.length, db.length);
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Line role="heading">{clip(` ${l.ip}: the wire and the lease database`, width)}</Line>
      <Line role="key">{` ${cell('On the wire (the ACKs)', half)} ${cell('In the database', half)}`}</Line>
      {Array.from({ length: rows }, (_, i) => (
        <Line key={i} role={i === 0 && d?.mac !== null && d?.mac !== undefined && d.mac !== l.mac ? 'error' : undefined}>
          {` ${cell(wire[i] ?? '', half)} ${cell(db[i] ?? '', half)}`}
        </Line>
      ))}
      <Line> </Line>
      {findings.flatMap((f) =>
        wrap(`${f.code} ${f.message} [${proof(f)}]`, width - 2, 3).map((text, i) => (
          <Line key={`${f.id}-${i}`} role={f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'dim'}>
            {`${i === 0 ? ' ' : '   '}${text}`}
          </Line>
        )),
      )}
      <Line role="dim"> Esc goes back.</Line>
    </Box>
  );
}

function proof(f: Finding): string {
  const sources = (f.sources ?? []).map((s) => (s.line === null ? s.file : `${s.file}:${s.line}`));
  return [f.frames.length ? `frames ${f.frames.join(', ')}` : '', ...sources].filter(Boolean).join('; ');
}
