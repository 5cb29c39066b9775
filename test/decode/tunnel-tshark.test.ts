/**
 * The overlay builder checked by a second reader: tshark dissects the built frames as VXLAN, Geneve, GRE and
 * ERSPAN with the same identifiers and the same inner DHCP message our decoder reads. Skipped, saying why,
 * where tshark is not installed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Decoder } from '../../src/decode/decoder.js';
import { buildPcap } from '../helpers/capture-writer.js';
import { buildDhcpMessage, rawOpt } from '../helpers/dhcp-builder.js';
import { buildDhcpEthernet, buildIpv4, buildUdp, record } from '../helpers/frames.js';
import { buildErspan, buildGeneve, buildGre, buildVxlan } from '../helpers/tunnels.js';

const tshark = spawnSync('tshark', ['--version'], { encoding: 'utf8' }).status === 0;
if (!tshark) console.warn('tunnel-tshark: tshark is not installed; the overlay frames are not checked against it');

const CLIENT = '02:00:00:00:0c:01';
const inner = (xid: number) =>
  buildDhcpEthernet({ srcMac: CLIENT, dstMac: 'ff:ff:ff:ff:ff:ff', vlans: [{ id: 30 }], payload: buildDhcpMessage({ op: 1, xid, chaddr: CLIENT, options: [rawOpt(53, '01')] }) });
const outer = { src: '192.0.2.1', dst: '192.0.2.2' };
const frames = [
  buildVxlan({ ...outer, vni: 5001, inner: inner(1) }),
  buildGeneve({ ...outer, vni: 0xabcdef, options: [{ optClass: 0x0104, type: 0x80, data: [1, 2, 3, 4] }], inner: inner(2) }),
  buildGre({ ...outer, protocol: 0x6558, key: 77, seq: 9, inner: inner(3) }),
  buildErspan({ ...outer, type: 1, inner: inner(4) }),
  buildErspan({ ...outer, type: 2, session: 513, inner: inner(5) }),
  buildErspan({ ...outer, type: 3, session: 1023, inner: inner(6) }),
];

describe.skipIf(!tshark)('overlay frames as tshark reads them', () => {
  it('agree on the overlay, its identifier and the inner DHCP message, frame by frame', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dorascope-tunnels-'));
    try {
      const file = path.join(dir, 'tunnels.pcap');
      writeFileSync(file, buildPcap({ records: frames.map((data, i) => ({ sec: 1_700_000_000 + i, frac: 0, data })) }));
      const fields = ['frame.protocols', 'vxlan.vni', 'geneve.vni', 'gre.key', 'erspan.spanid', 'vlan.id', 'eth.src', 'dhcp.id', 'dhcp.hw.mac_addr'];
      const out = spawnSync('tshark', ['-n', '-r', file, '-T', 'fields', '-E', 'separator=\t', '-E', 'occurrence=l', ...fields.flatMap((f) => ['-e', f])], { encoding: 'utf8' });
      expect(out.status, out.stderr).toBe(0);
      const rows = out.stdout.trimEnd().split('\n').map((l) => l.split('\t'));
      const ours = frames.map((bytes) => {
        const f = new Decoder().decode(record(bytes));
        if (f?.kind !== 'dhcp') throw new Error('not decoded as DHCP');
        const t = f.tunnel![0]!;
        return [t.type, String(t.vni ?? t.key ?? t.session ?? ''), String(f.vlan[0]), f.srcMac, `0x${f.dhcp.xid.toString(16).padStart(8, '0')}`, f.dhcp.chaddr];
      });
      const theirs = rows.map(([protocols, vxlan, geneve, gre, erspan, vlan, src, xid, chaddr]) => {
        const type = ['vxlan', 'geneve', 'erspan', 'gre'].find((p) => protocols!.split(':').includes(p))!;
        const id = vxlan || geneve || (type === 'gre' ? gre : erspan) || '';
        // tshark writes some identifiers in hex (0x0000004d): compare numbers.
        return [type, id === '' ? '' : String(Number(id)), vlan, src, xid, chaddr];
      });
      expect(theirs).toEqual(ours);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('agree on the VLAN tags outside and inside the overlay: the tunnel layer\'s, then the inner frame\'s', () => {
    const ip = buildIpv4({ src: '0.0.0.0', dst: '255.255.255.255', protocol: 17, payload: buildUdp({ srcPort: 68, dstPort: 67, payload: buildDhcpMessage({ op: 1, xid: 9, chaddr: CLIENT, options: [rawOpt(53, '01')] }) }) });
    const tagged = [
      buildVxlan({ ...outer, vlans: [{ id: 200, tpid: 0x88a8 }, { id: 100 }], vni: 5001, inner: inner(7) }),
      buildGre({ ...outer, vlans: [{ id: 7 }], protocol: 0x6558, key: 3, inner: inner(8) }),
      buildGre({ ...outer, vlans: [{ id: 100 }], protocol: 0x0800, inner: ip }),
    ];
    const dir = mkdtempSync(path.join(tmpdir(), 'dorascope-tunnel-vlans-'));
    try {
      const file = path.join(dir, 'tagged.pcap');
      writeFileSync(file, buildPcap({ records: tagged.map((data, i) => ({ sec: 1_700_000_000 + i, frac: 0, data })) }));
      const out = spawnSync('tshark', ['-n', '-r', file, '-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=,', '-e', 'ieee8021ad.id', '-e', 'vlan.id', '-e', 'dhcp.id'], { encoding: 'utf8' });
      expect(out.status, out.stderr).toBe(0);
      // tshark names an 802.1ad (0x88a8) tag ieee8021ad.id and an 802.1Q one vlan.id; here the 802.1ad tag is outermost.
      const theirs = out.stdout.trimEnd().split('\n').map((l) => {
        const [ad, q, xid] = l.split('\t');
        return [[ad, q].filter((x) => x).join(','), xid];
      });
      const ours = tagged.map((bytes) => {
        const f = new Decoder().decode(record(bytes));
        if (f?.kind !== 'dhcp') throw new Error('not decoded as DHCP');
        return [[...f.tunnel!.flatMap((t) => t.vlan ?? []), ...f.vlan].join(','), `0x${f.dhcp.xid.toString(16).padStart(8, '0')}`];
      });
      expect(theirs).toEqual(ours);
      expect(ours.map(([v]) => v)).toEqual(['200,100,30', '7,30', '100']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
