/**
 * Live capture: starts tcpdump or dumpcap (whichever is installed) writing pcap/pcapng to stdout, packet by
 * packet, through a capture filter that keeps what the analysis reads (DHCP, ARP, the ICMP it uses), also
 * VLAN-tagged. The bytes become a capture input like stdin. The capturer is stopped by its PID on stop(),
 * on --duration, and when this process exits for any reason.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, closeSync, constants, createWriteStream, existsSync, openSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { CaptureError } from './error.js';

export type Capturer = 'tcpdump' | 'dumpcap';

export interface LiveOptions {
  readonly interfaces: readonly string[];
  /** Stop after this many seconds. */
  readonly durationS?: number;
  /** Stop after this many packets (counted by the capturer, after its filter). */
  readonly count?: number;
  /** Also save the raw capture here. */
  readonly writeTo?: string;
  /** Which program to use; by default tcpdump for one interface, dumpcap for several, whichever is installed. */
  readonly capturer?: Capturer;
  /** Where to look for it (tests); by default $PATH and the sbin directories. */
  readonly searchPath?: string;
}

export interface LiveCapture {
  readonly name: string;
  readonly capturer: Capturer;
  readonly pid: number;
  /** The capture's bytes as they come; ends when the capturer stops. */
  readonly chunks: AsyncIterable<Uint8Array>;
  /** Stops the capturer (SIGTERM, then SIGKILL if it lingers); resolves once it has exited. */
  stop(): Promise<void>;
  /** Set once stop() was called or the duration ran out (the end of input is then expected). */
  readonly stopped: boolean;
}

/** DHCP (server, client, relayed 67↔67, PXE proxy 4011), ARP, and ICMP echo and unreachable. */
const DHCP_ARP_ICMP =
  'udp port 67 or udp port 68 or udp port 4011 or arp or icmp[icmptype] == icmp-unreach or icmp[icmptype] == icmp-echo or icmp[icmptype] == icmp-echoreply';

/** The capture filter; VLAN-tagged (also QinQ) copies too, except on `any`, whose cooked header has no tags. */
export function captureFilter(anyInterface: boolean): string {
  const f = `(${DHCP_ARP_ICMP})`;
  return anyInterface ? f : `${f} or (vlan and ${f}) or (vlan and vlan and ${f})`;
}

const PACKAGES: Readonly<Record<Capturer, string>> = { tcpdump: 'tcpdump', dumpcap: 'wireshark-common' };
const SBIN = ['/usr/sbin', '/sbin', '/usr/local/sbin'];

export function findExecutable(name: string, path?: string): string | undefined {
  const dirs = path !== undefined ? path.split(delimiter) : [...(process.env['PATH'] ?? '').split(delimiter), ...SBIN];
  for (const dir of dirs.filter(Boolean)) {
    const full = join(dir, name);
    try {
      accessSync(full, constants.X_OK);
      return full;
    } catch {
      // not here
    }
  }
  return undefined;
}

function chooseCapturer(opts: LiveOptions): { capturer: Capturer; path: string } {
  const order: Capturer[] = opts.capturer ? [opts.capturer] : opts.interfaces.length > 1 ? ['dumpcap', 'tcpdump'] : ['tcpdump', 'dumpcap'];
  for (const capturer of order) {
    const path = findExecutable(capturer, opts.searchPath);
    if (path) return { capturer, path };
  }
  if (opts.capturer) throw new CaptureError(`${opts.capturer} is not installed (apt install ${PACKAGES[opts.capturer]})`);
  throw new CaptureError('no packet capturer found: install tcpdump (apt install tcpdump) or dumpcap (apt install wireshark-common)');
}

export function capturerArgs(capturer: Capturer, opts: LiveOptions): string[] {
  const anyInterface = opts.interfaces.includes('any');
  const count = opts.count !== undefined ? ['-c', String(Math.ceil(opts.count))] : [];
  if (capturer === 'tcpdump') {
    // -U: each packet is written at once; --immediate-mode: the kernel hands each one over at once too.
    return ['-i', opts.interfaces[0]!, '-U', '--immediate-mode', '-n', '-s', '0', '-w', '-', ...count, captureFilter(anyInterface)];
  }
  return [...opts.interfaces.flatMap((i) => ['-i', i]), '-q', '-s', '0', '-f', captureFilter(anyInterface), '-w', '-', ...count];
}

