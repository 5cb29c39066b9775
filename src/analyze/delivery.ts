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
 * The delivery rules by number. A verdict is asked for every message and a step keeps it, so it is a number
 * (`judge`: the rule times two, plus one when the frame kept it) and the rule's text is made where it is read,
 * from the number and, for the three rules that name an address, the address the frame gave (`ruleAddress`).
 */
export const RULE = {
  BROADCAST: 0,
  NAK: 1,
  FLAG: 2,
  SELECTING: 3,
  INIT_REBOOT: 4,
  RENEWING_BROADCAST: 5,
  REBINDING: 6,
  RELAYED: 7,
  RENEWING: 8,
  UNICAST_TO_SERVER: 9,
  EITHER: 10,
  TO_RELAY: 11,
  TO_CIADDR: 12,
  TO_YIADDR: 13,
} as const;
export type DeliveryRule = (typeof RULE)[keyof typeof RULE];

const RULE_TEXTS: readonly string[] = [
  'broadcast',
  'broadcast (NAK)',
  'broadcast (broadcast flag set)',
  'broadcast (SELECTING)',
  'broadcast (INIT-REBOOT)',
  'broadcast (RENEWING)',
  'broadcast (REBINDING)',
  'unicast to server (relayed)',
  'unicast to server (RENEWING)',
  'unicast to server',
  'broadcast or unicast',
];

const BROADCAST_IN: Readonly<Record<RequestState, DeliveryRule>> = {
  SELECTING: RULE.SELECTING,
  'INIT-REBOOT': RULE.INIT_REBOOT,
  RENEWING: RULE.RENEWING_BROADCAST,
  REBINDING: RULE.REBINDING,
};

/**
 * The texts of the rules that name an address, made once per address while it is busy and shared: a reader that
 * keeps them (the TUI's step records) would otherwise hold a copy per step. A table of fixed size with one place
 * per address (by a hash of its last characters; a newcomer takes the place over): a map cleared when full made
 * a new table and every text again each time (6 MB that outlived young collections on the DHCP-only benchmark).
 */
function addressTexts(text: (ip: string) => string, size = 1 << 12): (ip: string) => string {
  const keys = new Array<string | undefined>(size).fill(undefined);
  const texts = new Array<string>(size).fill('');
  return (ip) => {
    const i = placeOf(ip) & (size - 1);
    if (keys[i] === ip) return texts[i]!;
    const s = text(ip);
    keys[i] = ip;
    texts[i] = s;
    return s;
  };
}

/** A hash of an address's last seven characters (where the addresses of one network differ). */
function placeOf(ip: string): number {
  let h = ip.length;
  for (let k = Math.max(0, ip.length - 7); k < ip.length; k++) h = (h * 31 + ip.charCodeAt(k)) | 0;
  return h;
}

const toRelay = addressTexts((ip) => `unicast to relay ${ip}`);
const toCiaddr = addressTexts((ip) => `unicast to ciaddr ${ip}`);
const toYiaddr = addressTexts((ip) => `unicast to ${ip} (broadcast allowed)`);

/** What RFC 2131 expects, in words; `ip` is the address the rule names (ruleAddress), for the rules that name one. */
export function ruleText(rule: number, ip: string | undefined): string {
  switch (rule) {
    case RULE.TO_RELAY:
      return toRelay(ip!);
    case RULE.TO_CIADDR:
      return toCiaddr(ip!);
    case RULE.TO_YIADDR:
      return toYiaddr(ip!);
    default:
      return RULE_TEXTS[rule]!;
  }
}

/** The address a rule names, read off the facts it was judged on (undefined for the rules that name none). */
export function ruleAddress(rule: number, f: DeliveryFacts): string | undefined {
  return rule === RULE.TO_RELAY ? f.giaddr : rule === RULE.TO_CIADDR ? f.ciaddr : rule === RULE.TO_YIADDR ? f.yiaddr : undefined;
}

function verdict(rule: DeliveryRule, ok: boolean): number {
  return rule * 2 + (ok ? 1 : 0);
}

/** A judgement's rule and whether the frame kept it. */
export function ruleOf(judgement: number): DeliveryRule {
  return (judgement >>> 1) as DeliveryRule;
}

export function keptRule(judgement: number): boolean {
  return (judgement & 1) !== 0;
}

function judgeServer(f: DeliveryFacts): number {
  if (f.relayLeg) return verdict(RULE.TO_RELAY, isUnicastTo(f, f.giaddr));
  if (f.messageType === MT.NAK) return verdict(RULE.NAK, isBroadcast(f));
  if (f.ciaddr !== ZERO) return verdict(RULE.TO_CIADDR, isUnicastTo(f, f.ciaddr));
  if (f.broadcastFlag) return verdict(RULE.FLAG, isBroadcast(f));
  if (f.yiaddr === ZERO) return verdict(RULE.BROADCAST, isBroadcast(f));
  const macOk = f.l2 !== 'unicast' || f.dstMac === undefined || f.dstMac === f.chaddr;
  return verdict(RULE.TO_YIADDR, isBroadcast(f) || (isUnicastTo(f, f.yiaddr) && macOk));
}

function judgeClient(f: DeliveryFacts): number {
  if (f.relayLeg) return verdict(RULE.RELAYED, f.l3 === 'unicast');
  switch (f.messageType) {
    case MT.DISCOVER:
    case MT.DECLINE:
      return verdict(RULE.BROADCAST, isBroadcast(f));
    case MT.REQUEST:
      if (f.requestState === 'RENEWING') return verdict(RULE.RENEWING, f.l3 === 'unicast');
      return verdict(BROADCAST_IN[f.requestState ?? 'SELECTING'], isBroadcast(f));
    case MT.RELEASE:
      return verdict(RULE.UNICAST_TO_SERVER, f.l3 === 'unicast');
    default:
      // INFORM, BOOTP and the lease-query family may go either way.
      return verdict(RULE.EITHER, true);
  }
}

/** The rule that applies to the message and whether it kept it, as one number (ruleOf, keptRule). */
export function judge(f: DeliveryFacts): number {
  return f.op === 2 ? judgeServer(f) : judgeClient(f);
}

function spelled(judgement: number, f: DeliveryFacts): DeliveryVerdict {
  const rule = ruleOf(judgement);
  return { expected: ruleText(rule, ruleAddress(rule, f)), ok: keptRule(judgement) };
}

export function expectedServerDelivery(f: DeliveryFacts): DeliveryVerdict {
  return spelled(judgeServer(f), f);
}

export function expectedClientDelivery(f: DeliveryFacts): DeliveryVerdict {
  return spelled(judgeClient(f), f);
}

export function expectedDelivery(f: DeliveryFacts): DeliveryVerdict {
  return spelled(judge(f), f);
}
