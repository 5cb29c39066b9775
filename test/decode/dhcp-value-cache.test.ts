/**
 * Option values shared between messages: the same bytes give the same frozen value, and a shared value is
 * always what decoding those bytes gives, problems included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeDhcp, getOption } from '../../src/decode/dhcp/message.js';
import { decodeOptionAt } from '../../src/decode/dhcp/option-decoders.js';
import { registeredOptionCodes } from '../../src/decode/dhcp/options.js';
import { decodeSharedValue, valueHash } from '../../src/decode/dhcp/value-cache.js';
import { problemText, type DecodeProblem } from '../../src/decode/problems.js';
import { buildDhcpMessage, opt, rawOpt } from '../helpers/dhcp-builder.js';

function message(...options: Parameters<typeof rawOpt>[]): ReturnType<typeof decodeDhcp> {
  const bytes = buildDhcpMessage({ options: [opt(53, 'REQUEST'), ...options.map((o) => rawOpt(...o))] });
  return decodeDhcp(bytes, 0, bytes.length, 42);
}

describe('shared option values', () => {
  it('gives two messages with the same parameter request list, router list and relay information one frozen value each', () => {
    const prl = '0103060f1f212b2c2e2f7779f9fc';
    const relay = '0106657468302f310206001122334455';
    const a = message([55, prl], [3, '0a000001'], [82, relay]).message;
    const b = message([3, '0a000001'], [55, prl], [82, relay]).message;
    for (const code of [55, 3, 82]) {
      expect(getOption(b, code)?.value).toBe(getOption(a, code)?.value);
      expect(Object.isFrozen(getOption(a, code)?.value)).toBe(true);
    }
    expect(Object.isFrozen((getOption(a, 82)?.value as readonly object[])[0])).toBe(true);
    expect(getOption(a, 55)?.value).toEqual([1, 3, 6, 15, 31, 33, 43, 44, 46, 47, 119, 121, 249, 252]);
    const other = message([55, '010306']).message;
    expect(getOption(other, 55)?.value).toEqual([1, 3, 6]);
  });

  it('does not keep a value whose decoding found a problem: the next message reports it again', () => {
    const first = message([3, '0a00000102']);
    const second = message([3, '0a00000102']);
    expect(first.problems.map(problemText)).toEqual([expect.stringMatching(/^option 3 \(Router\): length 5/)]);
    expect(second.problems.map(problemText)).toEqual(first.problems.map(problemText));
    expect(getOption(second.message, 3)?.value).toEqual(['10.0.0.1']);
  });

  it('tells apart two payloads whose hashes are the same', () => {
    // Among 2^19 random 8-byte lists a 32-bit hash repeats about 30 times (birthday bound): find one such pair.
    const seen = new Map<number, number>();
    let pair: [number, number] | undefined;
    const bytes = (i: number): Uint8Array => {
      const out = new Uint8Array(8);
      let x = Math.imul(i + 1, 0x9e3779b1);
      for (let k = 0; k < 8; k++) out[k] = (x = Math.imul(x ^ (x >>> 13), 0x5bd1e995)) >>> 24;
      return out;
    };
    for (let i = 0; i < 1 << 19 && pair === undefined; i++) {
      const h = valueHash(55, bytes(i), 0, 8);
      const j = seen.get(h);
      if (j !== undefined && bytes(j).join() !== bytes(i).join()) pair = [j, i];
      else seen.set(h, i);
    }
    expect(pair).toBeDefined();
    const [a, b] = pair!;
    const first = decodeSharedValue(55, bytes(a), 0, 8, [], 0);
    const second = decodeSharedValue(55, bytes(b), 0, 8, [], 0);
    expect(first).toEqual([...bytes(a)]);
    expect(second).toEqual([...bytes(b)]);
  });

  it('is what decoding the bytes gives, problems included, however values repeat and collide', () => {
    const codes = [...registeredOptionCodes(), 84, 200];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...codes), fc.uint8Array({ maxLength: 12 }).map((a) => a.map((x) => x & 0x13))), { minLength: 1, maxLength: 40 }),
        (cases) => {
          for (const [code, payload] of cases) {
            const buf = Uint8Array.from([0xee, ...payload, 0xee]);
            const expected: DecodeProblem[] = [];
            const got: DecodeProblem[] = [];
            expect(decodeSharedValue(code, buf, 1, payload.length, got, 300)).toEqual(decodeOptionAt(code, buf, 1, payload.length, expected, 300));
            expect(got).toEqual(expected);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
