/**
 * `dorascope -i` for real: two network namespaces joined by a veth pair, dnsmasq serving DHCP in one, a DHCP
 * client (udhcpc or dhclient) in the other, dorascope capturing on the client's veth inside its namespace.
 * Needs root and `ip netns`; skipped with the reason otherwise. Every process is stopped by its PID, the
 * namespaces (named with this process's PID) are deleted, and nothing is left running.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findExecutable } from '../../src/capture/live.js';
import type { Report } from '../../src/report/types.js';
import { BIN, ROOT, buildDist } from '../helpers/cli.js';
import { validateReport } from '../helpers/schema.js';

const TAG = `d13-${process.pid}`;
const SRV = `${TAG}-srv`;
const CLI = `${TAG}-cli`;
const SERVER_IP = '10.213.0.1';

function whyNot(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root: network namespaces need root';
  if (!findExecutable('ip')) return 'no ip command (iproute2)';
  if (!findExecutable('dnsmasq')) return 'dnsmasq is not installed';
  if (!findExecutable('udhcpc') && !findExecutable('dhclient')) return 'no DHCP client (udhcpc or dhclient)';
  if (!findExecutable('tcpdump') && !findExecutable('dumpcap')) return 'no capturer (tcpdump or dumpcap)';
  const probe = `${TAG}-probe`;
  const made = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8' });
  if (made.status !== 0) return `ip netns add fails here: ${made.stderr.trim()}`;
  spawnSync('ip', ['netns', 'del', probe]);
  return undefined;
}

const reason = whyNot();
if (reason) console.warn(`live capture namespace test skipped: ${reason}`);

const started: ChildProcess[] = [];
let scratch = '';

function ip(...args: string[]): void {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr.trim()}`);
}

function inNs(ns: string, cmd: string[], opts: { stdout?: 'pipe' | 'ignore' } = {}): ChildProcess {
  // `ip netns exec` execs the command in place: the PID we get is the program's own.
  const child = spawn('ip', ['netns', 'exec', ns, ...cmd], { stdio: ['ignore', opts.stdout ?? 'ignore', 'pipe'] });
  started.push(child);
  return child;
}

function nsPids(ns: string): number[] {
  const r = spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' });
  return r.stdout.split('\n').filter(Boolean).map(Number);
}

function comm(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

async function until(cond: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

function collect(child: ChildProcess): { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString('utf8')));
  return { out: () => out, err: () => err };
}

/** Starts the client once dorascope's capturer is listening inside the client namespace. */
async function runClient(): Promise<ChildProcess> {
  await until(() => nsPids(CLI).some((p) => ['tcpdump', 'dumpcap'].includes(comm(p))), 'the capturer to start');
  // tcpdump says "listening" a moment after it appears; the client retries DISCOVER anyway.
  await new Promise((r) => setTimeout(r, 500));
  const udhcpc = findExecutable('udhcpc');
  return udhcpc
    ? inNs(CLI, [udhcpc, '-f', '-q', '-n', '-i', 'vcli', '-s', '/bin/true', '-t', '6', '-T', '1'])
    : inNs(CLI, [findExecutable('dhclient')!, '-d', '-1', '-sf', '/bin/true', '-lf', join(scratch, 'dhclient.leases'), '-pf', join(scratch, 'dhclient.pid'), 'vcli']);
}

