/**
 * The ARP view per segment: the same address inside two VXLAN networks, two GRE tunnels or two VLANs is two
 * addresses (tenants reuse 10.0.0.0/24 everywhere), so two MACs claiming it there is no conflict; inside one
 * segment it is, whichever VTEPs carried the frames. Leases and probes are looked up in the claim's segment too.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/index.js';
import { concat } from '../helpers/frames.js';
import { scenario } from '../helpers/scenario.js';
import { validateReport } from '../helpers/schema.js';
import { buildGre, buildVxlan } from '../helpers/tunnels.js';

const IP = '10.0.0.5';
const MAC1 = '02:00:00:0a:00:01';
const MAC2 = '02:00:00:0a:00:02';
const SRV = '10.0.0.1';

const vxlan = (vni: number, src = '192.0.2.1', dst = '192.0.2.2') => (inner: Uint8Array) => buildVxlan({ src, dst, vni, inner });
const gre = (key: number, src: string, dst: string) => (inner: Uint8Array) => buildGre({ src, dst, protocol: 0x6558, key, inner });
/** An 802.1Q tag after the two MAC addresses. */
const vlan = (id: number) => (l: Uint8Array) => concat(l.subarray(0, 12), [0x81, 0x00, (id >> 8) & 0x0f, id & 0xff], l.subarray(12));

async function run(s: ReturnType<typeof scenario>) {
  const r = await analyze(s.build());
  expect(validateReport(r)).toEqual([]);
  return r;
}

