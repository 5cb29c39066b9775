/** Decoders never throw on packet bytes: random frames, and real frames with bytes mutated, cut or extended. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decoder } from '../../src/decode/decoder.js';
import { decodeDhcp } from '../../src/decode/dhcp/message.js';
import { buildDhcpMessage, opt } from '../helpers/dhcp-builder.js';
import { buildArp, buildDhcpEthernet, buildEthernet, buildIcmpUnreachable, buildIpv4, buildSll, buildUdp, record } from '../helpers/frames.js';

const LINK_TYPES = [0, 1, 12, 14, 101, 105, 108, 113, 127, 228, 276, 147];

const dhcpPayload = buildDhcpMessage({
  overload: 3,
  options: [
    opt(53, 'ACK'),
    opt(61, { type: 1, id: '02:00:00:00:00:01' }),
    opt(81, { flags: 5, s: true, o: false, e: true, n: false, rcode1: 0, rcode2: 0, name: 'a.b' }),
    opt(82, [{ code: 1, name: 'Agent Circuit ID', length: 2, hex: '0102' }]),
    opt(119, ['a.example', 'b.a.example']),
    opt(121, [{ destination: '10.0.0.0/8', router: '10.0.0.1' }]),
    opt(124, [{ enterprise: 9, data: ['x'] }]),
    opt(125, [{ enterprise: 9, options: [{ code: 1, hex: '00' }] }]),
  ],
  fileOptions: [opt(3, ['10.0.0.1'])],
  snameOptions: [opt(6, ['10.0.0.2'])],
});
const ipDhcp = buildIpv4({ src: '10.0.0.1', dst: '10.0.0.2', protocol: 17, payload: buildUdp({ srcPort: 67, dstPort: 68, payload: dhcpPayload }) });
const SEEDS: readonly (readonly [Uint8Array, number])[] = [
  [buildDhcpEthernet({ payload: dhcpPayload, vlans: [{ tpid: 0x88a8, id: 5 }, { id: 6 }] }), 1],
  [buildEthernet({ type: 0x0806, payload: buildArp({ opcode: 1, senderMac: '02:00:00:00:00:01', senderIp: '0.0.0.0', targetMac: '00:00:00:00:00:00', targetIp: '10.0.0.2' }) }), 1],
  [buildSll({ packetType: 4, proto: 0x0800, payload: ipDhcp }), 113],
  [ipDhcp, 101],
  [buildEthernet({ type: 0x0800, payload: buildIpv4({ src: '10.0.0.2', dst: '10.0.0.1', protocol: 1, payload: buildIcmpUnreachable({ quoted: ipDhcp }) }) }), 1],
];

/**
 * Decodes one frame and checks what must hold of any frame: it is counted once, under the kind it decodes as;
 * what comes out survives JSON; a DHCP/ARP frame says where it came from and its sizes match the record.
 */
function decodeAll(bytes: Uint8Array, linkType: number): void {
  const d = new Decoder();
  const f = d.decode(record(bytes, linkType, { trailing: 0, offset: 0 }));
  const { packets, dhcp, arp, malformed, other } = d.stats;
  expect(packets).toBe(1);
  expect(dhcp + arp + malformed + other, 'each frame counted once').toBe(1);
  expect({ dhcp, arp, malformed, other }[f?.kind ?? 'other'], `counted as ${f?.kind ?? 'other'}`).toBe(1);
  if (f !== undefined) {
    expect(f.frame).toBe(1);
    expect(f.caplen).toBe(bytes.length);
    // Values must be JSON-friendly: no NaN or Infinity turning into null, nothing JSON cannot write.
    const odd: string[] = [];
    JSON.stringify({ ...f, bytes: undefined }, (k, v: unknown) => {
      if (typeof v === 'number' && !Number.isFinite(v)) odd.push(`${k}: ${v}`);
      if (typeof v === 'function' || typeof v === 'symbol') odd.push(k);
      return v;
    });
    expect(odd).toEqual([]);
    if (f.kind === 'malformed') expect(f.problems.length, 'a malformed frame says what is wrong').toBeGreaterThan(0);
  }
}

describe('decoders never throw', () => {
  it('on random bytes under every link type', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.constantFrom(...LINK_TYPES), (bytes, lt) => {
        decodeAll(bytes, lt);
      }),
      { numRuns: 3000 },
    );
  });

  it('on real frames with mutated bytes, cut short or extended', () => {
    const mutation = fc.record({
      seed: fc.nat(SEEDS.length - 1),
      edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 12 }),
      cut: fc.option(fc.nat(), { nil: undefined }),
      extra: fc.uint8Array({ maxLength: 40 }),
    });
    fc.assert(
      fc.property(mutation, ({ seed, edits, cut, extra }) => {
        const [orig, lt] = SEEDS[seed]!;
        let bytes = Uint8Array.from([...orig, ...extra]);
        for (const [pos, v] of edits) bytes[pos % bytes.length] = v;
        if (cut !== undefined) bytes = bytes.subarray(0, cut % (bytes.length + 1));
        decodeAll(bytes, lt);
      }),
      { numRuns: 5000 },
    );
  });

  it('decodeDhcp on arbitrary offsets and lengths: reads only its slice, says when the header is short, keeps options in it', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 700 }), fc.nat(), fc.integer({ min: -5, max: 800 }), fc.integer({ min: 0, max: 255 }), (bytes, off, len, junk) => {
        const o = bytes.length === 0 ? 0 : off % bytes.length;
        const r = decodeDhcp(bytes, o, len, 0);
        const available = Math.max(0, Math.min(len, bytes.length - o));
        // Only buf[o, o + len) is the message: other bytes changed, the same result.
        const elsewhere = bytes.map((b, i) => (i >= o && i < o + available ? b : junk));
        expect(JSON.stringify(decodeDhcp(elsewhere, o, len, 0))).toBe(JSON.stringify(r));
        if (available < 236) expect(r.problems.length, 'a short header is reported').toBeGreaterThan(0);
        if (available >= 8) expect(r.message.xid).toBe(new DataView(bytes.buffer, bytes.byteOffset + o + 4, 4).getUint32(0));
        const codes = r.message.options.map((x) => x.code);
        expect(new Set(codes).size, 'one entry per option code').toBe(codes.length);
        for (const opt of r.message.options) {
          expect(opt.code).toBeGreaterThanOrEqual(1);
          expect(opt.code).toBeLessThanOrEqual(254);
          expect(opt.hex.length, `option ${opt.code}: hex is its bytes`).toBe(opt.length * 2);
          expect(opt.length, `option ${opt.code} fits in the message`).toBeLessThanOrEqual(available);
          if (opt.offset !== undefined) {
            expect(opt.offset).toBeGreaterThanOrEqual(o);
            expect(opt.offset).toBeLessThan(o + available);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});
