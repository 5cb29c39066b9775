/**
 * How a step travelled and what RFC 2131 says it should have done. The sentence follows the report's own
 * verdict (`deliveryOk`): a delivery the report marks wrong is always said to break the rule, never called normal.
 */
import type { Step } from '../../report/types.js';
import type { StepKind } from './step-kind.js';
import { BROADCAST_MAC } from './words.js';

/** The section of RFC 2131 that sets the delivery of each kind of step. */
export const DELIVERY_RULE: Readonly<Record<StepKind, string>> = {
  DISCOVER: 'RFC 2131 §4.4.1',
  OFFER: 'RFC 2131 §4.1',
  'REQUEST-SELECTING': 'RFC 2131 §4.4.1',
  'REQUEST-INIT-REBOOT': 'RFC 2131 §4.4.2',
  'REQUEST-RENEWING': 'RFC 2131 §4.4.5',
  'REQUEST-REBINDING': 'RFC 2131 §4.4.5',
  ACK: 'RFC 2131 §4.1',
  'ACK-RAPID-COMMIT': 'RFC 2131 §4.1',
  'ACK-INFORM': 'RFC 2131 §4.1',
  NAK: 'RFC 2131 §4.1',
  INFORM: 'RFC 2131 §4.4.3',
  RELEASE: 'RFC 2131 §4.4.6',
  DECLINE: 'RFC 2131 §4.4.1',
  'BOOTP-REQUEST': 'RFC 951',
  'BOOTP-REPLY': 'RFC 2131 §4.1',
  'RELAY-TO-SERVER': 'RFC 2131 §4.1',
  'SERVER-TO-RELAY': 'RFC 2131 §4.1',
  OTHER: 'RFC 2131 §4.1',
};

/** "as a broadcast (Ethernet ff:ff:ff:ff:ff:ff, IP 0.0.0.0 → 255.255.255.255)" and the like. */
export function how(step: Step): string {
  const ip = `IP ${step.from.ip} → ${step.to.ip}`;
  const eth = step.to.mac === null ? 'no Ethernet destination in this cooked capture' : `Ethernet to ${step.to.mac}`;
  if (step.l3 === 'broadcast') {
    const l2 = step.to.mac === BROADCAST_MAC ? `Ethernet ${BROADCAST_MAC}` : eth;
    return `as a broadcast (${l2}, ${ip})`;
  }
  if (step.l3 === 'multicast') return `as a multicast (${eth}, ${ip})`;
  return step.l2 === 'broadcast' ? `unicast at the IP layer but to every host at the Ethernet layer (${eth}, ${ip})` : `unicast (${eth}, ${ip})`;
}

export function deliverySentence(step: Step, kind: StepKind): string {
  const rule = DELIVERY_RULE[kind];
  if (step.deliveryOk) return `It went ${how(step)}; ${rule} expects ${step.expectedDelivery}, and that is what happened.`;
  return `It went ${how(step)}, which breaks ${rule}: it should have gone ${step.expectedDelivery}.`;
}
