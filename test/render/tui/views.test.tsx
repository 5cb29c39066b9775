import { afterEach, describe, expect, it } from 'vitest';
import type { Report, Transaction } from '../../../src/report/types.js';
import { at, buildSampleReport } from '../../helpers/sample-report.js';
import { KEY, lineWith, renderApp, type Harness } from './harness.js';

let ui: Harness | undefined;
afterEach(() => ui?.unmount());

describe('overview', () => {
  it('summarises the capture, frames, message types, servers, findings and clients', async () => {
    ui = await renderApp(undefined, { columns: 100, rows: 30 });
    const frame = ui.frame();
    expect(frame).toContain('fixtures/lab-vmnet8.pcapng · pcapng · Ethernet · 2m30s · 64 frames · ✓ complete');
    expect(frame).toContain('64 all · 33 DHCP · 6 ARP · 1 malformed');
    expect(lineWith(frame, 'DISCOVER')).toMatch(/DISCOVER +8 █+/);
    expect(lineWith(frame, ' NAK ')).toMatch(/NAK +1 █/);
    expect(lineWith(frame, '192.168.136.254')).toMatch(/192\.168\.136\.254 VMware +2 +3 +1/);
    expect(lineWith(frame, '✗ error')).toMatch(/✗ error +3/);
    expect(lineWith(frame, '▲ warning')).toMatch(/▲ warning +5/);
    expect(frame).toMatch(/ VirtualBox +1 █/);
    expect(frame).toMatch(/ VMware +3 █/);
    expect(frame).toMatch(/ QEMU\/KVM +2 █/);
  });

  it('widens the server counts to the biggest number, so the counts of a flood stay apart', async () => {
    const base = buildSampleReport();
    const report: Report = { ...base, servers: base.servers.map((s, i) => (i === 0 ? { ...s, offers: 69_964, acks: 123_456, naks: 0 } : s)) };
    ui = await renderApp(report, { columns: 100, rows: 30 });
    expect(lineWith(ui.frame(), ' offer ')).toMatch(/offer +ack +nak/);
    expect(lineWith(ui.frame(), base.servers[0]!.ip)).toMatch(/ 69964 123456 +0/);
  });

  it('flags an incomplete capture', async () => {
    const base = buildSampleReport();
    const report: Report = { ...base, captures: base.captures.map((c) => ({ ...c, complete: false, compressed: true })) };
    ui = await renderApp(report);
    expect(ui.frame()).toContain('pcapng (gzip)');
    expect(ui.frame()).toContain('✗ incomplete');
  });
});

describe('leases', () => {
  it('lists leases with state, renewals and a timeline; overlapping leases of one IP are marked', async () => {
    ui = await renderApp(undefined, { columns: 140, rows: 30 });
    await ui.press('3');
    const frame = ui.frame();
    expect(lineWith(frame, '00:0c:29:4f:8e:35')).toMatch(/192\.168\.136\.128 +00:0c:29:4f:8e:35 +VMware, Inc\. +ubuntu-vm +192\.168\.136\.254 .*active +1 /);
    const overlapping = frame.split('\n').filter((l) => l.includes('192.168.136.50 '));
    expect(overlapping).toHaveLength(2);
    expect(overlapping.every((l) => l.includes('active !'))).toBe(true);
    expect(lineWith(frame, 'released')).toContain('◀');
    expect(lineWith(frame, 'build-01')).toMatch(/━+▶/);
  });

  it('shows the selected lease in full and Enter opens its handshake', async () => {
    ui = await renderApp();
    await ui.press('3', 'j');
    expect(ui.frame()).toContain('! overlaps another lease of this IP');
    expect(ui.frame()).toContain('transactions 0x11aa22bb');
    await ui.press(KEY.enter);
    expect(ui.frame()).toContain('[2 Handshakes');
    expect(ui.frame()).toContain('0x11aa22bb DORA ACK');
  });
});

describe('ARP', () => {
  it('shows who claimed each address over time, conflicts highlighted', async () => {
    ui = await renderApp();
    await ui.press('4');
    expect(lineWith(ui.frame(), '192.168.136.129')).toMatch(/✗ CONFLICT +2 00:0c:29:11:22:33 → 00:50:56:c0:00:08/);
    expect(lineWith(ui.frame(), '192.168.136.128')).toMatch(/ok +1 00:0c:29:4f:8e:35/);
    await ui.press('G');
    expect(lineWith(ui.frame(), '✗ 00:50:56:c0:00:08')).toMatch(/#23 +1 reply/);
  });
});

describe('many transactions', () => {
  function flood(n: number): Report {
    const base = buildSampleReport();
    const template = base.transactions[0] as Transaction;
    const transactions = Array.from({ length: n }, (_, i): Transaction => {
      const mac = `02:00:${[(i >> 16) & 255, (i >> 8) & 255, i & 255, 1].map((b) => b.toString(16).padStart(2, '0')).join(':')}`;
      return { ...template, id: `t-${i}`, xid: `0x${i.toString(16).padStart(8, '0')}`, clientMac: mac, firstTime: at(i / 100), outcome: 'NO_OFFER', steps: template.steps.slice(0, 1), offers: [], arpFrames: [] };
    });
    return { ...base, transactions };
  }

  it('renders only the visible rows and keeps the selection in view', async () => {
    ui = await renderApp(flood(10_000));
    await ui.press('2');
    expect(ui.frame()).toContain('2 Handshakes 10000');
    expect(ui.frame().split('\n')).toHaveLength(24);
    await ui.press('G');
    expect(lineWith(ui.frame(), '›')).toContain('02:00:00:27:0f:01');
    expect(ui.frame()).toContain('10000/10000');
    await ui.press(KEY.up, KEY.up);
    expect(lineWith(ui.frame(), '›')).toContain('02:00:00:27:0d:01');
    expect(ui.frame()).toContain('02:00:00:27:0f:01');
    await ui.press('\u001B[5~');
    expect(ui.frame()).toContain(`${10_000 - 2 - 10}/10000`);
  });
});

describe('terminal size', () => {
  it('fits 80×24 and uses the width it is given', async () => {
    for (const [columns, rows] of [[80, 24], [100, 30], [200, 50]] as const) {
      ui = await renderApp(undefined, { columns, rows });
      for (const key of ['1', '2', '3', '4', '5']) {
        await ui.press(key);
        const lines = ui.frame().split('\n');
        expect(lines).toHaveLength(rows);
        expect(lines.every((l) => [...l].length <= columns)).toBe(true);
      }
      ui.unmount();
      ui = undefined;
    }
  });
});
