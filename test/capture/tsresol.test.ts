import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TsResolution } from '../../src/capture/tsresol.js';

/** The obvious BigInt computation, as the reference. */
function reference(tsresol: number, units: bigint): [number, number] {
  const n = BigInt(tsresol & 0x7f);
  const perSec = (tsresol & 0x80) !== 0 ? 1n << n : 10n ** n;
  const sec = units / perSec;
  const nanos = ((units % perSec) * 1_000_000_000n) / perSec;
  return [Number(sec), Number(nanos)];
}

describe('pcapng timestamp conversion', () => {
  it('matches BigInt arithmetic for every resolution and any 64-bit count', () => {
    const resolution = fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0x80, max: 0x80 + 40 }), fc.constantFrom(6, 9, 0x80 | 20, 0x80 | 32));
    const units = fc.oneof(
      fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
      fc.bigInt({ min: 0n, max: 1n << 53n }),
      fc.bigInt({ min: 1_600_000_000_000_000_000n, max: 1_900_000_000_000_000_000n }), // ns since 1970
      fc.bigInt({ min: 1_600_000_000_000_000n, max: 1_900_000_000_000_000n }), // µs since 1970
    );
    fc.assert(
      fc.property(resolution, units, (tsresol, u) => {
        const ts = new TsResolution(tsresol);
        ts.convert(Number(u >> 32n), Number(u & 0xffff_ffffn));
        const [sec, nanos] = reference(tsresol, u);
        // Seconds beyond 2^53 cannot be exact as numbers; only compare when they are representable.
        if (sec <= Number.MAX_SAFE_INTEGER) expect([ts.sec, ts.nanos]).toEqual([sec, nanos]);
      }),
      { numRuns: 5000 },
    );
  });

  it('names resolutions and picks display digits like Wireshark', () => {
    const cases: [number, string, number][] = [
      [6, 'microseconds', 6],
      [9, 'nanoseconds', 9],
      [3, '10^-3', 3],
      [0, '10^-0', 0],
      [12, '10^-12', 9],
      [0x80 | 20, '2^-20', 6],
      [0x80 | 10, '2^-10', 3],
      [0x80 | 32, '2^-32', 9],
    ];
    for (const [tsresol, label, digits] of cases) {
      const ts = new TsResolution(tsresol);
      expect([ts.label, ts.digits]).toEqual([label, digits]);
    }
  });
});
