/**
 * The decoder's first test on plain Ethernet frames decides "not DHCP or ARP" from a few bytes. It must agree
 * with the full decode on every frame it settles, and leave everything else to it.
 */
import fc from 'fast-check';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../src/capture/reader.js';
import { Decoder, plainlyOther } from '../../src/decode/decoder.js';
import { allCaptureFiles, projectRoot, sharedCapturesDir, skipNoteWhenNoShared } from '../helpers/shared-captures.js';
import { mixedTrafficPcap } from '../helpers/mixed-traffic.js';
import { buildDhcpMessage } from '../helpers/dhcp-builder.js';
import { buildEthernet, buildIcmpUnreachable, buildIpv4, buildUdp, record } from '../helpers/frames.js';

const udp = (srcPort: number, dstPort: number, extra: Partial<Parameters<typeof buildIpv4>[0]> = {}) =>
  buildEthernet({
    type: 0x0800,
    payload: buildIpv4({ src: '10.0.0.1', dst: '10.0.0.2', protocol: 17, payload: buildUdp({ srcPort, dstPort, payload: new Uint8Array(300) }), ...extra }),
  });

function kindOf(frame: Uint8Array): string {
  return new Decoder().decode(record(frame))?.kind ?? 'other';
}

describe('the plain-Ethernet shortcut', () => {
  it('settles ordinary traffic as other', () => {
    expect(kindOf(udp(53, 40000))).toBe('other');
    expect(kindOf(buildEthernet({ type: 0x86dd, payload: new Uint8Array(60) }))).toBe('other');
    expect(kindOf(buildEthernet({ type: 0x0800, payload: buildIpv4({ src: '1.1.1.1', dst: '2.2.2.2', protocol: 6, payload: new Uint8Array(40) }) }))).toBe('other');
  });

  it('lets DHCP ports through on either side, with IP options too', () => {
    const dhcp = buildDhcpMessage({ op: 1, xid: 7, chaddr: '02:00:00:00:00:01', options: [] });
    const withPayload = (srcPort: number, dstPort: number, options?: Uint8Array) =>
      buildEthernet({
        type: 0x0800,
        payload: buildIpv4({ src: '0.0.0.0', dst: '255.255.255.255', protocol: 17, payload: buildUdp({ srcPort, dstPort, payload: dhcp }), ...(options ? { options } : {}) }),
      });
    expect(kindOf(withPayload(68, 67))).toBe('dhcp');
    expect(kindOf(withPayload(40000, 67))).toBe('dhcp');
    expect(kindOf(withPayload(67, 4011))).toBe('dhcp');
    expect(kindOf(withPayload(68, 67, new Uint8Array([0x94, 0x04, 0x00, 0x00])))).toBe('dhcp');
  });

  it('settles tagged ordinary traffic too, and lets tagged DHCP through with its VLAN ids', () => {
    const tagged = (vlans: { tpid?: number; id: number }[], payload: Uint8Array) => buildEthernet({ type: 0x0800, vlans, payload });
    const dns = buildIpv4({ src: '10.0.0.1', dst: '10.0.0.2', protocol: 17, payload: buildUdp({ srcPort: 53, dstPort: 40000, payload: new Uint8Array(60) }) });
    const dhcp = buildIpv4({
      src: '0.0.0.0',
      dst: '255.255.255.255',
      protocol: 17,
      payload: buildUdp({ srcPort: 68, dstPort: 67, payload: buildDhcpMessage({ op: 1, xid: 7, chaddr: '02:00:00:00:00:01', options: [] }) }),
    });
    for (const vlans of [[{ id: 10 }], [{ tpid: 0x88a8, id: 100 }, { id: 20 }]]) {
      const other = record(tagged(vlans, dns));
      expect(plainlyOther(other.linkType, other.buf, other.offset, other.caplen)).toBe(true);
      const r = record(tagged(vlans, dhcp));
      expect(plainlyOther(r.linkType, r.buf, r.offset, r.caplen)).toBe(false);
      const f = new Decoder().decode(r);
      expect([f?.kind, f?.vlan]).toEqual(['dhcp', vlans.map((v) => v.id)]);
    }
    // Three tags: the full decode takes it (and says how deep the stack went).
    const deep = record(tagged([{ id: 1 }, { id: 2 }, { id: 3 }], dns));
    expect(plainlyOther(deep.linkType, deep.buf, deep.offset, deep.caplen)).toBe(false);
  });

  it('leaves an ICMP error to the full decode: it may quote a DHCP message', () => {
    const dhcp = buildDhcpMessage({ op: 2, xid: 9, chaddr: '02:00:00:00:00:01', options: [] });
    const quoted = buildIpv4({ src: '10.0.0.1', dst: '10.0.0.9', protocol: 17, payload: buildUdp({ srcPort: 67, dstPort: 68, payload: dhcp }) });
    const frame = buildEthernet({ type: 0x0800, payload: buildIpv4({ src: '10.0.0.9', dst: '10.0.0.1', protocol: 1, payload: buildIcmpUnreachable({ quoted }) }) });
    const r = record(frame);
    expect(plainlyOther(r.linkType, r.buf, r.offset, r.caplen)).toBe(false);
    expect(kindOf(frame)).toBe('dhcp');
  });

  it('never mistakes a later fragment whose bytes look like DHCP ports for DHCP', () => {
    expect(kindOf(udp(68, 67, { fragOffset: 1480 }))).toBe('other');
  });
});

