/**
 * The outer path of an overlay in the report: the packet record's `tunnel` keeps the VLAN tags of the underlay
 * frame beside the endpoints and VNI, the exchange's segment label names them, and the text timeline and the
 * TUI's packet pane show them; the inner frame's own tags stay in `vlan`.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/index.js';
import { transactionData } from '../../src/render/html/page-data.js';
import { renderMermaid } from '../../src/render/mermaid.js';
import { renderText } from '../../src/render/text.js';
import { packetFields } from '../../src/render/tui/packet-fields.js';
import { scenario } from '../helpers/scenario.js';
import { validateReport } from '../helpers/schema.js';
import { buildVxlan } from '../helpers/tunnels.js';

const MAC = '02:00:00:0b:00:01';
const SRV = '10.0.0.1';
const underlay = { src: '192.0.2.1', dst: '192.0.2.2', vlans: [{ id: 100 }] };

describe('an overlay over a tagged underlay', () => {
  it('keeps the outer VLAN in packets[].tunnel, the segment label, the timeline and the packet pane', async () => {
    const s = scenario()
      .through((inner) => buildVxlan({ ...underlay, vni: 42, inner }))
      .at(0)
      .dora({ mac: MAC, xid: 1, server: SRV, yiaddr: '10.0.0.5' });
    const r = await analyze(s.build(), { packets: true });
    expect(validateReport(r)).toEqual([]);
    const p = r.packets![0]!;
    expect([p.vlan, p.tunnel]).toEqual([[], [{ type: 'vxlan', src: '192.0.2.1', dst: '192.0.2.2', vni: 42, vlan: [100] }]]);
    const tx = r.transactions[0]!;
    expect(tx.segment?.label).toBe('VXLAN 192.0.2.1 → 192.0.2.2 VNI 42 over VLAN 100');
    expect(tx.vlan).toBeUndefined();
    expect(renderText(r)).toContain('via VXLAN 192.0.2.1 → 192.0.2.2 VNI 42 over VLAN 100');
    // The HTML page's ladder says it under the exchange's title, and the Mermaid heading too.
    expect(transactionData(r, tx, (n) => r.packets?.find((x) => x.frame === n)).info).toContain('via VXLAN 192.0.2.1 → 192.0.2.2 VNI 42 over VLAN 100');
    expect(renderMermaid(r)).toContain('via VXLAN 192.0.2.1 → 192.0.2.2 VNI 42 over VLAN 100');
    const rows = packetFields(p).map((x) => `${x.label}: ${x.value}`);
    expect(rows.slice(1, 3)).toEqual(['Overlay: VXLAN 192.0.2.1 → 192.0.2.2 VNI 42 over VLAN 100', 'outer VLAN: 100']);
    expect(rows.indexOf('Overlay: VXLAN 192.0.2.1 → 192.0.2.2 VNI 42 over VLAN 100')).toBeLessThan(rows.findIndex((x) => x.startsWith('Link')));
  });
});