/** What the capturer said on stderr, as one line of ours. */
export function explainFailure(capturer: Capturer, ifaces: readonly string[], stderr: string): string {
  const said = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/^(listening on|Capturing on|tcpdump: listening)/i.test(l));
  const text = said.join(' ');
  if (/permission|not permitted|Operation not permitted|you don't have/i.test(text)) {
    const how =
      capturer === 'tcpdump'
        ? 'run as root, or allow it: sudo setcap cap_net_raw,cap_net_admin=eip $(command -v tcpdump)'
        : 'run as root, or join the wireshark group: sudo dpkg-reconfigure wireshark-common && sudo usermod -aG wireshark $USER';
    return `no permission to capture on ${ifaces.join(', ')}: ${how}`;
  }
  if (/no such device|doesn't exist|does not exist|no device named|there is no device|no such interface|not found/i.test(text)) {
    return `no such interface: ${ifaces.join(', ')} (see ip link)`;
  }
  return `${capturer} failed: ${said[0] ?? 'it exited without a word'}`;
}

/** Names the interfaces that surely do not exist (Linux: /sys/class/net); elsewhere the capturer will say. */
function missingInterfaces(ifaces: readonly string[]): string[] {
  if (!existsSync('/sys/class/net')) return [];
  return ifaces.filter((i) => i !== 'any' && !/^\d+$/.test(i) && !existsSync(join('/sys/class/net', i)));
}

function openOutput(path: string): number {
  try {
    return openSync(path, 'w');
  } catch (e) {
    throw new CaptureError(`cannot write ${path} (${e instanceof Error ? e.message.replace(/^\w+: /, '') : String(e)})`);
  }
}

/** Every capturer still running, killed when this process exits however it exits. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function killOnExit(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const c of running) if (c.pid !== undefined) process.kill(c.pid, 'SIGKILL');
  });
}

/** How long a starting capturer may take to say it listens (or to fail). */
const START_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 2_000;

/**
 * Starts capturing; resolves once the capturer listens, rejects with a one-line CaptureError when it cannot
 * (not installed, no permission, no such interface).
 */
export async function startLiveCapture(opts: LiveOptions): Promise<LiveCapture> {
  const missing = missingInterfaces(opts.interfaces);
  if (missing.length > 0) throw new CaptureError(`no such interface: ${missing.join(', ')} (see ip link)`);
  const { capturer, path } = chooseCapturer(opts);
  if (capturer === 'tcpdump' && opts.interfaces.length > 1) {
    throw new CaptureError('tcpdump captures one interface at a time: use -i any, or install dumpcap (apt install wireshark-common)');
  }
  const fd = opts.writeTo !== undefined ? openOutput(opts.writeTo) : undefined;
  const child = spawn(path, capturerArgs(capturer, opts), { stdio: ['ignore', 'pipe', 'pipe'] });
  killOnExit(child);
  let stderr = '';
  let stopped = false;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(-1));
  });
  const listening = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(true), START_TIMEOUT_MS);
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (text: string) => {
      stderr = (stderr + text).slice(-4096);
      // tcpdump says so once the device is open; dumpcap says "Capturing on" before it tries, so only its
      // first bytes count.
      if (capturer === 'tcpdump' && /listening on/i.test(stderr)) {
        clearTimeout(timer);
        resolve(true);
      }
    });
    // Bytes before the word: it listens ('readable' also comes at the end of the stream, with nothing to read).
    const onReadable = (): void => {
      if (child.stdout!.readableLength === 0) return;
      child.stdout!.off('readable', onReadable);
      clearTimeout(timer);
      resolve(true);
    };
    child.stdout!.on('readable', onReadable);
    void exited.then(() => {
      clearTimeout(timer);
      resolve(false);
    });
  });
  const kill = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const grace = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(grace);
  };
  if (!(await listening) || child.pid === undefined) {
    await kill();
    if (fd !== undefined) closeSync(fd);
    const code = await exited;
    throw new CaptureError(code === -1 ? `${capturer} could not be started` : explainFailure(capturer, opts.interfaces, stderr));
  }
  const timer = opts.durationS !== undefined ? setTimeout(() => void stop(), opts.durationS * 1000) : undefined;
  const stop = async (): Promise<void> => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await kill();
  };
  const file = fd !== undefined ? createWriteStream('', { fd }) : undefined;
  // A disk that fills up loses the saved copy, not the analysis.
  file?.on('error', () => undefined);
  async function* chunks(): AsyncGenerator<Uint8Array> {
    try {
      for await (const chunk of child.stdout! as AsyncIterable<Uint8Array>) {
        file?.write(chunk);
        yield chunk;
      }
      const code = await exited;
      if (!stopped && code !== 0 && code !== null && stderr.trim() !== '' && !/packets captured/i.test(stderr)) {
        throw new CaptureError(explainFailure(capturer, opts.interfaces, stderr));
      }
    } finally {
      if (timer) clearTimeout(timer);
      await kill();
      if (file) await new Promise<void>((resolve) => file.end(resolve));
    }
  }
  return {
    name: `live:${opts.interfaces.join(',')}`,
    capturer,
    pid: child.pid,
    chunks: chunks(),
    stop,
    get stopped() {
      return stopped;
    },
  };
}
