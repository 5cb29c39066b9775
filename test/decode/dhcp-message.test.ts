import { describe, expect, it } from 'vitest';
import { decodeDhcp, getOption } from '../../src/decode/dhcp/message.js';
import type { DhcpMessage } from '../../src/decode/frame.js';
import { problemText, type DecodeProblem } from '../../src/decode/problems.js';
import { buildDhcpMessage, opt, rawOpt, type DhcpSpec } from '../helpers/dhcp-builder.js';
import { concat } from '../helpers/frames.js';

/** The message starts at byte 42 of its frame (after Ethernet, IPv4 and UDP headers). */
const AT = 42;

function decode(spec: DhcpSpec | Uint8Array): { message: DhcpMessage; problems: string[]; found: readonly DecodeProblem[] } {
  const bytes = spec instanceof Uint8Array ? spec : buildDhcpMessage(spec);
  // Place the message inside a bigger buffer: the decoder must respect offset and length.
  const buf = concat(new Uint8Array(10).fill(0xee), bytes, new Uint8Array(10).fill(0xee));
  const r = decodeDhcp(buf, 10, bytes.length, AT);
  return { message: r.message, problems: r.problems.map(problemText), found: r.problems };
}

describe('BOOTP header', () => {
  it('reads every fixed field', () => {
    const { message: m, problems } = decode({
      op: 2,
      hops: 1,
      xid: 0xfedcba98,
      secs: 7,
      flags: 0x8000,
      ciaddr: '1.2.3.4',
      yiaddr: '5.6.7.8',
      siaddr: '9.10.11.12',
      giaddr: '13.14.15.16',
      chaddr: '00:0c:29:1f:74:06',
      sname: 'server.example',
      file: 'pxelinux.0',
      options: [opt(53, 'ACK')],
    });
    expect(problems).toEqual([]);
    expect(m).toMatchObject({
      op: 2,
      htype: 1,
      hlen: 6,
      hops: 1,
      xid: 0xfedcba98,
      secs: 7,
      flags: 0x8000,
      broadcastFlag: true,
      ciaddr: '1.2.3.4',
      yiaddr: '5.6.7.8',
      siaddr: '9.10.11.12',
      giaddr: '13.14.15.16',
      chaddr: '00:0c:29:1f:74:06',
      sname: 'server.example',
      file: 'pxelinux.0',
      cookie: true,
      messageType: 5,
      offset: 42,
    });
    const o = m.options[0]!;
    // name and hex are read through getters (made when asked for), so the fields are compared one by one.
    expect({ code: o.code, name: o.name, length: o.length, value: o.value, hex: o.hex, offset: o.offset, source: o.source }).toEqual({
      code: 53,
      name: 'DHCP Message Type',
      length: 1,
      value: 'ACK',
      hex: '05',
      offset: 42 + 240,
    });
  });

  it('keeps control characters in sname/file (renderers strip them) and stops at the first NUL', () => {
    const { message } = decode({ sname: 'a\x1b[31mb', file: 'boot\0junk', options: [] });
    expect(message.sname).toBe('a\x1b[31mb');
    expect(message.file).toBe('boot');
  });

  it('plain BOOTP: no cookie, no options, no problem', () => {
    const { message, problems } = decode({ cookie: false, op: 1 });
    expect(message.cookie).toBe(false);
    expect(message.options).toEqual([]);
    expect(message.messageType).toBeUndefined();
    expect(problems).toEqual([]);
  });

  it('formats chaddr as a MAC only for Ethernet with hlen 6', () => {
    const ib = decode({ htype: 32, hlen: 16, chaddr: Uint8Array.from({ length: 16 }, (_, i) => i) }).message;
    expect(ib.chaddr).toBe('00:01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f');
    expect(decode({ htype: 6, hlen: 6, chaddr: '02:00:00:00:00:01' }).message.chaddr).toBe('02:00:00:00:00:01');
    expect(decode({ htype: 1, hlen: 0 }).message.chaddr).toBe('');
  });

  it('reports an unknown op, hardware type, and hlen > 16', () => {
    const { problems, message } = decode({ op: 7, htype: 0, hlen: 20, options: [opt(53, 'DISCOVER')] });
    expect(message.op).toBe(7);
    expect(message.chaddr.split(':')).toHaveLength(16);
    expect(problems).toEqual([
      'unknown op 7 (expected 1 BOOTREQUEST or 2 BOOTREPLY)',
      'unknown hardware type 0',
      'hardware address length 20 is more than the 16 bytes of chaddr',
    ]);
  });

  it('decodes a message shorter than the header as far as it goes (zeros after), reporting it', () => {
    const full = buildDhcpMessage({ xid: 0x01020304, ciaddr: '10.0.0.9', options: [] });
    const { message, problems } = decode(full.subarray(0, 16));
    expect(message.xid).toBe(0x01020304);
    expect(message.ciaddr).toBe('10.0.0.9');
    expect(message.yiaddr).toBe('0.0.0.0');
    expect(message.cookie).toBe(false);
    expect(problems).toEqual(['BOOTP header truncated: 16 of 236 bytes']);
  });

  it('never reads past `length` even when the buffer goes on', () => {
    const full = buildDhcpMessage({ options: [opt(53, 'DISCOVER'), opt(12, 'host')] });
    const buf = concat(full, [12, 4, 0x41, 0x41, 0x41, 0x41, 255]);
    // Cut before End: the options after the cut are not read from the rest of the buffer.
    const r = decodeDhcp(buf, 0, full.length - 1, 0);
    const message = r.message;
    const problems = r.problems.map(problemText);
    expect(message.options.map((o) => o.code)).toEqual([53, 12]);
    expect(problems).toEqual(['no End option (255)']);
  });
});

