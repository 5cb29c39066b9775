#!/usr/bin/env node
/**
 * Times dorascope against reference tools on the captures bench/generate.mjs writes, and prints a markdown table.
 *
 *   node bench/run.mjs [FILE...] [--runs N] [--tshark] [--outputs json,ndjson,text] [--tools NAME,...]
 *
 * Default files: those of bench/data/ that exist, the realistic DHCP shapes first (dhcp-mixed, dhcp-mixed-100m,
 * dhcp-small, dhcp-only), then the older ones (mixed, mixed-100m, small, dhcp-arp). Runs alternate: each round
 * runs every tool once on a file, so a burst of load on a shared machine hits all tools alike. Per tool: median
 * wall time and median CPU time (user + sys) of N rounds (default 3), and peak RSS (GNU time's %M when
 * /usr/bin/time exists, else a Node exit hook that reports process.resourceUsage(); n/a for non-Node tools then):
 *   dorascope --json  node bin/dorascope.js FILE --json > /dev/null   (the whole program; --outputs adds
 *                     --ndjson and --text rows)
 *   reader            bench/walk-reader.mjs: dorascope's capture reader alone, counting records (needs a build)
 *   minimal walker    bench/walk-minimal.mjs: readSync + byte tests, the floor for a JS reader
 *   pcap-parser       bench/walk-pcap-parser.mjs: the pcap-parser package, counting packets
 *   floor sketch      bench/sketch.mjs: issue 10's sketch of the least whole job (read, DHCP essentials, exchanges,
 *                     leases, JSON.stringify per exchange): the floor for a Node program that writes a report
 *   tcpdump           tcpdump -r FILE -w /dev/null '<dhcp/arp filter>'   (when installed)
 *   tshark -Y         tshark -n -r FILE -Y 'dhcp or arp' > /dev/null         (dhcp-only.pcap; when installed)
 *   tshark -T json    tshark -n -r FILE -T json -Y 'dhcp or arp' > /dev/null (dhcp-only.pcap; when installed)
 * Node tools run without NODE_EXTRA_CA_CERTS: where a machine sets it (this one does), Node 20 parses the whole CA
 * bundle at start-up, before any script, which costs ~40 ms of CPU per run and is nothing dorascope does.
 * --tshark runs the two tshark rows on dhcp-arp.pcap too. After the table: dorascope's ratios to the peers
 * (wall and CPU). A tool that fails gets its first error line in the table instead of numbers.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchDir, '..');
const dataDir = path.join(benchDir, 'data');

const argv = process.argv.slice(2);
let runs = 3;
let withTshark = false;
let outputs = ['json'];
let only;
const files = [];
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--runs') runs = Math.max(1, Number(argv[++i]) || 3);
  else if (a === '--tshark') withTshark = true;
  else if (a === '--outputs') outputs = String(argv[++i]).split(',');
  else if (a === '--tools') only = new Set(String(argv[++i]).split(','));
  else if (a === '-h' || a === '--help') {
    console.log('usage: node bench/run.mjs [FILE...] [--runs N] [--tshark] [--outputs json,ndjson,text] [--tools dorascope,reader,walker,pcap-parser,sketch,tcpdump,tshark]');
    process.exit(0);
  } else files.push(path.resolve(a));
}
if (files.length === 0) {
  for (const name of ['dhcp-mixed.pcap', 'dhcp-mixed-100m.pcap', 'dhcp-small.pcap', 'dhcp-only.pcap', 'mixed.pcap', 'mixed-100m.pcap', 'small.pcap', 'dhcp-arp.pcap']) {
    const f = path.join(dataDir, name);
    if (existsSync(f)) files.push(f);
  }
}
if (files.length === 0) {
  console.error('no benchmark captures: run `node bench/generate.mjs` first (writes bench/data/)');
  process.exit(2);
}

const tmp = mkdtempSync(path.join(tmpdir(), 'dorascope-bench-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const rssHook = path.join(tmp, 'rss-hook.mjs');
if (gnuTime === undefined) {
  // Fallback for Node tools: report peak RSS from inside the child when it exits.
  const { writeFileSync } = await import('node:fs');
  writeFileSync(
    rssHook,
    "import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(process.env.BENCH_RSS_OUT, String(process.resourceUsage().maxRSS)));\n",
  );
}

function which(cmd) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const f = path.join(dir, cmd);
    if (existsSync(f)) return f;
  }
  return undefined;
}

const DHCP_ARP_FILTER = '(arp or udp port 67 or udp port 68) or (vlan and (arp or udp port 67 or udp port 68))';
const node = process.execPath;
const DORASCOPE = path.join(root, 'bin/dorascope.js');
const tools = [
  ...outputs.map((o) => ({ name: `dorascope --${o}`, key: 'dorascope', cmd: node, args: (f) => [DORASCOPE, f, `--${o}`], node: true })),
  { name: 'reader alone', key: 'reader', cmd: node, args: (f) => [path.join(benchDir, 'walk-reader.mjs'), f], node: true },
  { name: 'minimal walker', key: 'walker', cmd: node, args: (f) => [path.join(benchDir, 'walk-minimal.mjs'), f], node: true, pcapOnly: true },
  { name: 'pcap-parser', key: 'pcap-parser', cmd: node, args: (f) => [path.join(benchDir, 'walk-pcap-parser.mjs'), f], node: true, pcapOnly: true },
  { name: 'floor sketch', key: 'sketch', cmd: node, args: (f) => [path.join(benchDir, 'sketch.mjs'), f], node: true, pcapOnly: true },
];
const tcpdump = which('tcpdump');
if (tcpdump) tools.push({ name: 'tcpdump (BPF filter)', key: 'tcpdump', peer: true, cmd: tcpdump, args: (f) => ['-r', f, '-w', '/dev/null', DHCP_ARP_FILTER] });
const tshark = which('tshark');
const tsharkFiles = withTshark ? ['dhcp-only.pcap', 'dhcp-arp.pcap'] : ['dhcp-only.pcap'];
if (tshark) {
  tools.push({ name: 'tshark -Y "dhcp or arp"', key: 'tshark', peer: true, cmd: tshark, args: (f) => ['-n', '-r', f, '-Y', 'dhcp or arp'], only: tsharkFiles });
  tools.push({ name: 'tshark -T json -Y "dhcp or arp"', key: 'tshark', peer: true, cmd: tshark, args: (f) => ['-n', '-r', f, '-T', 'json', '-Y', 'dhcp or arp'], only: tsharkFiles });
} else if (withTshark) console.error('--tshark: tshark is not installed; skipped');
const selected = tools.filter((t) => only === undefined || only.has(t.key));

/** Runs one command once: wall seconds, peak RSS in bytes (or undefined), or the first error line. */
function runOnce(tool, file) {
  const script = tool.node ? tool.args(file)[0] : undefined;
  if (script !== undefined && !existsSync(script)) {
    return Promise.resolve({ error: `${path.relative(root, script)} not found${script.endsWith('dorascope.js') ? ' (not written or not built yet)' : ''}` });
  }
  return new Promise((resolve) => {
    const rssOut = path.join(tmp, `rss-${process.pid}-${Date.now()}`);
    let cmd = tool.cmd;
    let args = tool.args(file);
    const env = { ...process.env };
    // Node 20 parses this CA bundle before any script runs (~40 ms of CPU); no tool here opens TLS.
    if (tool.node) delete env.NODE_EXTRA_CA_CERTS;
    if (gnuTime) {
      args = ['-f', '%M %U %S', '-o', rssOut, cmd, ...args];
      cmd = gnuTime;
    } else if (tool.node) {
      args = ['--import', rssHook, ...args];
      env.BENCH_RSS_OUT = rssOut;
    }
    const devNull = openSync('/dev/null', 'w');
    const started = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: ['ignore', devNull, 'pipe'], env });
    let stderr = '';
    child.stderr.on('data', (d) => {
      if (stderr.length < 4096) stderr += d;
    });
    child.on('error', (e) => {
      closeSync(devNull);
      resolve({ error: e.message });
    });
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      closeSync(devNull);
      let rss;
      let cpu;
      try {
        // GNU time: "maxRSS user sys" (KiB, seconds); the Node hook: maxRSS in KiB.
        const fields = readFileSync(rssOut, 'utf8').trim().split('\n').pop().split(' ').map(Number);
        rss = fields[0] * 1024;
        if (fields.length === 3) cpu = fields[1] + fields[2];
        rmSync(rssOut, { force: true });
      } catch {
        rss = undefined;
      }
      if (code !== 0) {
        // The most telling line: an error message if there is one (not Node's "at file:line" preamble).
        const lines = stderr.split('\n').filter((l) => l.trim() !== '' && !/^Command exited/.test(l));
        const line = lines.find((l) => /error/i.test(l)) ?? lines[0] ?? `exit code ${code}`;
        resolve({ error: line.trim().slice(0, 120) });
      } else resolve({ seconds, rss, cpu });
    });
  });
}

