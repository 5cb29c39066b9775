/** The page's one stylesheet: system fonts, light and dark schemes from the system, a clean printout. */
export const STYLES = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1d2330; --muted: #5f6b7a; --line: #d5dae1; --panel: #f5f7fa;
  --client: #1f6feb; --server: #1a7f37; --relay: #8250df; --other: #bc4c00; --lan: #6e7781;
  --bad: #cf222e; --warn: #9a6700; --info: #0969da; --ok: #1a7f37; --bar-l: 62%; --bar-s: 55%; --flash: #fff8c5; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --fg: #e6edf3; --muted: #8d96a0; --line: #30363d; --panel: #161b22;
    --client: #58a6ff; --server: #3fb950; --relay: #bc8cff; --other: #f0883e; --lan: #8d96a0;
    --bad: #ff7b72; --warn: #d29922; --info: #79c0ff; --ok: #3fb950; --bar-l: 40%; --bar-s: 50%; --flash: #3b2e00; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { padding: 0 1.5rem 3rem; max-width: 1600px; }
h1 { font-size: 1.4rem; margin: 1rem 0 0.2rem; } h2 { font-size: 1.15rem; margin: 1.6rem 0 0.5rem; border-bottom: 1px solid var(--line); padding-bottom: 0.2rem; }
h3 { font-size: 0.98rem; margin: 0.2rem 0; font-weight: 600; }
code, .xid, .hex, .mono, td.mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; }
a { color: var(--info); }
.muted, .count { color: var(--muted); }
table { border-collapse: collapse; margin: 0.3rem 0; }
th, td { text-align: left; padding: 0.15rem 0.7rem 0.15rem 0; vertical-align: top; }
th { color: var(--muted); font-weight: 600; border-bottom: 1px solid var(--line); }
.bar-top { position: sticky; top: 0; z-index: 5; background: var(--bg); border-bottom: 1px solid var(--line); padding: 0.5rem 1.5rem; display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
.bar-top nav a { margin-right: 0.8rem; }
#search-note { color: var(--muted); } #search-note.error { color: var(--bad); }
#search-note mark { background: var(--bad); color: var(--bg); } #search[aria-invalid="true"] { border-color: var(--bad); }
.filter-help { position: relative; } .filter-help summary { cursor: pointer; color: var(--info); }
.filter-help > div { position: fixed; z-index: 6; top: 3.2rem; left: 1.5rem; width: min(48rem, calc(100vw - 3rem)); max-height: 70vh; overflow: auto; background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 0.5rem 0.8rem; box-shadow: 0 4px 16px rgb(0 0 0 / 20%); }
#search { font: inherit; padding: 0.3rem 0.5rem; width: min(32rem, 90vw); background: var(--panel); color: var(--fg); border: 1px solid var(--line); border-radius: 4px; }
.cards { display: flex; flex-wrap: wrap; gap: 0.6rem; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 0.5rem 0.8rem; min-width: 9rem; }
.card b { display: block; font-size: 1.3rem; }
.sev-error .sev, .sevcount.error, .out-NAK .outcome, .out-DECLINED .outcome { color: var(--bad); }
.sev-warning .sev, .sevcount.warning, .out-NO_OFFER .outcome, .out-NO_ACK .outcome, .out-NO_REQUEST .outcome { color: var(--warn); }
.sev-info .sev, .sevcount.info { color: var(--info); }
.out-ACK .outcome { color: var(--ok); }
.sev { font-weight: 700; text-transform: uppercase; font-size: 0.8em; display: inline-block; min-width: 5.2em; }
ul.findings { list-style: none; padding: 0; margin: 0; }
li.finding { padding: 0.35rem 0.5rem; border-left: 3px solid var(--line); margin: 0.25rem 0; background: var(--panel); }
li.sev-error { border-left-color: var(--bad); } li.sev-warning { border-left-color: var(--warn); } li.sev-info { border-left-color: var(--info); }
.ev { color: var(--muted); font-size: 0.9em; }
.steps { margin: 0.2rem 0 0.4rem; } .steps summary { cursor: pointer; color: var(--info); } .steps ol { margin: 0.3rem 0; padding-left: 1.6rem; }
.steps li { margin: 0.35rem 0; } .steps li p { margin: 0.1rem 0; }
.why { border-left: 2px solid var(--info); padding: 0 0.6rem; margin: 0.3rem 0; } .why p { margin: 0.15rem 0; }
article.tx, li.finding, .addr { scroll-margin-top: 4rem; }
article.tx { border: 1px solid var(--line); border-radius: 6px; padding: 0.5rem 0.7rem; margin: 0.7rem 0; }
article.tx .kind { font-weight: 700; } article.tx .who, article.tx .what { color: var(--muted); font-weight: 400; }
article.tx .anchor { text-decoration: none; }
ul.info { margin: 0.1rem 0 0.3rem; padding-left: 1.2rem; color: var(--muted); font-size: 0.92em; }
.scroll { overflow-x: auto; }
svg.ladder { display: block; font: 12px system-ui, sans-serif; }
svg.ladder text { fill: var(--fg); }
svg.ladder .h0 { font-weight: 700; } svg.ladder .h2, svg.ladder .h3, svg.ladder .hd, svg.ladder .rel, svg.ladder .note { fill: var(--muted); }
svg.ladder .h2, svg.ladder .h3, svg.ladder .fr text, svg.ladder .rel { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 11px; }
.col-client .h0 { fill: var(--client); } .col-server .h0 { fill: var(--server); } .col-relay .h0 { fill: var(--relay); } .col-other .h0 { fill: var(--other); } .col-lan .h0 { fill: var(--lan); }
svg.ladder .life { stroke: var(--line); stroke-width: 2; }
svg.ladder .fr text { fill: var(--info); text-decoration: underline; }
svg.ladder .row { --c: var(--client); }
svg.ladder .row.from-server { --c: var(--server); } svg.ladder .row.from-relay { --c: var(--relay); } svg.ladder .row.from-other { --c: var(--other); }
svg.ladder .ar { stroke: var(--c); stroke-width: 2; }
svg.ladder .bc .ar { stroke-dasharray: 7 4; }
svg.ladder .hd-fill { fill: var(--c); } svg.ladder .hd-open { fill: none; stroke: var(--c); stroke-width: 2; }
svg.ladder .cross { fill: var(--bg); stroke: var(--c); stroke-width: 1.5; }
svg.ladder .lbl { font-weight: 600; paint-order: stroke; stroke: var(--bg); stroke-width: 4px; stroke-linejoin: round; }
svg.ladder .bad .ar, svg.ladder .cf .ar { stroke: var(--bad); } svg.ladder .bad .hd-fill, svg.ladder .cf .hd-fill { fill: var(--bad); }
svg.ladder .bad .hd-open, svg.ladder .cf .hd-open { stroke: var(--bad); }
svg.ladder .x { fill: var(--bad); font-weight: 700; font-size: 14px; }
svg.ladder .rt { opacity: 0.55; }
svg.ladder .act { fill: var(--panel); stroke: var(--c); }
svg.ladder .bad .note, svg.ladder .cf .note { fill: var(--bad); }
.legend { display: flex; gap: 1.2rem; flex-wrap: wrap; align-items: center; color: var(--muted); font-size: 0.9em; }
.timeline .axis { display: flex; justify-content: space-between; color: var(--muted); font-size: 0.85em; margin-left: 9.5rem; }
.addr { display: flex; align-items: center; height: 22px; }
.addr .ip { width: 9.5rem; flex: none; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.88em; }
.addr.has-seg { height: 34px; }
.addr .ip .seg { display: block; line-height: 1.1; color: var(--muted); font-size: 0.85em; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.track { position: relative; flex: 1; height: 18px; background: var(--panel); border-radius: 3px; }
.bar { position: absolute; top: 2px; height: 14px; border-radius: 3px; background: hsl(var(--h) var(--bar-s) var(--bar-l)); color: #fff; overflow: hidden; white-space: nowrap; font-size: 10px; line-height: 14px; padding: 0 3px; text-decoration: none; min-width: 3px; }
.bar.beyond { border-top-right-radius: 0; border-bottom-right-radius: 0; }
.bar.st-declined, .bar.st-released, .bar.st-expired { opacity: 0.6; }
.bar.st-declined { background-image: repeating-linear-gradient(135deg, transparent 0 4px, rgba(0,0,0,0.35) 4px 6px); }
.mark { position: absolute; top: -1px; transform: translateX(-50%); font-size: 13px; line-height: 18px; text-decoration: none; color: var(--fg); }
.m-conflict, .m-declined { color: var(--bad); font-weight: 700; }
button { font: inherit; background: var(--panel); color: var(--fg); border: 1px solid var(--line); border-radius: 4px; padding: 0.2rem 0.8rem; cursor: pointer; }
dialog { max-width: min(60rem, 95vw); max-height: 90vh; background: var(--bg); color: var(--fg); border: 1px solid var(--line); border-radius: 8px; }
dialog::backdrop { background: rgba(0,0,0,0.4); }
table.fields td { padding: 0.05rem 1rem 0.05rem 0.3rem; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.86em; }
table.fields tr.hd td { font-weight: 700; background: var(--panel); } table.fields tr.problem td { color: var(--bad); }
pre.hex { background: var(--panel); padding: 0.5rem; overflow-x: auto; }
#opened { border: 2px solid var(--info); border-radius: 6px; padding: 0 0.7rem; margin: 0.5rem 0; }
.flash { background: var(--flash) !important; transition: background 1.5s; }
.noscript-note { color: var(--muted); }
html.js .noscript-note { display: none; }
@media print {
  :root { --bg: #fff; --fg: #000; --muted: #444; --line: #bbb; --panel: #f3f3f3; --bar-l: 62%; }
  .bar-top, button, dialog, .more, #opened { display: none !important; }
  body { font-size: 11px; } main { padding: 0; max-width: none; }
  article.tx, li.finding, .addr { break-inside: avoid; }
  .scroll { overflow: visible; }
  svg.ladder { max-width: 100%; height: auto; }
  a { color: inherit; text-decoration: none; }
  .bar { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
`;