describe('getOption', () => {
  it('finds an option by code', () => {
    const { message } = decode({ options: [opt(53, 'REQUEST'), opt(50, '10.0.0.5')] });
    expect(getOption(message, 50)?.value).toBe('10.0.0.5');
    expect(getOption(message, 54)).toBeUndefined();
  });
});

describe('option framing', () => {
  it('skips Pad, stops at End, ignores what follows End', () => {
    const bytes = buildDhcpMessage({ options: [rawOpt(0, ''), opt(53, 'DISCOVER')], end: false });
    // Pad encodes as [0, 0]: two Pad bytes. Then End, then garbage.
    const msg = concat(bytes, [0, 0, 255, 12, 200, 1, 2]);
    const { message, problems } = decode(msg);
    expect(message.options.map((o) => o.code)).toEqual([53]);
    expect(problems).toEqual([]);
  });

  it('an option running past the end keeps the options before it', () => {
    const bytes = buildDhcpMessage({ options: [opt(53, 'DISCOVER'), opt(12, 'pc')], end: false });
    const { message, problems } = decode(concat(bytes, [60, 20, 0x61, 0x62]));
    expect(message.options.map((o) => o.code)).toEqual([53, 12]);
    expect(problems).toEqual(['option 60 (Vendor Class Identifier): length 20 runs past the end of the message (2 bytes left)']);
  });

  it('a length byte missing at the very end', () => {
    const bytes = buildDhcpMessage({ options: [opt(53, 'DISCOVER')], end: false });
    const { message, problems } = decode(concat(bytes, [61]));
    expect(message.options.map((o) => o.code)).toEqual([53]);
    expect(problems).toEqual(['option 61 (Client Identifier): length byte missing at the end of the message']);
  });

  it('reports a missing End', () => {
    const { message, problems } = decode({ options: [opt(53, 'OFFER')], end: false });
    expect(message.messageType).toBe(2);
    expect(problems).toEqual(['no End option (255)']);
  });

  it('reports a wrong fixed length, keeps the raw bytes, and goes on', () => {
    const { message, problems } = decode({ options: [rawOpt(51, '000e10'), rawOpt(1, 'ffffff00'), rawOpt(53, '0102')] });
    expect(getOption(message, 51)).toMatchObject({ value: null, hex: '000e10', length: 3 });
    expect(getOption(message, 1)?.value).toBe('255.255.255.0');
    expect(message.messageType).toBeUndefined();
    expect(problems).toEqual([
      'option 51 (IP Address Lease Time): expected 4 bytes, got 3',
      'option 53 (DHCP Message Type): expected 1 byte, got 2',
    ]);
  });
});