/** Packets in a classic pcap, counted by walking record headers (for packets/s). */
function countPackets(file) {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(24);
    if (readSync(fd, head, 0, 24, 0) < 24) return undefined;
    const magic = head.readUInt32BE(0);
    const le = magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1;
    if (!le && magic !== 0xa1b2c3d4 && magic !== 0xa1b23c4d) return undefined;
    const buf = Buffer.alloc(1 << 20);
    const size = statSync(file).size;
    let pos = 24; // file offset of the next record
    let n = 0;
    let bufStart = 0; // file offset of buf[0]
    let bufEnd = 0;
    while (pos + 16 <= size) {
      if (pos + 16 > bufEnd) {
        bufStart = pos;
        bufEnd = pos + readSync(fd, buf, 0, buf.length, pos);
      }
      const at = pos - bufStart + 8;
      pos += 16 + (le ? buf.readUInt32LE(at) : buf.readUInt32BE(at));
      if (pos > size) break;
      n++;
    }
    return n;
  } finally {
    closeSync(fd);
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const mb = (bytes) => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 2 : 0)} MB`;
const fmt = (x, digits) => (x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(digits));

const rows = [];
const rssByFile = new Map();
const ratios = [];
for (const file of files) {
  const size = statSync(file).size;
  const packets = countPackets(file);
  const name = path.basename(file);
  console.error(`${name}: ${mb(size)}, ${packets ?? '?'} packets`);
  const here = selected.filter((t) => (t.only === undefined || t.only.includes(name)) && !(t.pcapOnly && packets === undefined));
  const results = here.map(() => ({ times: [], cpus: [], peak: undefined, error: undefined }));
  // Alternating rounds: every tool once per round.
  for (let i = 0; i < runs; i++) {
    for (let k = 0; k < here.length; k++) {
      const res = results[k];
      if (res.error !== undefined) continue;
      const r = await runOnce(here[k], file);
      if (r.error !== undefined) res.error = r.error;
      else {
        res.times.push(r.seconds);
        if (r.cpu !== undefined) res.cpus.push(r.cpu);
        if (r.rss !== undefined) res.peak = Math.max(res.peak ?? 0, r.rss);
      }
    }
  }
  const medians = new Map();
  here.forEach((tool, k) => {
    const { times, cpus, peak, error } = results[k];
    const s = times.length > 0 ? median(times) : undefined;
    const cpu = cpus.length > 0 ? median(cpus) : undefined;
    medians.set(tool.name, { s, cpu });
    console.error(`  ${tool.name}: ${error ?? `${fmt(s, 3)} s, CPU ${fmt(cpu, 2)} s, [${times.map((t) => t.toFixed(2)).join(' ')}]`}`);
    if (tool.name === 'dorascope --json' && error === undefined) rssByFile.set(name, peak);
    rows.push(
      error !== undefined
        ? [name, mb(size), tool.name, `error: ${error.replace(/\|/g, '\\|')}`, '', '', '', '']
        : [
            name,
            mb(size),
            tool.name,
            fmt(s, 3),
            fmt(cpu, 2),
            fmt(size / 1e6 / s, 0),
            packets === undefined ? 'n/a' : fmt(packets / s, 0),
            peak === undefined ? 'n/a' : fmt(peak / 1e6, 0),
          ],
    );
  });
  for (const tool of here.filter((t) => t.key === 'dorascope')) {
    const mine = medians.get(tool.name);
    for (const peer of here.filter((t) => t.peer)) {
      const theirs = medians.get(peer.name);
      if (mine?.s === undefined || theirs?.s === undefined) continue;
      const cpu = mine.cpu !== undefined && theirs.cpu !== undefined ? `, CPU ${fmt(mine.cpu / theirs.cpu, 2)}×` : '';
      ratios.push(`${name}: ${tool.name} / ${peer.name}: wall ${fmt(mine.s / theirs.s, 2)}×${cpu}`);
    }
  }
}

console.log(`\nMedian of ${runs} alternating run(s): wall clock and CPU (user + sys); MB = 10^6 bytes; peak RSS ${gnuTime ? 'from GNU time (%M)' : 'from process.resourceUsage() (Node tools only)'}.\n`);
console.log('| file | size | tool | seconds | CPU s | MB/s | packets/s | peak RSS MB |');
console.log('|---|---:|---|---:|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);

if (ratios.length > 0) console.log(`\nRatios (dorascope / peer, medians):\n${ratios.map((r) => `- ${r}`).join('\n')}`);

// Flat RSS: reading ten times the data must not take (much) more memory.
for (const [cut, whole] of [['dhcp-mixed-100m.pcap', 'dhcp-mixed.pcap'], ['mixed-100m.pcap', 'mixed.pcap']]) {
  const small = rssByFile.get(cut);
  const big = rssByFile.get(whole);
  if (small !== undefined && big !== undefined) {
    console.log(`\nFlat-RSS check (dorascope --json): ${cut} ${fmt(small / 1e6, 0)} MB, ${whole} ${fmt(big / 1e6, 0)} MB (x${fmt(big / small, 2)})`);
  }
}
