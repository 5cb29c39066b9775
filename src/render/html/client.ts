/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The page's script: the filter, drawing on demand, frame and exchange links. esbuild bundles it with what it
 * imports (the drawing functions of draw.ts, src/query's parser and matcher) into one script at build time
 * (scripts/page-script.mjs), which the page inlines: the browser draws with the same functions as Node and
 * filters with the same language as --filter and the TUI's `/`. Plain DOM, no framework. The data blocks are
 * read on first need (a filter, a link, "show more"), not at load: a big capture's page shows at once.
 */
import { matchRow } from '../../query/match.js';
import { describeFilterError, parseFilter, type Filter } from '../../query/parse.js';
import { drawAddress, drawFinding, drawPacket, drawTx, esc, unpackTx } from './draw.js';
import type { AddressData, PacketsData, PageData } from './page-data.js';
import { queryFields, type QueryData } from './query-fields.js';

type ListName = 'tx' | 'addresses' | 'findings';

/** A list drawn in batches: the matches of the current filter, of which the first `shown` are in the page. */
interface ListState {
  readonly name: ListName;
  readonly count: number;
  readonly batch: number;
  readonly draw: (i: number) => string;
  matches: number[] | null;
  shown: number;
}

interface Loaded {
  readonly data: PageData;
  readonly lists: Readonly<Record<ListName, ListState>>;
  readonly txIndex: ReadonlyMap<string, number>;
  readonly findingIndex: ReadonlyMap<string, number>;
  readonly frameTx: ReadonlyMap<number, string>;
  /** Where each address's leases start in the timeline's lease order. */
  readonly leaseStart: readonly number[];
}

export function pageMain(): void {
  const BATCH: Readonly<Record<ListName, number>> = { tx: 50, addresses: 300, findings: 500 };
  let loaded: Loaded | undefined;
  let packets: PacketsData | undefined;
  /** Which leases the filter keeps, in the timeline's order (address by address); null: all. */
  let keptLeases: Uint8Array | null = null;

  function readJson<T>(id: string, fallback: T): T {
    const node = document.getElementById(id);
    return node?.textContent ? (JSON.parse(node.textContent) as T) : fallback;
  }

  function load(): Loaded {
    if (loaded) return loaded;
    const data = readJson<PageData>('page-data', { span: { start: 0, end: 1 }, tx: [], cols: [], addresses: [], findings: [], packetsCap: null });
    const frameTx = new Map<number, string>();
    for (const t of data.tx) for (const r of t.rows) if (!frameTx.has(r[1])) frameTx.set(r[1], t.id);
    const leaseStart: number[] = [];
    let leases = 0;
    for (const a of data.addresses) {
      leaseStart.push(leases);
      leases += a.leases.length;
    }
    /** An address with only the leases the filter keeps. */
    const kept = (a: AddressData, i: number): AddressData =>
      keptLeases ? { ...a, leases: a.leases.filter((_, j) => keptLeases![leaseStart[i]! + j] === 1) } : a;
    const list = (name: ListName, count: number, drawItem: (i: number) => string): ListState => ({
      name,
      count,
      batch: BATCH[name],
      draw: drawItem,
      matches: null,
      shown: document.getElementById(`list-${name}`)?.children.length ?? 0,
    });
    loaded = {
      data,
      frameTx,
      txIndex: new Map(data.tx.map((t, i) => [t.id, i])),
      findingIndex: new Map(data.findings.map((f, i) => [f.id, i])),
      leaseStart,
      lists: {
        tx: list('tx', data.tx.length, (i) => drawTx(unpackTx(data.tx[i]!, data.cols))),
        addresses: list('addresses', data.addresses.length, (i) => drawAddress(kept(data.addresses[i]!, i), data.span)),
        findings: list('findings', data.findings.length, (i) => drawFinding(data.findings[i]!)),
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

  // ------------------------------------------------------------------------------------------- filter
  const search = document.getElementById('search') as HTMLInputElement | null;
  const searchNote = document.getElementById('search-note');
  let query: QueryData | undefined;

  /** Rows 0…n-1 that the filter keeps, by src/query's matcher on the values query-data.ts wrote. */
  function matching(filter: Filter, name: 'tx' | 'leases' | 'findings'): number[] {
    query ??= readJson<QueryData>('page-query', { s: [], tx: { n: 0, f: {} }, leases: { n: 0, f: {} }, findings: { n: 0, f: {} } });
    const list = query[name];
    const fields = queryFields(list, query.s);
    const out: number[] = [];
    for (let i = 0; i < list.n; i += 1) if (matchRow(filter, i, null, fields)) out.push(i);
    return out;
  }

  /** The expression with the column the error names marked, and the error's one line (as the TUI's footer says it). */
  function showError(text: string, error: { readonly message: string; readonly column: number }): void {
    if (!searchNote) return;
    const at = Math.min(Math.max(error.column - 1, 0), text.length);
    const marked = `${esc(text.slice(0, at))}<mark>${esc(text.slice(at, at + 1) || ' ')}</mark>${esc(text.slice(at + 1))}`;
    searchNote.innerHTML = `<code class="expr">${marked}</code> ${esc(describeFilterError(error))}`;
    searchNote.className = 'error';
    searchNote.dataset.filter = text;
    search?.setAttribute('aria-invalid', 'true');
  }

  const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

  /** The filter language of --filter and the TUI's `/`, on exchanges, leases and findings together. */
  function applyFilter(text: string): void {
    const parsed = parseFilter(text);
    // A bad expression leaves the lists as they were, and says where it went wrong.
    if (!parsed.ok) return showError(text, parsed.error);
    search?.removeAttribute('aria-invalid');
    const { lists, leaseStart, data } = load();
    const all = parsed.filter.root === null;
    lists.tx.matches = all ? null : matching(parsed.filter, 'tx');
    lists.findings.matches = all ? null : matching(parsed.filter, 'findings');
    let leaseCount = 0;
    if (all) {
      keptLeases = null;
      lists.addresses.matches = null;
    } else {
      const keep = matching(parsed.filter, 'leases');
      leaseCount = keep.length;
      keptLeases = new Uint8Array(leaseStart.length > 0 ? leaseStart[leaseStart.length - 1]! + data.addresses[leaseStart.length - 1]!.leases.length : 0);
      for (const i of keep) keptLeases[i] = 1;
      lists.addresses.matches = data.addresses.flatMap((a, i) => (a.leases.some((_, j) => keptLeases![leaseStart[i]! + j] === 1) ? [i] : []));
    }
    for (const list of Object.values(lists)) drawMore(list, true);
    if (!searchNote) return;
    searchNote.className = '';
    // Which expression the lists show (for tests and scripts that drive the page).
    searchNote.dataset.filter = text;
    searchNote.textContent = all
      ? ''
      : `${count(lists.tx.matches!.length, 'exchange')}, ${count(leaseCount, 'lease')} (${count(lists.addresses.matches!.length, 'address', 'addresses')}), ${count(lists.findings.matches!.length, 'finding')} match`;
  }
  let timer: number | undefined;
  search?.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => applyFilter(search.value), 200);
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
      kind === 'tx' ? (t !== undefined ? drawTx(unpackTx(data.tx[t]!, data.cols)) : '') : f !== undefined ? `<ul class="findings">${drawFinding(data.findings[f]!)}</ul>` : '';
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
    dialogBody.innerHTML = drawPacket(frame, packets[String(frame)], data.packetsCap) + link;
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
