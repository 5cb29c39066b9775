/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The page's script: search, drawing on demand, frame and exchange links. Its source is inlined into the page
 * (script.ts), so it uses nothing from outside but its argument (the drawing functions of draw.ts, inlined
 * beside it) and the browser. Plain DOM, no framework.
 */
import type { drawAddress, drawFinding, drawPacket, drawTx } from './draw.js';
import type { AddressData, FindingData, PageData, TxData } from './page-data.js';

export interface Drawing {
  readonly drawTx: typeof drawTx;
  readonly drawFinding: typeof drawFinding;
  readonly drawAddress: typeof drawAddress;
  readonly drawPacket: typeof drawPacket;
}

/** A list drawn in batches: the matches of the current search, of which the first `shown` are in the page. */
interface ListState<T> {
  readonly name: 'tx' | 'addresses' | 'findings';
  readonly items: readonly T[];
  readonly batch: number;
  readonly draw: (item: T) => string;
  readonly text: (item: T) => string;
  matches: number[];
  shown: number;
}

export function pageMain(draw: Drawing): void {
  const dataNode = document.getElementById('page-data');
  if (!dataNode?.textContent) return;
  const data = JSON.parse(dataNode.textContent) as PageData;
  const byId = new Map(data.tx.map((t, i) => [t.id, i]));
  const frameTx = new Map<number, string>();
  for (const t of data.tx) for (const r of t.rows) if (!frameTx.has(r.f)) frameTx.set(r.f, t.id);
  const findingIndex = new Map(data.findings.map((f, i) => [f.id, i]));

  const txText = (t: TxData): string =>
    [t.id, t.xid, t.mac, t.host ?? '', t.kind, t.out, t.srv ?? '', t.ip ?? '', ...t.info, ...t.cols.map((c) => `${c.n} ${c.ip ?? ''} ${c.mac ?? ''} ${c.tag ?? ''}`), ...t.rows.map((r) => `${r.l} #${r.f} ${r.n ?? ''}`)].join(' ');
  const addressText = (a: AddressData): string => [a.ip, ...a.leases.map((l) => `${l.mac} ${l.host ?? ''} ${l.srv} ${l.st} ${l.tx.join(' ')}`), ...a.marks.map((m) => m[2])].join(' ');
  const findingText = (f: FindingData): string => [f.id, f.code, f.sev, f.msg, ...f.ips, ...f.macs, ...f.tx, ...f.frames.map((n) => `#${n}`)].join(' ');

  const lists = {
    tx: makeList('tx', data.tx, 50, (t) => draw.drawTx(t), txText),
    addresses: makeList('addresses', data.addresses, 300, (a) => draw.drawAddress(a, data.span), addressText),
    findings: makeList('findings', data.findings, 500, (f) => draw.drawFinding(f), findingText),
  };

  function makeList<T>(name: ListState<T>['name'], items: readonly T[], batch: number, drawItem: (item: T) => string, text: (item: T) => string): ListState<T> {
    const container = document.getElementById(`list-${name}`);
    const shown = container ? container.children.length : 0;
    return { name, items, batch, draw: drawItem, text, matches: items.map((_, i) => i), shown };
  }

  function drawMore<T>(list: ListState<T>, reset: boolean): void {
    const container = document.getElementById(`list-${list.name}`);
    if (!container) return;
    if (reset) {
      container.innerHTML = '';
      list.shown = 0;
    }
    const next = list.matches.slice(list.shown, list.shown + list.batch);
    container.insertAdjacentHTML('beforeend', next.map((i) => list.draw(list.items[i]!)).join(''));
    list.shown += next.length;
    const more = document.getElementById(`more-${list.name}`);
    const count = document.getElementById(`count-${list.name}`);
    if (more) more.hidden = list.shown >= list.matches.length;
    if (count) count.textContent = `${list.shown} of ${list.matches.length}${list.matches.length !== list.items.length ? ` matching (${list.items.length} in all)` : ''} shown`;
  }

  for (const list of Object.values(lists) as ListState<unknown>[]) {
    document.getElementById(`more-${list.name}`)?.addEventListener('click', () => drawMore(list, false));
    const sentinel = document.getElementById(`more-${list.name}`);
    // Scrolling near the end of a list draws its next batch.
    if (sentinel && 'IntersectionObserver' in window) {
      new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting) && !sentinel.hidden) drawMore(list, false);
      }, { rootMargin: '600px' }).observe(sentinel);
    }
  }

  // ------------------------------------------------------------------------------------------- search
  const search = document.getElementById('search') as HTMLInputElement | null;
  const searchNote = document.getElementById('search-note');
  const texts = new Map<string, string[]>();
  const textsOf = <T,>(list: ListState<T>): string[] => {
    let t = texts.get(list.name);
    if (!t) texts.set(list.name, (t = list.items.map((item) => list.text(item).toLowerCase())));
    return t;
  };
  /** Plain words, all of which must appear (the filter language of src/query takes this place once it is in the page). */
  function applySearch(query: string): void {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    for (const list of Object.values(lists) as ListState<unknown>[]) {
      const all = textsOf(list);
      list.matches = words.length === 0 ? list.items.map((_, i) => i) : all.flatMap((text, i) => (words.every((w) => text.includes(w)) ? [i] : []));
      drawMore(list, true);
    }
    if (searchNote) searchNote.textContent = words.length === 0 ? '' : `${lists.tx.matches.length} exchanges, ${lists.addresses.matches.length} addresses, ${lists.findings.matches.length} findings match`;
  }
  let timer: number | undefined;
  search?.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => applySearch(search.value), 120);
  });

  // -------------------------------------------------------------------------------- links and panels
  const dialog = document.getElementById('packet') as HTMLDialogElement | null;
  const dialogBody = document.getElementById('packet-body');
  const opened = document.getElementById('opened');

  function highlight(el: Element): void {
    el.scrollIntoView({ block: 'start' });
    el.classList.add('flash');
    window.setTimeout(() => el.classList.remove('flash'), 1600);
  }

  /** An exchange or finding not drawn yet (beyond the first batch, or hidden by the search) opens above the list. */
  function openItem(kind: 'tx' | 'finding', id: string): void {
    const existing = document.getElementById(`${kind}-${id}`);
    if (existing) return highlight(existing);
    const html = kind === 'tx' ? (byId.has(id) ? draw.drawTx(data.tx[byId.get(id)!]!) : '') : findingIndex.has(id) ? `<ul class="findings">${draw.drawFinding(data.findings[findingIndex.get(id)!]!)}</ul>` : '';
    if (!html || !opened) return;
    opened.innerHTML = `<h2>Opened <button type="button" id="close-opened">close</button></h2>${html}`;
    opened.hidden = false;
    document.getElementById('close-opened')?.addEventListener('click', () => {
      opened.hidden = true;
      opened.innerHTML = '';
    });
    const el = document.getElementById(`${kind}-${id}`);
    if (el) highlight(el);
  }

  function openFrame(frame: number): void {
    if (!dialog || !dialogBody) return;
    const tx = frameTx.get(frame);
    const link = tx ? `<p><a href="#tx-${encodeURIComponent(tx)}" class="to-tx">exchange ${tx.replace(/[^\w.-]/g, '')}</a></p>` : '';
    dialogBody.innerHTML = draw.drawPacket(frame, data.packets[String(frame)], data.packetsCapped) + link;
    if (!dialog.open) dialog.showModal();
  }

  function route(): void {
    const hash = decodeURIComponent(location.hash.slice(1));
    const frame = /^frame-(\d+)$/.exec(hash);
    if (frame) return openFrame(Number(frame[1]));
    if (dialog?.open) dialog.close();
    if (hash.startsWith('tx-')) return openItem('tx', hash.slice(3));
    if (hash.startsWith('finding-')) return openItem('finding', hash.slice(8));
  }
  window.addEventListener('hashchange', route);
  document.getElementById('packet-close')?.addEventListener('click', () => {
    dialog?.close();
    history.replaceState(null, '', location.pathname + location.search);
  });
  if (location.hash) route();
  document.documentElement.classList.add('js');
}
