/**
 * The bytes between the values of a transaction's steps and ARP frames, made ahead of time for pretty and
 * compact JSON (transaction-bytes.ts writes them). A step is some twenty keys, most of whose values come from
 * a handful (its message type and direction, its link and network classes, its yes/no facts): from one value
 * that varies to the next, keys, fixed values, brackets and indentation are one run of bytes, chosen by those
 * values. The DHCP-only benchmark writes 350 000 steps and ARP frames; a call per key and per value was a good
 * part of the writer's time.
 *
 * A run exists only for values it was made for: asked for another (text the analyser never puts there), it
 * says so with undefined and the writer goes field by field.
 */
import { RULE, ruleText } from '../analyze/delivery.js';
import { BROADCAST_FLAG, DELIVERY_OK, DIRECTION_AT, DIRECTIONS, L2_AT, L2_CLASSES, L3_AT, L3_CLASSES, RETRANSMISSION, RULE_AT, SERVER_DIRECTION, TYPE_AT } from '../analyze/step-store.js';
import type { Direction, TxArp } from '../analyze/types.js';
import type { L2Class, L3Class } from '../decode/frame.js';
import { messageTypeName } from '../decode/dhcp/names.js';
import { closeText, keyText } from './json-bytes.js';
import { ITEM, STEP } from './json-items.js';

/** Where a step's (and an ARP frame's) keys are, and those of a step's endpoints. */
const FIELDS = ITEM + 3;
const ENDPOINT_FIELDS = ITEM + 4;

const ARP_KINDS: readonly TxArp['kind'][] = ['probe', 'announcement', 'request', 'reply'];
/** Message types are one byte (option 53); steps without one are numbered -1. */
const TYPES = 257;
/** The delivery rules whose text names no address (delivery.ts): their text and what follows it are one run. */
const FIXED_RULES = RULE.TO_RELAY;
/** The rules after them name an address (to the relay, to ciaddr, to yiaddr). */
const ADDRESS_RULES = RULE.TO_YIADDR - RULE.TO_RELAY + 1;
/** An address no packet gives, to find where a rule's text puts its address. */
const STAND_IN = '<address>';

/** An address rule's JSON string around its address (which needs no escaping: a dotted quad). */
export interface AddressRule {
  readonly before: Uint8Array;
  readonly after: Uint8Array;
}

/** 0 or 1 for false or true, -1 for anything else. */
function bit(b: unknown): number {
  return b === true ? 1 : b === false ? 0 : -1;
}

/** The runs every step and ARP frame opens with: to the frame's value, to the time's text, to the epoch's value. */
export interface ItemRuns {
  readonly frame: Uint8Array;
  readonly time: Uint8Array;
  readonly epoch: Uint8Array;
}

class Runs implements ItemRuns {
  readonly frame: Uint8Array;
  readonly time: Uint8Array;
  readonly epoch: Uint8Array;

  constructor(protected readonly pretty: boolean) {
    this.frame = this.bytes(`{${this.key('frame', FIELDS, true)}`);
    this.time = this.bytes(`${this.key('time')}"`);
    this.epoch = this.bytes(`"${this.key('epoch')}`);
  }

  protected key(name: string, depth = FIELDS, first = false): string {
    return keyText(this.pretty, depth, name, first);
  }

  protected close(depth: number): string {
    return closeText(this.pretty, depth);
  }

  protected bytes(text: string): Uint8Array {
    return Buffer.from(text, 'utf8');
  }
}

