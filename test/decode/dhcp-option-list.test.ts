/**
 * The one-pass option decoding: payloads read in place from the capture's buffer must decode exactly as the
 * same bytes on their own, and the list reused from message to message must carry nothing over.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeDhcp, getOption } from '../../src/decode/dhcp/message.js';
import { decodeOptionAt, decodeOptionValue } from '../../src/decode/dhcp/option-decoders.js';
import { registeredOptionCodes } from '../../src/decode/dhcp/options.js';
import { problemText, type DecodeProblem } from '../../src/decode/problems.js';
import { buildDhcpMessage, opt, rawOpt, type DhcpSpec } from '../helpers/dhcp-builder.js';

const AT = 42;

function decode(spec: DhcpSpec): ReturnType<typeof decodeDhcp> {
  const bytes = buildDhcpMessage(spec);
  return decodeDhcp(bytes, 0, bytes.length, AT);
}

/** Codes with a decoder of their own or a typed row, and a few unregistered ones (raw hex). */
const CODES = [...registeredOptionCodes(), 84, 200, 254];

describe('option values read in place', () => {
  it('decode as the same payload on its own, whatever bytes surround it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CODES),
        fc.uint8Array({ maxLength: 40 }),
        fc.uint8Array({ maxLength: 8 }),
        fc.uint8Array({ maxLength: 8 }),
        (code, payload, before, after) => {
          const alone: DecodeProblem[] = [];
          const expected = decodeOptionValue(code, Uint8Array.from(payload), alone, 500);
          // The payload inside a bigger buffer, between bytes a decoder must not read.
          const buf = new Uint8Array(before.length + payload.length + after.length);
          buf.set(before);
          buf.set(payload, before.length);
          buf.set(after, before.length + payload.length);
          const inPlace: DecodeProblem[] = [];
          expect(decodeOptionAt(code, buf, before.length, payload.length, inPlace, 500)).toEqual(expected);
          expect(inPlace).toEqual(alone);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('stop at the payload end for the structured options that read further when they can', () => {
    // An FQDN whose wire-format name would go on into the next option, and a relay sub-option that would.
    const buf = Uint8Array.from([0x05, 0, 0, 3, 0x61, 0x62, 0x63, /* next option: */ 1, 0x64, 0]);
    const problems: DecodeProblem[] = [];
    expect(decodeOptionAt(81, buf, 0, 7, problems, 100)).toMatchObject({ name: 'abc' });
    expect(problems.map(problemText)).toEqual(['option 81 (Client Fully Qualified Domain Name): domain name at offset 0 runs past the end of the option']);
    const relay = Uint8Array.from([1, 4, 0x61, 0x62, /* next option: */ 0x63, 0x64]);
    const relayProblems: DecodeProblem[] = [];
    expect(decodeOptionAt(82, relay, 0, 4, relayProblems, 100)).toEqual([]);
    expect(relayProblems).toHaveLength(1);
  });
});

describe('option hex, made when read', () => {
  it('is each option payload, read after the buffer was reused for the next message', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...CODES.filter((c) => c !== 0 && c !== 52 && c !== 255)), fc.uint8Array({ maxLength: 20 })), { maxLength: 12 }),
        (instances) => {
          const bytes = buildDhcpMessage({ options: instances.map(([code, data]) => rawOpt(code, data)) });
          // The capture's read buffer: the next message overwrites it before anyone reads the first one's hex.
          const buf = Uint8Array.from(bytes);
          const { message } = decodeDhcp(buf, 0, buf.length, AT);
          buf.fill(0xa5);
          decodeDhcp(buf, 0, buf.length, AT);
          // Each code once, its instances' payloads joined in order (RFC 3396).
          const joined = new Map<number, string>();
          for (const [code, data] of instances) joined.set(code, (joined.get(code) ?? '') + Buffer.from(data).toString('hex'));
          expect(message.options.map((o) => [o.code, o.hex])).toEqual([...joined]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps the place of an option far into a big message (beyond the packed index), at every distance', () => {
    const head = buildDhcpMessage({ options: [opt(53, 'DISCOVER')], end: false });
    for (const pad of [2040, 2041, 2042, 2043, 2044, 2045, 2046, 2047, 600_000]) {
      const buf = new Uint8Array(head.length + pad + 11);
      buf.set(head);
      buf.set([12, 3, 0x61, 0x62, 0x63, 15, 2, 0x78, 0x79, 255], head.length + pad);
      const { message, problems } = decodeDhcp(buf, 0, buf.length, AT);
      expect(problems).toEqual([]);
      expect(message.options.map((o) => [o.code, o.length, o.hex, o.offset, o.value, o.source])).toEqual([
        [53, 1, '01', AT + 240, 'DISCOVER', undefined],
        [12, 3, '616263', AT + head.length + pad, 'abc', undefined],
        [15, 2, '7879', AT + head.length + pad + 5, 'xy', undefined],
      ]);
    }
  });

  it('reads options in file and sname, and an option split across the areas, from the bytes of each', () => {
    const { message } = decode({
      overload: 3,
      options: [opt(53, 'ACK'), rawOpt(60, '41ff')],
      fileOptions: [rawOpt(67, '706174680a'), rawOpt(60, '42')],
      snameOptions: [rawOpt(66, '00ee'), rawOpt(60, '43')],
    });
    expect(message.options.map((o) => [o.code, o.hex, o.source])).toEqual([
      [52, '03', undefined],
      [53, '05', undefined],
      [60, '41ff4243', undefined],
      [67, '706174680a', 'file'],
      [66, '00ee', 'sname'],
    ]);
  });
});

