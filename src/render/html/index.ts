/**
 * The HTML report: one self-contained file (no external scripts, fonts or styles; works from file://) that
 * reads only the Report. What shows without a script: summary, findings, the lease timeline and the first
 * ladders, drawn here. The page data (every exchange with its ladder, leases, findings, packet details, and
 * each row's filter-field values) rides along as JSON in data blocks, from which the page's script draws the
 * rest on demand and filters it with src/query's language.
 * A Content-Security-Policy allows our one script (by its hash) and nothing else: no network, no other script.
 */
import { createHash } from 'node:crypto';
import type { Report } from '../../report/types.js';
import { explainFinding, explainServer, explainStep, explainTransaction } from '../explain/index.js';
import { drawAddress, drawFinding, drawTx, esc } from './draw.js';
import { FIELDS } from '../../query/fields.js';
import { addressData, addressGroups, captureSpan, ColumnTable, findingData, packetData, packetsCap, packTx, pageContext, txDataOf, type Explainer } from './page-data.js';
import { queryData } from './query-data.js';
import { pageScript } from './script.js';
import { capturesSection, summarySection, warningsSection } from './sections.js';
import { STYLES } from './styles.js';

export type { Explainer } from './page-data.js';

export interface HtmlOptions {
  /** Shown as the page title (the capture paths by default). */
  readonly title?: string;
  /** Explanations to show per exchange, finding and server (default: render/explain's, see explainerFor). */
  readonly explain?: Explainer;
}

/** Past this many exchanges the page explains them only when asked (--explain): a few hundred bytes each. */
export const EXPLAIN_EXCHANGES_UP_TO = 5_000;

/**
 * render/explain's sentences, the same the timeline, the JSON and the TUI show: for every finding and server,
 * and for every exchange and each of its messages when there are at most EXPLAIN_EXCHANGES_UP_TO exchanges
 * or `always` (--explain).
 */
export function explainerFor(report: Report, always = false): Explainer {
  return {
    finding: (r, f) => explainFinding(r, f).sentences,
    server: (r, s) => explainServer(r, s).sentences,
    ...(always || report.transactions.length <= EXPLAIN_EXCHANGES_UP_TO
      ? { transaction: (r, t) => explainTransaction(r, t).sentences, step: (r, t, i) => explainStep(r, t, i) }
      : {}),
  };
}

/** How much is drawn before any script runs; the page draws the rest in batches as the reader scrolls. */
export const FIRST = { tx: 50, addresses: 300, findings: 500 } as const;

/** JSON that cannot end its <script> element: every "<" becomes \\u003c (so no "</script" and no "<!--"). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function legend(): string {
  const arrow = (cls: string, head: string, mark = '') =>
    `<svg class="ladder" width="70" height="16" viewBox="0 0 70 16"><g class="row ${cls}"><line class="ar" x1="2" y1="8" x2="54" y2="8"/>${head}${mark}</g></svg>`;
  const open = '<polyline class="hd-open" points="52,2 62,8 52,14"/><polyline class="hd-open" points="46,2 56,8 46,14"/>';
  const fill = '<polygon class="hd-fill" points="52,3 62,8 52,13"/>';
  return (
    `<div class="legend"><span>${arrow('bc', open)} broadcast</span><span>${arrow('uc', fill)} unicast</span>` +
    `<span>${arrow('uc bad', fill)} <b style="color:var(--bad)">✗</b> delivered other than RFC 2131 expects, or an ARP conflict</span>` +
    `<span>↻ retransmission</span><span>#N opens frame N's fields and bytes</span></div>`
  );
}

/** The filter language in brief, from its one field table (src/query/fields.ts). */
function filterHelp(): string {
  const fields = Object.entries(FIELDS).map(([name, spec]) => `<tr><td><code>${esc(name)}</code></td><td>${esc(spec.help)}</td></tr>`).join('');
  return (
    '<details class="filter-help"><summary>filter help</summary><div>' +
    '<p>The language of <code>--filter</code> and the terminal UI\'s <code>/</code>, on exchanges, leases and findings: ' +
    '<code>field=value</code> with <code>= != &lt; &gt; &lt;= &gt;= ~</code> (<code>~</code> substring or <code>/regex/</code>), ' +
    '<code>and</code> <code>or</code> <code>not</code> and parentheses; a bare word is looked for in every text field. ' +
    'Examples: <code>kind=RENEW and latency&gt;1s</code> · <code>ip=10.9.0.0/16</code> · <code>xid=1d69a55e</code> · <code>severity&gt;=warning</code>.</p>' +
    `<table>${fields}</table></div></details>`
  );
}

