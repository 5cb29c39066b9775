/**
 * How much room V8 gives the young generation in a batch run (--json, --ndjson, --text). By default a long
 * run's young generation doubles step by step to two 16 MB semi-spaces: more than all a 1 GB mixed capture's
 * batch run keeps live, and room only, since most of what a frame allocates dies before the next scavenge.
 * Keeping it at its first size (1 MB semi-spaces) measured, GNU time, `--json`, medians of alternating runs
 * (issue 10): dhcp-mixed 131 -> 107 MB, dhcp-small 158 -> 135 MB, dhcp-only 287 -> 237 MB; CPU the same
 * within noise (dhcp-only 8.68 -> 8.69 s over four runs each).
 * Not also capping the old generation's growth: `--heap-growing-percent=100` took dhcp-only to 185 MB but cost
 * 8% more CPU there (more full collections of its 60 MB of live leases, clients and ARP bindings).
 * Set at run time so that `node bin/dorascope.js` and the installed bin behave alike: V8 reads this flag each
 * time it would grow the young generation (max-semi-space-size, by contrast, is fixed when the heap is made).
 * The terminal UI keeps V8's defaults: it holds the whole report and answers keys.
 */
import { setFlagsFromString } from 'node:v8';

export function useBatchHeapPolicy(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}
