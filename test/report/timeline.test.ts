/**
 * An exchange's timeline block written from the analyser's state (TimelineExchange.fromState, the unfiltered
 * `--text` run) is byte for byte the block written from the Transaction that transactionOfState makes
 * (fromTransaction, a whole report's timeline), in colour and without, times filled in or marked, on every capture;
 * and a lease's row of the lease table filled from the state holds the values of the Lease that leaseOf makes.
 */
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { transactionOfState } from '../../src/report/build.js';
import { Bytes } from '../../src/report/json-bytes.js';
import { LeaseRow, TimelineExchange } from '../../src/report/timeline.js';
import { readLeaseDatabase } from '../../src/leasedb/read.js';
import { AnalysisSession } from '../../src/session.js';
import { fillTimes, markTime, sinceZero, writeBlock, type TimeWriter } from '../../src/render/text-block.js';
import type { TxState } from '../../src/analyze/types.js';
import { closedStates } from '../helpers/closed-states.js';
import { S1 } from '../helpers/hosts.js';
import { scenario } from '../helpers/scenario.js';
import { allCaptureFiles, nonEmpty, repoCapturesDir, skipNoteWhenNoShared } from '../helpers/shared-captures.js';

const fromState = new TimelineExchange();
const fromTransaction = new TimelineExchange();

function block(x: TimelineExchange, time: TimeWriter, color: boolean): string {
  const out = new Bytes(16);
  writeBlock(out, x, time, color);
  return out.bytes().toString('utf8');
}

function expectSameBlock(tx: TxState, t0: number): void {
  const a = fromState.fromState(tx);
  const b = fromTransaction.fromTransaction(transactionOfState(tx));
  expect(a.earliestStep).toBe(b.earliestStep);
  for (const color of [false, true]) {
    const time = sinceZero(t0);
    const direct = block(b, time, color);
    expect(block(a, time, color)).toBe(direct);
    // Marked, then filled in: the same text.
    const marked = new Bytes(16);
    writeBlock(marked, a, markTime, color);
    expect(Buffer.concat([...fillTimes([marked.bytes()], t0)].map((p) => Buffer.from(p))).toString('utf8')).toBe(direct);
  }
}

/** Built exchanges the repository's captures lack: NAKs with messages, one of them hostile text, and a hostile hostname. */
function built(): Uint8Array {
  return scenario()
    .at(0).request({ mac: '02:00:00:00:00:01', xid: 0x1001, requested: '10.0.0.99', hostname: 'évil\u001b[31m\u202e' })
    .at(0.01).nak({ server: S1, mac: '02:00:00:00:00:01', xid: 0x1001, message: 'wrong network' })
    .at(1).request({ mac: '02:00:00:00:00:02', xid: 0x1002, requested: '10.0.0.98' })
    .at(1.01).nak({ server: S1, mac: '02:00:00:00:00:02', xid: 0x1002, message: 'bad "lease"\\\u001b[31m é \u2028' })
    .build();
}

describe('a timeline block written from the analyser state', () => {
  skipNoteWhenNoShared('timeline blocks written from their state');
  it.each(nonEmpty('captures', allCaptureFiles()).map((f) => [path.basename(f), f]))('is the block of transactionOfState to the byte: %s', async (_name, file) => {
    const states = await closedStates(file!);
    const t0 = Math.min(...states.map((tx) => fromState.fromState(tx).earliestStep));
    for (const tx of states) expectSameBlock(tx, Number.isFinite(t0) ? t0 : 0);
  });

  it('is the block of transactionOfState for hostile hostnames and NAK messages (built capture)', async () => {
    const states = await closedStates(built());
    expect(states.map((t) => t.nakMessage)).toEqual(['wrong network', 'bad "lease"\\\u001b[31m é \u2028']);
    for (const tx of states) expectSameBlock(tx, 0);
    expect(block(fromState.fromState(states[1]!), sinceZero(0), false)).toContain('"bad "lease"\\\uFFFD[31m é \uFFFD"');
  });

  it('covers the rare parts: address checks with notes, relays, tunnels, VLANs, NAK messages, copies, offers and ARP', async () => {
    const states = (await Promise.all([...allCaptureFiles(), built()].map((f) => closedStates(f)))).flat();
    expect(states.some((t) => t.checks?.length && t.steps.some((s) => !s.note && transactionOfState(t).steps.some((x) => x.frame === s.frame && x.note)))).toBe(true);
    expect(states.some((t) => t.relay)).toBe(true);
    expect(states.some((t) => t.tunnel)).toBe(true);
    expect(states.some((t) => t.vlan.length > 0)).toBe(true);
    expect(states.some((t) => t.nakMessage)).toBe(true);
    expect(states.some((t) => t.steps.some((s) => s.duplicate))).toBe(true);
    expect(states.some((t) => t.offers.length > 1)).toBe(true);
    expect(states.some((t) => t.arp.some((a) => a.fromOther))).toBe(true);
  });
});

/** Text no packet should hold and every packet may (but U+0001, the timeline's time mark, which no field the block writes unsanitized can hold). */
const hostile = fc.oneof(
  fc.constantFrom('', 'plain', 'q " b \\ /', '\u0000\u001f\u007f\u0080 é', 'line\u2028sep', 'lone \ud800', '😀', '中文'),
  fc.string({ maxLength: 20 }).map((s) => s.replace(/\u0001/g, '')),
);

