/**
 * The page's pieces as HTML/SVG strings, drawn from the page data. These functions run twice: in Node, for
 * what the file shows before any script runs (summary, findings, the first ladders and lease rows), and in
 * the browser, for everything drawn on demand (their source is inlined into the page: script.ts). So each one
 * is self-contained: it uses only its arguments, the other functions here, and the language's own globals.
 * Every string from the capture goes through esc() before it joins the markup.
 */
import type { AddressData, ColumnData, FindingData, PackedTx, PacketData, PacketsCap, RowData, TxData } from './page-data.js';

/** Text for HTML or SVG content and attribute values (quoted with "). */
export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

/** Cut to n characters with an ellipsis (before escaping, so no entity is cut in half). */
export function clipText(text: string, n: number): string {
  return text.length <= n ? text : `${text.slice(0, Math.max(0, n - 1))}…`;
}

export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const abs = Math.abs(ms);
  if (abs < 1) return `${ms.toFixed(2)} ms`;
  if (abs < 1000) return `${Math.round(ms)} ms`;
  if (abs < 60_000) return `${(ms / 1000).toFixed(abs < 10_000 ? 2 : 1)} s`;
  const m = Math.floor(abs / 60_000);
  if (m < 60) return `${m}m${String(Math.floor((abs % 60_000) / 1000)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

export function fmtRel(seconds: number | null): string {
  if (seconds === null) return '';
  if (seconds === 0) return '+0';
  return `+${fmtMs(seconds * 1000)}`;
}

/** A hue per MAC, the same in Node and in the browser. */
export function macHue(mac: string): number {
  let h = 2166136261;
  for (let i = 0; i < mac.length; i += 1) h = Math.imul(h ^ mac.charCodeAt(i), 16777619);
  return (h >>> 0) % 360;
}

/** An exchange as the drawing functions take it, from its packed form in the page's data (page-data.ts). */
export function unpackTx(p: PackedTx, table: readonly ColumnData[]): TxData {
  const kinds = ['step', 'arp', 'check'] as const;
  const cols = p.cols.map((i) => {
    const c = table[i] ?? { k: 'lan', t: '?' };
    return c.n !== undefined ? c : { ...c, n: (c.k === 'client' || c.k === 'other' ? c.mac : c.ip) ?? '' };
  });
  const rows = p.rows.map(([k, f, r, l, a, b, x, ms, n, e, w]): RowData => ({
    k: kinds[k],
    f,
    r,
    l,
    a,
    b,
    x,
    ...(ms !== null ? { ms } : {}),
    ...(n ? { n } : {}),
    ...(e ? { e } : {}),
    ...(w ? { w } : {}),
  }));
  return { ...p, cols, rows };
}

/** One exchange as an SVG ladder: a lifeline per column, an arrow per row; links to each frame's packet. */
export function drawLadder(t: TxData): string {
  const LEFT = 112;
  const COL = 176;
  const HEAD = 76;
  const ROW = 34;
  const NOTES = 420;
  const width = LEFT + COL * t.cols.length + NOTES;
  const height = HEAD + ROW * t.rows.length + 12;
  const xOf = (i: number): number => LEFT + COL * i + COL / 2;
  const out: string[] = [];
  out.push(`<svg class="ladder" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(`ladder of exchange ${t.id}`)}">`);
  t.cols.forEach((c, i) => {
    const x = xOf(i);
    const name = c.ip ?? c.n ?? '';
    const lines = [c.t, name, c.mac && c.mac !== name ? c.mac : '', c.tag ?? ''];
    out.push(`<g class="col col-${esc(c.k)}"><title>${esc(lines.filter(Boolean).join('\n'))}</title>`);
    lines.forEach((line, j) => {
      if (line) out.push(`<text x="${x}" y="${14 + j * 15}" class="h${j}" text-anchor="middle">${esc(clipText(line, j === 0 ? 24 : 26))}</text>`);
    });
    out.push(`<line class="life" x1="${x}" y1="${HEAD - 8}" x2="${x}" y2="${height - 4}"/></g>`);
  });
  out.push(`<text x="4" y="${HEAD - 12}" class="hd">frame</text><text x="${LEFT - 8}" y="${HEAD - 12}" class="hd" text-anchor="end">time</text>`);
  out.push(`<text x="${LEFT + COL * t.cols.length + 8}" y="${HEAD - 12}" class="hd">latency · note</text>`);
  t.rows.forEach((r: RowData, i) => {
    const y = HEAD + ROW * i + ROW / 2 + 4;
    const bcast = (r.x & 1) !== 0;
    const bad = (r.x & 2) !== 0;
    const retx = (r.x & 4) !== 0;
    const conflict = (r.x & 8) !== 0;
    const cls = `row ${r.k} from-${t.cols[r.a]?.k ?? 'client'} ${bcast ? 'bc' : 'uc'}${bad ? ' bad' : ''}${retx ? ' rt' : ''}${conflict ? ' cf' : ''}`;
    const tip = `#${r.f} ${r.l}${bcast ? ' (broadcast)' : ' (unicast)'}${bad ? ` — not as RFC 2131 expects: ${r.e ?? ''}` : ''}${r.n ? ` — ${r.n}` : ''}${r.w ? `\n\n${r.w.join('\n')}` : ''}`;
    out.push(`<g class="${cls}" data-frame="${r.f}"><title>${esc(tip)}</title>`);
    out.push(`<a href="#frame-${r.f}" class="fr"><text x="4" y="${y + 4}">#${r.f}</text></a>`);
    out.push(`<text x="${LEFT - 8}" y="${y + 4}" class="rel" text-anchor="end">${esc(fmtRel(r.r))}</text>`);
    const x1 = xOf(r.a);
    const x2 = xOf(r.b);
    if (r.a === r.b) {
      // A host's own action (a server checking an address before offering it): a box on its lifeline.
      out.push(`<rect class="act" x="${x1 - 60}" y="${y - 11}" width="120" height="18" rx="4"/>`);
      out.push(`<text x="${x1}" y="${y + 2}" class="lbl" text-anchor="middle">${esc(clipText(r.l, 20))}</text>`);
    } else {
      const dir = x2 > x1 ? 1 : -1;
      const tip2 = x2 - dir * 2;
      out.push(`<line class="ar" x1="${x1}" y1="${y}" x2="${tip2 - dir * 8}" y2="${y}"/>`);
      if (bcast) {
        // Broadcast: an open double chevron, and a dot on every lifeline it passes (everyone hears it).
        out.push(`<polyline class="hd-open" points="${tip2 - dir * 10},${y - 6} ${tip2},${y} ${tip2 - dir * 10},${y + 6}"/>`);
        out.push(`<polyline class="hd-open" points="${tip2 - dir * 16},${y - 6} ${tip2 - dir * 6},${y} ${tip2 - dir * 16},${y + 6}"/>`);
        for (let c = Math.min(r.a, r.b) + 1; c < Math.max(r.a, r.b); c += 1) out.push(`<circle class="cross" cx="${xOf(c)}" cy="${y}" r="3"/>`);
      } else {
        out.push(`<polygon class="hd-fill" points="${tip2 - dir * 10},${y - 5} ${tip2},${y} ${tip2 - dir * 10},${y + 5}"/>`);
      }
      const firstHop = Math.min(Math.abs(x2 - x1), COL);
      const lx = x1 + (dir * firstHop) / 2;
      out.push(`<text x="${lx}" y="${y - 6}" class="lbl" text-anchor="middle">${esc(clipText(r.l, 22))}${retx ? ' ↻' : ''}</text>`);
      if (bad || conflict) out.push(`<text x="${lx}" y="${y + 15}" class="x" text-anchor="middle">✗</text>`);
    }
    const notes = [r.ms !== undefined ? fmtMs(r.ms) : '', bad ? `✗ expected ${r.e ?? '?'}` : '', r.n ?? ''].filter(Boolean).join('  ·  ');
    if (notes) out.push(`<text x="${LEFT + COL * t.cols.length + 8}" y="${y + 4}" class="note">${esc(clipText(notes, 64))}</text>`);
    out.push('</g>');
  });
  out.push('</svg>');
  return out.join('');
}