describe.skipIf(reason !== undefined)('dorascope -i in network namespaces', () => {
  beforeAll(() => {
    buildDist();
    scratch = mkdtempSync(join(tmpdir(), 'dorascope-live-'));
    ip('netns', 'add', SRV);
    ip('netns', 'add', CLI);
    // The pair is made inside the server namespace and one end moved straight into the client's: the machine's
    // own interfaces are never touched.
    ip('-n', SRV, 'link', 'add', 'vsrv', 'type', 'veth', 'peer', 'name', 'vcli', 'netns', CLI);
    ip('-n', SRV, 'addr', 'add', `${SERVER_IP}/24`, 'dev', 'vsrv');
    for (const [ns, dev] of [[SRV, 'vsrv'], [CLI, 'vcli'], [SRV, 'lo'], [CLI, 'lo']] as const) ip('-n', ns, 'link', 'set', dev, 'up');
    inNs(SRV, [
      findExecutable('dnsmasq')!, '--keep-in-foreground', '--port=0', '--conf-file=/dev/null', '--interface=vsrv', '--bind-interfaces',
      '--dhcp-range=10.213.0.50,10.213.0.99,255.255.255.0,300', `--dhcp-leasefile=${join(scratch, 'leases')}`, `--pid-file=${join(scratch, 'dnsmasq.pid')}`,
      '--dhcp-authoritative', '--no-ping',
    ]);
  }, 120_000);

  afterAll(async () => {
    for (const child of started.reverse()) {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        process.kill(child.pid, 'SIGTERM');
        const gone = await Promise.race([exited(child).then(() => true), new Promise((r) => setTimeout(() => r(false), 3000))]);
        if (!gone) process.kill(child.pid, 'SIGKILL');
      }
    }
    // Anything still inside our namespaces was started by us: stop it by PID, then delete the namespaces.
    for (const ns of [SRV, CLI]) for (const pid of nsPids(ns)) process.kill(pid, 'SIGKILL');
    for (const ns of [SRV, CLI]) spawnSync('ip', ['netns', 'del', ns]);
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }, 60_000);

  it('--duration: finds the client DORA, writes a valid report, and leaves no capturer behind', async () => {
    const dorascope = inNs(CLI, [process.execPath, BIN, '-i', 'vcli', '--duration', '8', '--json', '--packets'], { stdout: 'pipe' });
    const io = collect(dorascope);
    const client = await runClient();
    const code = await exited(dorascope);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(io.out()) as Report;
    expect(validateReport(report)).toEqual([]);
    expect(report.captures[0]!.path).toBe('live:vcli');
    const dora = report.transactions.find((t) => t.kind === 'DORA' && t.outcome === 'ACK');
    expect(dora, JSON.stringify(report.transactions.map((t) => [t.kind, t.outcome]))).toBeDefined();
    expect(dora!.server).toBe(SERVER_IP);
    expect(dora!.assignedIp).toMatch(/^10\.213\.0\.(5\d|[6-9]\d)$/);
    expect(dora!.steps.map((s) => s.messageType)).toEqual(expect.arrayContaining(['DISCOVER', 'OFFER', 'REQUEST', 'ACK']));
    await exited(client);
    expect(nsPids(CLI).map(comm).filter((c) => ['tcpdump', 'dumpcap', 'node'].includes(c))).toEqual([]);
  }, 90_000);

  it('Ctrl-C (SIGINT) stops the capture: the report of what was seen is still written, and -w saved the raw capture', async () => {
    const saved = join(scratch, 'saved.pcap');
    const dorascope = inNs(CLI, [process.execPath, BIN, '-i', 'vcli', '--text', '-w', saved], { stdout: 'pipe' });
    const io = collect(dorascope);
    const client = await runClient();
    await exited(client);
    await new Promise((r) => setTimeout(r, 500));
    process.kill(dorascope.pid!, 'SIGINT');
    const code = await exited(dorascope);
    expect([code, io.err()]).toEqual([0, '']);
    expect(io.out()).toMatch(/^live:vcli: pcap, \d+ frames/);
    expect(io.out()).toMatch(/DORA .* → ACK 10\.213\.0\.\d+ from 10\.213\.0\.1/);
    expect(existsSync(saved)).toBe(true);
    // What -w saved is a capture dorascope (and Wireshark) can read again: the same exchange is in it.
    const again = spawnSync(process.execPath, [BIN, saved, '--json'], { cwd: ROOT, encoding: 'utf8' });
    expect(again.status).toBe(0);
    expect((JSON.parse(again.stdout) as Report).transactions.some((t) => t.kind === 'DORA' && t.outcome === 'ACK')).toBe(true);
    expect(nsPids(CLI).map(comm).filter((c) => ['tcpdump', 'dumpcap', 'node'].includes(c))).toEqual([]);
  }, 90_000);
});
