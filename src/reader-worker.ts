/**
 * The reader worker's entry (scripts/bundle.mjs bundles it as dist/bundle/reader-worker.cjs): the capture reader
 * with the decoder's "plainly neither DHCP nor ARP" test, which is what the session skips by (session.ts).
 * It sits here, not in capture/, because it joins the reader to the decoder's test.
 */
import { serveCaptureReader } from './capture/worker-serve.js';
import { plainlyOther } from './decode/decoder.js';

void serveCaptureReader({ plainlyOther });
