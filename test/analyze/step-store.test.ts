/**
 * The step store keeps steps as columns and hands slots back when an exchange is let go: chains read back in
 * order, freed slots are used again, and an exchange let go says so rather than reading another's steps.
 */
import { describe, expect, it } from 'vitest';
import { Exchange } from '../../src/analyze/exchange.js';
import { NO_STEP, StepStore, StepView } from '../../src/analyze/step-store.js';
import { writeStep } from '../../src/analyze/steps.js';
import { stampOf } from '../../src/analyze/time.js';
import { TransactionTracker } from '../../src/analyze/transactions.js';
import type { DhcpFrame } from '../../src/decode/frame.js';
import { Decoder } from '../../src/decode/decoder.js';
import { buildDhcpMessage, opt } from '../helpers/dhcp-builder.js';
import { buildDhcpEthernet, record } from '../helpers/frames.js';

function chain(store: StepStore, n: number): number[] {
  const slots: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = store.alloc();
    if (slots.length > 0) store.next[slots[slots.length - 1]!] = s;
    slots.push(s);
  }
  return slots;
}

let frameNo = 0;
function frame(o: { mac: string; xid: number; type: number; op?: number; sec: number }): DhcpFrame {
  const payload = buildDhcpMessage({ op: o.op ?? 1, chaddr: o.mac, xid: o.xid, options: [opt(53, o.type)] });
  const bytes = buildDhcpEthernet({ payload, srcMac: o.mac, srcPort: o.op === 2 ? 67 : 68, dstPort: o.op === 2 ? 68 : 67 });
  const f = new Decoder().decode(record(bytes, 1, { tsSec: o.sec, tsNanos: 0, frame: ++frameNo }));
  if (f?.kind !== 'dhcp') throw new Error('not decoded as DHCP');
  return f;
}

describe('the step store', () => {
  it('grows past its first columns and keeps what each slot holds', () => {
    const store = new StepStore();
    const slots = chain(store, 1000);
    slots.forEach((s, i) => (store.frame[s] = i + 1));
    expect(slots.map((s) => store.frame[s])).toEqual(slots.map((_, i) => i + 1));
    expect(store.next[slots[999]!]).toBe(NO_STEP);
  });

  it('hands a released chain\'s slots out again instead of growing', () => {
    const store = new StepStore();
    const first = chain(store, 5);
    store.release(first[0]!);
    const again = chain(store, 5);
    expect(new Set(again)).toEqual(new Set(first));
    expect(store.size).toBe(5);
    chain(store, 1);
    expect(store.size).toBe(6);
  });

  it('reads a written step back through its view', () => {
    const store = new StepStore();
    const slot = store.alloc();
    const f = frame({ mac: '02:00:00:00:00:01', xid: 7, type: 1, sec: 1_700_000_000 });
    writeStep(store, slot, f, 'retransmission');
    const v = new StepView(store, slot);
    expect([v.frame, v.ts, v.messageType, v.direction, v.fromMac, v.retransmission, v.duplicate]).toEqual([
      f.frame, stampOf(f.tsSec, f.tsNanos, f.tsDigits), 'DISCOVER', 'client', '02:00:00:00:00:01', true, false,
    ]);
  });
});

describe('an exchange\'s steps in the store', () => {
  it('read back in the order they came, as views', () => {
    const tracker = new TransactionTracker({ maxOpen: 10, maxStored: 10, timeoutSeconds: 60, retain: true }, () => undefined);
    const mac = '02:00:00:00:00:02';
    const { tx } = tracker.add(frame({ mac, xid: 1, type: 1, sec: 100 }), undefined);
    tracker.add(frame({ mac, xid: 1, type: 2, op: 2, sec: 101 }), undefined);
    tracker.add(frame({ mac, xid: 1, type: 3, sec: 102 }), 'SELECTING');
    expect(tx.steps.map((s) => [s.messageType, s.direction, s.ts.sec])).toEqual([['DISCOVER', 'client', 100], ['OFFER', 'server', 101], ['REQUEST', 'client', 102]]);
  });

  it('are read again as the same views until a step comes or another exchange is read', () => {
    const tracker = new TransactionTracker({ maxOpen: 10, maxStored: 10, timeoutSeconds: 60, retain: true }, () => undefined);
    const a = tracker.add(frame({ mac: '02:00:00:00:00:03', xid: 3, type: 1, sec: 100 }), undefined).tx;
    const b = tracker.add(frame({ mac: '02:00:00:00:00:04', xid: 4, type: 1, sec: 100 }), undefined).tx;
    const first = a.steps;
    expect(a.steps).toBe(first);
    tracker.add(frame({ mac: '02:00:00:00:00:03', xid: 3, type: 2, op: 2, sec: 101 }), undefined);
    expect(a.steps.map((s) => s.messageType)).toEqual(['DISCOVER', 'OFFER']);
    expect(b.steps.map((s) => s.messageType)).toEqual(['DISCOVER']);
    expect(a.steps.map((s) => s.messageType)).toEqual(['DISCOVER', 'OFFER']);
  });

  it('are let go when an exchange closes unretained: the slots serve later exchanges, and reading them throws', () => {
    const handed: Exchange[] = [];
    const seen: string[][] = [];
    const tracker = new TransactionTracker({ maxOpen: 10, maxStored: 100, timeoutSeconds: 60, retain: false }, (tx) => {
      seen.push(tx.steps.map((s) => s.messageType));
      handed.push(tx as Exchange);
    });
    for (let i = 0; i < 50; i++) {
      const mac = `02:00:00:00:01:${(i + 16).toString(16)}`;
      tracker.add(frame({ mac, xid: i, type: 1, sec: 1000 + i * 100 }), undefined);
      tracker.add(frame({ mac, xid: i, type: 2, op: 2, sec: 1000 + i * 100 }), undefined);
      tracker.sweep(stampOf(1000 + i * 100 + 99, 0, 6));
    }
    tracker.closeAll();
    expect(seen).toHaveLength(50);
    expect(seen.every((s) => s.join() === 'DISCOVER,OFFER')).toBe(true);
    // Each exchange closed before the next began: a handful of slots served all 100 steps.
    expect((handed[0]!.store as StepStore).size).toBeLessThan(10);
    expect(() => handed[0]!.steps).toThrow(/let go/);
  });
});