describe('ARP claims and conflicts per segment', () => {
  it('two MACs claiming one address in two VXLAN networks: two bindings, no conflict', async () => {
    const r = await run(
      scenario()
        .through(vxlan(10)).at(0).arpAnnounce({ mac: MAC1, ip: IP })
        .through(vxlan(20)).at(1).arpAnnounce({ mac: MAC2, ip: IP }),
    );
    expect(r.arp.map((b) => [b.ip, b.segment, b.claims.map((c) => c.mac), b.conflict])).toEqual([
      [IP, 'VXLAN VNI 10', [MAC1], false],
      [IP, 'VXLAN VNI 20', [MAC2], false],
    ]);
    expect(r.findings.map((f) => f.code)).toEqual([]);
  });

  it('two MACs claiming one address in one VXLAN network are a conflict, even from different VTEPs', async () => {
    const r = await run(
      scenario()
        .through(vxlan(10, '192.0.2.1', '192.0.2.2')).at(0).arpAnnounce({ mac: MAC1, ip: IP })
        .through(vxlan(10, '192.0.2.3', '192.0.2.2')).at(1).arpAnnounce({ mac: MAC2, ip: IP }),
    );
    expect(r.arp.map((b) => [b.segment, b.claims.map((c) => c.mac), b.conflict])).toEqual([['VXLAN VNI 10', [MAC1, MAC2], true]]);
    const f = r.findings.find((x) => x.code === 'ARP_CONFLICT');
    expect(f?.message).toBe(`${IP} was claimed in ARP by ${MAC1} and then by ${MAC2} on VXLAN VNI 10`);
    expect(f?.frames).toEqual([1, 2]);
  });

  it('a GRE tunnel is one segment in both directions, and two GRE keys are two', async () => {
    const r = await run(
      scenario()
        .through(gre(7, '192.0.2.1', '192.0.2.2')).at(0).arpAnnounce({ mac: MAC1, ip: IP })
        .through(gre(8, '192.0.2.1', '192.0.2.2')).at(0.5).arpAnnounce({ mac: MAC2, ip: IP })
        .through(gre(7, '192.0.2.2', '192.0.2.1')).at(1).arpAnnounce({ mac: MAC2, ip: IP }),
    );
    expect(r.arp.map((b) => [b.segment, b.claims.map((c) => c.mac), b.conflict])).toEqual([
      ['GRE 192.0.2.1 ↔ 192.0.2.2 key 7', [MAC1, MAC2], true],
      ['GRE 192.0.2.1 ↔ 192.0.2.2 key 8', [MAC2], false],
    ]);
    expect(r.findings.filter((x) => x.code === 'ARP_CONFLICT').map((x) => x.frames)).toEqual([[1, 3]]);
  });

  it('two VLANs are two segments; one VLAN is one, and the plain LAN has no segment field', async () => {
    const apart = await run(
      scenario()
        .through(vlan(10)).at(0).arpAnnounce({ mac: MAC1, ip: IP })
        .through(vlan(20)).at(1).arpAnnounce({ mac: MAC2, ip: IP })
        .through().at(2).arpAnnounce({ mac: MAC1, ip: '10.0.0.9' }),
    );
    expect(apart.arp.map((b) => [b.ip, b.segment, b.conflict])).toEqual([
      [IP, 'vlan 10', false],
      [IP, 'vlan 20', false],
      ['10.0.0.9', undefined, false],
    ]);
    expect('segment' in apart.arp[2]!).toBe(false);
    expect(apart.findings).toEqual([]);
    const together = await run(
      scenario()
        .through(vlan(10)).at(0).arpAnnounce({ mac: MAC1, ip: IP })
        .at(1).arpAnnounce({ mac: MAC2, ip: IP }),
    );
    expect(together.arp.map((b) => [b.segment, b.conflict])).toEqual([['vlan 10', true]]);
    expect(together.findings.map((f) => f.code)).toEqual(['ARP_CONFLICT']);
  });

  it('a lease in one VXLAN network is not held against a claim of its address in another; in its own it is', async () => {
    const leased = (s: ReturnType<typeof scenario>) =>
      s.through(vxlan(10)).at(0).dora({ mac: MAC1, xid: 1, server: SRV, yiaddr: IP, lease: 3600 });
    const other = await run(leased(scenario()).through(vxlan(20)).at(5).arpAnnounce({ mac: MAC2, ip: IP }));
    expect(other.leases.map((l) => [l.ip, l.mac])).toEqual([[IP, MAC1]]);
    expect(other.findings.map((f) => f.code)).toEqual([]);
    expect(other.arp.map((b) => [b.segment, b.conflict])).toEqual([['VXLAN VNI 20', false]]);
    const same = await run(leased(scenario()).through(vxlan(10)).at(5).arpAnnounce({ mac: MAC2, ip: IP }));
    const f = same.findings.find((x) => x.code === 'ARP_CONFLICT');
    expect(f?.message).toBe(`${IP} is leased to ${MAC1} (from ${SRV}) but ${MAC2} claimed it in ARP on VXLAN VNI 10`);
  });

  it('the same address acked to two clients in two VXLAN networks is no double assignment', async () => {
    const s = scenario()
      .through(vxlan(10)).at(0).dora({ mac: MAC1, xid: 1, server: SRV, yiaddr: IP })
      .through(vxlan(20)).at(1).dora({ mac: MAC2, xid: 2, server: SRV, yiaddr: IP });
    const r = await run(s);
    expect(r.leases.map((l) => l.mac)).toEqual([MAC1, MAC2]);
    expect(r.findings.map((f) => f.code)).not.toContain('DOUBLE_ASSIGNMENT');
    const plain = await run(scenario().at(0).dora({ mac: MAC1, xid: 1, server: SRV, yiaddr: IP }).at(1).dora({ mac: MAC2, xid: 2, server: SRV, yiaddr: IP }));
    expect(plain.findings.map((f) => f.code)).toContain('DOUBLE_ASSIGNMENT');
  });

  it('an RFC 5227 probe is answered only from its own segment', async () => {
    const probe = (answerVni: number) =>
      run(
        scenario()
          .through(vxlan(10)).at(0).arpProbe({ mac: MAC1, ip: IP })
          .through(vxlan(answerVni)).at(0.2).arpReply({ mac: MAC2, ip: IP, toMac: MAC1, toIp: '0.0.0.0' }),
      );
    expect((await probe(20)).findings.map((f) => f.code)).toEqual([]);
    const answered = await probe(10);
    expect(answered.findings.map((f) => [f.code, f.message])).toEqual([
      ['PROBE_ANSWERED', `${MAC1} probed for ${IP} on VXLAN VNI 10 and ${MAC2} answered: the address is in use`],
    ]);
  });
});