/** Each message's explanation (render/explain's explainStep), under the ladder, folded: a line per arrow. */
export function drawSteps(t: TxData): string {
  const items = t.rows
    .filter((r) => r.w && r.w.length > 0)
    .map((r) => `<li data-frame="${r.f}"><a href="#frame-${r.f}">#${r.f}</a> <b>${esc(r.w![0])}</b>${r.w!.slice(1).map((s) => `<p>${esc(s)}</p>`).join('')}</li>`);
  return items.length > 0 ? `<details class="steps"><summary>Each message explained (${items.length})</summary><ol>${items.join('')}</ol></details>` : '';
}

/** An exchange: title line, details, its explanation when there is one, and the ladder. */
export function drawTx(t: TxData): string {
  const who = t.host ? `${t.mac} (${t.host})` : t.mac;
  const what = [t.ip ? `${t.ip}` : '', t.srv ? `from ${t.srv}` : '', fmtMs(t.ms)].filter(Boolean).join(' · ');
  const info = t.info.map((line) => `<li>${esc(line)}</li>`).join('');
  const why = t.why ? `<div class="why">${t.why.map((s) => `<p>${esc(s)}</p>`).join('')}</div>` : '';
  return (
    `<article class="tx out-${esc(t.out)}" id="tx-${esc(t.id)}" data-id="${esc(t.id)}">` +
    `<h3><a href="#tx-${esc(t.id)}" class="anchor">${esc(t.id)}</a> <span class="kind">${esc(t.kind)}</span> ` +
    `<span class="outcome">${esc(t.out)}</span> <span class="who">${esc(who)}</span> <span class="xid">xid ${esc(t.xid)}</span> ` +
    `<span class="what">${esc(what)}</span></h3>` +
    (info ? `<ul class="info">${info}</ul>` : '') +
    why +
    `<div class="scroll">${drawLadder(t)}</div>${drawSteps(t)}</article>`
  );
}

