import { describe, expect, it } from 'vitest';
import { Exchange } from '../../src/analyze/exchange.js';
import { StepStore } from '../../src/analyze/step-store.js';
import { stampOf } from '../../src/analyze/time.js';
import type { TxArp } from '../../src/analyze/types.js';

const t = stampOf(100, 0, 6);
const exchange = (kept = true) => new Exchange(new StepStore(), 42, kept, 0x1234, 'aa:bb:cc:dd:ee:ff', 'DORA', t, '', [], undefined);

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
    const tunnelled = new Exchange(new StepStore(), 1, true, 1, 'aa', 'DORA', t, 'x', [5], [{ type: 'vxlan', vni: 7 } as never]);
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
    tx.releaseSteps();
    expect(() => tx.arp).toThrow(/let go/);
    expect(() => tx.arpFrames).toThrow(/let go/);
    expect(() => tx.steps).toThrow(/let go/);
  });
});
