/**
 * A transaction written straight from the analyser's state is byte for byte the transaction transactionOfState
 * makes, as JSON.stringify writes it (pretty, as in the report; compact, as in an NDJSON line), on every capture.
 */
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itemText } from '../../src/render/json.js';
import { epochMicros, epochOfStep, transactionOfState } from '../../src/report/build.js';
import { JsonBytes } from '../../src/report/json-bytes.js';
import { writeTransactionState } from '../../src/report/transaction-bytes.js';
import { closedStates } from '../helpers/closed-states.js';
import { S1 } from '../helpers/hosts.js';
import { scenario } from '../helpers/scenario.js';
import { allCaptureFiles, nonEmpty, skipNoteWhenNoShared } from '../helpers/shared-captures.js';

/** Built exchanges for what the repository's captures lack: NAKs with messages, one of them hostile text. */
function builtNaks(): Uint8Array {
  return scenario()
    .at(0).request({ mac: '02:00:00:00:00:01', xid: 0x1001, requested: '10.0.0.99' })
    .at(0.01).nak({ server: S1, mac: '02:00:00:00:00:01', xid: 0x1001, message: 'wrong network' })
    .at(1).request({ mac: '02:00:00:00:00:02', xid: 0x1002, requested: '10.0.0.98' })
    .at(1.01).nak({ server: S1, mac: '02:00:00:00:00:02', xid: 0x1002, message: 'bad "lease"\\\u001b[31m é \u2028' })
    .build();
}

function expectWrittenAsConverted(tx: Parameters<typeof writeTransactionState>[1]): void {
  const t = transactionOfState(tx);
  const pretty = new JsonBytes(true);
  writeTransactionState(pretty, tx);
  expect(`    ${pretty.bytes().toString('utf8')}`).toBe(itemText('transactions', t));
  const compact = new JsonBytes(false);
  writeTransactionState(compact, tx);
  expect(compact.bytes().toString('utf8')).toBe(JSON.stringify(t));
}

describe('a transaction written from its state', () => {
  skipNoteWhenNoShared('transactions written from their state');
  it.each(nonEmpty('captures', allCaptureFiles()).map((f) => [path.basename(f), f]))('is transactionOfState to the byte: %s', async (_name, file) => {
    for (const tx of await closedStates(file!)) expectWrittenAsConverted(tx);
  });

  it('is transactionOfState to the byte for NAKs with messages, hostile text included (built capture)', async () => {
    const states = await closedStates(builtNaks());
    expect(states.map((t) => t.nakMessage)).toEqual(['wrong network', 'bad "lease"\\\u001b[31m é \u2028']);
    for (const tx of states) expectWrittenAsConverted(tx);
  });

  it('covers the rare parts: address checks with notes, relays, tunnels, VLANs, NAK messages, rapid commit or ARP', async () => {
    const inputs = [...allCaptureFiles(), builtNaks()];
    const states = (await Promise.all(inputs.map((f) => closedStates(f)))).flat().map(transactionOfState);
    expect(states.some((t) => t.addressChecks?.length && t.steps.some((s) => s.note))).toBe(true);
    expect(states.some((t) => t.relay)).toBe(true);
    expect(states.some((t) => t.segment)).toBe(true);
    expect(states.some((t) => t.vlan)).toBe(true);
    expect(states.some((t) => t.nakMessage)).toBe(true);
    expect(states.some((t) => t.arp.length > 0)).toBe(true);
  });
});

describe('an epoch written from whole microseconds', () => {
  const written = (micros: number): string => {
    const w = new JsonBytes(true, 4);
    w.micros(micros);
    return w.bytes().toString('latin1');
  };

  it('is what JSON writes for epochOfStep, whatever the second, the fraction and the precision', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 0, max: 2 ** 33 + 10 }), fc.integer({ min: 1_600_000_000, max: 1_800_000_000 }), fc.constantFrom(0, 1, 2 ** 33 - 1, 2 ** 33, 2 ** 40, -1)),
        fc.oneof(fc.integer({ min: 0, max: 999_999_999 }), fc.constantFrom(0, 1, 999_999, 1_000, 999_999_999, 500_000_000)),
        fc.integer({ min: 0, max: 9 }),
        (sec, nanos, digits) => {
          const ts = { sec, nanos, digits };
          expect(written(epochMicros(ts))).toBe(JSON.stringify(epochOfStep(ts)));
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('falls back to JSON for values it does not write itself', () => {
    for (const m of [-1, -0.5, 0.5, 2 ** 33 * 1e6, 2 ** 53, NaN, Infinity]) expect(written(m)).toBe(JSON.stringify(m / 1e6));
  });
});
