/**
 * A transaction written straight from the analyser's state is byte for byte the transaction transactionOfState
 * makes, as JSON.stringify writes it (pretty, as in the report; compact, as in an NDJSON line), on every capture.
 */
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itemText } from '../../src/render/json.js';
import { roundMs } from '../../src/analyze/time.js';
import { epochMicros, epochOfStep, transactionOfState } from '../../src/report/build.js';
import { JsonBytes } from '../../src/report/json-bytes.js';
import { writeTransactionState } from '../../src/report/transaction-bytes.js';
import { closedStates } from '../helpers/closed-states.js';
import { S1 } from '../helpers/hosts.js';
import { scenario } from '../helpers/scenario.js';
import { allCaptureFiles, nonEmpty, repoCapturesDir, skipNoteWhenNoShared } from '../helpers/shared-captures.js';
import type { TxArp, TxState, TxStep } from '../../src/analyze/types.js';
import { Exchange } from '../../src/analyze/exchange.js';
import { DIRECTION_AT, L2_AT, L3_AT, RULE_AT, StepView, TYPE_AT } from '../../src/analyze/step-store.js';
import { RULE } from '../../src/analyze/delivery.js';

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

/** Text no packet should hold and every packet may, and numbers JSON writes in every way it can. */
const hostile = fc.oneof(
  fc.constantFrom('', 'plain', 'q " b \\ /', '\u0000\u001f\u007f\u0080 é', 'line\u2028sep', 'lone \ud800', '\udc00\ud800', '😀', '中文', '"', '\\'),
  fc.string({ maxLength: 20 }),
  fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 12 }).map((units) => String.fromCharCode(...units)),
);
const oddNumber = fc.oneof(
  fc.constantFrom(0, -0, 1, 9, 10, 99, 100, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 1e21, 0.1, -1, -(2 ** 31), Number.MAX_SAFE_INTEGER, NaN, Infinity),
  fc.integer(),
  fc.double(),
);
const oddTime = fc.record({
  sec: fc.oneof(fc.integer({ min: 0, max: 2 ** 34 }), fc.constantFrom(-5, 0, 86_399, 86_400, 253_402_300_799, 253_402_300_800, 1.5)),
  nanos: fc.oneof(fc.integer({ min: 0, max: 999_999_999 }), fc.constantFrom(0, 999_999_999, 1e9, 1.5)),
  digits: fc.integer({ min: 0, max: 10 }),
});

/** Closed exchanges of the repository's captures that hold every rare part between them. */
async function templates(): Promise<TxState[]> {
  const files = ['03-two-servers.pcap', '07-relay-client-side.pcap', '09-vlans.pcapng', '10-formats-sll.pcap', '06-renew-rebind.pcap', '21-vxlan-underlay.pcap'];
  return (await Promise.all(files.map((f) => closedStates(path.join(repoCapturesDir, f))))).flat();
}

describe('a transaction written from its state, every field hostile', () => {
  it('is transactionOfState to the byte whatever text and numbers its fields hold', async () => {
    const all = await templates();
    expect(all.some((t) => t.offers.length > 0 && t.arp.length > 0 && t.checks)).toBe(true);
    expect(all.some((t) => t.relay) && all.some((t) => t.tunnel) && all.some((t) => t.vlan.length > 0)).toBe(true);
    fc.assert(
      fc.property(fc.nat(all.length - 1), fc.array(hostile, { minLength: 4, maxLength: 4 }), oddNumber, oddTime, fc.boolean(), (i, [a, b, c, d], n, ts, flag) => {
        const t = all[i]!;
        const tx: TxState = {
          ...withGetters(t),
          id: a!, clientMac: b!, clientId: flag ? c : undefined, hostname: d, vendorClass: a, kind: b as TxState['kind'], outcome: flag ? 'ACK' : (c as TxState['outcome']),
          server: d, selectedServer: a, requestedIp: b, assignedIp: c, leaseSeconds: n, nakMessage: d, last: ts,
          offers: t.offers.map((o) => ({ ...o, server: a!, yiaddr: b!, frame: n })),
          ...(t.relay ? { relay: { ...t.relay, giaddr: c!, circuitId: d! } } : {}),
          steps: t.steps.map((x, k) => ({
            ...plainStep(x), frame: k === 0 ? x.frame : n, ts: k === 0 ? x.ts : ts, messageType: a!, fromMac: flag ? null : b!, fromIp: c!, toMac: d!, toIp: a!, l2: b as never, l3: c as never,
            expectedDelivery: d!, server: flag ? undefined : a, yiaddr: b, note: flag ? c : undefined, broadcastFlag: flag, relayed: !flag, duplicate: flag,
          })),
          arp: t.arp.map((x) => ({ ...plainArp(x), ts, frame: n, kind: a as never, senderMac: b!, senderIp: c!, targetIp: d!, fromOther: flag })),
          arpFrames: t.arpFrames.map(() => n),
          ...(t.checks ? { checks: t.checks.map((x) => ({ ...x, server: a!, ip: b!, answerMac: flag ? c : '', durationMs: flag ? null : n, ts, methods: [d as never], answerFrames: [n] })) } : {}),
        };
        expectWrittenAsConverted(tx);
      }),
      { numRuns: 500 },
    );
  });
});

