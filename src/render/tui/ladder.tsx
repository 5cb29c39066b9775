import type { ReactNode } from 'react';
import { Box } from 'ink';
import type { Transaction } from '../../report/types.js';
import { clip, duration } from './format.js';
import { drawHeader, drawRow, geometry, type Segment } from './ladder-draw.js';
import type { Ladder, LadderRow } from '../ladder/index.js';
import { outcomeRole } from './roles.js';
import { Line, Span, type Role } from './theme.js';
import { useWindow } from './use-window.js';

interface Info {
  readonly text: string;
  readonly role?: Role;
}

function infoLines(t: Transaction): Info[] {
  const lines: Info[] = [];
  if (t.nakMessage !== undefined) lines.push({ text: `NAK message: "${t.nakMessage}"`, role: 'error' });
  if (t.relay) {
    const r = t.relay;
    const extra = [r.circuitId ? `circuit-id ${r.circuitId}` : '', r.remoteId ? `remote-id ${r.remoteId}` : ''];
    lines.push({ text: [`relayed via ${r.giaddr}`, `hops ${r.hops}`, ...extra].filter(Boolean).join(' · '), role: 'relay' });
  }
  if (t.segment) lines.push({ text: `via ${t.segment.label}`, role: 'relay' });
  else if (t.vlan) lines.push({ text: `VLAN ${t.vlan.join('.')}` });
  if (t.offers.length > 0) {
    const offers = t.offers.map((o) => `${o.server} → ${o.yiaddr} (#${o.frame})`).join(', ');
    lines.push({ text: `${t.offers.length} offer${t.offers.length === 1 ? '' : 's'}: ${offers}` });
  }
  const lease = [
    t.requestedIp ? `requested ${t.requestedIp}` : '',
    t.leaseSeconds !== undefined ? `lease ${duration(t.leaseSeconds * 1000)}` : '',
    t.latencyMs.offer !== undefined ? `offer after ${duration(t.latencyMs.offer)}${t.latencyMs.check !== undefined ? ` (${duration(t.latencyMs.check)} of it the server's address check)` : ''}` : '',
    t.latencyMs.ack !== undefined ? `ack after ${duration(t.latencyMs.ack)}` : '',
  ].filter(Boolean);
  if (lease.length > 0) lines.push({ text: lease.join(' · '), role: 'dim' });
  const who = [t.vendorClass ? `vendor class ${t.vendorClass}` : '', t.clientId ? `client-id ${t.clientId}` : ''].filter(Boolean);
  if (who.length > 0) lines.push({ text: who.join(' · '), role: 'dim' });
  return lines;
}

function detail(row: LadderRow): Info {
  const s = row.step;
  if (!s) return { text: `frame #${row.frame} · ${row.label} · ${row.note}`, role: row.conflict ? 'error' : 'dim' };
  const ok = s.deliveryOk ? '✓' : '✗';
  return {
    text: `frame #${s.frame} · ${s.from.ip} → ${s.to.ip} · l2 ${s.l2} · l3 ${s.l3}${s.broadcastFlag ? ' · flag B' : ''} · expected ${s.expectedDelivery} ${ok}`,
    role: s.deliveryOk ? 'dim' : 'error',
  };
}

function Segments({ segments }: { segments: readonly Segment[] }): ReactNode {
  return (
    <Line>
      {segments.map((s, i) => (
        <Span key={i} role={s.role}>
          {s.text}
        </Span>
      ))}
    </Line>
  );
}

export interface LadderPaneProps {
  readonly transaction: Transaction;
  readonly ladder: Ladder;
  readonly width: number;
  readonly height: number;
  readonly focused: boolean;
  readonly step: number;
}

/** The selected transaction: summary, then the ladder (client left, relays and servers right). */
export function LadderPane({ transaction: t, ladder, width, height, focused, step }: LadderPaneProps): ReactNode {
  const g = geometry(ladder.columns.length, width);
  const fixed = 3 + (focused ? 1 : 0);
  const info = infoLines(t);
  const shownInfo = info.slice(0, Math.max(Math.min(1, info.length), height - fixed - ladder.rows.length));
  const window = useWindow(focused ? step : 0, Math.max(1, height - fixed - shownInfo.length), ladder.rows.length);
  const selectedRow = focused ? ladder.rows[step] : undefined;
  const who = t.hostname ? `${t.clientMac} (${t.hostname})` : t.clientMac;
  const address = t.assignedIp ?? t.requestedIp ?? '';
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Line>
        <Span role="heading">{`${t.xid} ${t.kind}`}</Span>
        <Span> </Span>
        <Span role={outcomeRole(t.outcome)}>{t.outcome}</Span>
        <Span>{` · ${clip(who, 40)}${address ? ` · ${address}` : ''}${t.server ? ` from ${t.server}` : ''} · ${duration(t.durationMs)}`}</Span>
      </Line>
      {shownInfo.map((line, i) => (
        <Line key={`i${i}`} role={line.role}>{` ${clip(line.text, width - 1)}`}</Line>
      ))}
      {drawHeader(ladder, g).map((segments, i) => (
        <Segments key={`h${i}`} segments={segments} />
      ))}
      {ladder.rows.slice(window.offset, window.offset + window.size).map((row, i) => {
        const index = window.offset + i;
        const isSelected = focused && index === step;
        return isSelected ? (
          <Line key={`r${index}`} role="selected">
            <Segments segments={drawRow(row, g, true)} />
          </Line>
        ) : (
          <Segments key={`r${index}`} segments={drawRow(row, g, false)} />
        );
      })}
      {selectedRow ? <Line role={detail(selectedRow).role}>{` ${clip(detail(selectedRow).text, width - 1)}`}</Line> : null}
    </Box>
  );
}
