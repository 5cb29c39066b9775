import type { ReactNode } from 'react';
import { Line, Span, useTheme } from './theme.js';
import type { CountedView, Model } from './model.js';
import { clip } from './format.js';
import { VIEWS, type ViewName } from './state.js';

const NAMES: { readonly [view in ViewName]: string } = {
  overview: 'Overview',
  handshakes: 'Handshakes',
  leases: 'Leases',
  arp: 'ARP',
  findings: 'Findings',
  packets: 'Packets',
};

function counts(model: Model, view: ViewName): { readonly [view in ViewName]: string } {
  const r = model.report;
  // Without a filter the counts come straight from the report (nothing is sorted or filtered for them).
  // The view shown is filtered now; the other tabs show their count once it is found (between keys: App).
  const of = (v: CountedView, shown: () => number, all: number): string =>
    model.filter === '' ? String(all) : `${v === view ? shown() : (model.counted(v) ?? '…')}/${all}`;
  return {
    overview: '',
    handshakes: of('handshakes', () => model.transactions.length, r.transactions.length),
    // Without a capture the view lists the lease databases' records instead.
    leases: of('leases', () => model.leases.length, r.captures.length === 0 && r.leaseDatabases ? model.leases.length : r.leases.length),
    arp: of('arp', () => model.arp.length, r.arp.length),
    findings: of('findings', () => model.findings.length, r.findings.length),
    // Filtering packets decodes every frame again: only done when the Packets view is shown.
    packets: model.filter === '' || view !== 'packets' ? String(model.allPackets.length) : `${model.packets.length}${model.packetsInProgress ? '…' : ''}/${model.allPackets.length}`,
  };
}

/** The tab bar: every view with its key and count, the current one highlighted (bracketed without colour). */
export function Header({ view, model, title, width }: { view: ViewName; model: Model; title: string; width: number }): ReactNode {
  const theme = useTheme();
  const n = counts(model, view);
  const tabs = VIEWS.map((v, i) => {
    const label = `${i + 1} ${NAMES[v]}${n[v] ? ` ${n[v]}` : ''}`;
    return { v, text: v === view && !theme.color ? `[${label}]` : ` ${label} ` };
  });
  // Tabs carry their own padding: no gap between them, so six views with counts fit 80 columns.
  const used = tabs.reduce((sum, t) => sum + t.text.length, 0);
  const errors = model.report.findings.filter((f) => f.severity === 'error').length;
  const room = width - used - 1;
  const name = room > 12 ? clip(` dorascope · ${title}`, room) : room > 10 ? ' dorascope' : '';
  return (
    <Line>
      {tabs.map((t) => (
        <Span key={t.v} role={t.v === view ? 'accent' : t.v === 'findings' && errors > 0 ? 'error' : undefined}>
          {t.text}
        </Span>
      ))}
      <Span role="dim">{name}</Span>
    </Line>
  );
}
