/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The page's script: search, drawing on demand, frame and exchange links. Its source is inlined into the page
 * (script.ts), so it uses nothing from outside but its argument (the drawing functions of draw.ts, inlined
 * beside it) and the browser. Plain DOM, no framework. The data blocks are read on first need (a search, a
 * link, "show more"), not at load: a big capture's page shows at once and reads its data when asked.
 */
import type { drawAddress, drawFinding, drawPacket, drawTx, unpackTx } from './draw.js';
import type { AddressData, FindingData, PackedTx, PacketsData, PageData } from './page-data.js';

export interface Drawing {
  readonly drawTx: typeof drawTx;
  readonly drawFinding: typeof drawFinding;
  readonly drawAddress: typeof drawAddress;
  readonly drawPacket: typeof drawPacket;
  readonly unpackTx: typeof unpackTx;
}

type ListName = 'tx' | 'addresses' | 'findings';

/** A list drawn in batches: the matches of the current search, of which the first `shown` are in the page. */
interface ListState {
  readonly name: ListName;
  readonly count: number;
  readonly batch: number;
  readonly draw: (i: number) => string;
  readonly text: (i: number) => string;
  matches: number[] | null;
  shown: number;
}

interface Loaded {
  readonly data: PageData;
  readonly lists: Readonly<Record<ListName, ListState>>;
  readonly txIndex: ReadonlyMap<string, number>;
  readonly findingIndex: ReadonlyMap<string, number>;
  readonly frameTx: ReadonlyMap<number, string>;
}

