/** What each field means for each row kind, checked on real lab captures. */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/index.js';
import {
  keepSearchTexts, matchArp, matchFinding, matchLease, matchPacket, matchServer, matchTransaction, parseFilter, type Filter,
} from '../../src/query/index.js';
import type { Report } from '../../src/report/types.js';
import { FIELDS } from '../../src/query/fields.js';
import { TRANSACTION } from '../../src/query/rows.js';

const filter = (text: string): Filter => {
  const r = parseFilter(text);
  if (!r.ok) throw new Error(`${text}: ${r.error.message}`);
  return r.filter;
};

let nak: Report;
let conflict: Report;
let renew: Report;
let vmware: Report;

beforeAll(async () => {
  const read = (name: string) => analyze(`fixtures/captures/${name}`, { packets: true });
  [nak, conflict, renew, vmware] = await Promise.all([
    read('04-init-reboot-nak.pcap'), read('12-arp-conflict.pcap'), read('06-renew-rebind.pcap'), read('15-virtual-lab-vmware.pcap'),
  ]);
});

const txs = (r: Report, text: string) => r.transactions.filter((t) => matchTransaction(filter(text), t, r)).map((t) => t.id);

describe('transactions', () => {
  it('outcome=NAK and a bare NAK both keep only the NAKed exchange', () => {
    expect(nak.transactions.length).toBeGreaterThan(1);
    expect(txs(nak, 'outcome=NAK')).toEqual(['T1']);
    expect(txs(nak, 'NAK')).toEqual(['T1']);
    expect(txs(nak, 'nak')).toEqual(['T1']);
    expect(txs(nak, 'not outcome=NAK')).toEqual(nak.transactions.filter((t) => t.outcome !== 'NAK').map((t) => t.id));
  });

  it('type == names a message type of any case; a value that lowercases to a longer text still matches it', () => {
    expect(txs(nak, 'type == NAK')).toEqual(['T1']);
    expect(txs(nak, 'type == nak')).toEqual(['T1']);
    // A value longer than the text is never lowercased (it cannot equal it): lowercasing never shortens.
    for (let c = 0; c <= 0x10ffff; c += 1) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const ch = String.fromCodePoint(c);
      if (ch.toLowerCase().length < ch.length) throw new Error(`U+${c.toString(16)} shortens when lowercased`);
    }
    const t = nak.transactions[0]!;
    // U+0130 lowercases to two characters: a one-character value still equals that two-character text.
    const turkish = { ...nak, transactions: [{ ...t, hostname: '\u0130' }] };
    expect(turkish.transactions.filter((x) => matchTransaction(filter('hostname == "\u0130"'), x, turkish))).toHaveLength(1);
  });

  it('kind, latency with units, and/or/not and parentheses', () => {
    const renews = renew.transactions.filter((t) => t.kind === 'RENEW');
    expect(txs(renew, 'kind=RENEW')).toEqual(renews.map((t) => t.id));
    const slow = renews.filter((t) => (t.latencyMs.ack ?? 0) > 1).map((t) => t.id);
    expect(slow.length).toBeGreaterThan(0);
    expect(slow.length).toBeLessThan(renews.length);
    expect(txs(renew, 'kind=RENEW and latency>1ms')).toEqual(slow);
    expect(txs(renew, 'kind=RENEW and latency>0.001s')).toEqual(slow);
    expect(txs(renew, 'kind=RENEW latency>1ms')).toEqual(slow);
    expect(txs(renew, '(kind=REBIND or kind=DORA) and outcome!=ACK')).toEqual(
      renew.transactions.filter((t) => (t.kind === 'REBIND' || t.kind === 'DORA') && t.outcome !== 'ACK').map((t) => t.id),
    );
  });

  it('code and severity name the findings that point at an exchange', () => {
    expect(txs(renew, 'code=NO_ACK')).toEqual(renew.findings.filter((f) => f.code === 'NO_ACK').flatMap((f) => f.transactions ?? []));
    expect(txs(renew, 'severity>=warning').length).toBeGreaterThan(0);
    expect(txs(renew, 'severity>error')).toEqual([]);
  });

  it('mac by prefix and with dashes, ip by CIDR, xid without 0x or leading zeros', () => {
    const t = nak.transactions[0]!;
    expect(txs(nak, `mac=${t.clientMac.toUpperCase().replaceAll(':', '-')}`)).toContain(t.id);
    expect(txs(nak, `mac~${t.clientMac.slice(0, 8)}`)).toContain(t.id);
    expect(txs(nak, `xid=${t.xid.replace(/^0x0*/, '')}`)).toEqual([t.id]);
    const ip = t.server!;
    expect(txs(nak, `server=${ip.split('.').slice(0, 3).join('.')}.0/24`)).toContain(t.id);
    expect(txs(nak, 'server=192.0.2.0/24')).toEqual([]);
  });

  it('vm and vendor: a bare vmware finds the VMware lab exchanges', () => {
    expect(txs(vmware, 'vmware').length).toBe(vmware.transactions.length);
    expect(txs(vmware, 'vm~vmware')).toEqual(txs(vmware, 'vmware'));
    expect(txs(nak, 'vmware')).toEqual([]);
  });
});

