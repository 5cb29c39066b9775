/**
 * The delivery rules of RFC 2131 as DESIGN.md spells them, walked as a table: server replies (§4.1) by
 * relay leg, NAK, ciaddr, broadcast flag and yiaddr; client messages (§4.4) by type and REQUEST state.
 * Each rule is checked with a delivery that satisfies it and one that breaks it.
 */
import { describe, expect, it } from 'vitest';
import {
  expectedClientDelivery,
  expectedDelivery,
  expectedServerDelivery,
  type DeliveryFacts,
  type RequestState,
} from '../../src/analyze/delivery.js';

const CLIENT_MAC = '00:0c:29:aa:bb:cc';
const OTHER_MAC = '00:0c:29:99:99:99';
const SERVER = '192.168.1.1';
const SERVER_MAC = '02:00:c0:a8:01:01';
const RELAY = '10.1.0.1';
const YIADDR = '192.168.1.50';
const CIADDR = '192.168.1.40';
const T = { DISCOVER: 1, OFFER: 2, REQUEST: 3, DECLINE: 4, ACK: 5, NAK: 6, RELEASE: 7, INFORM: 8 } as const;

type How = 'broadcast' | 'unicast-yiaddr' | 'unicast-yiaddr-wrong-mac' | 'unicast-ciaddr' | 'unicast-giaddr' | 'unicast-server' | 'unicast-other' | 'directed-broadcast' | 'cooked-broadcast';

/** How the frame was addressed, as the decoder reports it. */
function delivered(how: How): Pick<DeliveryFacts, 'dstIp' | 'dstMac' | 'l2' | 'l3'> {
  switch (how) {
    case 'broadcast':
      return { dstIp: '255.255.255.255', dstMac: 'ff:ff:ff:ff:ff:ff', l2: 'broadcast', l3: 'broadcast' };
    case 'directed-broadcast':
      return { dstIp: '192.168.1.255', dstMac: 'ff:ff:ff:ff:ff:ff', l2: 'broadcast', l3: 'broadcast' };
    case 'cooked-broadcast':
      // `tcpdump -i any`, outgoing: no destination MAC, l2 unknown.
      return { dstIp: '255.255.255.255', dstMac: undefined, l2: 'unknown', l3: 'broadcast' };
    case 'unicast-yiaddr':
      return { dstIp: YIADDR, dstMac: CLIENT_MAC, l2: 'unicast', l3: 'unicast' };
    case 'unicast-yiaddr-wrong-mac':
      return { dstIp: YIADDR, dstMac: OTHER_MAC, l2: 'unicast', l3: 'unicast' };
    case 'unicast-ciaddr':
      return { dstIp: CIADDR, dstMac: CLIENT_MAC, l2: 'unicast', l3: 'unicast' };
    case 'unicast-giaddr':
      return { dstIp: RELAY, dstMac: '02:00:0a:01:00:01', l2: 'unicast', l3: 'unicast' };
    case 'unicast-server':
      return { dstIp: SERVER, dstMac: SERVER_MAC, l2: 'unicast', l3: 'unicast' };
    case 'unicast-other':
      return { dstIp: '192.168.1.77', dstMac: '00:0c:29:77:77:77', l2: 'unicast', l3: 'unicast' };
  }
}

interface Row {
  readonly name: string;
  readonly op: 1 | 2;
  readonly type: number | undefined;
  readonly state?: RequestState;
  readonly relayLeg?: boolean;
  readonly giaddr?: string;
  readonly ciaddr?: string;
  readonly yiaddr?: string;
  readonly flag?: boolean;
  readonly how: How;
  readonly expected: string;
  readonly ok: boolean;
}

function facts(r: Row): DeliveryFacts {
  return {
    op: r.op,
    messageType: r.type,
    ...(r.state ? { requestState: r.state } : {}),
    relayLeg: r.relayLeg ?? false,
    giaddr: r.giaddr ?? (r.relayLeg ? RELAY : '0.0.0.0'),
    ciaddr: r.ciaddr ?? '0.0.0.0',
    yiaddr: r.yiaddr ?? '0.0.0.0',
    chaddr: CLIENT_MAC,
    broadcastFlag: r.flag ?? false,
    ...delivered(r.how),
  };
}