describe("the reader's pre-test (plainlyOther)", () => {
  // Every capture we have: the shared corpus when it is there, the repository's own, and a built one of mostly
  // ordinary traffic (the lab's captures hold little else than DHCP and ARP, so little to pass over).
  const files: (string | Uint8Array)[] = [...allCaptureFiles(), mixedTrafficPcap(300)];
  const isShared = (file: string | Uint8Array): boolean => typeof file === 'string' && file.startsWith(sharedCapturesDir);
  skipNoteWhenNoShared('plainlyOther');

  it('passes over only records the full decode drops, in every capture we have', async () => {
    let passedOver = 0;
    let checked = 0;
    let checkedOwn = 0;
    for (const file of files) {
      const decoder = new Decoder({ keepBytes: false });
      const name = typeof file === 'string' ? path.basename(file) : 'mixed traffic';
      await readCapture(file, { captureIndex: 0, firstFrame: 1 }, {
        onWarning: () => undefined,
        onRecord: (r) => {
          checked++;
          if (!isShared(file)) checkedOwn++;
          if (plainlyOther(r.linkType, r.buf, r.offset, r.caplen)) {
            passedOver++;
            expect(decoder.decode(r), `${name} frame ${r.frame}`).toBeUndefined();
          }
        },
      });
    }
    expect(checked).toBeGreaterThan(500);
    // The repository's own data alone is enough (a plain clone has nothing else).
    expect(checkedOwn).toBeGreaterThan(500);
    expect(passedOver).toBeGreaterThan(0);
  });

  it('passes over only records the full decode drops, on random Ethernet/IPv4/UDP-shaped frames', () => {
    // Random bytes with the fields the test reads drawn from the values that matter (IPv4/IPv6/ARP/VLAN
    // ethertypes, header lengths, UDP/ICMP/TCP, DHCP ports and their neighbours), so both answers come up often.
    const shaped = fc.record({
      bytes: fc.uint8Array({ minLength: 40, maxLength: 400 }),
      tags: fc.array(fc.constantFrom(0x8100, 0x88a8, 0x9100), { maxLength: 3 }),
      type: fc.constantFrom(0x0800, 0x86dd, 0x0806, 0x8100, 0x0801, 0x05dc),
      vihl: fc.constantFrom(0x45, 0x46, 0x4f, 0x44, 0x55, 0x65),
      proto: fc.constantFrom(1, 6, 17, 50),
      src: fc.constantFrom(67, 68, 4011, 66, 69, 53, 40000),
      dst: fc.constantFrom(67, 68, 4011, 66, 69, 53, 40000),
    });
    let passedOver = 0;
    fc.assert(
      fc.property(shaped, ({ bytes, tags, type, vihl, proto, src, dst }) => {
        const b = Uint8Array.from(bytes);
        const put = (at: number, v: number) => {
          if (at < b.length) b[at] = v;
        };
        let at = 12;
        for (const tpid of tags) {
          put(at, tpid >> 8);
          put(at + 1, tpid & 0xff);
          at += 4;
        }
        put(at, type >> 8);
        put(at + 1, type & 0xff);
        const l3 = at + 2;
        put(l3, vihl);
        put(l3 + 9, proto);
        const udp = l3 + (vihl & 0x0f) * 4;
        [src >> 8, src & 0xff, dst >> 8, dst & 0xff].forEach((v, i) => put(udp + i, v));
        const r = record(b);
        if (!plainlyOther(r.linkType, r.buf, r.offset, r.caplen)) return;
        passedOver++;
        expect(new Decoder({ keepBytes: false }).decode(r)).toBeUndefined();
      }),
      { seed: 20261123, numRuns: 3000 },
    );
    expect(passedOver).toBeGreaterThan(300);
  });

  it('counts what it passed over: the same stats as decoding every record', async () => {
    const file = path.join(projectRoot, 'fixtures/demo.pcapng');
    const full = new Decoder({ keepBytes: false });
    const fast = new Decoder({ keepBytes: false });
    const frames: string[] = [];
    await readCapture(file, { captureIndex: 0, firstFrame: 1 }, { onWarning: () => undefined, onRecord: (r) => void full.decode(r) });
    await readCapture(file, { captureIndex: 0, firstFrame: 1 }, {
      onWarning: () => undefined,
      onRecord: (r) => {
        const f = fast.decode(r);
        if (f) frames.push(`${f.frame}:${f.kind}`);
      },
      skip: plainlyOther,
      onSkipped: (n) => fast.countSkipped(n),
    });
    expect(fast.stats).toEqual(full.stats);
    expect(frames.length).toBe(full.stats.dhcp + full.stats.arp + full.stats.malformed);
  });
});
