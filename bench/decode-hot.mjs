// Micro-benchmark of the decoder's hot path: records that are neither DHCP nor ARP must be counted and
// dropped without allocating. Decodes 10M such records from one reused buffer (as the reader hands them
// over) and prints ns/record and the garbage collections seen while doing it (0 scavenges = no allocation).
// Run after `npx tsc -p tsconfig.build.json`:  node bench/decode-hot.mjs [records]
import { PerformanceObserver } from 'node:perf_hooks';
import { Decoder } from '../dist/decode/decoder.js';

const N = Number(process.argv[2] ?? 10_000_000);

function hex(s) {
  return Uint8Array.from(s.replace(/\s+/g, '').match(/../g).map((h) => parseInt(h, 16)));
}

// Ethernet/IPv4/TCP, Ethernet/802.1Q/IPv4/UDP (DNS), Ethernet/IPv6/UDP, SLL/IPv4/TCP, Ethernet/IPv4/UDP 5353.
const frames = [
  [1, hex('001122334455 66778899aabb 0800 4500003c1c4640004006b1e6c0a80001c0a800c7 d4310050a3f3a85b00000000a002faf0fe300000020405b40402080a000000000000000001030307')],
  [1, hex('ffffffffffff 020000000001 8100 0064 0800 4500003d00010000401100000a0000010a000002 d43100350029 0000 12340100000100000000000007 6578616d706c6503636f6d0000010001')],
  [1, hex('333300000001 020000000001 86dd 6000000000081101fe800000000000000000000000000001ff020000000000000000000000000001 0223022300080000')],
  [113, hex('0000 0001 0006 020000000001 0000 0800 4500003c1c4640004006b1e6c0a80001c0a800c7 d4310050a3f3a85b00000000a002faf0fe300000020405b40402080a000000000000000001030307')],
  [1, hex('01005e0000fb 020000000001 0800 4500002c00010000ff110000c0a80001e00000fb 14e914e900180000 00000000000000000000000000000000')],
];

// One big buffer, reused; records sit at different offsets like they would in a read chunk.
const buf = new Uint8Array(1 << 16);
const placed = [];
let at = 3;
for (const [linkType, bytes] of frames) {
  buf.set(bytes, at);
  placed.push({ linkType, offset: at, caplen: bytes.length });
  at += bytes.length + 5;
}

const rec = {
  buf,
  offset: 0,
  caplen: 0,
  origlen: 0,
  linkType: 1,
  interfaceId: 0,
  tsSec: 1_700_000_000,
  tsNanos: 0,
  tsDigits: 6,
  hasTime: true,
  frame: 0,
  captureFrame: 0,
  captureIndex: 0,
  fileOffset: 0,
};

const decoder = new Decoder();
function run(n) {
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const p = placed[i % placed.length];
    rec.offset = p.offset;
    rec.caplen = p.caplen;
    rec.origlen = p.caplen;
    rec.linkType = p.linkType;
    rec.frame = i + 1;
    rec.captureFrame = i + 1;
    rec.tsNanos = (i * 1000) % 1_000_000_000;
    if (decoder.decode(rec) !== undefined) kept++;
  }
  return kept;
}

run(200_000); // warm up (JIT)
if (decoder.stats.other !== decoder.stats.packets) throw new Error(`a benchmark frame was kept: ${JSON.stringify(decoder.stats)}`);

const gcs = { minor: 0, major: 0, other: 0 };
const obs = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const kind = e.detail?.kind;
    if (kind === 1) gcs.minor++;
    else if (kind === 2 || kind === 4) gcs.major++;
    else gcs.other++;
  }
});
obs.observe({ entryTypes: ['gc'] });

const heapBefore = process.memoryUsage().heapUsed;
const t0 = process.hrtime.bigint();
const kept = run(N);
const t1 = process.hrtime.bigint();
const heapAfter = process.memoryUsage().heapUsed;
await new Promise((r) => setTimeout(r, 50)); // let the observer deliver
obs.disconnect();

const ns = Number(t1 - t0) / N;
console.log(`decode hot path: ${N.toLocaleString('en')} non-DHCP/ARP records, ${ns.toFixed(1)} ns/record, kept ${kept}`);
console.log(`GC during the run: ${gcs.minor} scavenges, ${gcs.major} mark-compacts; heap delta ${((heapAfter - heapBefore) / 1024).toFixed(1)} KiB`);