const serverRows: Row[] = [];
for (const [typeName, type] of [['OFFER', T.OFFER], ['ACK', T.ACK]] as const) {
  const base = { op: 2 as const, type, yiaddr: YIADDR };
  serverRows.push(
    // §4.1: a message that came through a relay goes back to the relay's server port.
    { ...base, name: `${typeName} to the relay (giaddr set, 67→67)`, relayLeg: true, how: 'unicast-giaddr', expected: `unicast to relay ${RELAY}`, ok: true },
    { ...base, name: `${typeName} broadcast on the relay leg`, relayLeg: true, how: 'broadcast', expected: `unicast to relay ${RELAY}`, ok: false },
    { ...base, name: `${typeName} on the relay leg sent to the client instead of giaddr`, relayLeg: true, how: 'unicast-yiaddr', expected: `unicast to relay ${RELAY}`, ok: false },
    { ...base, name: `${typeName} on the relay leg, broadcast flag set (still to the relay)`, relayLeg: true, flag: true, how: 'unicast-giaddr', expected: `unicast to relay ${RELAY}`, ok: true },
    // ciaddr set (RENEW/REBIND/INFORM answers): unicast to ciaddr, whatever the flag says.
    { ...base, name: `${typeName} with ciaddr, unicast to ciaddr`, ciaddr: CIADDR, how: 'unicast-ciaddr', expected: `unicast to ciaddr ${CIADDR}`, ok: true },
    { ...base, name: `${typeName} with ciaddr, broadcast`, ciaddr: CIADDR, how: 'broadcast', expected: `unicast to ciaddr ${CIADDR}`, ok: false },
    { ...base, name: `${typeName} with ciaddr, unicast to yiaddr instead`, ciaddr: CIADDR, how: 'unicast-yiaddr', expected: `unicast to ciaddr ${CIADDR}`, ok: false },
    { ...base, name: `${typeName} with ciaddr and the broadcast flag: ciaddr wins`, ciaddr: CIADDR, flag: true, how: 'unicast-ciaddr', expected: `unicast to ciaddr ${CIADDR}`, ok: true },
    // ciaddr zero, broadcast flag set: broadcast.
    { ...base, name: `${typeName} with the broadcast flag, broadcast`, flag: true, how: 'broadcast', expected: 'broadcast (broadcast flag set)', ok: true },
    { ...base, name: `${typeName} with the broadcast flag, directed broadcast`, flag: true, how: 'directed-broadcast', expected: 'broadcast (broadcast flag set)', ok: true },
    { ...base, name: `${typeName} with the broadcast flag, cooked capture (no dst MAC)`, flag: true, how: 'cooked-broadcast', expected: 'broadcast (broadcast flag set)', ok: true },
    { ...base, name: `${typeName} with the broadcast flag, unicast to yiaddr`, flag: true, how: 'unicast-yiaddr', expected: 'broadcast (broadcast flag set)', ok: false },
    // ciaddr zero, flag clear: unicast to yiaddr at chaddr, broadcast also allowed.
    { ...base, name: `${typeName} flag clear, unicast to yiaddr/chaddr`, how: 'unicast-yiaddr', expected: `unicast to ${YIADDR} (broadcast allowed)`, ok: true },
    { ...base, name: `${typeName} flag clear, broadcast (allowed)`, how: 'broadcast', expected: `unicast to ${YIADDR} (broadcast allowed)`, ok: true },
    { ...base, name: `${typeName} flag clear, unicast to yiaddr at another MAC`, how: 'unicast-yiaddr-wrong-mac', expected: `unicast to ${YIADDR} (broadcast allowed)`, ok: false },
    { ...base, name: `${typeName} flag clear, unicast to some other address`, how: 'unicast-other', expected: `unicast to ${YIADDR} (broadcast allowed)`, ok: false },
    // Relay → client leg (giaddr set, 67→68): the relay delivers by the same rules as a server would.
    { ...base, name: `${typeName} relay→client leg, broadcast flag set, broadcast`, giaddr: RELAY, flag: true, how: 'broadcast', expected: 'broadcast (broadcast flag set)', ok: true },
    { ...base, name: `${typeName} relay→client leg, broadcast flag set, unicast`, giaddr: RELAY, flag: true, how: 'unicast-yiaddr', expected: 'broadcast (broadcast flag set)', ok: false },
    { ...base, name: `${typeName} relay→client leg, flag clear, unicast to yiaddr`, giaddr: RELAY, how: 'unicast-yiaddr', expected: `unicast to ${YIADDR} (broadcast allowed)`, ok: true },
  );
}
serverRows.push(
  // An ACK without yiaddr (nothing to unicast to, no ciaddr): broadcast.
  { name: 'ACK with yiaddr and ciaddr both zero, flag clear, broadcast', op: 2, type: T.ACK, how: 'broadcast', expected: 'broadcast', ok: true },
  { name: 'ACK with yiaddr and ciaddr both zero, flag clear, unicast', op: 2, type: T.ACK, how: 'unicast-other', expected: 'broadcast', ok: false },
  // §4.1: "when giaddr is zero, the server broadcasts any DHCPNAK", whatever ciaddr and the flag say.
  { name: 'NAK broadcast', op: 2, type: T.NAK, how: 'broadcast', expected: 'broadcast (NAK)', ok: true },
  { name: 'NAK unicast to the client', op: 2, type: T.NAK, how: 'unicast-yiaddr', expected: 'broadcast (NAK)', ok: false },
  { name: 'NAK with ciaddr set, broadcast', op: 2, type: T.NAK, ciaddr: CIADDR, how: 'broadcast', expected: 'broadcast (NAK)', ok: true },
  { name: 'NAK with ciaddr set, unicast to ciaddr', op: 2, type: T.NAK, ciaddr: CIADDR, how: 'unicast-ciaddr', expected: 'broadcast (NAK)', ok: false },
  { name: 'NAK with the broadcast flag clear, broadcast', op: 2, type: T.NAK, flag: false, how: 'broadcast', expected: 'broadcast (NAK)', ok: true },
  { name: 'NAK to the relay (giaddr set)', op: 2, type: T.NAK, relayLeg: true, how: 'unicast-giaddr', expected: `unicast to relay ${RELAY}`, ok: true },
  { name: 'NAK broadcast on the relay leg', op: 2, type: T.NAK, relayLeg: true, how: 'broadcast', expected: `unicast to relay ${RELAY}`, ok: false },
);