describe('the other row kinds', () => {
  it('findings: code=ARP_CONFLICT keeps the conflict', () => {
    const kept = conflict.findings.filter((f) => matchFinding(filter('code=ARP_CONFLICT'), f, conflict));
    expect(kept.map((f) => f.code)).toEqual(['ARP_CONFLICT']);
    expect(conflict.findings.filter((f) => matchFinding(filter('ARP_CONFLICT'), f, conflict))).toEqual(kept);
  });

  it('findings reach their exchanges: outcome=NAK keeps the NAK finding', () => {
    expect(nak.findings.filter((f) => matchFinding(filter('outcome=NAK'), f, nak)).map((f) => f.code)).toEqual(['NAK']);
  });

  it('ARP addresses: type is the kind of claim, code the finding about the address', () => {
    const b = conflict.arp.filter((a) => matchArp(filter('code=ARP_CONFLICT'), a, conflict));
    expect(b.length).toBe(1);
    expect(b[0]!.conflict).toBe(true);
    expect(conflict.arp.filter((a) => matchArp(filter('type=reply'), a, conflict)).every((a) => a.claims.some((c) => c.kinds.includes('reply')))).toBe(true);
  });

  it('leases: state, and kind through their exchanges', () => {
    const renewed = renew.leases.filter((l) => matchLease(filter('kind=RENEW'), l, renew));
    expect(renewed.length).toBeGreaterThan(0);
    expect(renew.leases.filter((l) => matchLease(filter(`state=${renew.leases[0]!.state}`), l, renew)).length).toBeGreaterThan(0);
    expect(renew.leases.filter((l) => matchLease(filter('state=nonsense'), l, renew))).toEqual([]);
  });

  it('packets: type, proto, frame ranges, and the exchange they belong to', () => {
    const packets = nak.packets ?? [];
    const m = (text: string) => packets.filter((p) => matchPacket(filter(text), p, nak)).map((p) => p.frame);
    expect(m('type=NAK')).toEqual(packets.filter((p) => p.dhcp?.messageType === 'NAK').map((p) => p.frame));
    expect(m('outcome=NAK')).toEqual(nak.transactions[0]!.steps.map((s) => s.frame));
    expect(m('proto=ARP')).toEqual(packets.filter((p) => p.arp).map((p) => p.frame));
    expect(m('frame>2 and frame<=4')).toEqual([3, 4].filter((f) => packets.some((p) => p.frame === f)));
  });

  it('servers: by address and by the hypervisor behind them', () => {
    expect(vmware.servers.filter((s) => matchServer(filter('vm~vmware'), s, vmware)).length).toBeGreaterThan(0);
    expect(nak.servers.filter((s) => matchServer(filter('vm~vmware'), s, nak))).toEqual([]);
  });

  it('a crafted value cannot make a regex run long: subjects are cut', () => {
    const f = filter('message~/^(a|b)*c$/');
    const long = { ...nak.findings[0]!, message: 'a'.repeat(100_000) };
    expect(matchFinding(f, long, nak)).toBe(false);
  });
});

