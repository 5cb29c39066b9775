/**
 * What RFC 2131 expects for the delivery of each message (§4.1 for server replies, §4.4 for the client), and
 * whether the captured frame did that. Pure functions: the inputs are facts read off one frame.
 */
import { MESSAGE_TYPE as MT } from '../decode/dhcp/names.js';
import type { L2Class, L3Class } from '../decode/frame.js';

/** The client's state when it sent a REQUEST (RFC 2131 §4.3.2). */
export type RequestState = 'SELECTING' | 'INIT-REBOOT' | 'RENEWING' | 'REBINDING';

export interface DeliveryFacts {
  readonly op: number;
  readonly messageType: number | undefined;
  readonly requestState?: RequestState | undefined;
  /** Relay-to-server or server-to-relay leg (UDP 67 → 67). */
  readonly relayLeg: boolean;
  readonly giaddr: string;
  readonly ciaddr: string;
  readonly yiaddr: string;
  readonly chaddr: string;
  /** The broadcast flag the client set (from its request when seen, else the reply's copy). */
  readonly broadcastFlag: boolean;
  readonly dstIp: string;
  readonly dstMac: string | undefined;
  readonly l2: L2Class;
  readonly l3: L3Class;
}

export interface DeliveryVerdict {
  readonly expected: string;
  readonly ok: boolean;
}

const ZERO = '0.0.0.0';

/** Broadcast at both layers as far as the capture can tell (a cooked capture's l2 may be unknown). */
function isBroadcast(f: DeliveryFacts): boolean {
  return f.l3 === 'broadcast' && f.l2 !== 'unicast' && f.l2 !== 'multicast';
}

function isUnicastTo(f: DeliveryFacts, ip: string): boolean {
  return f.l3 === 'unicast' && f.dstIp === ip && f.l2 !== 'broadcast';
}

function verdict(expected: string, ok: boolean): DeliveryVerdict {
  return { expected, ok };
}

/**
 * The rule texts that name an address, made once per address: every step keeps its rule's text, a busy capture
 * has hundreds of thousands of steps, and one text shared by all of an address's steps costs no more memory
 * than a constant. Bounded: past the limit the table starts again.
 */
function addressTexts(make: (ip: string) => string, limit = 1 << 16): (ip: string) => string {
  const table = new Map<string, string>();
  return (ip) => {
    let text = table.get(ip);
    if (text === undefined) {
      if (table.size >= limit) table.clear();
      text = make(ip);
      table.set(ip, text);
    }
    return text;
  };
}

const toRelay = addressTexts((ip) => `unicast to relay ${ip}`);
const toCiaddr = addressTexts((ip) => `unicast to ciaddr ${ip}`);
const toYiaddr = addressTexts((ip) => `unicast to ${ip} (broadcast allowed)`);

export function expectedServerDelivery(f: DeliveryFacts): DeliveryVerdict {
  if (f.relayLeg) return verdict(toRelay(f.giaddr), isUnicastTo(f, f.giaddr));
  if (f.messageType === MT.NAK) return verdict('broadcast (NAK)', isBroadcast(f));
  if (f.ciaddr !== ZERO) return verdict(toCiaddr(f.ciaddr), isUnicastTo(f, f.ciaddr));
  if (f.broadcastFlag) return verdict('broadcast (broadcast flag set)', isBroadcast(f));
  if (f.yiaddr === ZERO) return verdict('broadcast', isBroadcast(f));
  const macOk = f.l2 !== 'unicast' || f.dstMac === undefined || f.dstMac === f.chaddr;
  return verdict(toYiaddr(f.yiaddr), isBroadcast(f) || (isUnicastTo(f, f.yiaddr) && macOk));
}

const BROADCAST_IN: Readonly<Record<RequestState, string>> = {
  SELECTING: 'broadcast (SELECTING)',
  'INIT-REBOOT': 'broadcast (INIT-REBOOT)',
  RENEWING: 'broadcast (RENEWING)',
  REBINDING: 'broadcast (REBINDING)',
};

export function expectedClientDelivery(f: DeliveryFacts): DeliveryVerdict {
  if (f.relayLeg) return verdict('unicast to server (relayed)', f.l3 === 'unicast');
  switch (f.messageType) {
    case MT.DISCOVER:
    case MT.DECLINE:
      return verdict('broadcast', isBroadcast(f));
    case MT.REQUEST:
      if (f.requestState === 'RENEWING') return verdict('unicast to server (RENEWING)', f.l3 === 'unicast');
      return verdict(BROADCAST_IN[f.requestState ?? 'SELECTING'], isBroadcast(f));
    case MT.RELEASE:
      return verdict('unicast to server', f.l3 === 'unicast');
    default:
      // INFORM, BOOTP and the lease-query family may go either way.
      return verdict('broadcast or unicast', true);
  }
}

export function expectedDelivery(f: DeliveryFacts): DeliveryVerdict {
  return f.op === 2 ? expectedServerDelivery(f) : expectedClientDelivery(f);
}
