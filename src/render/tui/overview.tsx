import type { ReactNode } from 'react';
import { Box } from 'ink';
import type { CaptureSummary, Report } from '../../report/types.js';
import { networkLine } from '../network-line.js';
import { bar, cell, clip, count, duration, epochOf, plural } from './format.js';
import type { Model } from './model.js';
import { Line, Span, type Role } from './theme.js';

const LINK_TYPES: { readonly [linkType: number]: string } = {
  0: 'BSD loopback', 1: 'Ethernet', 101: 'raw IP', 105: '802.11', 108: 'loopback', 113: 'Linux SLL', 127: '802.11 radiotap',
  228: 'raw IPv4', 276: 'Linux SLL2',
};
const MESSAGE_ORDER = ['DISCOVER', 'OFFER', 'REQUEST', 'DECLINE', 'ACK', 'NAK', 'RELEASE', 'INFORM'];

type Row = ReactNode;

function captureRow(c: CaptureSummary, width: number, i: number, reading: boolean): Row {
  const links = c.linkTypes.map((l) => LINK_TYPES[l] ?? `link ${l}`).join(', ') || 'no link type';
  const span = duration((epochOf(c.lastTime) - epochOf(c.firstTime)) * 1000);
  const details = ` · ${c.format}${c.compressed ? ' (gzip)' : ''} · ${links} · ${span} · ${count(c.packets)} frames · `;
  // The last capture of a run still being read is neither complete nor broken yet.
  const status = !c.complete ? '✗ incomplete' : reading ? '… reading' : '✓ complete';
  return (
    <Line key={`cap${i}`}>
      {` ${clip(c.path, Math.max(12, width - details.length - status.length - 1))}${details}`}
      <Span role={!c.complete ? 'error' : reading ? 'dim' : 'ok'}>{status}</Span>
    </Line>
  );
}

function topRows(model: Model, width: number): Row[] {
  const r = model.report;
  const s = r.stats;
  return [
    ...r.captures.slice(0, 3).map((c, i) => captureRow(c, width, i, r.progress?.done === false && i === r.captures.length - 1)),
    ...(r.captures.length > 3 ? [<Line key="more" role="dim">{` … and ${r.captures.length - 3} more captures`}</Line>] : []),
    ...(r.captures.length === 0 && !r.leaseDatabases ? [<Line key="nocap" role="dim"> no capture read yet</Line>] : []),
    ...(r.leaseDatabases ?? []).slice(0, 3).map((d) => (
      <Line key={`db-${d.file}`}>{clip(` lease database ${d.file} · ${d.format} · ${`${count(d.leaseCount)} address${d.leaseCount === 1 ? '' : 'es'}`}${d.server ? ` · server ${d.server}` : ''}`, width)}</Line>
    )),
    ...((r.leaseDatabases?.length ?? 0) > 3 ? [<Line key="moredb" role="dim">{` … and ${r.leaseDatabases!.length - 3} more lease databases`}</Line>] : []),
    <Line key="frames">
      {` frames: ${count(s.packets)} all · ${count(s.dhcp)} DHCP · ${count(s.arp)} ARP · `}
      <Span role={s.malformed > 0 ? 'warning' : undefined}>{`${count(s.malformed)} malformed`}</Span>
      {r.warnings.length > 0 ? <Span role="warning">{` · ▲ ${plural(r.warnings.length, 'warning')}: ${clip(r.warnings[0]?.message ?? '', 60)}`}</Span> : null}
    </Line>,
  ];
}

interface BarEntry {
  readonly label: string;
  readonly value: number;
  readonly role?: Role | undefined;
}

/** label, count, bar: counts line up, bars share one scale. */
function barRows(key: string, entries: readonly BarEntry[], width: number): Row[] {
  const max = Math.max(0, ...entries.map((e) => e.value));
  const labelWidth = Math.min(16, Math.max(6, ...entries.map((e) => e.label.length)));
  const barWidth = Math.max(4, width - labelWidth - 9);
  return entries.map((e) => (
    <Line key={`${key}-${e.label}`}>
      {` ${cell(e.label, labelWidth)} ${count(e.value).padStart(5)} `}
      <Span role={e.role ?? 'info'}>{bar(e.value, max, barWidth)}</Span>
    </Line>
  ));
}

