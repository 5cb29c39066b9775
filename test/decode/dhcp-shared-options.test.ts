/**
 * Whole option lists shared between messages: the same option bytes at the same place in the frame give the same
 * frozen list, and a shared list is always what decoding those bytes there gives.
 */
import { describe, expect, it } from 'vitest';
import { decodeDhcp } from '../../src/decode/dhcp/message.js';
import { optionListHash } from '../../src/decode/dhcp/shared-options.js';
import type { DhcpOption } from '../../src/decode/frame.js';
import { problemText } from '../../src/decode/problems.js';
import { buildDhcpMessage, opt, rawOpt, type DhcpSpec } from '../helpers/dhcp-builder.js';

const ACK: DhcpSpec = {
  op: 2,
  yiaddr: '10.0.0.9',
  options: [opt(53, 'ACK'), opt(54, '10.0.0.1'), opt(51, 3600), opt(1, '255.255.255.0'), opt(3, ['10.0.0.1']), opt(6, ['10.0.0.1', '10.0.0.2'])],
};

function decode(spec: DhcpSpec, frameOffset = 42): ReturnType<typeof decodeDhcp> {
  const bytes = buildDhcpMessage(spec);
  return decodeDhcp(bytes, 0, bytes.length, frameOffset);
}

const fields = (options: readonly DhcpOption[]): unknown[] => options.map((o) => [o.code, o.length, o.offset, o.hex, o.value, o.source]);

describe('shared option lists', () => {
  it('gives two server replies with the same options one frozen list, and each its message type', () => {
    const a = decode(ACK);
    const b = decode({ ...ACK, yiaddr: '10.0.0.77', xid: 99 });
    expect(b.message.options).toBe(a.message.options);
    expect(Object.isFrozen(a.message.options)).toBe(true);
    expect(b.message.messageType).toBe(5);
    expect(fields(b.message.options)).toEqual(fields(decode({ ...ACK, options: [...ACK.options!, rawOpt(43, '00')] }).message.options).slice(0, 6));
  });

  it('keeps lists apart by where they sit in the frame (behind a VLAN tag the offsets are 4 bytes later)', () => {
    const plain = decode(ACK, 42);
    const tagged = decode(ACK, 46);
    expect(tagged.message.options).not.toBe(plain.message.options);
    expect(tagged.message.options.map((o) => o.offset)).toEqual(plain.message.options.map((o) => o.offset! + 4));
  });

  it('does not keep a list whose decoding found a problem: the next message reports it again', () => {
    const spec: DhcpSpec = { options: [opt(53, 'REQUEST'), rawOpt(50, '0a0000')] };
    const first = decode(spec);
    const second = decode(spec);
    expect(first.problems.map(problemText)).toEqual([expect.stringMatching(/^option 50 \(Requested IP Address\)/)]);
    expect(second.problems.map(problemText)).toEqual(first.problems.map(problemText));
    expect(second.message.options).not.toBe(first.message.options);
  });

  it('tells apart two lists whose hashes are the same', () => {
    // Among 2^19 random 6-byte values of option 43 a 32-bit hash repeats about 30 times (birthday bound).
    const at = 42 + 240;
    const payload = (i: number): Uint8Array => {
      const out = new Uint8Array(6);
      let x = Math.imul(i + 1, 0x9e3779b1);
      for (let k = 0; k < 6; k++) out[k] = (x = Math.imul(x ^ (x >>> 13), 0x5bd1e995)) >>> 24;
      return out;
    };
    const area = (i: number): Uint8Array => Uint8Array.of(43, 6, ...payload(i));
    const seen = new Map<number, number>();
    let pair: [number, number] | undefined;
    for (let i = 0; i < 1 << 19 && pair === undefined; i++) {
      const h = optionListHash(area(i), 0, 8, at);
      const j = seen.get(h);
      if (j !== undefined && area(j).join() !== area(i).join()) pair = [j, i];
      else seen.set(h, i);
    }
    expect(pair).toBeDefined();
    for (const i of [...pair!, pair![0]]) {
      const { message } = decode({ options: [rawOpt(43, payload(i))] });
      expect(message.options.map((o) => o.hex)).toEqual([Buffer.from(payload(i)).toString('hex')]);
    }
  });
});
