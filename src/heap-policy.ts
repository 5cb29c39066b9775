/**
 * How much room V8 gives the heap in a batch run (--json, --ndjson, --text). The batch run holds little for
 * long (transactions go out as they close), so most of what V8 reserves is room, not data. Measured with GNU
 * time on the bench captures (issue 10; `--json`, medians of alternating runs):
 *  - The young generation: by default a long run's semi-spaces double step by step to 16 MB each, more than
 *    all a 1 GB mixed capture's run keeps live, while nearly everything a frame allocates dies young. Kept at
 *    their first size (1 MB, `--semi-space-growth-factor=1`): dhcp-mixed 131 -> 107 MB, dhcp-small
 *    158 -> 135 MB, dhcp-only 287 -> 237 MB; CPU the same within noise (dhcp-only 8.68 -> 8.69 s).
 *  - The old generation: after a full collection V8 lets it grow to up to four times what survived. While the
 *    heap is small a full collection is cheap, so it is asked for twice (`--heap-growing-percent=100`):
 *    dhcp-mixed 108 -> 98 MB, dhcp-small 134 -> 111 MB. Past SMALL_HEAP (the DHCP-only capture's 60 MB of
 *    leases, clients and ARP bindings) V8 chooses again: twice there cost 8% more CPU for 185 MB.
 * Set at run time so that `node bin/dorascope.js` and the installed bin behave alike: V8 reads both flags each
 * time it resizes a generation (max-semi-space-size, by contrast, is fixed when the heap is made). The terminal
 * UI keeps V8's defaults: it holds the whole report and answers keys. (Tried on the DHCP-only capture's TUI:
 * the young generation at its first size cost 0.5-1 s more CPU for a peak RSS inside the noise; the old
 * generation growing by 1.5 kept it at 480-500 MB instead of 580-620 for 15% more CPU.)
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';

/** Below this much heap in use, the old generation grows by a fixed factor of two. */
const SMALL_HEAP = 48e6;
/** How often the heap's size is looked at (the reader yields to the event loop after every MiB). */
const CHECK_EVERY_MS = 100;

export function useBatchHeapPolicy(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
  let small: boolean | undefined;
  const check = () => {
    const now = getHeapStatistics().used_heap_size < SMALL_HEAP;
    if (now === small) return;
    small = now;
    // 0 hands the choice back to V8.
    setFlagsFromString(`--heap-growing-percent=${now ? 100 : 0}`);
  };
  check();
  setInterval(check, CHECK_EVERY_MS).unref();
}
