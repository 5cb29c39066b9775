/** The Leases view beside a lease database: its state in a column, Enter on a disagreement shows both sides. */
import { afterEach, describe, expect, it } from 'vitest';
import { analyze } from '../../../src/index.js';
import { parseLeaseText } from '../../../src/leasedb/read.js';
import { A, B, S1, IP, IP2 } from '../../helpers/hosts.js';
import { scenario, T0 } from '../../helpers/scenario.js';
import { KEY, lineWith, renderApp, type Harness } from './harness.js';

const lease = (ip: string, mac: string, at: number) =>
  `lease ${ip} {\n  starts epoch ${T0 + at};\n  ends epoch ${T0 + at + 3600};\n  binding state active;\n  hardware ethernet ${mac};\n  client-hostname "x\x1b[31m";\n}\n`;

async function report(withCapture: boolean) {
  const db = parseLeaseText(lease(IP, B, -10) + lease(IP2, A, 5), 'dhcpd.leases');
  const s = scenario().at(0).dora({ mac: A, xid: 1, server: S1, yiaddr: IP, lease: 3600 }).at(5).dora({ mac: A, xid: 2, server: S1, yiaddr: IP2, lease: 3600 });
  return analyze(withCapture ? [s.build()] : [], { leaseDatabases: [db] });
}

let ui: Harness | undefined;
afterEach(() => ui?.unmount());

describe('Leases view with a lease database', () => {
  it('shows the database state beside the wire\'s, marks a disagreement, and Enter shows both sides', async () => {
    ui = await renderApp(await report(true), { columns: 120, rows: 30 });
    await ui.press('3');
    expect(ui.frame()).toMatch(/state +database/);
    expect(lineWith(ui.frame(), IP2)).toMatch(/active +active /);
    expect(lineWith(ui.frame(), IP)).toContain(`≠ active for ${B}`);
    await ui.press(KEY.enter);
    const both = ui.frame();
    expect(both).toContain(`${IP}: the wire and the lease database`);
    expect(lineWith(both, 'On the wire')).toContain('In the database');
    expect(lineWith(both, `MAC      ${A}`)).toContain(`MAC      ${B}  ≠`);
    expect(both).toContain('record   dhcpd.leases:1');
    expect(both).toMatch(/DB_MAC_MISMATCH .* dhcpd\.leases:1/);
    await ui.press(KEY.escape);
    expect(ui.frame()).toMatch(/state +database/);
  });

  it('Enter on a lease the database agrees with still goes to its handshake', async () => {
    ui = await renderApp(await report(true), { columns: 120, rows: 30 });
    await ui.press('3', 'j', KEY.enter);
    expect(ui.frame()).not.toContain('the wire and the lease database');
    expect(ui.frame()).toContain('2 Handshakes');
  });

  it('lists the databases\' records when there is no capture, hostnames stripped of control characters', async () => {
    ui = await renderApp(await report(false), { columns: 120, rows: 30 });
    expect(ui.frame()).toContain('lease database dhcpd.leases · isc · 2 addresses');
    await ui.press('3');
    expect(ui.frame()).toContain('3 Leases 2');
    expect(lineWith(ui.frame(), IP)).toContain(B);
    expect(ui.frame()).toContain('database dhcpd.leases:1 · active');
    expect(ui.frame()).not.toContain('\x1b[31m');
  });
});
