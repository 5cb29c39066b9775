/**
 * How much room V8 gives the heap in a batch run (--json, --ndjson, --text). The batch run holds little for
 * long (transactions go out as they close), so most of what V8 reserves is room, not data. Measured with GNU
 * time on the bench captures (issue 10; `--json`, medians of alternating runs):
 *  - The young generation: by default a long run's semi-spaces double step by step to 16 MB each, more than
 *    all a 1 GB mixed capture's run keeps live, while nearly everything a frame allocates dies young. Kept at
 *    their first size (1 MB, `--semi-space-growth-factor=1`): dhcp-mixed 131 -> 107 MB, dhcp-small
 *    158 -> 135 MB, dhcp-only 287 -> 237 MB; CPU the same within noise (dhcp-only 8.68 -> 8.69 s).
 *  - The old generation: after a full collection V8 lets it grow to up to four times what survived, and the
 *    pages it grew into stay in the process (RSS) to the end. A batch run's live heap grows slowly (leases,
 *    clients, ARP bindings), so after each full collection the growth allowed is chosen from what survived
 *    it: twice that while it is small, less as it nears CEILING, never under half more (each full collection
 *    marks all that lives, so a smaller growth costs CPU in proportion: half is at most twice the work of
 *    doubling). On dhcp-only (about 44 MB live at the end, 260 MB of objects promoted and dropped over the run)
 *    V8's own choice let the heap reach 110-140 MB (RSS 190-240 MB for --json, --ndjson, --text); twice what
 *    survived, 90 MB (RSS 160 MB); with a ceiling of 75 MB 12-16 full collections instead of 9 and RSS 143-158
 *    MB for 8-12% more CPU (medians of 4 alternating runs on a loaded 2-core machine). Issue 10's seventh round
 *    (3 runs each, quiet machine): 75 MB gave 145-158 MB RSS (--text the highest), 65 MB 140-151, 60 MB 134-143
 *    for 5-10% more CPU than 75 (--json 4.8-4.9 -> 5.1-5.5 s): 60 MB keeps all three outputs under the
 *    issue's 150 MB with room to spare. The mixed and small
 *    captures stay under it (their live heap is 10-17 MB), so they collect as before (RSS and CPU unchanged).
 * Set at run time so that `node bin/dorascope.js` and the installed bin behave alike: V8 reads both flags each
 * time it resizes a generation (max-semi-space-size, by contrast, is fixed when the heap is made). The terminal
 * UI keeps V8's young generation: it holds the whole report and answers keys (the young generation at its first
 * size cost 0.5-1 s more CPU on the DHCP-only capture's TUI for a peak RSS inside the noise); its old
 * generation doubles at most (useSessionHeapPolicy, below).
 */
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';

/** The heap a full collection lets the old generation grow to, at most (unless what survives needs more). */
export const CEILING = 60e6;
const MIN_PERCENT = 50;
const MAX_PERCENT = 100;

/** How much the old generation may grow (percent of what survived) after a full collection left `live` bytes. */
export function growingPercent(live: number): number {
  return Math.max(MIN_PERCENT, Math.min(MAX_PERCENT, Math.floor((CEILING / Math.max(live, 1) - 1) * 100)));
}

/**
 * V8 raises --semi-space-growth-factor to 2 whenever it makes a heap, a worker thread's too (the reader
 * worker, capture/worker-read.ts): with it the main thread's semi-spaces grew to 16 MB again (dhcp-small
 * --json 100 -> 146 MB RSS). Called once such a worker runs, it sets the flag back.
 */
export function restoreBatchHeapFlags(): void {
  if (inUse) setFlagsFromString('--semi-space-growth-factor=1');
}

/** The growth last chosen (percent; -1 before the policy is used). */
let chosen = -1;

export function chosenGrowingPercent(): number {
  return chosen;
}

let inUse = false;

export function useBatchHeapPolicy(): void {
  inUse = true;
  setFlagsFromString('--semi-space-growth-factor=1');
  const choose = (): void => {
    // Read just after a full collection: what survived it, and what was made since (a little more, so safe).
    const p = growingPercent(getHeapStatistics().used_heap_size);
    if (p === chosen) return;
    chosen = p;
    setFlagsFromString(`--heap-growing-percent=${p}`);
  };
  choose();
  // V8 takes the flag when a full collection ends: what this one left decides the room after the next.
  new PerformanceObserver((list) => {
    if (list.getEntries().some((e) => (e as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR)) choose();
  }).observe({ entryTypes: ['gc'] });
}

/**
 * The terminal UI keeps the whole report: after loading the DHCP-only benchmark about 190 MB survive each full
 * collection, and V8's own growth (up to four times what survived, chosen from its collection speed) let the
 * heap and RSS reach 380-450 MB. Twice what survived keeps it at 340-370 MB for 3-10% more CPU (issue 10's sixth
 * round; tmux, alternating runs on a loaded machine). V8 records changed flags in a code cache and turns the
 * cache down at a start whose flags differ, so the session sets the flag back before the cache is written.
 */
const SESSION_GROWING_PERCENT = 100;

/** For a terminal UI session: until endSessionHeapPolicy, a full collection lets the old generation double. */
export function useSessionHeapPolicy(): void {
  setFlagsFromString(`--heap-growing-percent=${SESSION_GROWING_PERCENT}`);
}

/** Back to V8's own growth (the flag's default, so that the code cache written after the session is taken). */
export function endSessionHeapPolicy(): void {
  setFlagsFromString('--heap-growing-percent=0');
}
