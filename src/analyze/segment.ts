/**
 * The broadcast domain a frame was seen in, as a key and label: the capture file and interface, the overlay it
 * came through and its VLAN tags. Exchanges, leases, ARP claims and server grouping are kept per segment, so the
 * same address inside two tunnels or two VLANs is two addresses.
 *
 * A VXLAN or Geneve network is its VNI, whichever pair of tunnel endpoints carried the frame (a VNI spans all its
 * VTEPs, and the two directions of one exchange swap them); GRE and ERSPAN are point-to-point, so their segment
 * is the endpoint pair (either way round) with the key or session id.
 */
import type { DecodedFrame } from '../decode/frame.js';
import type { TunnelLayer } from '../decode/tunnel.js';
import { ipToInt } from './fields.js';
import { makeInterner } from './intern.js';

type Located = Pick<DecodedFrame, 'captureIndex' | 'interfaceId' | 'vlan' | 'tunnel'>;

/** One VLAN tag on the first interface, the next most common case: its label made once per VLAN id. */
const ONE_VLAN = new Map<number, string>();
/** Every other label, shared: exchanges, leases and ARP addresses keep it, and each frame would make its own. */
const shared = makeInterner(1 << 12);

/** '' for the first interface's untagged, untunnelled LAN (the common case costs no string). */
export function linkSegmentOf(f: Located): string {
  if (f.tunnel === undefined && f.captureIndex === 0 && f.interfaceId === 0) {
    if (f.vlan.length === 0) return '';
    if (f.vlan.length === 1) {
      const id = f.vlan[0]!;
      let label = ONE_VLAN.get(id);
      if (label === undefined) {
        label = `vlan ${id}`;
        if (ONE_VLAN.size < 4096) ONE_VLAN.set(id, label);
      }
      return label;
    }
  }
  return shared(segmentLabel(f));
}

function segmentLabel(f: Located): string {
  let where = f.tunnel ? f.tunnel.map(tunnelSegment).join(' / ') : '';
  if (f.vlan.length) where = where ? `${where} vlan ${f.vlan.join('.')}` : `vlan ${f.vlan.join('.')}`;
  if (f.captureIndex === 0 && f.interfaceId === 0) return where;
  const iface = `interface ${f.interfaceId}${f.captureIndex > 0 ? ` of capture ${f.captureIndex + 1}` : ''}`;
  return where ? `${where} on ${iface}` : iface;
}

/** "VXLAN VNI 42", "Geneve VNI 7", "GRE 10.0.0.1 ↔ 10.0.0.2 key 5", "ERSPAN 10.0.0.1 ↔ 10.0.0.2 session 3". */
export function tunnelSegment(t: TunnelLayer): string {
  if (t.type === 'vxlan' || t.type === 'geneve') return `${t.type === 'vxlan' ? 'VXLAN' : 'Geneve'} VNI ${t.vni ?? '?'}`;
  const [a, b] = ipToInt(t.src) <= ipToInt(t.dst) ? [t.src, t.dst] : [t.dst, t.src];
  const id = t.session !== undefined ? ` session ${t.session}` : t.key !== undefined ? ` key ${t.key}` : '';
  return `${t.type === 'gre' ? 'GRE' : 'ERSPAN'} ${a} ↔ ${b}${id}`;
}
