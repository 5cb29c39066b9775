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
import type { TxArp } from '../analyze/types.js';
import type { L2Class, L3Class } from '../decode/frame.js';
import { closeText, keyText } from './json-bytes.js';
import { ITEM, STEP } from './json-items.js';

/** Where a step's (and an ARP frame's) keys are, and those of a step's endpoints. */
const FIELDS = ITEM + 3;
const ENDPOINT_FIELDS = ITEM + 4;

const DIRECTIONS = ['client', 'server', 'relay'] as const;
const L2_CLASSES: readonly L2Class[] = ['broadcast', 'multicast', 'unicast', 'unknown'];
const L3_CLASSES: readonly L3Class[] = ['broadcast', 'multicast', 'unicast'];
const ARP_KINDS: readonly TxArp['kind'][] = ['probe', 'announcement', 'request', 'reply'];
/** Message types are one byte (option 53); steps without one are numbered -1. */
const TYPES = 257;

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
    const d = DIRECTIONS.indexOf(direction as (typeof DIRECTIONS)[number]);
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