describe('overlays (lab scenario 21: DHCP over the kernel VXLAN, captured on the underlay and inside)', () => {
  it('tunnel, vni and segment keep the tunnelled exchanges and packets, and only them', async () => {
    const [under, inner] = await Promise.all(
      ['21-vxlan-underlay.pcap', '21-vxlan-inner.pcap'].map((n) => analyze(`fixtures/captures/${n}`, { packets: true })),
    );
    expect(under!.transactions.length).toBeGreaterThan(0);
    const tunnelled = under!.transactions.map((t) => t.id);
    expect(txs(under!, 'tunnel=vxlan')).toEqual(tunnelled);
    expect(txs(under!, 'vni=42')).toEqual(tunnelled);
    expect(txs(under!, 'vni=43')).toEqual([]);
    expect(txs(under!, 'segment~"VNI 42"')).toEqual(tunnelled);
    expect(txs(under!, 'tunnel=geneve')).toEqual([]);
    // The same exchanges captured inside the overlay carry no tunnel.
    expect(txs(inner!, 'tunnel=vxlan')).toEqual([]);
    expect(txs(inner!, 'not tunnel=vxlan')).toEqual(inner!.transactions.map((t) => t.id));
    const pk = (r: Report, text: string) => (r.packets ?? []).filter((p) => matchPacket(filter(text), p, r)).map((p) => p.frame);
    const vxlanFrames = (under!.packets ?? []).filter((p) => p.tunnel?.some((l) => l.type === 'vxlan')).map((p) => p.frame);
    expect(vxlanFrames.length).toBeGreaterThan(0);
    expect(pk(under!, 'tunnel=vxlan and vni=42')).toEqual(vxlanFrames);
    expect(pk(inner!, 'tunnel=vxlan')).toEqual([]);
  });
});

describe('kept search texts (keepSearchTexts, the TUI)', () => {
  it('give every filter on a field the same rows as asking each value, once every row has its text', async () => {
    const filters = [
      'type == NAK', 'type = ack', 'type != ACK', 'not type == OFFER', 'type ~ requ', 'type == DHCP', 'kind = DORA', 'outcome=NAK and type==REQUEST',
      'hostname ~ guest', 'mac == 00:0c:29:3a:5e:01', 'mac ~ 02:00', 'server == 10.9.2.1', 'server != 10.9.2.1', 'code=ARP_CONFLICT', 'state ~ act',
      'proto == arp', 'delivery = wrong', 'ip ~ 10.9', 'vendor ~ vmware', 'severity == warning', 'frame == 24', 'latency > 1ms', 'T1',
    ];
    for (const r of [nak, conflict, renew, vmware]) {
      const fresh = await analyze(`fixtures/captures/${r.captures[0]!.path.split('/').pop()}`, { packets: true });
      keepSearchTexts(fresh);
      const rows = (x: Report, f: Filter) => ({
        t: x.transactions.filter((t) => matchTransaction(f, t, x)).map((t) => t.id),
        l: x.leases.filter((l) => matchLease(f, l, x)).map((l) => l.ip),
        a: x.arp.filter((b) => matchArp(f, b, x)).map((b) => b.ip),
        f: x.findings.filter((y) => matchFinding(f, y, x)).map((y) => y.code),
      });
      // A word search makes every row's text.
      rows(fresh, filter('x'));
      for (const text of filters) expect(rows(fresh, filter(text)), text).toEqual(rows(r, filter(text)));
    }
  });


  it('give every word search the same rows as asking each value, on every row kind', async () => {
    const words = ['nak', 'vmware', '00:0c:29', '192.168', 'ack', 'offer', 'conflict', 'warning', 'dora', 'x', 'no such word', '\u0000', 'T1'];
    // And a word made of the end of one value and the start of the next, found in no single value: no match.
    const values = Object.entries(FIELDS)
      .filter(([, spec]) => spec.type !== 'number' && spec.type !== 'duration')
      .flatMap(([name]) => TRANSACTION[name as keyof typeof TRANSACTION]?.(nak.transactions[0]!, nak) ?? [])
      .filter((v) => v != null)
      .map((v) => String(v).toLowerCase());
    const spanning = values.slice(1).map((b, i) => `${values[i]!.slice(-2)}${b.slice(0, 2)}`).find((w) => !values.some((v) => v.includes(w)));
    expect(spanning).toBeDefined();
    words.push(spanning!);
    for (const r of [nak, conflict, renew, vmware]) {
      const fresh = await analyze(`fixtures/captures/${r.captures[0]!.path.split('/').pop()}`, { packets: true });
      keepSearchTexts(fresh);
      for (const word of words) {
        const f = filter(JSON.stringify(word));
        const rows = (x: Report) => ({
          t: x.transactions.filter((t) => matchTransaction(f, t, x)).map((t) => t.id),
          l: x.leases.filter((l) => matchLease(f, l, x)).map((l) => l.ip),
          a: x.arp.filter((b) => matchArp(f, b, x)).map((b) => b.ip),
          f: x.findings.filter((y) => matchFinding(f, y, x)).map((y) => y.code),
          p: (x.packets ?? []).filter((p) => matchPacket(f, p, x)).map((p) => p.frame),
        });
        const kept = rows(fresh);
        expect(rows(fresh), `${word}, asked again`).toEqual(kept);
        expect(kept, word).toEqual(rows(r));
      }
    }
  });
});