/** A step's fields as a plain object: the analyser's steps are views of its step store, read through getters. */
function plainStep(x: TxStep): TxStep {
  return {
    frame: x.frame, ts: x.ts, messageType: x.messageType, type: x.type, direction: x.direction, fromMac: x.fromMac, fromIp: x.fromIp, toMac: x.toMac,
    toIp: x.toIp, l2: x.l2, l3: x.l3, broadcastFlag: x.broadcastFlag, expectedDelivery: x.expectedDelivery, deliveryOk: x.deliveryOk,
    retransmission: x.retransmission, server: x.server, yiaddr: x.yiaddr, relayed: x.relayed, icmpUnreachable: x.icmpUnreachable, duplicate: x.duplicate,
    secs: x.secs, note: x.note,
  };
}

/** An ARP frame's fields as a plain object (a view of the step store, like a step). */
function plainArp(x: TxArp): TxArp {
  return { frame: x.frame, ts: x.ts, kind: x.kind, senderMac: x.senderMac, senderIp: x.senderIp, targetIp: x.targetIp, fromOther: x.fromOther };
}

/** An exchange's fields as a plain object, those read through getters included (a spread leaves them out). */
function withGetters(t: TxState): TxState {
  return {
    ...t, id: t.id, xid: t.xid, kind: t.kind, outcome: t.outcome, first: t.first, last: t.last, kept: t.kept, done: t.done, rapidCommit: t.rapidCommit,
    arpFrames: t.arpFrames, tunnel: t.tunnel, nakMessage: t.nakMessage, nakServer: t.nakServer, checks: t.checks, omittedSteps: t.omittedSteps,
    // The analyser's exchanges keep every field in the columns of its exchange store (exchange-store.ts).
    firstFrame: t.firstFrame, clientMac: t.clientMac, clientId: t.clientId, hostname: t.hostname, vendorClass: t.vendorClass, server: t.server,
    offers: t.offers, selectedServer: t.selectedServer, requestedIp: t.requestedIp, assignedIp: t.assignedIp, leaseSeconds: t.leaseSeconds,
    relay: t.relay, segment: t.segment, vlan: t.vlan, client: t.client, steps: t.steps, arp: t.arp,
  };
}

describe('a transaction written from its state, the texts of its steps hostile', () => {
  it('is transactionOfState to the byte when its steps keep their kinds and classes but hold any text', async () => {
    const all = await templates();
    fc.assert(
      fc.property(fc.nat(all.length - 1), fc.array(hostile, { minLength: 4, maxLength: 4 }), oddTime, fc.boolean(), (i, [a, b, c, d], ts, flag) => {
        const t = all[i]!;
        const tx: TxState = {
          ...withGetters(t),
          // The kinds, classes and yes/no facts the analyser gives, which the writer's runs are made for.
          steps: t.steps.map((x, k) => ({
            frame: x.frame, ts: k === 0 ? x.ts : ts, type: x.type, messageType: x.messageType, direction: x.direction, l2: x.l2, l3: x.l3,
            broadcastFlag: x.broadcastFlag, deliveryOk: x.deliveryOk, retransmission: flag ? !x.retransmission : x.retransmission,
            relayed: x.relayed, icmpUnreachable: x.icmpUnreachable, duplicate: flag, secs: x.secs,
            fromMac: flag ? null : a!, fromIp: b!, toMac: c!, toIp: d!, expectedDelivery: a!, server: flag ? b : undefined, yiaddr: c, note: flag ? d : undefined,
          })),
          arp: t.arp.map((x) => ({ ...plainArp(x), ts, senderMac: a!, senderIp: b!, targetIp: c!, fromOther: flag })),
        };
        expectWrittenAsConverted(tx);
      }),
      { numRuns: 500 },
    );
  });

  it('writes every message type, direction, class and yes/no fact as JSON does', async () => {
    const t = (await templates()).find((x) => x.steps.length > 0)!;
    const x = t.steps[0]!;
    const steps: TxStep[] = [];
    for (const type of [undefined, 1, 2, 3, 5, 6, 7, 8, 13, 18, 200, 255])
      for (const direction of ['client', 'server', 'relay'] as const)
        for (const l2 of ['broadcast', 'multicast', 'unicast', 'unknown'] as const)
          for (const l3 of ['broadcast', 'multicast', 'unicast'] as const)
            steps.push({ ...plainStep(x), type, direction, l2, l3, messageType: type === undefined ? (direction === 'server' ? 'BOOTREPLY' : 'BOOTREQUEST') : `TYPE_${type}`,
              broadcastFlag: steps.length % 2 === 0, deliveryOk: steps.length % 3 === 0, retransmission: steps.length % 5 === 0, expectedDelivery: 'broadcast',
              relayed: false, icmpUnreachable: false, duplicate: false, note: undefined });
    const arp = (['probe', 'announcement', 'request', 'reply'] as const).flatMap((kind) => [true, false].map((fromOther) => ({ frame: 7, ts: x.ts, kind, senderMac: 'a', senderIp: 'b', targetIp: 'c', fromOther })));
    expectWrittenAsConverted({ ...withGetters(t), steps, arp, checks: undefined });
  });
});