describe('RFC 3396 long options', () => {
  it('joins split instances into one entry, at the first instance position', () => {
    const names = Array.from({ length: 30 }, (_, i) => `host${i}.a-rather-long-domain.example`);
    const { message, problems } = decode({
      options: [opt(53, 'ACK'), opt(119, names, 100), opt(12, 'x'), opt(121, [{ destination: '10.0.0.0/8', router: '10.0.0.1' }], 3)],
      padTo: 300,
    });
    expect(problems).toEqual([]);
    expect(message.options.map((o) => o.code)).toEqual([53, 119, 12, 121]);
    expect(getOption(message, 119)?.value).toEqual(names);
    expect(getOption(message, 121)?.value).toEqual([{ destination: '10.0.0.0/8', router: '10.0.0.1' }]);
    expect(getOption(message, 119)?.offset).toBe(42 + 240 + 3);
  });

  it('joins instances that are not adjacent', () => {
    const { message } = decode({ options: [rawOpt(12, '6162'), opt(53, 'DISCOVER'), rawOpt(12, '6364')] });
    expect(message.options.map((o) => o.code)).toEqual([12, 53]);
    expect(getOption(message, 12)).toMatchObject({ value: 'abcd', length: 4, hex: '61626364' });
  });
});

describe('option overload (52)', () => {
  it('1: options also in file', () => {
    const { message, problems } = decode({
      overload: 1,
      options: [opt(53, 'OFFER')],
      fileOptions: [opt(3, ['10.0.0.1']), opt(15, 'example.org')],
      sname: 'still-a-name',
    });
    expect(problems).toEqual([]);
    expect(message.options.map((o) => [o.code, o.source])).toEqual([
      [52, undefined],
      [53, undefined],
      [3, 'file'],
      [15, 'file'],
    ]);
    expect(message.file).toBe('');
    expect(message.sname).toBe('still-a-name');
    expect(getOption(message, 3)?.offset).toBe(42 + 108);
  });

  it('2: options also in sname', () => {
    const { message } = decode({ overload: 2, options: [opt(53, 'OFFER')], snameOptions: [opt(6, ['10.0.0.2'])], file: 'boot.img' });
    expect(getOption(message, 6)).toMatchObject({ value: ['10.0.0.2'], source: 'sname', offset: 42 + 44 });
    expect(message.sname).toBe('');
    expect(message.file).toBe('boot.img');
  });

  it('3: file first, then sname; a code split across areas is joined', () => {
    const { message, problems } = decode({
      overload: 3,
      options: [opt(53, 'ACK'), rawOpt(12, '6869')],
      fileOptions: [opt(1, '255.255.255.0'), rawOpt(12, '2d')],
      snameOptions: [opt(3, ['10.0.0.1']), rawOpt(12, '7468657265')],
    });
    expect(problems).toEqual([]);
    expect(message.options.map((o) => [o.code, o.source])).toEqual([
      [52, undefined],
      [53, undefined],
      [12, undefined],
      [1, 'file'],
      [3, 'sname'],
    ]);
    expect(getOption(message, 12)?.value).toBe('hi-there');
  });

  it('reports an overloaded area without End', () => {
    const { problems } = decode({
      overload: 2,
      options: [opt(53, 'ACK')],
      snameOptions: [rawOpt(43, '00'.repeat(62))],
      end: false,
    });
    expect(problems).toEqual(['no End option (255)', 'no End option (255) in sname (option overload)']);
  });
});