export function* renderHtmlChunks(report: Report, options: HtmlOptions = {}): Generator<string> {
  const explain = options.explain ?? explainerFor(report);
  const ctx = pageContext(report, explain);
  const span = captureSpan(report);
  const script = pageScript();
  const hash = createHash('sha256').update(script).digest('base64');
  const title = options.title ?? report.captures.map((c) => c.path).join(', ');
  const groups = addressGroups(report);
  const addresses = addressData(report, groups);
  const findings = report.findings.map((f) => findingData(report, f, ctx.frameTx, explain));
  const csp = `default-src 'none'; script-src 'sha256-${hash}'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'`;

  yield '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">';
  yield `<meta http-equiv="Content-Security-Policy" content="${csp}">`;
  yield '<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light dark">';
  yield `<title>dorascope · ${esc(title)}</title><style>${STYLES}</style></head><body>`;
  yield '<div class="bar-top"><strong>dorascope</strong>';
  yield '<input id="search" type="search" spellcheck="false" placeholder="Filter, as --filter: outcome=NAK · ip=10.9.0.0/16 and not delivery=ok" aria-label="filter (the language of --filter)">';
  yield filterHelp();
  yield '<span id="search-note" aria-live="polite"></span>';
  yield '<nav><a href="#summary">Summary</a><a href="#findings">Findings</a><a href="#leases">Leases</a><a href="#exchanges">Exchanges</a></nav></div>';
  yield `<main><h1>${esc(title)}</h1><p class="muted">${esc(report.tool.name)} ${esc(report.tool.version)} · schema ${report.schemaVersion}</p>`;
  yield capturesSection(report);
  yield '<p class="noscript-note">Scripts are off: the first items of each list are shown; the filter and "show more" need the page\'s script.</p>';
  yield summarySection(report, explain.server ? (s) => explain.server!(report, s) : undefined);
  yield '<section id="opened" hidden></section>';

  yield `<section id="findings"><h2>Findings <span class="count" id="count-findings">${Math.min(FIRST.findings, findings.length)} of ${findings.length} shown</span></h2>`;
  yield `<ul class="findings" id="list-findings">${findings.slice(0, FIRST.findings).map(drawFinding).join('')}</ul>`;
  yield `<button type="button" class="more" id="more-findings"${findings.length > FIRST.findings ? '' : ' hidden'}>Show more findings</button></section>`;

  yield `<section id="leases" class="timeline"><h2>Lease timeline <span class="count" id="count-addresses">${Math.min(FIRST.addresses, addresses.length)} of ${addresses.length} shown</span></h2>`;
  yield `<p class="muted">One row per address (per address and segment where VLANs or overlays reuse one) over the capture's time, a bar per lease coloured by MAC (click a bar to open its exchange); ✗ declined, ⏏ released, ○ expired, ⚠ a conflict finding.</p>`;
  yield `<div class="axis"><span>${esc(new Date(span.start * 1000).toISOString())}</span><span>${esc(new Date(span.end * 1000).toISOString())}</span></div>`;
  yield `<div id="list-addresses">${addresses.slice(0, FIRST.addresses).map((a) => drawAddress(a, span)).join('')}</div>`;
  yield `<button type="button" class="more" id="more-addresses"${addresses.length > FIRST.addresses ? '' : ' hidden'}>Show more addresses</button></section>`;

  const tx = report.transactions;
  const cap = packetsCap(report);
  yield `<section id="exchanges"><h2>Exchanges <span class="count" id="count-tx">${Math.min(FIRST.tx, tx.length)} of ${tx.length} shown</span></h2>${legend()}`;
  if (cap) {
    yield `<p class="muted" id="packets-cap">Packet details (fields and bytes behind each frame link) are in this page for the first ${cap.kept} DHCP and ARP frames, up to frame ${cap.last}; a later frame's link says how to open it in Wireshark or dorascope.</p>`;
  }
  yield '<div id="list-tx">';
  for (const t of tx.slice(0, FIRST.tx)) yield drawTx(txDataOf(ctx, t));
  yield `</div><button type="button" class="more" id="more-tx"${tx.length > FIRST.tx ? '' : ' hidden'}>Show more exchanges</button></section>`;
  yield warningsSection(report);
  yield '</main>';
  yield '<dialog id="packet"><button type="button" id="packet-close">close</button><div id="packet-body"></div></dialog>';

  // The data blocks, in the order of PageData's fields (page-data.ts); packets apart, read when a frame is opened.
  const table = new ColumnTable();
  yield `<script type="application/json" id="page-data">{"span":${scriptJson(span)},"tx":[`;
  for (let i = 0; i < tx.length; i += 1) yield (i > 0 ? ',' : '') + scriptJson(packTx(txDataOf(ctx, tx[i]!), table));
  yield `],"cols":${scriptJson(table.list)},"addresses":${scriptJson(addresses)},"findings":${scriptJson(findings)},"packetsCap":${scriptJson(cap)}}</script>`;
  yield '<script type="application/json" id="page-packets">{';
  let first = true;
  for (const p of ctx.packets.values()) {
    yield `${first ? '' : ','}"${p.frame}":${scriptJson(packetData(p))}`;
    first = false;
  }
  yield '}</script>';
  // The filter's field values (query-data.ts), read on the first filter; a column per field.
  const query = queryData(report, groups.flatMap((g) => g.leases));
  yield `<script type="application/json" id="page-query">{"s":${scriptJson(query.s)}`;
  for (const name of ['tx', 'leases', 'findings'] as const) {
    yield `,"${name}":{"n":${query[name].n},"f":{`;
    yield Object.entries(query[name].f).map(([field, column]) => `"${field}":${scriptJson(column)}`).join(',');
    yield '}}';
  }
  yield '}</script>';
  yield `<script>${script}</script></body></html>\n`;
}

export function renderHtml(report: Report, options: HtmlOptions = {}): string {
  return [...renderHtmlChunks(report, options)].join('');
}