export class StepRuns extends Runs {
  /** From the endpoint's MAC to its address. */
  readonly ip = this.bytes(this.key('ip', ENDPOINT_FIELDS));
  /** From the `from` endpoint's address to the `to` endpoint's MAC. */
  readonly to = this.bytes(`${this.close(ENDPOINT_FIELDS)}${this.key('to')}{${this.key('mac', ENDPOINT_FIELDS, true)}`);
  /** The keys of the fields after the delivery. */
  readonly keys = this.pretty ? STEP.pretty : STEP.compact;
  /** From the epoch to the `from` endpoint's MAC, by message type and direction (made when first asked for). */
  private readonly whats: ({ readonly name: string; readonly bytes: Uint8Array } | undefined)[] = new Array(TYPES * DIRECTIONS.length);
  /** From the `to` endpoint's address to the expected delivery's text, by link class, network class and flag. */
  private readonly classRuns: Uint8Array[] = [];
  /** After the expected delivery's text: whether it was kept and whether the step was a retransmission. */
  private readonly deliveryRuns: Uint8Array[] = [];
  /** `whats` by the store's packed type and direction (whatOfBits). */
  private readonly whatsByBits: (Uint8Array | undefined)[] = new Array(TYPES * DIRECTIONS.length);
  /** The fixed rules' texts with the delivery run after them, by rule and delivery facts (expectedOfBits). */
  private readonly expectedRuns: (Uint8Array | undefined)[] = new Array(FIXED_RULES * 4);
  /** The address rules' texts around their address (addressRuleOfBits; null: not cut). */
  private readonly addressRules: (AddressRule | null | undefined)[] = new Array(ADDRESS_RULES);

  constructor(pretty: boolean) {
    super(pretty);
    for (const l2 of L2_CLASSES) {
      for (const l3 of L3_CLASSES) {
        for (const flag of [false, true]) {
          this.classRuns.push(
            this.bytes(
              `${this.close(ENDPOINT_FIELDS)}${this.key('l2')}${JSON.stringify(l2)}${this.key('l3')}${JSON.stringify(l3)}` +
                `${this.key('broadcastFlag')}${flag}${this.key('expectedDelivery')}`,
            ),
          );
        }
      }
    }
    for (const ok of [false, true]) for (const again of [false, true]) this.deliveryRuns.push(this.bytes(`${this.key('deliveryOk')}${ok}${this.key('retransmission')}${again}`));
  }

  /** The run after the epoch for a step of this message type (number and name) and direction. */
  what(type: number | undefined, name: unknown, direction: unknown): Uint8Array | undefined {
    const d = DIRECTIONS.indexOf(direction as Direction);
    const t = type === undefined ? 0 : type + 1;
    if (d < 0 || typeof name !== 'string' || !(t >= 0 && t < TYPES && (t | 0) === t)) return undefined;
    const i = t * DIRECTIONS.length + d;
    let run = this.whats[i];
    // The name is the type's, but a run is only ever written for the very name it was made of.
    if (run === undefined || run.name !== name) {
      run = { name, bytes: this.bytes(`${this.key('messageType')}${JSON.stringify(name)}${this.key('direction')}${JSON.stringify(direction)}${this.key('from')}{${this.key('mac', ENDPOINT_FIELDS, true)}`) };
      this.whats[i] = run;
    }
    return run.bytes;
  }

  classes(l2: unknown, l3: unknown, broadcastFlag: unknown): Uint8Array | undefined {
    const a = L2_CLASSES.indexOf(l2 as L2Class);
    const b = L3_CLASSES.indexOf(l3 as L3Class);
    const c = bit(broadcastFlag);
    return a < 0 || b < 0 || c < 0 ? undefined : this.classRuns[(a * L3_CLASSES.length + b) * 2 + c];
  }

  delivery(ok: unknown, retransmission: unknown): Uint8Array | undefined {
    const a = bit(ok);
    const b = bit(retransmission);
    return a < 0 || b < 0 ? undefined : this.deliveryRuns[a * 2 + b];
  }

  /*
   * The same runs chosen by a step's packed facts as the step store keeps them (step-store.ts), for the writer
   * that reads the store's columns: no view's getters, names or texts in between.
   */

  /** `what` for the message type and direction packed in `bits` (undefined for a direction the store never packs). */
  whatOfBits(bits: number): Uint8Array | undefined {
    const t = (bits >>> TYPE_AT) & 0x1ff;
    const d = (bits >>> DIRECTION_AT) & 3;
    if (d >= DIRECTIONS.length || t >= TYPES) return undefined;
    const i = t * DIRECTIONS.length + d;
    let run = this.whatsByBits[i];
    if (run === undefined) {
      // The name a step view gives (step-store.ts messageType).
      const name = t === 0 ? (d === SERVER_DIRECTION ? 'BOOTREPLY' : 'BOOTREQUEST') : messageTypeName(t - 1);
      run = this.whatsByBits[i] = this.what(t - 1 < 0 ? undefined : t - 1, name, DIRECTIONS[d])!;
    }
    return run;
  }

