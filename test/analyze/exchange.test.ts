import { describe, expect, it } from 'vitest';
import { Exchange } from '../../src/analyze/exchange.js';
import { ExchangeStore, KIND, KINDS, OUTCOME, OUTCOMES } from '../../src/analyze/exchange-store.js';
import { stampOf } from '../../src/analyze/time.js';
import type { TxArp } from '../../src/analyze/types.js';

const t = stampOf(100, 0, 6);
const exchange = (kept = true) => new Exchange(new ExchangeStore(), 42, kept, 0x1234, 'aa:bb:cc:dd:ee:ff', 'DORA', t, '', [], undefined);

describe('Exchange', () => {
  it('is named for its first frame and starts with nothing learnt', () => {
    const tx = exchange();
    expect([tx.id, tx.kept, tx.done, tx.rapidCommit, tx.omittedSteps]).toEqual(['T42', true, false, false, 0]);
    expect([tx.nakMessage, tx.nakServer, tx.checks, tx.tunnel, tx.server]).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect([tx.steps, tx.arp, tx.arpFrames, tx.offers]).toEqual([[], [], [], []]);
    expect(exchange(false).kept).toBe(false);
  });

  it('keeps its yes/no fields apart', () => {
    const tx = exchange(false);
    tx.done = true;
    expect([tx.kept, tx.done, tx.rapidCommit]).toEqual([false, true, false]);
    tx.rapidCommit = true;
    tx.done = false;
    expect([tx.kept, tx.done, tx.rapidCommit]).toEqual([false, false, true]);
  });

  it('keeps the fields few exchanges have, each on its own', () => {
    const tx = exchange();
    tx.nakMessage ??= 'address not available';
    tx.nakMessage ??= 'later';
    tx.omittedSteps++;
    tx.omittedSteps++;
    expect([tx.nakMessage, tx.nakServer, tx.omittedSteps, tx.checks]).toEqual(['address not available', undefined, 2, undefined]);
    tx.nakServer = '10.0.0.1';
    tx.checks = [];
    expect([tx.nakMessage, tx.nakServer, tx.omittedSteps, tx.checks]).toEqual(['address not available', '10.0.0.1', 2, []]);
    const tunnelled = new Exchange(new ExchangeStore(), 1, true, 1, 'aa', 'DORA', t, 'x', [5], [{ type: 'vxlan', vni: 7 } as never]);
    expect(tunnelled.tunnel).toEqual([{ type: 'vxlan', vni: 7 }]);
    expect(tunnelled.nakMessage).toBeUndefined();
  });

  it('lists its ARP frames from its ARP records, in order', () => {
    const tx = exchange();
    tx.linkArp(7, t, 'probe', 'aa', '0.0.0.0', '10.0.0.5', false);
    tx.linkArp(9, stampOf(101, 5, 9), 'reply', 'bb', '10.0.0.5', '10.0.0.9', true);
    expect(tx.arpFrames).toEqual([7, 9]);
    const read = (a: TxArp) => ({ frame: a.frame, ts: a.ts, kind: a.kind, senderMac: a.senderMac, senderIp: a.senderIp, targetIp: a.targetIp, fromOther: a.fromOther });
    expect(tx.arp.map(read)).toEqual([
      { frame: 7, ts: t, kind: 'probe', senderMac: 'aa', senderIp: '0.0.0.0', targetIp: '10.0.0.5', fromOther: false },
      { frame: 9, ts: stampOf(101, 5, 9), kind: 'reply', senderMac: 'bb', senderIp: '10.0.0.5', targetIp: '10.0.0.9', fromOther: true },
    ]);
  });

  it('gives its steps and ARP frames back when let go, and says so if read after', () => {
    const tx = exchange();
    tx.linkArp(7, t, 'probe', 'aa', '0.0.0.0', '10.0.0.5', false);
    tx.release();
    expect(() => tx.arp).toThrow(/let go/);
    expect(() => tx.arpFrames).toThrow(/let go/);
    expect(() => tx.steps).toThrow(/let go/);
    expect(() => tx.clientMac).toThrow(/let go/);
    expect(() => tx.first).toThrow(/let go/);
  });

  it('keeps its fields in its own slot, and a slot let go serves the next exchange with nothing of the last', () => {
    const store = new ExchangeStore();
    const a = new Exchange(store, 1, true, 0xfffffffe, 'aa', 'DORA', t, 'vlan 5', [5], undefined);
    const b = new Exchange(store, 2, false, 7, 'bb', 'RENEW', stampOf(200, 7, 3), '', [], undefined);
    a.hostname = 'laptop';
    a.leaseSeconds = 0;
    a.nakMessage = 'no';
    a.last = stampOf(150, 9, 9);
    a.outcome = 'ACK';
    b.leaseSeconds = 4294967295;
    expect([a.firstFrame, a.xid, a.clientMac, a.kind, a.outcome, a.hostname, a.leaseSeconds, a.nakMessage, a.segment, a.vlan]).toEqual([1, 0xfffffffe, 'aa', 'DORA', 'ACK', 'laptop', 0, 'no', 'vlan 5', [5]]);
    expect([a.first, a.last, a.msSinceLast(stampOf(151, 9, 9)), a.msSinceFirst(stampOf(101, 0, 6))]).toEqual([t, stampOf(150, 9, 9), 1000, 1000]);
    expect([b.firstFrame, b.xid, b.clientMac, b.kind, b.kept, b.hostname, b.leaseSeconds, b.first]).toEqual([2, 7, 'bb', 'RENEW', false, undefined, 4294967295, stampOf(200, 7, 3)]);
    a.release();
    expect(store.live).toBe(1);
    const c = new Exchange(store, 3, true, 9, 'cc', 'DORA', t, '', [], undefined);
    expect(store.size).toBe(2); // a's slot, given back, serves c
    expect([c.firstFrame, c.clientMac, c.hostname, c.leaseSeconds, c.nakMessage, c.outcome, c.done, c.steps, c.arp]).toEqual([3, 'cc', undefined, undefined, undefined, 'NO_OFFER', false, [], []]);
    expect(b.clientMac).toBe('bb');
  });
});

describe('exchange numbers', () => {
  it('name each kind and outcome where the lists of them have it', () => {
    expect(Object.entries(KIND).map(([name, n]) => [name.replace('_', '-'), KINDS[n]]).every(([a, b]) => a === b)).toBe(true);
    expect(Object.keys(KIND)).toHaveLength(KINDS.length);
    expect(Object.entries(OUTCOME).every(([name, n]) => OUTCOMES[n] === name)).toBe(true);
    expect(Object.keys(OUTCOME)).toHaveLength(OUTCOMES.length);
  });
});
