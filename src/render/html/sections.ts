/** The static sections of the page (what shows before any script runs): header, summary, servers. */
import type { Report, Server } from '../../report/types.js';
import { networkLine } from '../network-line.js';
import { esc, fmtMs } from './draw.js';

/** What the report says about the network a server runs: its network judgement with evidence, else the hypervisor seen. */
export function serverJudgement(s: Server): string {
  const line = networkLine(s);
  if (line && s.network) return `${line}${s.network.evidence.length > 0 ? ` — ${s.network.evidence.join('; ')}` : ''}`;
  const parts: string[] = [];
  if (s.hypervisor) parts.push(`${s.hypervisor.kind} virtual network${s.hypervisor.evidence.length > 0 ? ` (${s.hypervisor.evidence.join('; ')})` : ''}`);
  if (s.virtualization) parts.push(`server runs in a ${s.virtualization} VM`);
  if (s.trusted) parts.push('trusted (--server)');
  return parts.join(' · ');
}

const cards = (items: readonly (readonly [string, string | number])[]): string =>
  `<div class="cards">${items.map(([label, value]) => `<div class="card"><b>${esc(value)}</b>${esc(label)}</div>`).join('')}</div>`;

function countBy<T>(items: readonly T[], key: (item: T) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

export function capturesSection(report: Report): string {
  const rows = report.captures
    .map((c) => {
      const span = c.firstTime && c.lastTime ? fmtMs(Date.parse(c.lastTime) - Date.parse(c.firstTime)) : '—';
      return `<tr><td class="mono">${esc(c.path)}</td><td>${esc(c.format)}${c.compressed ? ' (gzip)' : ''}</td><td>${c.packets}</td><td class="mono">${esc(c.firstTime ?? '—')}</td><td>${esc(span)}</td><td>${c.complete ? '✓ complete' : '✗ broken off'}</td></tr>`;
    })
    .join('');
  return `<table class="captures"><thead><tr><th>capture</th><th>format</th><th>frames</th><th>first frame</th><th>span</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function summarySection(report: Report, explainServer?: (s: Server) => readonly string[]): string {
  const s = report.stats;
  const outcomes = countBy(report.transactions, (t) => t.outcome);
  const severities = (['error', 'warning', 'info'] as const).map((sev) => [sev, report.findings.filter((f) => f.severity === sev).length] as const);
  const codes = countBy(report.findings, (f) => f.code);
  const types = Object.entries(s.messageTypes);
  return [
    '<section id="summary"><h2>Summary</h2>',
    cards([
      ['frames', s.packets],
      ['DHCP', s.dhcp],
      ['ARP', s.arp],
      ['malformed', s.malformed],
      ['exchanges', report.transactions.length],
      ['leases', report.leases.length],
      ['clients', report.clients.length],
      ['servers', report.servers.length],
    ]),
    `<p><b>Exchanges by outcome:</b> ${outcomes.map(([o, n]) => `${esc(o)} ${n}`).join(' · ') || 'none'}</p>`,
    `<p><b>DHCP messages:</b> ${types.map(([t, n]) => `${esc(t)} ${n}`).join(' · ') || 'none'}</p>`,
    `<p id="findings-by-severity"><b>Findings:</b> ${severities.map(([sev, n]) => `<span class="sevcount ${sev}">${n} ${sev}</span>`).join(' · ')}` +
      `${codes.length > 0 ? ` — ${codes.map(([c, n]) => `<code>${esc(c)}</code> ${n}`).join(' · ')}` : ''}</p>`,
    serversTable(report.servers, explainServer),
    '</section>',
  ].join('');
}

function serversTable(servers: readonly Server[], explainServer?: (s: Server) => readonly string[]): string {
  if (servers.length === 0) return '<p class="muted">No DHCP server answered in this capture.</p>';
  const why = (s: Server): string => {
    const sentences = explainServer?.(s) ?? [];
    return sentences.length > 0 ? `<tr class="why-row"><td colspan="8"><div class="why">${sentences.map((x) => `<p>${esc(x)}</p>`).join('')}</div></td></tr>` : '';
  };
  const rows = servers
    .map(
      (s) =>
        `<tr><td class="mono">${esc(s.ip)}</td><td class="mono">${esc(s.mac ?? '—')}</td><td>${s.offers}</td><td>${s.acks}</td><td>${s.naks}</td>` +
        `<td class="mono">${esc(s.subnets.join(' '))}</td><td>${esc([s.options.router ? `router ${s.options.router}` : '', s.options.dns ? `DNS ${s.options.dns.join(' ')}` : '', s.options.domain ? `domain ${s.options.domain}` : ''].filter(Boolean).join(' · '))}</td>` +
        `<td class="judgement">${esc(serverJudgement(s))}</td></tr>${why(s)}`,
    )
    .join('');
  return `<h3>Servers</h3><table class="servers"><thead><tr><th>address</th><th>MAC</th><th>offers</th><th>acks</th><th>naks</th><th>subnets</th><th>options</th><th>VM / network</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function warningsSection(report: Report): string {
  if (report.warnings.length === 0) return '';
  const items = report.warnings.slice(0, 200).map((w) => `<li>${w.frame !== undefined ? `frame ${w.frame}: ` : ''}${esc(w.message)}</li>`).join('');
  const more = report.warnings.length > 200 ? `<li class="muted">… and ${report.warnings.length - 200} more (see --json)</li>` : '';
  return `<section id="warnings"><h2>Warnings</h2><ul>${items}${more}</ul></section>`;
}