const clientRows: Row[] = [];
for (const [typeName, type] of [['DISCOVER', T.DISCOVER], ['DECLINE', T.DECLINE]] as const) {
  for (const flag of [false, true]) {
    clientRows.push(
      { name: `${typeName} broadcast (flag ${flag ? 'set' : 'clear'})`, op: 1, type, flag, how: 'broadcast', expected: 'broadcast', ok: true },
      { name: `${typeName} unicast (flag ${flag ? 'set' : 'clear'})`, op: 1, type, flag, how: 'unicast-server', expected: 'broadcast', ok: false },
    );
  }
}
for (const state of ['SELECTING', 'INIT-REBOOT', 'REBINDING'] as const) {
  const ciaddr = state === 'REBINDING' ? CIADDR : '0.0.0.0';
  clientRows.push(
    { name: `REQUEST ${state} broadcast`, op: 1, type: T.REQUEST, state, ciaddr, how: 'broadcast', expected: `broadcast (${state})`, ok: true },
    { name: `REQUEST ${state} unicast to the server`, op: 1, type: T.REQUEST, state, ciaddr, how: 'unicast-server', expected: `broadcast (${state})`, ok: false },
  );
}
clientRows.push(
  { name: 'REQUEST without a state is SELECTING', op: 1, type: T.REQUEST, how: 'broadcast', expected: 'broadcast (SELECTING)', ok: true },
  { name: 'REQUEST RENEWING unicast to the server', op: 1, type: T.REQUEST, state: 'RENEWING', ciaddr: CIADDR, how: 'unicast-server', expected: 'unicast to server (RENEWING)', ok: true },
  { name: 'REQUEST RENEWING broadcast', op: 1, type: T.REQUEST, state: 'RENEWING', ciaddr: CIADDR, how: 'broadcast', expected: 'unicast to server (RENEWING)', ok: false },
  { name: 'RELEASE unicast to the server', op: 1, type: T.RELEASE, ciaddr: CIADDR, how: 'unicast-server', expected: 'unicast to server', ok: true },
  { name: 'RELEASE broadcast', op: 1, type: T.RELEASE, ciaddr: CIADDR, how: 'broadcast', expected: 'unicast to server', ok: false },
  { name: 'INFORM broadcast', op: 1, type: T.INFORM, ciaddr: CIADDR, how: 'broadcast', expected: 'broadcast or unicast', ok: true },
  { name: 'INFORM unicast', op: 1, type: T.INFORM, ciaddr: CIADDR, how: 'unicast-server', expected: 'broadcast or unicast', ok: true },
  { name: 'BOOTREQUEST without a message type, either way', op: 1, type: undefined, how: 'broadcast', expected: 'broadcast or unicast', ok: true },
  // The relay → server leg is unicast whatever the client did.
  { name: 'DISCOVER relayed to the server (67→67)', op: 1, type: T.DISCOVER, relayLeg: true, how: 'unicast-server', expected: 'unicast to server (relayed)', ok: true },
  { name: 'DISCOVER relayed but broadcast', op: 1, type: T.DISCOVER, relayLeg: true, how: 'broadcast', expected: 'unicast to server (relayed)', ok: false },
  { name: 'REQUEST SELECTING relayed to the server', op: 1, type: T.REQUEST, state: 'SELECTING', relayLeg: true, how: 'unicast-server', expected: 'unicast to server (relayed)', ok: true },
);

