/**
 * One address leased in two VLANs or two overlays is two leases: each says where it was granted
 * (leases[].segment, as arp[].segment does), the text table and the TUI's Leases view show it, and leases of
 * different segments never count as overlapping. Checked on the lab's captures: two VXLAN tenants with one
 * address plan (23), two VLANs (09), and a plain LAN (01).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { analyze } from '../../src/index.js';
import { renderText } from '../../src/render/text.js';
import { renderApp, type Harness } from '../render/tui/harness.js';

let ui: Harness | undefined;
afterEach(() => ui?.unmount());

describe('leases[].segment', () => {
  it('names the VNI of each tenant when two VXLAN networks lease one address', async () => {
    const r = await analyze('fixtures/captures/23-vxlan-tenants.pcap');
    expect(r.leases.map((l) => [l.ip, l.segment, l.mac])).toEqual([
      ['10.9.23.50', 'VXLAN VNI 10', '02:00:00:00:23:01'],
      ['10.9.23.50', 'VXLAN VNI 20', '02:00:00:00:23:11'],
    ]);
    // The lease's segment is the one its ARP bindings and exchanges were kept under.
    for (const l of r.leases) expect(r.arp.some((b) => b.segment === l.segment)).toBe(true);
    const text = renderText(r);
    expect(text).toMatch(/IP +segment +MAC/);
    expect(text).toMatch(/10\.9\.23\.50 +VXLAN VNI 20 +02:00:00:00:23:11/);
  });

  it('names the VLAN, and is absent on the plain LAN (no segment column there)', async () => {
    const vlans = await analyze('fixtures/captures/09-vlans.pcapng');
    expect(vlans.leases.length).toBeGreaterThan(1);
    for (const l of vlans.leases) expect(l.segment).toMatch(/^vlan \d+$/);
    const plain = await analyze('fixtures/captures/01-dora-renew-release.pcap');
    expect(plain.leases.length).toBeGreaterThan(0);
    for (const l of plain.leases) expect('segment' in l).toBe(false);
    expect(renderText(plain)).not.toMatch(/IP +segment/);
  });

  it('TUI: the Leases view shows the segment and does not flag the two tenants as overlapping', async () => {
    const r = await analyze('fixtures/captures/23-vxlan-tenants.pcap');
    ui = await renderApp(r, { columns: 140, rows: 30 });
    await ui.press('3');
    const rows = ui.frame().split('\n').filter((line) => /^[› ] 10\.9\.23\.50 /.test(line));
    expect(rows).toHaveLength(2);
    expect(ui.frame()).toContain('10.9.23.50 on VXLAN VNI 10 → 02:00:00:00:23:01');
    expect(rows[0]).toContain('VXLAN VNI 10');
    expect(rows[1]).toContain('VXLAN VNI 20');
    for (const row of rows) expect(row).not.toMatch(/active !/);
  });
});
