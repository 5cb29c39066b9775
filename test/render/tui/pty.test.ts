/**
 * The real binary in a real pseudo-terminal (tmux): the TUI opens on a fixture capture, reacts to keys,
 * and gives the terminal back when it quits. Skips, saying why, until the CLI is built and tmux exists.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = process.env['DORASCOPE_BIN'] ?? join(root, 'bin/dorascope.js');
const dist = join(dirname(dirname(bin)), 'dist');
const fixture = join(root, 'fixtures/captures/03-two-servers.pcap');
const hasTmux = spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;

const missing = [
  existsSync(bin) ? '' : 'bin/dorascope.js',
  existsSync(join(dist, 'bundle/dorascope.cjs')) ? '' : 'dist/bundle/dorascope.cjs (npm run build)',
  hasTmux ? '' : 'tmux',
  existsSync(fixture) ? '' : 'fixtures/captures/03-two-servers.pcap',
].filter(Boolean);

// A private tmux server (own socket file) and a unique session: never touches the user's tmux.
const socket = join(tmpdir(), `dorascope-pty-${process.pid}-${Date.now()}.sock`);
const session = 'tui';

function tmux(...args: string[]): string {
  const result = spawnSync('tmux', ['-S', socket, ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

const screen = (): string => tmux('capture-pane', '-p', '-t', session);

async function waitFor(predicate: (text: string) => boolean, what: string, ms = 10_000): Promise<string> {
  const deadline = Date.now() + ms;
  let text = '';
  while (Date.now() < deadline) {
    text = screen();
    if (predicate(text)) return text;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}; screen was:\n${text}`);
}

describe('the TUI in a pseudo-terminal', () => {
  if (missing.length > 0) {
    it.skip(`runs the real binary in tmux (skipped: ${missing.join(', ')} missing)`, () => undefined);
    return;
  }

  afterAll(() => {
    spawnSync('tmux', ['-S', socket, 'kill-session', '-t', session]);
    spawnSync('tmux', ['-S', socket, 'kill-server']);
    rmSync(socket, { force: true });
  });

  it('opens on the overview, shows the ladder with both servers, opens a packet, and quits cleanly', async () => {
    // The shell stays after the program so that its exit status and the restored screen can be read.
    // The capture is named relative to the checkout: a deep checkout's absolute path would not fit the header.
    const command = `cd '${root}' && env -u CI TERM=xterm-256color node '${bin}' '${relative(root, fixture)}' --tui; echo "exit=$?"; sleep 600`;
    tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', command);

    // Once reading is over the overview says so (a stale live snapshot would keep saying "reading").
    const overview = await waitFor((s) => s.includes('1 Overview') && s.includes('✓ complete'), 'the finished overview');
    expect(overview).toContain('03-two-servers.pcap');
    expect(overview).toContain('DHCP messages');
    expect(overview).toContain('10.9.3.1');
    expect(overview).not.toContain('reading');

    tmux('send-keys', '-t', session, '2');
    const ladder = await waitFor((s) => s.includes('DISCOVER ⇉'), 'the ladder');
    expect(ladder).toMatch(/10\.9\.3\.1 +10\.9\.3\.2/);
    expect(ladder.split('\n').filter((l) => l.includes('OFFER →'))).toHaveLength(2);
    expect(ladder).toContain('02:00:00:00:03:01');

    // Wider than 140 columns: list and ladder side by side (the ladder's title on the list's header line).
    tmux('resize-window', '-t', session, '-x', '160', '-y', '40');
    await waitFor((s) => s.split('\n').some((l) => l.includes('outcome') && l.includes('0x76834c15')), 'the wide layout');

    tmux('send-keys', '-t', session, 'Enter');
    await waitFor((s) => s.includes('⏎ packet'), 'the steps focus');
    // DISCOVER, then 10.9.3.2's ARP check of 10.9.3.150 (frame 2), then dnsmasq's OFFER.
    tmux('send-keys', '-t', session, 'j', 'j', 'Enter');
    const packet = await waitFor((s) => /Frame 3 · OFFER/.test(s), 'the packet pane');
    expect(packet).toMatch(/0000 02 00 00 00 03 01/);
    expect(packet).toMatch(/yiaddr +10\.9\.3\.50/);

    tmux('send-keys', '-t', session, 'Escape');
    await waitFor((s) => !s.includes('Frame 3 · OFFER') && s.includes('DISCOVER ⇉'), 'the ladder again');
    tmux('send-keys', '-t', session, '?');
    await waitFor((s) => s.includes('dorascope — keys'), 'the help');
    tmux('send-keys', '-t', session, 'Escape', 'q');

    const after = await waitFor((s) => s.includes('exit='), 'the program to end');
    expect(after).toContain('exit=0');
    // The alternate screen is gone: the shell's screen is back, without the TUI on it.
    expect(after).not.toContain('Handshakes');
  }, 30_000);
});
