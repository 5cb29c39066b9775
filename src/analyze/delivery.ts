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

/**
 * A rule's two verdicts (broken, kept), made once per rule text: a verdict is asked for every message, and a
 * step keeps the verdict's text.
 */
type Verdicts = readonly [broken: DeliveryVerdict, kept: DeliveryVerdict];

function verdicts(expected: string): Verdicts {
  return [{ expected, ok: false }, { expected, ok: true }];
}

function verdict(rule: Verdicts, ok: boolean): DeliveryVerdict {
  return rule[ok ? 1 : 0];
}

/**
 * The rules that name an address, made once per address while it is busy: a client's steps name its address
 * again and again. Kept small (the table starts again past the limit): a run that streams its exchanges out
 * would otherwise hold a rule for every address it ever saw.
 */
function addressRules(text: (ip: string) => string, limit = 1 << 10): (ip: string) => Verdicts {
  const table = new Map<string, Verdicts>();
  return (ip) => {
    let rule = table.get(ip);
    if (rule === undefined) {
      if (table.size >= limit) table.clear();
      rule = verdicts(text(ip));
      table.set(ip, rule);
    }
    return rule;
  };
}

const toRelay = addressRules((ip) => `unicast to relay ${ip}`);
const toCiaddr = addressRules((ip) => `unicast to ciaddr ${ip}`);
const toYiaddr = addressRules((ip) => `unicast to ${ip} (broadcast allowed)`);
const NAK = verdicts('broadcast (NAK)');
const FLAG = verdicts('broadcast (broadcast flag set)');
const BROADCAST = verdicts('broadcast');

export function expectedServerDelivery(f: DeliveryFacts): DeliveryVerdict {
  if (f.relayLeg) return verdict(toRelay(f.giaddr), isUnicastTo(f, f.giaddr));
  if (f.messageType === MT.NAK) return verdict(NAK, isBroadcast(f));
  if (f.ciaddr !== ZERO) return verdict(toCiaddr(f.ciaddr), isUnicastTo(f, f.ciaddr));
  if (f.broadcastFlag) return verdict(FLAG, isBroadcast(f));
  if (f.yiaddr === ZERO) return verdict(BROADCAST, isBroadcast(f));
  const macOk = f.l2 !== 'unicast' || f.dstMac === undefined || f.dstMac === f.chaddr;
  return verdict(toYiaddr(f.yiaddr), isBroadcast(f) || (isUnicastTo(f, f.yiaddr) && macOk));
}

const BROADCAST_IN: Readonly<Record<RequestState, Verdicts>> = {
  SELECTING: verdicts('broadcast (SELECTING)'),
  'INIT-REBOOT': verdicts('broadcast (INIT-REBOOT)'),
  RENEWING: verdicts('broadcast (RENEWING)'),
  REBINDING: verdicts('broadcast (REBINDING)'),
};
const RELAYED = verdicts('unicast to server (relayed)');
const RENEWING = verdicts('unicast to server (RENEWING)');
const UNICAST_TO_SERVER = verdicts('unicast to server');
const EITHER = verdicts('broadcast or unicast');

export function expectedClientDelivery(f: DeliveryFacts): DeliveryVerdict {
  if (f.relayLeg) return verdict(RELAYED, f.l3 === 'unicast');
  switch (f.messageType) {
    case MT.DISCOVER:
    case MT.DECLINE:
      return verdict(BROADCAST, isBroadcast(f));
    case MT.REQUEST:
      if (f.requestState === 'RENEWING') return verdict(RENEWING, f.l3 === 'unicast');
      return verdict(BROADCAST_IN[f.requestState ?? 'SELECTING'], isBroadcast(f));
    case MT.RELEASE:
      return verdict(UNICAST_TO_SERVER, f.l3 === 'unicast');
    default:
      // INFORM, BOOTP and the lease-query family may go either way.
      return verdict(EITHER, true);
  }
}

export function expectedDelivery(f: DeliveryFacts): DeliveryVerdict {
  return f.op === 2 ? expectedServerDelivery(f) : expectedClientDelivery(f);
}