function messageRows(report: Report, width: number): Row[] {
  const rank = (t: string): number => MESSAGE_ORDER.indexOf(t) + 1 || 99;
  const types = Object.entries(report.stats.messageTypes).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
  const role = (t: string): Role | undefined => (t === 'NAK' || t === 'DECLINE' ? 'error' : t === 'ACK' ? 'ok' : undefined);
  return barRows('msg', types.map(([label, value]) => ({ label, value, role: role(label) })), width);
}

function leftColumn(model: Model, width: number): Row[] {
  return [<Line key="h3" role="heading">DHCP messages</Line>, ...messageRows(model.report, width)];
}

function tally(values: readonly string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function rightColumn(model: Model, width: number): Row[] {
  const servers = model.servers;
  const clients = model.clients;
  const severities: BarEntry[] = [
    { label: '✗ error', value: model.findings.filter((f) => f.severity === 'error').length, role: 'error' },
    { label: '▲ warning', value: model.findings.filter((f) => f.severity === 'warning').length, role: 'warning' },
    { label: 'i info', value: model.findings.filter((f) => f.severity === 'info').length, role: 'info' },
  ];
  const virtual = tally(clients.map((c) => c.virtualization ?? 'physical / unknown'));
  const vendors = tally(clients.map((c) => c.vendor ?? 'unknown vendor')).slice(0, 4);
  // Count columns as wide as their biggest number (a flood's servers answer tens of thousands of times).
  const countWidth = (head: string, values: readonly number[]) => Math.max(head.length, ...values.map((v) => String(v).length)) + 1;
  const wOffer = countWidth('offer', servers.map((s) => s.offers));
  const wAck = countWidth('ack', servers.map((s) => s.acks));
  const wNak = countWidth('nak', servers.map((s) => s.naks));
  return [
    <Line key="h1" role="heading">{`Servers (${servers.length})`}</Line>,
    <Line key="h1b" role="dim">{` ${cell('address', 15)} ${cell('virt.', 6)}${'offer'.padStart(wOffer)}${'ack'.padStart(wAck)}${'nak'.padStart(wNak)}`}</Line>,
    ...servers.flatMap((s) => [
      <Line key={s.ip}>
        {` ${cell(s.ip, 15)} `}
        <Span role="info">{cell(s.hypervisor?.kind ?? '', 6)}</Span>
        <Span role="ok">{`${String(s.offers).padStart(wOffer)}${String(s.acks).padStart(wAck)}`}</Span>
        <Span role={s.naks > 0 ? 'error' : undefined}>{String(s.naks).padStart(wNak)}</Span>
      </Line>,
      ...(s.network ? [<Line key={`${s.ip}-net`} role={s.network.kind === 'lan' ? 'dim' : 'info'}>{`   ${clip(networkLine(s) ?? '', width - 4)}`}</Line>] : []),
    ]),
    ...(servers.length === 0 ? [<Line key="nos" role="dim"> no DHCP server seen</Line>] : []),
    <Line key="h2" role="heading">{`Findings (${model.findings.length})`}</Line>,
    ...barRows('sev', severities, width),
    ...(model.findings.length > 0
      ? [<Line key="codes" role="dim">{` ${clip(tally(model.findings.map((f) => f.code)).map(([c, n]) => `${c} ${n}`).join(' · '), width - 1)}`}</Line>]
      : []),
    <Line key="h3" role="heading">{`Clients (${clients.length}) by virtualization`}</Line>,
    ...barRows('virt', virtual.map(([label, value]) => ({ label, value })), width),
    <Line key="h4" role="heading">by vendor</Line>,
    ...barRows('vendor', vendors.map(([label, value]) => ({ label, value, role: 'dim' as const })), width),
  ];
}

export function Overview({ model, width, height }: { model: Model; width: number; height: number }): ReactNode {
  const top = topRows(model, width);
  const rest = Math.max(0, height - top.length - 1);
  const twoColumns = width >= 76;
  const left = twoColumns ? Math.floor(width / 2) - 1 : width;
  const right = width - left - 2;
  const a = leftColumn(model, left);
  const b = rightColumn(model, twoColumns ? right : width);
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      {top}
      <Line> </Line>
      {twoColumns ? (
        <Box height={rest} overflow="hidden">
          <Box flexDirection="column" width={left}>{a.slice(0, rest)}</Box>
          <Box width={2} />
          <Box flexDirection="column" width={right}>{b.slice(0, rest)}</Box>
        </Box>
      ) : (
        <Box flexDirection="column" height={rest} overflow="hidden">
          {[...a, ...b].slice(0, rest)}
        </Box>
      )}
    </Box>
  );
}