describe('repeated options (RFC 3396) in the one pass', () => {
  it('joins three instances spread over the message, one of them empty', () => {
    const { message, problems } = decode({
      options: [rawOpt(12, '6162'), opt(53, 'REQUEST'), rawOpt(12, ''), opt(50, '10.0.0.5'), rawOpt(12, '63')],
    });
    expect(problems).toEqual([]);
    expect(message.options.map((o) => o.code)).toEqual([12, 53, 50]);
    expect(getOption(message, 12)).toMatchObject({ value: 'abc', length: 3, hex: '616263', offset: AT + 240 });
    expect(getOption(message, 50)?.offset).toBe(AT + 240 + 4 + 3 + 2);
  });

  it('reads the message type from a 53 split into an empty and a one-byte instance', () => {
    const { message, problems } = decode({ options: [rawOpt(53, ''), opt(61, { type: 1, id: '02:00:00:00:00:09' }), rawOpt(53, '05')] });
    expect(problems).toEqual([]);
    expect(message.messageType).toBe(5);
    expect(getOption(message, 53)?.value).toBe('ACK');
  });

  it('has no message type when a split 53 joins to two bytes', () => {
    const { message, problems } = decode({ options: [rawOpt(53, '01'), rawOpt(53, '03')] });
    expect(message.messageType).toBeUndefined();
    expect(getOption(message, 53)).toMatchObject({ value: null, hex: '0103' });
    expect(problems.map(problemText)).toEqual(['option 53 (DHCP Message Type): expected 1 byte, got 2']);
  });

  it('keeps a message with hundreds of instances (the list grows) and joins them all', () => {
    const many = Array.from({ length: 300 }, (_, i) => rawOpt(i % 2 === 0 ? 43 : 224, [i & 0xff].map((x) => x.toString(16).padStart(2, '0')).join('')));
    const { message, problems } = decode({ options: [opt(53, 'INFORM'), ...many] });
    expect(problems).toEqual([]);
    expect(message.options.map((o) => [o.code, o.length])).toEqual([
      [53, 1],
      [43, 150],
      [224, 150],
    ]);
    expect(getOption(message, 43)?.hex.slice(0, 8)).toBe('00020406');
  });

  it('carries nothing from one message to the next', () => {
    const split = decode({ overload: 1, options: [rawOpt(12, '61'), opt(53, 'DISCOVER'), rawOpt(12, '62')], fileOptions: [rawOpt(15, '78')] });
    expect(getOption(split.message, 12)?.value).toBe('ab');
    expect(getOption(split.message, 15)?.source).toBe('file');
    const plain = decode({ options: [opt(53, 'OFFER'), rawOpt(12, '63'), rawOpt(15, '79')] });
    expect(plain.message.options.map((o) => [o.code, o.value, o.source])).toEqual([
      [53, 'OFFER', undefined],
      [12, 'c', undefined],
      [15, 'y', undefined],
    ]);
    expect(plain.message.messageType).toBe(2);
    const bootp = decode({ cookie: false });
    expect(bootp.message.options).toEqual([]);
    expect(bootp.message.messageType).toBeUndefined();
  });

  it('reads overload (52) only from the options field, and joins a code split across the three areas', () => {
    const { message, problems } = decode({
      overload: 3,
      options: [opt(53, 'ACK'), rawOpt(60, '41')],
      fileOptions: [rawOpt(52, '01'), rawOpt(60, '42')],
      snameOptions: [rawOpt(60, '43')],
    });
    // The 52 in file is joined to the first one (and makes it too long), but the areas read stay the first's.
    expect(problems.map(problemText)).toEqual(['option 52 (Option Overload): expected 1 byte, got 2']);
    expect(getOption(message, 52)?.value).toBe(null);
    expect(getOption(message, 52)?.hex).toBe('0301');
    expect(getOption(message, 60)).toMatchObject({ value: 'ABC', offset: AT + 240 + 6 }); // after 52 and 53
    expect(message.file).toBe('');
    expect(message.sname).toBe('');
  });

  it('a truncated instance ends the scan; the instances before it are still joined', () => {
    const bytes = buildDhcpMessage({ options: [rawOpt(12, '61'), opt(53, 'DISCOVER'), rawOpt(12, '62')], end: false });
    const cut = new Uint8Array(bytes.length + 3);
    cut.set(bytes);
    cut.set([12, 9, 0x63], bytes.length);
    const r = decodeDhcp(cut, 0, cut.length, AT);
    expect(getOption(r.message, 12)?.value).toBe('ab');
    expect(r.problems.map(problemText)).toEqual([
      'option 12 (Host Name): length 9 runs past the end of the message (1 bytes left)',
    ]);
  });
});