export function pageMain(draw: Drawing): void {
  const BATCH: Readonly<Record<ListName, number>> = { tx: 50, addresses: 300, findings: 500 };
  let loaded: Loaded | undefined;
  let packets: PacketsData | undefined;

  function readJson<T>(id: string, fallback: T): T {
    const node = document.getElementById(id);
    return node?.textContent ? (JSON.parse(node.textContent) as T) : fallback;
  }

  function load(): Loaded {
    if (loaded) return loaded;
    const data = readJson<PageData>('page-data', { span: { start: 0, end: 1 }, tx: [], cols: [], addresses: [], findings: [], packetsCapped: false });
    const frameTx = new Map<number, string>();
    for (const t of data.tx) for (const r of t.rows) if (!frameTx.has(r[1])) frameTx.set(r[1], t.id);
    const txText = (t: PackedTx): string =>
      [t.id, t.xid, t.mac, t.host ?? '', t.kind, t.out, t.srv ?? '', t.ip ?? '', ...t.info, ...t.cols.map((i) => Object.values(data.cols[i] ?? {}).join(' ')), ...t.rows.map((r) => `${r[3]} #${r[1]} ${r[8]}`)].join(' ');
    const addressText = (a: AddressData): string => [a.ip, ...a.leases.map((l) => `${l.mac} ${l.host ?? ''} ${l.srv} ${l.st} ${l.tx.join(' ')}`), ...(a.marks ?? []).map((m) => m[2])].join(' ');
    const findingText = (f: FindingData): string => [f.id, f.code, f.sev, f.msg, ...f.ips, ...f.macs, ...f.tx, ...f.frames.map((n) => `#${n}`)].join(' ');
    const list = (name: ListName, count: number, drawItem: (i: number) => string, text: (i: number) => string): ListState => ({
      name,
      count,
      batch: BATCH[name],
      draw: drawItem,
      text,
      matches: null,
      shown: document.getElementById(`list-${name}`)?.children.length ?? 0,
    });
    loaded = {
      data,
      frameTx,
      txIndex: new Map(data.tx.map((t, i) => [t.id, i])),
      findingIndex: new Map(data.findings.map((f, i) => [f.id, i])),
      lists: {
        tx: list('tx', data.tx.length, (i) => draw.drawTx(draw.unpackTx(data.tx[i]!, data.cols)), (i) => txText(data.tx[i]!)),
        addresses: list('addresses', data.addresses.length, (i) => draw.drawAddress(data.addresses[i]!, data.span), (i) => addressText(data.addresses[i]!)),
        findings: list('findings', data.findings.length, (i) => draw.drawFinding(data.findings[i]!), (i) => findingText(data.findings[i]!)),
      },
    };
    return loaded;
  }

  function drawMore(list: ListState, reset: boolean): void {
    const container = document.getElementById(`list-${list.name}`);
    if (!container) return;
    if (reset) {
      container.innerHTML = '';
      list.shown = 0;
    }
    const total = list.matches ? list.matches.length : list.count;
    const next: number[] = [];
    for (let k = list.shown; k < Math.min(total, list.shown + list.batch); k += 1) next.push(list.matches ? list.matches[k]! : k);
    container.insertAdjacentHTML('beforeend', next.map(list.draw).join(''));
    list.shown += next.length;
    const more = document.getElementById(`more-${list.name}`);
    const count = document.getElementById(`count-${list.name}`);
    if (more) more.hidden = list.shown >= total;
    if (count) count.textContent = `${list.shown} of ${total}${list.matches ? ` matching (${list.count} in all)` : ''} shown`;
  }

  for (const name of ['tx', 'addresses', 'findings'] as const) {
    const more = document.getElementById(`more-${name}`);
    more?.addEventListener('click', () => drawMore(load().lists[name], false));
    // Scrolling near the end of a list draws its next batch.
    if (more && 'IntersectionObserver' in window) {
      new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting) && !more.hidden) drawMore(load().lists[name], false);
      }, { rootMargin: '600px' }).observe(more);
    }
  }

  // ------------------------------------------------------------------------------------------- search
  const search = document.getElementById('search') as HTMLInputElement | null;
  const searchNote = document.getElementById('search-note');
  const texts = new Map<ListName, string[]>();
  function textsOf(list: ListState): string[] {
    let all = texts.get(list.name);
    if (!all) {
      all = [];
      for (let i = 0; i < list.count; i += 1) all.push(list.text(i).toLowerCase());
      texts.set(list.name, all);
    }
    return all;
  }
  /** Plain words, all of which must appear (the filter language of src/query takes this place once it is in the page). */
  function applySearch(query: string): void {
    const { lists } = load();
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    for (const list of Object.values(lists)) {
      list.matches = words.length === 0 ? null : textsOf(list).flatMap((text, i) => (words.every((w) => text.includes(w)) ? [i] : []));
      drawMore(list, true);
    }
    const n = (list: ListState) => (list.matches ? list.matches.length : list.count);
    if (searchNote) searchNote.textContent = words.length === 0 ? '' : `${n(lists.tx)} exchanges, ${n(lists.addresses)} addresses, ${n(lists.findings)} findings match`;
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

  /** An exchange or finding not drawn yet (beyond the first batch, or hidden by the search) opens above the lists. */
  function openItem(kind: 'tx' | 'finding', id: string): void {
    const existing = document.getElementById(`${kind}-${id}`);
    if (existing) return highlight(existing);
    const { data, txIndex, findingIndex } = load();
    const t = txIndex.get(id);
    const f = findingIndex.get(id);
    const html =
      kind === 'tx' ? (t !== undefined ? draw.drawTx(draw.unpackTx(data.tx[t]!, data.cols)) : '') : f !== undefined ? `<ul class="findings">${draw.drawFinding(data.findings[f]!)}</ul>` : '';
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
    const { data, frameTx } = load();
    packets ??= readJson<PacketsData>('page-packets', {});
    const tx = frameTx.get(frame);
    const link = tx ? `<p><a href="#tx-${encodeURIComponent(tx)}" class="to-tx">exchange ${tx.replace(/[^\w.-]/g, '')}</a></p>` : '';
    dialogBody.innerHTML = draw.drawPacket(frame, packets[String(frame)], data.packetsCapped) + link;
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
