/**
 * Mermaid: each exchange as a sequence diagram in a fenced block, for GitHub and GitLab Markdown (tickets,
 * READMEs). Drawn from the ladder model like the TUI and the HTML page: a participant per column, an arrow per
 * row (unicast ->>, broadcast --), a cross where delivery breaks RFC 2131 or ARP shows a conflict), notes
 * for what the arrow cannot say. Packet text is untrusted: Mermaid's statement characters become its #code;
 * entities, Markdown's become escapes, controls are replaced first.
 */
import type { Report, Transaction } from '../report/types.js';
import { buildLadder, type Ladder, type LadderColumn, type LadderRow } from './ladder/index.js';
import { sanitize } from './sanitize.js';

/** Characters that end a statement, start a comment or entity, open markup, or (in an alias) split it. */
const MERMAID_SPECIAL = /[#;<>"%{}[\]&\\`|]/g;
const ALIAS_SPECIAL = /[#;<>"%{}[\]&\\`|:,]/g;

const entity = (c: string): string => `#${c.codePointAt(0)};`;

/** Text for a message or note (after the colon). */
export function mermaidText(text: string): string {
  return sanitize(text).replace(MERMAID_SPECIAL, entity);
}

/** Text for a participant's alias (no colon or comma either). */
export function mermaidAlias(text: string): string {
  return sanitize(text).replace(ALIAS_SPECIAL, entity);
}

/** Text for a Markdown heading: markup characters escaped, HTML's as entities. */
export function markdownText(text: string): string {
  return sanitize(text)
    .replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'))
    .replace(/[\\`*_[\]()#!|~{}+-]/g, (c) => `\\${c}`);
}

function participant(c: LadderColumn, i: number): string {
  const lines = [c.title, c.ip ?? c.name, c.mac && c.mac !== (c.ip ?? c.name) ? c.mac : '', c.tag ?? ''].filter(Boolean);
  return `    participant P${i} as ${lines.map(mermaidAlias).join('<br/>')}`;
}

function ms(value: number): string {
  return value < 1 ? `${value.toFixed(2)} ms` : value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(2)} s`;
}

/** Solid line for unicast, dotted for broadcast; a cross head where something is wrong, else an arrowhead. */
export function arrowOf(row: LadderRow): string {
  const line = row.broadcast ? '--' : '-';
  return !row.deliveryOk || row.conflict ? `${line}x` : `${line}>>`;
}

function rowLines(row: LadderRow): string[] {
  const label = [
    row.label,
    row.note,
    row.retransmission ? 'retransmission' : '',
    row.latencyMs !== undefined ? `after ${ms(row.latencyMs)}` : '',
    row.frame > 0 ? `frame ${row.frame}` : '',
  ].filter(Boolean);
  const text = mermaidText(label.join(' · '));
  if (row.from === row.to) return [`    Note over P${row.from}: ${text}`];
  const lines = [`    P${row.from}${arrowOf(row)}P${row.to}: ${text}`];
  if (!row.deliveryOk) lines.push(`    Note over P${Math.min(row.from, row.to)},P${Math.max(row.from, row.to)}: ${mermaidText(`✗ ${row.broadcast ? 'broadcast' : 'unicast'}, RFC 2131 expects ${row.expected ?? '?'}`)}`);
  return lines;
}

export function mermaidDiagram(ladder: Ladder): string {
  return ['sequenceDiagram', ...ladder.columns.map(participant), ...ladder.rows.flatMap(rowLines)].join('\n');
}

function heading(t: Transaction): string {
  const who = t.hostname ? `${t.clientMac} (${t.hostname})` : t.clientMac;
  const address = t.assignedIp ?? t.requestedIp;
  return `### ${markdownText(`${t.id} ${t.kind} → ${t.outcome} · ${who} · xid ${t.xid}${address ? ` · ${address}` : ''}${t.server ? ` from ${t.server}` : ''}${t.segment ? ` · via ${t.segment.label}` : ''}`)}`;
}

export function renderMermaid(report: Report): string {
  const packets = new Map((report.packets ?? []).map((p) => [p.frame, p]));
  const blocks = report.transactions.map((t) => {
    const ladder = buildLadder(t, { packetOf: (frame) => packets.get(frame), servers: report.servers, clients: report.clients });
    return `${heading(t)}\n\n\`\`\`mermaid\n${mermaidDiagram(ladder)}\n\`\`\`\n`;
  });
  return blocks.length > 0 ? `${blocks.join('\n')}` : 'No DHCP exchanges in this capture.\n';
}