export function drawFinding(f: FindingData): string {
  const frames = f.frames.map((n) => `<a href="#frame-${n}">#${n}</a>`).join(' ');
  const tx = f.tx.map((id) => `<a href="#tx-${esc(id)}">${esc(id)}</a>`).join(' ');
  const why = f.why ? `<div class="why">${f.why.map((s) => `<p>${esc(s)}</p>`).join('')}</div>` : '';
  return (
    `<li class="finding sev-${esc(f.sev)}" id="finding-${esc(f.id)}" data-id="${esc(f.id)}">` +
    `<span class="sev">${esc(f.sev)}</span> <code>${esc(f.code)}</code> <span class="msg">${esc(f.msg)}</span>` +
    `<div class="ev">${frames ? `frames ${frames}` : ''}${tx ? ` · exchange ${tx}` : ''} · ${esc(f.time)}</div>${why}</li>`
  );
}

/** One address on the lease timeline: a bar per lease (a colour per MAC), marks where things went wrong. */
export function drawAddress(a: AddressData, span: { readonly start: number; readonly end: number }): string {
  const total = span.end - span.start;
  const pct = (epoch: number): number => Math.max(0, Math.min(100, ((epoch - span.start) / total) * 100));
  const parts: string[] = [];
  for (const l of a.leases) {
    const left = pct(l.s);
    const right = l.e === null ? 100 : pct(l.e);
    const beyond = l.e === null || l.e > span.end;
    const who = l.host ? `${l.mac} (${l.host})` : l.mac;
    const tip = `${a.ip}${a.seg !== undefined ? ` on ${a.seg}` : ''} → ${who} from ${l.srv}, ${l.st}${l.tx.length ? `, exchange ${l.tx.join(' ')}` : ''}`;
    const target = l.tx[l.tx.length - 1];
    const mark = l.st === 'declined' ? '✗' : l.st === 'released' ? '⏏' : l.st === 'expired' ? '○' : '';
    parts.push(
      `<a class="bar st-${esc(l.st)}${beyond ? ' beyond' : ''}" data-mac="${esc(l.mac)}"${target ? ` href="#tx-${esc(target)}"` : ''} ` +
        `style="left:${left.toFixed(3)}%;width:${Math.max(0.4, right - left).toFixed(3)}%;--h:${macHue(l.mac)}" title="${esc(tip)}">` +
        `<span>${esc(clipText(l.host ?? l.mac, 40))}</span></a>`,
    );
    if (mark) parts.push(`<span class="mark m-${esc(l.st)}" style="left:${(l.st === 'declined' ? left : right).toFixed(3)}%" title="${esc(`${l.st}: ${a.ip} ${who}`)}">${mark}</span>`);
  }
  for (const [epoch, id, code] of a.marks ?? []) {
    parts.push(`<a class="mark m-conflict" href="#finding-${esc(id)}" style="left:${pct(epoch).toFixed(3)}%" title="${esc(`${code} (${id})`)}">⚠</a>`);
  }
  const seg = a.seg !== undefined ? ` <small class="seg">${esc(a.seg)}</small>` : '';
  return `<div class="addr${seg ? ' has-seg' : ''}" data-ip="${esc(a.ip)}"><span class="ip">${esc(a.ip)}${seg}</span><div class="track">${parts.join('')}</div></div>`;
}

/** A packet's fields (like Wireshark's details pane) and its bytes. */
export function drawPacket(frame: number, p: PacketData | undefined, cap: PacketsCap | null): string {
  if (!p) {
    const why = cap
      ? `this page holds the fields and bytes of the first ${cap.kept} DHCP and ARP frames only (up to frame ${cap.last}), and the capture has more`
      : 'the report holds no record of it';
    const cli = cap ? ` With dorascope: <code>dorascope ${esc(cap.capture)} --json --packets --hex --filter frame=${frame}</code>, or its terminal UI (Packets view, <code>/ frame=${frame}</code>).` : '';
    return `<h2>Frame ${frame}</h2><p class="muted">No packet details: ${esc(why)}. In Wireshark: <code>frame.number == ${frame}</code>.${cli}</p>`;
  }
  const rows = p.fl
    .map(([depth, label, value, flag]) => `<tr class="${flag === 1 ? 'hd' : flag === 2 ? 'problem' : ''}"><td style="padding-left:${0.3 + depth * 1.2}em">${esc(label)}</td><td>${esc(value)}</td></tr>`)
    .join('');
  const hex = p.h ? p.h.replace(/[^0-9a-fA-F]/g, '') : '';
  const lines: string[] = [];
  for (let off = 0; off < hex.length / 2; off += 16) {
    const bytes: number[] = [];
    for (let i = off; i < Math.min(off + 16, hex.length / 2); i += 1) bytes.push(Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16));
    const hexPart = bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = bytes.map((b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${off.toString(16).padStart(4, '0')}  ${hexPart.padEnd(47)}  ${ascii}`);
  }
  return (
    `<h2>Frame ${frame}</h2><p>${esc(p.s)}</p><table class="fields">${rows}</table>` +
    (lines.length ? `<pre class="hex">${esc(lines.join('\n'))}</pre>` : '<p class="muted">No bytes in the report for this frame.</p>')
  );
}