/** An exchange's state as a plain object (the analyser's keeps some fields as bits and makes them when read). */
function plain(t: TxState): TxState {
  return {
    id: t.id, firstFrame: t.firstFrame, kept: t.kept, xid: t.xid, clientMac: t.clientMac, clientId: t.clientId, hostname: t.hostname, vendorClass: t.vendorClass,
    kind: t.kind, outcome: t.outcome, server: t.server, offers: t.offers, selectedServer: t.selectedServer, requestedIp: t.requestedIp, assignedIp: t.assignedIp,
    leaseSeconds: t.leaseSeconds, relay: t.relay, rapidCommit: t.rapidCommit, nakMessage: t.nakMessage, nakServer: t.nakServer, first: t.first, last: t.last,
    steps: t.steps.map((x) => ({
      frame: x.frame, ts: x.ts, messageType: x.messageType, type: x.type, direction: x.direction, fromMac: x.fromMac, fromIp: x.fromIp, toMac: x.toMac, toIp: x.toIp,
      l2: x.l2, l3: x.l3, broadcastFlag: x.broadcastFlag, expectedDelivery: x.expectedDelivery, deliveryOk: x.deliveryOk, retransmission: x.retransmission,
      server: x.server, yiaddr: x.yiaddr, relayed: x.relayed, icmpUnreachable: x.icmpUnreachable, duplicate: x.duplicate, secs: x.secs, note: x.note,
    })),
    arpFrames: t.arpFrames, arp: t.arp.map((x) => ({ frame: x.frame, ts: x.ts, kind: x.kind, senderMac: x.senderMac, senderIp: x.senderIp, targetIp: x.targetIp, fromOther: x.fromOther })), checks: t.checks, omittedSteps: t.omittedSteps, done: t.done, segment: t.segment, vlan: t.vlan, tunnel: t.tunnel, client: t.client,
  };
}

async function templates(): Promise<TxState[]> {
  const files = ['03-two-servers.pcap', '07-relay-client-side.pcap', '09-vlans.pcapng', '06-renew-rebind.pcap', '21-vxlan-underlay.pcap', '12-arp-conflict.pcap', '20-ping-check-isc.pcap'];
  return (await Promise.all(files.map((f) => closedStates(path.join(repoCapturesDir, f))))).flat().map(plain);
}

describe('a timeline block written from the analyser state, fields hostile', () => {
  it('is the block of transactionOfState whatever text and numbers its fields hold', async () => {
    const all = await templates();
    expect(all.some((t) => t.arp.length > 0) && all.some((t) => t.checks) && all.some((t) => t.relay) && all.some((t) => t.tunnel)).toBe(true);
    fc.assert(
      fc.property(fc.nat(all.length - 1), fc.array(hostile, { minLength: 4, maxLength: 4 }), fc.oneof(fc.integer(), fc.double(), fc.constant(2 ** 40)), fc.boolean(), (i, [a, b, c, d], n, flag) => {
        const t = all[i]!;
        const tx: TxState = {
          ...t,
          id: a!, clientMac: b!, hostname: d, kind: b as TxState['kind'], outcome: flag ? 'ACK' : (c as TxState['outcome']),
          server: d, assignedIp: c, leaseSeconds: n, nakMessage: d,
          ...(t.relay ? { relay: { ...t.relay, giaddr: c! } } : {}),
          steps: t.steps.map((x, k) => ({
            ...x, frame: k === 0 ? x.frame : Math.abs(Math.trunc(n)), messageType: a!, fromMac: flag ? null : b!, fromIp: c!, toIp: a!, l3: c as never,
            expectedDelivery: d!, yiaddr: b, note: flag ? c : undefined, broadcastFlag: flag, retransmission: !flag, duplicate: flag && k > 0,
          })),
          arp: t.arp.map((x) => ({ ...x, kind: a as never, senderMac: b!, senderIp: c!, targetIp: d!, fromOther: flag })),
        };
        expectSameBlock(tx, 1e9);
      }),
      { numRuns: 300 },
    );
  });
});

describe('a lease row filled from the analyser state', () => {
  skipNoteWhenNoShared('lease rows filled from their state');
  it.each(nonEmpty('captures', allCaptureFiles()).map((f) => [path.basename(f), f]))('holds the values of the lease leaseOf makes: %s', async (_name, file) => {
    const session = new AnalysisSession();
    await session.read([file!]);
    const leases = session.reportStreaming().items.leases;
    const converted = [...leases];
    const row = new LeaseRow();
    const expected = new LeaseRow();
    for (let i = 0; i < leases.length; i++) expect({ ...leases.row(row, i) }).toEqual({ ...expected.fromLease(converted[i]!) });
  });

  it('holds what a lease database holds for the lease', async () => {
    const db = await readLeaseDatabase(path.join(repoCapturesDir, '16-old-lease-file.dhcpd.leases'));
    const session = new AnalysisSession({ leaseDatabases: [db] });
    await session.read([path.join(repoCapturesDir, '16-old-lease-file.pcap')]);
    const leases = session.reportStreaming().items.leases;
    const converted = [...leases];
    expect(converted.some((l) => l.database)).toBe(true);
    for (let i = 0; i < leases.length; i++) expect({ ...leases.row(new LeaseRow(), i) }).toEqual({ ...new LeaseRow().fromLease(converted[i]!) });
  });
});
