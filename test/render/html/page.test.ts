import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { drawAddress, drawLadder, esc, unpackTx } from '../../../src/render/html/draw.js';
import { EXPLAIN_EXCHANGES_UP_TO, explainerFor, FIRST, renderHtml, scriptJson } from '../../../src/render/html/index.js';
import { explainFinding, explainServer, explainTransaction } from '../../../src/render/explain/index.js';
import { ColumnTable, packTx, pageContext, pageData, txDataOf } from '../../../src/render/html/page-data.js';
import { pageScript } from '../../../src/render/html/script.js';
import { FIELDS } from '../../../src/query/fields.js';
import { buildSampleReport } from '../../helpers/sample-report.js';

const report = buildSampleReport();
const html = renderHtml(report);
/** The markup before the data block and the script (whose source holds the same templates). */
const body = html.slice(0, html.indexOf('<script type="application/json"'));

describe('HTML page', () => {
  it('escapes the five characters that matter in HTML text and attributes', () => {
    expect(esc(`<a href="x" onclick='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });

  it('writes JSON that cannot end its script element, and reads back the same', () => {
    const value = { host: '</script><script>alert(1)</script><!--', line: 'a\u2028b' };
    const text = scriptJson(value);
    expect(text).not.toMatch(/<\/script|<!--|</i);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('loads nothing from outside: no external script, style, font or image, and a policy that forbids them', () => {
    expect(html).not.toMatch(/<link\b|<img\b|<iframe\b|@import|url\(\s*['"]?https?:/i);
    expect(html).not.toMatch(/\s(src|href)\s*=\s*["']?(https?:)?\/\//i);
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(csp).toContain("default-src 'none'");
    // The one script allowed is ours, by its hash.
    const hash = createHash('sha256').update(pageScript()).digest('base64');
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
    expect(html).toContain(`<script>${pageScript()}</script>`);
  });

  it('draws the summary, findings, lease timeline and every exchange (the sample has fewer than the first batch)', () => {
    for (const id of ['summary', 'findings', 'leases', 'exchanges']) expect(html).toContain(`id="${id}"`);
    expect(report.transactions.length).toBeLessThan(FIRST.tx);
    expect(body.match(/<article class="tx /g)).toHaveLength(report.transactions.length);
    expect(body.match(/<li class="finding /g)).toHaveLength(report.findings.length);
    expect(body.match(/<a class="bar /g)).toHaveLength(report.leases.length);
  });

  it('names the VM platform of the servers in the summary', () => {
    expect(html).toMatch(/192\.168\.136\.254<\/td>.*?VMware virtual network/s);
  });

  it('gives each server its network judgement and evidence when the report has one, escaped', () => {
    const network = { kind: 'virtualbox-nat', hypervisor: 'VirtualBox', mode: 'nat', label: 'VirtualBox NAT', confidence: 'high', evidence: ['server at 10.0.2.2', '<b>x</b>'] } as const;
    const page = renderHtml({ ...report, servers: [{ ...report.servers[0]!, network }] });
    expect(page).toContain('<td class="judgement">looks like VirtualBox NAT (confidence high) — server at 10.0.2.2; &lt;b&gt;x&lt;/b&gt;</td>');
  });

  it('shows render/explain’s sentences for every exchange, finding and server', () => {
    const t = report.transactions[0]!;
    const f = report.findings[0]!;
    const s = report.servers[0]!;
    for (const sentence of [...explainTransaction(report, t).sentences, ...explainFinding(report, f).sentences, ...explainServer(report, s).sentences]) {
      expect(body).toContain(`<p>${esc(sentence)}</p>`);
    }
    expect(body.match(/<div class="why">/g)).toHaveLength(report.transactions.length + report.findings.length + report.servers.length);
  });

  it('explains the exchanges of a big report only when asked (their sentences would weigh more than the ladders)', () => {
    const big = { ...report, transactions: Array.from({ length: EXPLAIN_EXCHANGES_UP_TO + 1 }, () => report.transactions[0]!) };
    expect(explainerFor(big).transaction).toBeUndefined();
    expect(explainerFor(big, true).transaction).toBeDefined();
    expect(explainerFor(report).transaction).toBeDefined();
  });

  it('carries every exchange, lease and finding in its data block, and every packet in a second one', () => {
    const block = (id: string) => JSON.parse(new RegExp(`<script type="application/json" id="${id}">(.*?)</script>`, 's').exec(html)?.[1] ?? '') as unknown;
    const { packets, ...data } = JSON.parse(JSON.stringify(pageData(report, explainerFor(report)))) as ReturnType<typeof pageData>;
    expect(block('page-data')).toEqual(data);
    expect(block('page-packets')).toEqual(packets);
    expect(data.tx.map((t) => t.id)).toEqual(report.transactions.map((t) => t.id));
    expect(Object.keys(packets)).toHaveLength(report.packets?.length ?? 0);
  });

  it('packs exchanges for the page (shared columns, rows as tuples) and unpacks them to what it drew', () => {
    const ctx = pageContext(report);
    const table = new ColumnTable();
    const full = report.transactions.map((t) => txDataOf(ctx, t));
    const packed = full.map((t) => packTx(t, table));
    expect(table.list.length).toBeLessThan(full.reduce((n, t) => n + t.cols.length, 0));
    expect(packed.map((p) => unpackTx(JSON.parse(JSON.stringify(p)) as typeof p, table.list))).toEqual(JSON.parse(JSON.stringify(full)));
  });

  it('draws broadcast and unicast arrows differently and marks a delivery RFC 2131 does not expect', () => {
    const data = pageData(report);
    const packed = data.tx.find((x) => x.id === 't-1');
    if (!packed) throw new Error('t-1');
    const t = unpackTx(packed, data.cols);
    const svg = drawLadder(t);
    // DISCOVER broadcast, the first OFFER broadcast, the second unicast although the flag asked for broadcast.
    expect(svg.match(/<g class="row step [^"]*\bbc\b/g)?.length).toBe(4);
    expect(svg.match(/<g class="row step [^"]*\buc bad\b/g)?.length).toBe(1);
    expect(svg.match(/class="hd-open"/g)?.length).toBeGreaterThan(0);
    expect(svg).toContain('✗ expected broadcast (broadcast flag set)');
    expect(svg.match(/<a href="#frame-\d+"/g)).toHaveLength(t.rows.length);
  });

  it('draws a server’s address check as a row of its ladder, marked when the checked address answered and was offered', () => {
    const base = report.transactions.find((x) => x.id === 't-1')!;
    const check = { server: '192.168.136.254', ip: '192.168.136.128', methods: ['arp', 'icmp'], frames: [2], answered: true, answerFrames: [3], time: base.firstTime, durationMs: 3.5, offered: 'same' };
    const t = txDataOf(pageContext(report), { ...base, addressChecks: [check] } as typeof base);
    const row = t.rows.find((r) => r.k === 'check');
    expect(row).toMatchObject({ f: 2, a: 1 });
    expect((row?.x ?? 0) & 8).toBe(8);
    expect(drawLadder(t)).toMatch(/<g class="row check [^"]*cf"[^>]*data-frame="2"/);
  });

  it('lays each lease on the capture’s clock, coloured by MAC, linked to its exchange, with its end state marked', () => {
    const a = { ip: '10.0.0.9', marks: [[150, 'F1', 'ARP_CONFLICT']] as const, leases: [
      { mac: 'aa:bb:cc:00:00:01', srv: '10.0.0.1', s: 100, e: 200, st: 'released', tx: ['T4'] },
      { mac: 'aa:bb:cc:00:00:02', srv: '10.0.0.1', s: 150, e: null, st: 'active', tx: ['T9'] },
    ] };
    const row = drawAddress(a, { start: 100, end: 300 });
    expect(row).toContain('href="#tx-T4" style="left:0.000%;width:50.000%');
    expect(row).toContain('class="bar st-active beyond"');
    expect(row).toContain('<span class="mark m-released" style="left:50.000%"');
    expect(row).toContain('href="#finding-F1" style="left:25.000%"');
    const hues = [...row.matchAll(/--h:(\d+)/g)].map((m) => m[1]);
    expect(new Set(hues).size).toBe(2);
  });

  it('gives one address leased in two overlays a timeline row per segment, each labelled', async () => {
    const { analyze } = await import('../../../src/index.js');
    const { addressData } = await import('../../../src/render/html/page-data.js');
    const report = await analyze('fixtures/captures/23-vxlan-tenants.pcap');
    const rows = addressData(report);
    expect(rows.map((a) => [a.ip, a.seg, a.leases.map((l) => l.mac)])).toEqual([
      ['10.9.23.50', 'VXLAN VNI 10', ['02:00:00:00:23:01']],
      ['10.9.23.50', 'VXLAN VNI 20', ['02:00:00:00:23:11']],
    ]);
    const drawn = drawAddress(rows[1]!, { start: rows[0]!.leases[0]!.s, end: rows[0]!.leases[0]!.s + 600 });
    expect(drawn).toContain('<div class="addr has-seg" data-ip="10.9.23.50"><span class="ip">10.9.23.50 <small class="seg">VXLAN VNI 20</small></span>');
    expect(drawn).toContain('title="10.9.23.50 on VXLAN VNI 20 → 02:00:00:00:23:11');
    // The plain LAN keeps one row per address, without a label.
    const plain = addressData(await analyze('fixtures/captures/01-dora-renew-release.pcap'));
    expect(plain.every((a) => a.seg === undefined)).toBe(true);
    expect(new Set(plain.map((a) => a.ip)).size).toBe(plain.length);
  });

  it('lists every field of the filter language in the filter help, from its one field table', () => {
    const help = /<details class="filter-help">(.*?)<\/details>/s.exec(body)?.[1] ?? '';
    const rows = [...help.matchAll(/<tr><td><code>([a-z]+)<\/code><\/td><td>/g)].map((m) => m[1]);
    expect(rows).toEqual(Object.keys(FIELDS));
  });
});