  /** `classes` for the link and network classes and the broadcast flag packed in `bits`. */
  classesOfBits(bits: number): Uint8Array | undefined {
    const a = (bits >>> L2_AT) & 3;
    const b = (bits >>> L3_AT) & 3;
    if (a >= L2_CLASSES.length || b >= L3_CLASSES.length) return undefined;
    return this.classRuns[(a * L3_CLASSES.length + b) * 2 + ((bits & BROADCAST_FLAG) !== 0 ? 1 : 0)];
  }

  /** The delivery run after the expected delivery's text, for the facts packed in `bits`. */
  deliveryOfBits(bits: number): Uint8Array {
    return this.deliveryRuns[((bits & DELIVERY_OK) !== 0 ? 2 : 0) + ((bits & RETRANSMISSION) !== 0 ? 1 : 0)]!;
  }

  /**
   * For a rule that names an address: the bytes of its JSON string before the address and after it, cut from
   * the rule's own text (delivery.ts ruleText) around a stand-in address; undefined when the rule names none or
   * its text does not hold the address once.
   */
  addressRuleOfBits(bits: number): AddressRule | undefined {
    const rule = bits >>> RULE_AT;
    if (rule < FIXED_RULES || rule >= FIXED_RULES + ADDRESS_RULES) return undefined;
    let parts = this.addressRules[rule - FIXED_RULES];
    if (parts === undefined) {
      const text = JSON.stringify(ruleText(rule, STAND_IN));
      const at = text.indexOf(STAND_IN);
      parts = this.addressRules[rule - FIXED_RULES] =
        at < 0 || text.indexOf(STAND_IN, at + 1) >= 0 ? null : { before: this.bytes(text.slice(0, at)), after: this.bytes(text.slice(at + STAND_IN.length)) };
    }
    return parts ?? undefined;
  }

  /**
   * The expected delivery's text as a JSON string and the delivery run after it, for a rule that names no
   * address (undefined for those that do: addressRuleOfBits).
   */
  expectedOfBits(bits: number): Uint8Array | undefined {
    const rule = bits >>> RULE_AT;
    if (rule >= FIXED_RULES) return undefined;
    const i = rule * 4 + ((bits & DELIVERY_OK) !== 0 ? 2 : 0) + ((bits & RETRANSMISSION) !== 0 ? 1 : 0);
    return (this.expectedRuns[i] ??= this.bytes(`${JSON.stringify(ruleText(rule, undefined))}${this.key('deliveryOk')}${(bits & DELIVERY_OK) !== 0}${this.key('retransmission')}${(bits & RETRANSMISSION) !== 0}`));
  }
}

export class ArpRuns extends Runs {
  readonly senderIp = this.bytes(this.key('senderIp'));
  readonly targetIp = this.bytes(this.key('targetIp'));
  /** From the epoch to the sender's MAC, by kind. */
  private readonly kinds = ARP_KINDS.map((kind) => this.bytes(`${this.key('kind')}${JSON.stringify(kind)}${this.key('senderMac')}`));
  /** From the target address to the end of the object, by whether another machine sent it. */
  private readonly ends = [false, true].map((other) => this.bytes(`${this.key('fromOther')}${other}${this.close(FIELDS)}`));

  kind(kind: unknown): Uint8Array | undefined {
    const i = ARP_KINDS.indexOf(kind as TxArp['kind']);
    return i < 0 ? undefined : this.kinds[i];
  }

  end(fromOther: unknown): Uint8Array | undefined {
    const i = bit(fromOther);
    return i < 0 ? undefined : this.ends[i];
  }
}

const STEPS = { pretty: new StepRuns(true), compact: new StepRuns(false) };
const ARPS = { pretty: new ArpRuns(true), compact: new ArpRuns(false) };

export function stepRuns(pretty: boolean): StepRuns {
  return pretty ? STEPS.pretty : STEPS.compact;
}

export function arpRuns(pretty: boolean): ArpRuns {
  return pretty ? ARPS.pretty : ARPS.compact;
}
