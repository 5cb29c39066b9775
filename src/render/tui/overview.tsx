import type { ReactNode } from 'react';
import { Box } from 'ink';
import type { CaptureSummary, Report } from '../../report/types.js';
import { bar, cell, clip, count, duration, epochOf, plural } from './format.js';
import type { Model } from './model.js';
import { Line, Span, type Role } from './theme.js';

const LINK_TYPES: { readonly [linkType: number]: string } = {
  0: 'BSD loopback', 1: 'Ethernet', 101: 'raw IP', 105: '802.11', 108: 'loopback', 113: 'Linux SLL', 127: '802.11 radiotap',
  228: 'raw IPv4', 276: 'Linux SLL2',
};
const MESSAGE_ORDER = ['DISCOVER', 'OFFER', 'REQUEST', 'DECLINE', 'ACK', 'NAK', 'RELEASE', 'INFORM'];

type Row = ReactNode;

function captureRows(c: CaptureSummary, width: number, i: number): Row[] {
  const links = c.linkTypes.map((l) => LINK_TYPES[l] ?? `link ${l}`).join(', ') || 'no link type';
  const span = duration((epochOf(c.lastTime) - epochOf(c.firstTime)) * 1000);
  return [
    <Line key={`path${i}`}>{` ${clip(c.path, width - 1)}`}</Line>,
    <Line key={`info${i}`}>
      {`   ${c.format}${c.compressed ? ' (gzip)' : ''} · ${links} · ${span} · ${count(c.packets)} frames `}
      <Span role={c.complete ? 'ok' : 'error'}>{c.complete ? '✓ complete' : '✗ incomplete'}</Span>
    </Line>,
  ];
}

function messageRows(report: Report, width: number): Row[] {
  const types = Object.entries(report.stats.messageTypes).sort(
    ([a], [b]) => (MESSAGE_ORDER.indexOf(a) + 1 || 99) - (MESSAGE_ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b),
  );
  const max = Math.max(0, ...types.map(([, n]) => n));
  const barWidth = Math.max(4, width - 22);
  const role = (t: string): Role | undefined => (t === 'NAK' || t === 'DECLINE' ? 'error' : t === 'ACK' ? 'ok' : undefined);
  return types.map(([type, n]) => (
    <Line key={type}>
      {` ${cell(type, 10)} `}
      <Span role={role(type) ?? 'info'}>{bar(n, max, barWidth)}</Span>
      {` ${count(n)}`}
    </Line>
  ));
}

function leftColumn(model: Model, width: number): Row[] {
  const r = model.report;
  const s = r.stats;
  return [
    <Line key="h1" role="heading">{r.captures.length > 1 ? `Captures (${r.captures.length})` : 'Capture'}</Line>,
    ...r.captures.flatMap((c, i) => captureRows(c, width, i)),
    ...(r.captures.length === 0 ? [<Line key="nocap" role="dim"> no capture read yet</Line>] : []),
    <Line key="h2" role="heading">Frames</Line>,
    <Line key="frames">
      {` ${count(s.packets)} all · ${count(s.dhcp)} DHCP · ${count(s.arp)} ARP · `}
      <Span role={s.malformed > 0 ? 'warning' : undefined}>{`${count(s.malformed)} malformed`}</Span>
    </Line>,
    ...(r.warnings.length > 0
      ? [<Line key="warn" role="warning">{` ▲ ${plural(r.warnings.length, 'warning')}: ${clip(r.warnings[0]?.message ?? '', width - 20)}`}</Line>]
      : []),
    <Line key="h3" role="heading">DHCP messages</Line>,
    ...messageRows(r, width),
  ];
}

function tally(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([v, n]) => `${v} ${n}`).join(' · ');
}

function rightColumn(model: Model, width: number): Row[] {
  const r = model.report;
  const q = model.filter;
  const servers = q === '' ? r.servers : r.servers.filter((s) => s.ip.includes(q) || s.mac.includes(q));
  const clients = q === '' ? r.clients : r.clients.filter((c) => [c.mac, ...c.hostnames, ...c.ips].some((v) => v.toLowerCase().includes(q)));
  const bySeverity = (sev: string): number => model.findings.filter((f) => f.severity === sev).length;
  const virtual = clients.map((c) => c.virtualization).filter((v): v is string => v !== undefined);
  const vendors = clients.map((c) => c.vendor ?? 'unknown vendor');
  return [
    <Line key="h1" role="heading">{`Servers (${servers.length})`}</Line>,
    ...servers.map((s) => (
      <Line key={s.ip}>
        {` ${cell(s.ip, 15)} `}
        <Span role="ok">{`offer ${s.offers} ack ${s.acks} `}</Span>
        <Span role={s.naks > 0 ? 'error' : undefined}>{`nak ${s.naks}`}</Span>
        <Span role="info">{s.hypervisor ? ` ${clip(s.hypervisor.kind, 12)}` : ''}</Span>
        <Span role="dim">{` ${s.mac}`}</Span>
      </Line>
    )),
    ...(servers.length === 0 ? [<Line key="nos" role="dim"> no DHCP server seen</Line>] : []),
    <Line key="h2" role="heading">{`Findings (${model.findings.length})`}</Line>,
    <Line key="sev">
      <Span role="error">{` ✗ ${bySeverity('error')} error`}</Span>
      <Span role="warning">{`  ▲ ${bySeverity('warning')} warning`}</Span>
      <Span role="info">{`  i ${bySeverity('info')} info`}</Span>
    </Line>,
    ...(model.findings.length > 0
      ? [<Line key="codes" role="dim">{` ${clip(tally(model.findings.map((f) => f.code)), width - 1)}`}</Line>]
      : []),
    <Line key="h3" role="heading">{`Clients (${clients.length})`}</Line>,
    <Line key="virt">{` virtual NICs: ${virtual.length > 0 ? clip(tally(virtual), width - 16) : 'none'}`}</Line>,
    <Line key="vendor" role="dim">{` ${clip(tally(vendors.map((v) => clip(v, 24))), width - 1)}`}</Line>,
  ];
}

export function Overview({ model, width, height }: { model: Model; width: number; height: number }): ReactNode {
  const twoColumns = width >= 76;
  const left = twoColumns ? Math.floor(width / 2) - 1 : width;
  const right = width - left - 2;
  const a = leftColumn(model, left);
  const b = rightColumn(model, twoColumns ? right : width);
  if (!twoColumns) {
    return (
      <Box flexDirection="column" height={height} overflow="hidden">
        {[...a, ...b].slice(0, height)}
      </Box>
    );
  }
  return (
    <Box height={height} overflow="hidden">
      <Box flexDirection="column" width={left}>{a.slice(0, height)}</Box>
      <Box width={2} />
      <Box flexDirection="column" width={right}>{b.slice(0, height)}</Box>
    </Box>
  );
}
