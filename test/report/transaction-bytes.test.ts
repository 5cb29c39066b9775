/**
 * A transaction written straight from the analyser's state is byte for byte the transaction transactionOfState
 * makes, as JSON.stringify writes it (pretty, as in the report; compact, as in an NDJSON line), on every capture.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { itemText } from '../../src/render/json.js';
import { transactionOfState } from '../../src/report/build.js';
import { JsonBytes } from '../../src/report/json-bytes.js';
import { writeTransactionState } from '../../src/report/transaction-bytes.js';
import { closedStates } from '../helpers/closed-states.js';
import { allCaptureFiles, nonEmpty, skipNoteWhenNoShared } from '../helpers/shared-captures.js';

describe('a transaction written from its state', () => {
  skipNoteWhenNoShared('transactions written from their state');
  it.each(nonEmpty('captures', allCaptureFiles()).map((f) => [path.basename(f), f]))('is transactionOfState to the byte: %s', async (_name, file) => {
    for (const tx of await closedStates(file!)) {
      const t = transactionOfState(tx);
      const pretty = new JsonBytes(true);
      writeTransactionState(pretty, tx);
      expect(`    ${pretty.bytes().toString('utf8')}`).toBe(itemText('transactions', t));
      const compact = new JsonBytes(false);
      writeTransactionState(compact, tx);
      expect(compact.bytes().toString('utf8')).toBe(JSON.stringify(t));
    }
  });

  it('covers the rare parts: address checks with notes, relays, tunnels, VLANs, NAK messages, rapid commit or ARP', async () => {
    const states = (await Promise.all(allCaptureFiles().map((f) => closedStates(f)))).flat().map(transactionOfState);
    expect(states.some((t) => t.addressChecks?.length && t.steps.some((s) => s.note))).toBe(true);
    expect(states.some((t) => t.relay)).toBe(true);
    expect(states.some((t) => t.segment)).toBe(true);
    expect(states.some((t) => t.vlan)).toBe(true);
    expect(states.some((t) => t.nakMessage)).toBe(true);
    expect(states.some((t) => t.arp.length > 0)).toBe(true);
  });
});