describe('server replies (RFC 2131 §4.1)', () => {
  it.each(serverRows.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    expect(expectedServerDelivery(facts(row))).toEqual({ expected: row.expected, ok: row.ok });
    expect(expectedDelivery(facts(row))).toEqual({ expected: row.expected, ok: row.ok });
  });
});

describe('client messages (RFC 2131 §4.4)', () => {
  it.each(clientRows.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    expect(expectedClientDelivery(facts(row))).toEqual({ expected: row.expected, ok: row.ok });
    expect(expectedDelivery(facts(row))).toEqual({ expected: row.expected, ok: row.ok });
  });
});

describe('the table covers both verdicts for every message type', () => {
  it('has an ok and a not-ok row for each type that has a rule', () => {
    const all = [...serverRows, ...clientRows];
    for (const type of [T.DISCOVER, T.OFFER, T.REQUEST, T.DECLINE, T.ACK, T.NAK, T.RELEASE]) {
      expect(all.some((r) => r.type === type && r.ok)).toBe(true);
      expect(all.some((r) => r.type === type && !r.ok)).toBe(true);
    }
  });
});

describe('rule texts that name an address', () => {
  it('name the right address for many thousands of addresses, past the table of texts made so far', () => {
    const base = { op: 2, messageType: T.OFFER, relayLeg: false, giaddr: '0.0.0.0', chaddr: CLIENT_MAC, broadcastFlag: false, dstMac: CLIENT_MAC, l2: 'unicast', l3: 'unicast' } as const;
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 10_000; i++) {
        const ip = `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`;
        const offer = expectedServerDelivery({ ...base, ciaddr: '0.0.0.0', yiaddr: ip, dstIp: ip });
        const renew = expectedServerDelivery({ ...base, messageType: T.ACK, ciaddr: ip, yiaddr: ip, dstIp: ip });
        const relay = expectedServerDelivery({ ...base, relayLeg: true, giaddr: ip, ciaddr: '0.0.0.0', yiaddr: ip, dstIp: ip });
        expect([offer.expected, renew.expected, relay.expected]).toEqual([`unicast to ${ip} (broadcast allowed)`, `unicast to ciaddr ${ip}`, `unicast to relay ${ip}`]);
        expect([offer.ok, renew.ok, relay.ok]).toEqual([true, true, true]);
      }
    }
  });
});
