/**
 * Live capture's edges, for real where the machine allows: a capturer that is missing, an interface that is
 * not there, a user without permission (run as nobody when we are root), the capture filter libpcap accepts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { chmodSync, cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureFilter, capturerArgs, explainFailure, findExecutable, startLiveCapture } from '../../src/capture/live.js';
import { CaptureError } from '../../src/capture/error.js';
import { BIN, ROOT, buildDist } from '../helpers/cli.js';

const tcpdump = findExecutable('tcpdump');
const dumpcap = findExecutable('dumpcap');
const root = process.getuid?.() === 0;

/** Everyone may read the files under `dir` and enter its directories. */
function chmodTree(dir: string): void {
  chmodSync(dir, 0o755);
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) chmodTree(p);
    else chmodSync(p, 0o644);
  }
}

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(CaptureError);
    return (e as Error).message;
  }
  throw new Error('expected a CaptureError');
}

describe('live capture: errors in one line', () => {
  it('names the packages when no capturer is installed', async () => {
    expect(await failure(startLiveCapture({ interfaces: ['lo'], searchPath: '/nonexistent' }))).toBe(
      'no packet capturer found: install tcpdump (apt install tcpdump) or dumpcap (apt install wireshark-common)',
    );
    expect(await failure(startLiveCapture({ interfaces: ['lo'], capturer: 'dumpcap', searchPath: '/nonexistent' }))).toBe(
      'dumpcap is not installed (apt install wireshark-common)',
    );
  });

  it('says which interface does not exist', async () => {
    expect(await failure(startLiveCapture({ interfaces: ['lo', 'nosuch13'] }))).toBe('no such interface: nosuch13 (see ip link)');
  });

  it('explains what tcpdump and dumpcap say when permission is missing or the device is gone', () => {
    expect(explainFailure('tcpdump', ['eth0'], "tcpdump: eth0: You don't have permission to perform this capture on that device\n(socket: Operation not permitted)\n")).toBe(
      'no permission to capture on eth0: run as root, or allow it: sudo setcap cap_net_raw,cap_net_admin=eip $(command -v tcpdump)',
    );
    expect(explainFailure('dumpcap', ['eth0'], "Capturing on 'eth0'\ndumpcap: You do not have permission to capture on device \"eth0\".\n")).toMatch(
      /^no permission to capture on eth0: .*wireshark group/,
    );
    expect(explainFailure('tcpdump', ['x'], 'tcpdump: x: No such device exists\n(SIOCGIFHWADDR: No such device)\n')).toBe('no such interface: x (see ip link)');
    expect(explainFailure('tcpdump', ['x'], 'tcpdump: something else broke\n')).toBe('tcpdump failed: tcpdump: something else broke');
  });

  it.skipIf(!root || !tcpdump)('as nobody: exit 3 and how to allow capturing (a real tcpdump refusing)', () => {
    buildDist();
    // nobody may not be able to read the checkout (a clone under /root, or in a directory mktemp made 0700): run a
    // copy of the built program from a directory everyone can read.
    const copy = mkdtempSync(path.join(tmpdir(), 'dorascope-nobody-'));
    try {
      for (const part of ['bin', 'dist', 'package.json']) cpSync(path.join(ROOT, part), path.join(copy, part), { recursive: true });
      chmodTree(copy);
      const r = spawnSync(process.execPath, [path.join(copy, 'bin', path.basename(BIN)), '-i', 'lo', '--json'], { cwd: '/', uid: 65534, gid: 65534, encoding: 'utf8', timeout: 20_000 });
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^dorascope: no permission to capture on lo: run as root, or allow it: sudo setcap /);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.status).toBe(3);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe('live capture: stopping', () => {
  it.skipIf(!root || !tcpdump)('--count 1 on lo: the capturer stops after one packet and the report is written', async () => {
    buildDist();
    const child = spawn(process.execPath, [BIN, '-i', 'lo', '--count', '1', '--json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    const done = new Promise<number | null>((resolve) => child.once('exit', resolve));
    // One datagram to the DHCP server port on loopback, again until the capture has seen one (bounded).
    const socket = createSocket('udp4');
    let finished = false;
    void done.then(() => (finished = true));
    for (let i = 0; i < 100 && !finished; i += 1) {
      socket.send(Buffer.from('not really DHCP'), 67, '127.0.0.1');
      await new Promise((r) => setTimeout(r, 200));
    }
    socket.close();
    if (!finished) child.kill('SIGKILL');
    const code = await done;
    expect([code, err]).toEqual([0, '']);
    const report = JSON.parse(out) as { captures: { path: string; packets: number }[] };
    expect(report.captures[0]).toMatchObject({ path: 'live:lo', packets: 1 });
  }, 40_000);
});

describe('the capture filter', () => {
  it('keeps DHCP (67, 68, relayed 67↔67, 4011), ARP and the ICMP the analysis reads, also VLAN-tagged', () => {
    const f = captureFilter(false);
    for (const part of ['udp port 67', 'udp port 68', 'udp port 4011', 'arp', 'icmp-unreach', 'icmp-echo', 'vlan and vlan and']) expect(f).toContain(part);
    expect(captureFilter(true)).not.toContain('vlan');
  });

  it.skipIf(!tcpdump)('compiles in libpcap, on Ethernet and on any', () => {
    for (const [iface, any] of [['lo', false], ['any', true]] as const) {
      const r = spawnSync(tcpdump!, ['-d', '-i', iface, captureFilter(any)], { encoding: 'utf8' });
      expect(r.stderr.replace(/^tcpdump: data link type .*\n/m, '').replace(/^Warning: .*\n/gm, ''), iface).toBe('');
      expect(r.status).toBe(0);
    }
  });

  it('asks tcpdump for unbuffered pcap on stdout and dumpcap for every interface', () => {
    expect(capturerArgs('tcpdump', { interfaces: ['eth0'], count: 5 })).toEqual(['-i', 'eth0', '-U', '--immediate-mode', '-n', '-s', '0', '-w', '-', '-c', '5', captureFilter(false)]);
    expect(capturerArgs('dumpcap', { interfaces: ['a', 'b'] }).filter((a) => a === '-i')).toHaveLength(2);
    void dumpcap;
  });
});