describe("a transaction written from the analyser's step store", () => {
  it('is transactionOfState to the byte whatever texts and packed facts the store holds for its steps', async () => {
    const all = (await templates()).filter((t) => t instanceof Exchange && t.steps.length > 0);
    expect(all.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(
        fc.nat(all.length - 1),
        fc.array(hostile, { minLength: 4, maxLength: 4 }),
        fc.integer({ min: 0, max: 15 }),
        fc.integer({ min: 0, max: 0x1ff }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 63 }),
        fc.boolean(),
        (i, [a, b, c, d], rule, type, classes, facts, flag) => {
          const tx = all[i]!;
          const store = (tx as Exchange).store;
          for (const x of tx.steps) {
            const slot = (x as StepView).slot;
            store.fromMac[slot] = flag ? null : a!;
            store.fromIp[slot] = b!;
            store.toMac[slot] = c!;
            store.toIp[slot] = d!;
            store.server[slot] = flag ? undefined : a;
            store.yiaddr[slot] = b;
            store.ruleIp[slot] = flag ? c : '10.1.2.3';
            // A rule past the last (a store written wrong) and classes past the known ones take the slow path.
            const bits = store.bits[slot]! & ~(~0 << DIRECTION_AT);
            store.bits[slot] = (facts & ~(32 | 16)) | (classes % 3 << DIRECTION_AT) | (classes << L2_AT) | (classes << L3_AT) | (type << TYPE_AT) | (rule << RULE_AT) | (bits & 16);
          }
          expectWrittenAsConverted(tx);
        },
      ),
      { numRuns: 300 },
    );
    expect(RULE.TO_YIADDR).toBeLessThan(15);
  });
});

describe('a relay written as bytes', () => {
  it('is what JSON writes whatever the order of its keys and the text of its ids', async () => {
    const t = (await templates()).find((x) => x.relay)!;
    fc.assert(
      fc.property(fc.array(hostile, { minLength: 2, maxLength: 2 }), oddNumber, fc.boolean(), ([a, b], n, flag) => {
        const relay = flag ? { remoteId: a!, giaddr: b!, hops: n, circuitId: undefined } : { giaddr: a!, hops: n, circuitId: b! };
        expectWrittenAsConverted({ ...withGetters(t), steps: t.steps.map(plainStep), arp: t.arp.map(plainArp), relay } as TxState);
      }),
      { numRuns: 300 },
    );
  });
});

describe('a duration written from whole thousandths', () => {
  const written = (v: number): string => {
    const w = new JsonBytes(true, 4);
    w.thousandths(v);
    return w.bytes().toString('latin1');
  };

  it('is what JSON writes for a roundMs value, whatever its size', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ min: -10, max: 1e7, noNaN: true }), fc.integer({ min: 0, max: 2 ** 45 }).map((k) => k / 1000), fc.double()), (ms) => {
        const v = roundMs(ms);
        expect(written(v)).toBe(JSON.stringify(v));
      }),
      { numRuns: 20_000 },
    );
  });

  it('falls back to JSON for values that are not whole thousandths', () => {
    for (const v of [0.0005, 1e-7, 0.1 + 0.2, 2 ** 42, 2 ** 42 + 0.5, 2 ** 60, -0.001, -0, NaN, Infinity, -Infinity]) expect(written(v)).toBe(JSON.stringify(v) ?? 'null');
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
