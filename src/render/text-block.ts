/**
 * One exchange's block of the text timeline, written as UTF-8 bytes from a TimelineExchange (report/timeline.ts):
 * its header; its steps, ARP frames and address checks in time order, the copies of a frame captured again
 * folded into the first one's line; any extra lines; a blank line.
 *
 * Bytes rather than strings: the DHCP-only benchmark's timeline is 97 000 blocks and 340 000 lines, and each
 * line made as a template of templates, padded, joined, sorted and then encoded was most of `--text`'s garbage.
 */
import { Bytes } from '../report/json-bytes.js';
import { STEP_BROADCAST_FLAG, STEP_DELIVERY_OK, STEP_DUPLICATE, STEP_RETRANSMISSION, type TimelineExchange } from '../report/timeline.js';
import { checkEpoch, checkNote } from './address-check.js';
import { sanitize } from './sanitize.js';

export const ANSI = { red: '\x1b[31m', yellow: '\x1b[33m', green: '\x1b[32m', dim: '\x1b[2m', bold: '\x1b[1m', reset: '\x1b[0m' } as const;

/** How a line's time is written: seconds since the timeline's zero, or a mark filled in once it is known. */
export type TimeWriter = (out: Bytes, epoch: number) => void;

/** A line's time as seconds since `t0`, right-aligned in 11 characters (`     12.345 s`). */
export function sinceZero(t0: number): TimeWriter {
  return (out, epoch) => {
    const x = epoch - t0;
    if (!fixed3(out, x)) {
      const s = x.toFixed(3);
      out.spaces(9 - s.length);
      out.ascii(s);
    }
    out.raw(SECONDS);
  };
}

/** Below 2^40 thousandths a double's product by 1000 is off by less than 2^-13 of a thousandth. */
const FIXED3_EXACT = 2 ** 40;

/**
 * `x.toFixed(3)`, right-aligned as sinceZero aligns it, without its string (a timeline has a line per frame):
 * toFixed's n is the integer nearest to x * 1000 computed exactly, which is the one nearest to the computed
 * product unless that lies within rounding error of a half. False, with nothing written, for such a value and
 * for those outside [0, 2^40 / 1000).
 */
function fixed3(out: Bytes, x: number): boolean {
  const y = x * 1000;
  if (!(x >= 0 && y < FIXED3_EXACT)) return false;
  const n = Math.round(y);
  if (Math.abs(y - n) > 0.4998) return false;
  const whole = Math.floor(n / 1000);
  let width = 5;
  for (let w = whole; w >= 10; w = Math.floor(w / 10)) width++;
  out.spaces(9 - width);
  out.number(whole);
  out.byte(0x2e);
  out.padded(n - whole * 1000, 3);
  return true;
}

/*
 * A block written before the timeline's zero is known carries each line's time as a mark: a byte no line holds
 * otherwise (packet text is sanitized, colours start with ESC), then the epoch as the eight bytes of its double.
 * The time filled in is then made from the very same number as one written directly.
 */
const MARK = 0x01;
const MARK_BYTES = 9;

/** A line's time as a mark (`fillTimes` writes it). */
export const markTime: TimeWriter = (out, epoch) => {
  out.room(MARK_BYTES);
  out.buf[out.pos] = MARK;
  out.buf.writeDoubleLE(epoch, out.pos + 1);
  out.pos += MARK_BYTES;
};

/** Text gathered before it is handed on by fillTimes. */
const FILLED_BYTES = 1 << 18;

/**
 * Pieces of blocks written with `markTime`, with their times filled in as `sinceZero(t0)` writes them, handed on
 * in pieces of about FILLED_BYTES (whatever the size of the pieces read). Each piece is lent until the next is
 * asked for.
 */
export function* fillTimes(pieces: Iterable<Uint8Array>, t0: number): Generator<Uint8Array> {
  const out = new Bytes(FILLED_BYTES + (FILLED_BYTES >> 2));
  const time = sinceZero(t0);
  for (const piece of pieces) {
    const b = Buffer.from(piece.buffer, piece.byteOffset, piece.length);
    let at = 0;
    for (let start = b.indexOf(MARK, at); start >= 0; start = b.indexOf(MARK, at)) {
      // Copied, not viewed: a view made per line was a typed array per line for the collector.
      out.room(start - at);
      out.pos += b.copy(out.buf, out.pos, at, start);
      time(out, b.readDoubleLE(start + 1));
      at = start + MARK_BYTES;
      if (out.pos >= FILLED_BYTES) {
        yield out.bytes();
        out.reset();
      }
    }
    out.raw(b.subarray(at));
  }
  if (out.pos > 0) yield out.bytes();
}

const bytes = (s: string): Buffer => Buffer.from(s, 'utf8');
const SECONDS = bytes(' s');
const TWO = bytes('  ');
const NL = 0x0a;
const SP = 0x20;
const COLOUR = {
  red: bytes(ANSI.red),
  yellow: bytes(ANSI.yellow),
  green: bytes(ANSI.green),
  dim: bytes(ANSI.dim),
  bold: bytes(ANSI.bold),
  reset: bytes(ANSI.reset),
} as const;
const XID = bytes('  xid ');
const ARROW = bytes('  → ');
const TO = bytes(' → ');
const FROM = bytes(' from ');
const LEASE = bytes(' lease ');
const OFFERS = bytes(' offers');
const VIA_RELAY = bytes(' via relay ');
const VIA = bytes(' via ');
const VLAN = bytes(' VLAN ');
const L3_MARK = { broadcast: bytes('bcast'), multicast: bytes('mcast'), unicast: bytes('ucast') } as const;
const OK = bytes('✓');
const NOT_OK = bytes('✗ expected ');
const COMMA = bytes(', ');
const YIADDR = bytes('yiaddr ');
const B_FLAG = bytes('B-flag');
const RETRANSMISSION = bytes('retransmission');
const FRAME = bytes('  #');
const AGAIN = bytes('  (captured again: #');
const NEXT_FRAME = bytes(', #');
const ANSWERED_BY_OTHER = bytes('  ← another machine answers for this address');
const ARP_PROBE = bytes('ARP probe: who has ');
const PROBE_END = bytes('? (sender 0.0.0.0)');
const ARP_ANNOUNCEMENT = bytes('ARP announcement: ');
const IS_MINE = bytes(' is mine');
const ARP_REPLY = bytes('ARP reply: ');
const IS_AT = bytes(' is at ');
const ARP_REQUEST = bytes('ARP request: who has ');
const TELL = bytes('? tell ');

/** The lines of the block being written (steps, ARP frames, checks), in columns reused from block to block. */
const LINE_STEP = 0;
const LINE_ARP = 1;
const LINE_CHECK = 2;
const lineKind: number[] = [];
/** The line's item, and the end of the copies folded into it (items [first + 1, end) of its kind). */
const lineFirst: number[] = [];
const lineEnd: number[] = [];
const lineEpoch: number[] = [];
const lineFrame: number[] = [];
const order: number[] = [];

/** Frames this close in time and otherwise the same are one packet captured again (`-i any`, one per interface). */
const COPY_SECONDS = 0.05;

/** One exchange's block (see above); `extra` lines go after its own. */
export function writeBlock(out: Bytes, x: TimelineExchange, time: TimeWriter, color: boolean, extra: readonly string[] = []): void {
  writeHeader(out, x, color);
  out.byte(NL);
  const n = gatherLines(x);
  for (let k = 0; k < n; k++) {
    const line = order[k]!;
    const kind = lineKind[line];
    if (kind === LINE_STEP) writeStep(out, x, lineFirst[line]!, lineEnd[line]!, time, color);
    else if (kind === LINE_ARP) writeArp(out, x, lineFirst[line]!, lineEnd[line]!, time, color);
    else writeCheck(out, x, lineFirst[line]!, time, color);
    out.byte(NL);
  }
  for (const l of extra) {
    out.text(l);
    out.byte(NL);
  }
  out.byte(NL);
}

/** The block's lines, copies folded, in time order (then frame order; steps, then ARP, then checks when even). */
function gatherLines(x: TimelineExchange): number {
  lines = 0;
  for (let i = 0; i < x.steps; ) {
    const epoch = x.stepEpoch[i]!;
    let j = i + 1;
    while (j < x.steps && (x.stepFlags[j]! & STEP_DUPLICATE) !== 0 && Math.abs(x.stepEpoch[j]! - epoch) < COPY_SECONDS) j++;
    addLine(LINE_STEP, i, j, epoch, x.stepFrame[i]!);
    i = j;
  }
  for (let i = 0; i < x.arps; ) {
    const epoch = x.arpEpoch[i]!;
    let j = i + 1;
    while (j < x.arps && sameArp(x, j, i) && Math.abs(x.arpEpoch[j]! - epoch) < COPY_SECONDS) j++;
    addLine(LINE_ARP, i, j, epoch, x.arpFrame[i]!);
    i = j;
  }
  for (let i = 0; i < x.checks.length; i++) {
    const c = x.checks[i]!;
    addLine(LINE_CHECK, i, i + 1, checkEpoch(c), c.frames[0] ?? 0);
  }
  const n = lines;
  // A stable insertion sort: a block has a handful of lines, nearly always in order already.
  for (let k = 0; k < n; k++) {
    let j = k;
    while (j > 0 && later(order[j - 1]!, k)) {
      order[j] = order[j - 1]!;
      j--;
    }
    order[j] = k;
  }
  return n;
}

let lines = 0;

function addLine(kind: number, first: number, end: number, epoch: number, frame: number): void {
  lineKind[lines] = kind;
  lineFirst[lines] = first;
  lineEnd[lines] = end;
  lineEpoch[lines] = epoch;
  lineFrame[lines] = frame;
  lines++;
}

function later(a: number, b: number): boolean {
  return (lineEpoch[a]! - lineEpoch[b]! || lineFrame[a]! - lineFrame[b]!) > 0;
}

function sameArp(x: TimelineExchange, a: number, b: number): boolean {
  return x.arpKind[a] === x.arpKind[b] && x.arpSenderMac[a] === x.arpSenderMac[b] && x.arpSenderIp[a] === x.arpSenderIp[b] && x.arpTargetIp[a] === x.arpTargetIp[b];
}

function writeHeader(out: Bytes, x: TimelineExchange, color: boolean): void {
  if (color) out.raw(COLOUR.bold);
  out.text(x.id);
  out.byte(SP);
  out.text(x.kind);
  if (color) out.raw(COLOUR.reset);
  out.raw(TWO);
  out.text(x.clientMac);
  if (x.hostname) {
    out.ascii(' (');
    safeText(out, x.hostname);
    out.byte(0x29);
  }
  out.raw(XID);
  out.text(x.xid);
  out.raw(ARROW);
  const o = x.outcome;
  if (color) out.raw(o === 'ACK' || o === 'INFORMED' || o === 'RELEASED' ? COLOUR.green : o === 'NAK' || o === 'DECLINED' ? COLOUR.red : COLOUR.yellow);
  out.text(o);
  if (color) out.raw(COLOUR.reset);
  if (x.assignedIp) {
    out.byte(SP);
    out.text(x.assignedIp);
  }
  if (x.server) {
    out.raw(FROM);
    out.text(x.server);
  }
  if (x.leaseSeconds !== undefined) {
    out.raw(LEASE);
    out.number(x.leaseSeconds);
    out.raw(SECONDS);
  }
  if (x.offers > 1) {
    out.byte(SP);
    out.number(x.offers);
    out.raw(OFFERS);
  }
  if (x.relay !== undefined) {
    out.raw(VIA_RELAY);
    out.text(x.relay);
  }
  if (x.segment !== undefined) {
    out.raw(VIA);
    out.text(x.segment);
  } else if (x.vlan !== undefined) {
    out.raw(VLAN);
    out.text(x.vlan.join('.'));
  }
  if (x.nakMessage) {
    out.ascii(' "');
    safeText(out, x.nakMessage);
    out.byte(0x22);
  }
}

function writeStep(out: Bytes, x: TimelineExchange, i: number, end: number, time: TimeWriter, color: boolean): void {
  const flags = x.stepFlags[i]!;
  const dim = color && (flags & STEP_RETRANSMISSION) !== 0;
  if (dim) out.raw(COLOUR.dim);
  time(out, x.stepEpoch[i]!);
  out.raw(TWO);
  padded(out, x.stepFromMac[i] ?? '-', 17);
  out.raw(TWO);
  const from = x.stepFromIp[i]!;
  const to = x.stepToIp[i]!;
  out.text(from);
  out.raw(TO);
  out.text(to);
  out.spaces(33 - (from.length + 3 + to.length));
  out.byte(SP);
  padded(out, x.stepType[i]!, 9);
  out.byte(SP);
  const l3 = x.stepL3[i];
  out.raw(l3 === 'broadcast' ? L3_MARK.broadcast : l3 === 'multicast' ? L3_MARK.multicast : L3_MARK.unicast);
  out.byte(SP);
  if ((flags & STEP_DELIVERY_OK) !== 0) painted(out, OK, color ? COLOUR.green : undefined);
  else {
    if (color) out.raw(COLOUR.red);
    out.raw(NOT_OK);
    out.text(x.stepExpected[i]!);
    if (color) out.raw(COLOUR.reset);
  }
  // The extras, two spaces after the mark and a comma between them.
  let extras = 0;
  const yiaddr = x.stepYiaddr[i];
  if (yiaddr) {
    out.raw(extras++ ? COMMA : TWO);
    out.raw(YIADDR);
    out.text(yiaddr);
  }
  if ((flags & STEP_BROADCAST_FLAG) !== 0) {
    out.raw(extras++ ? COMMA : TWO);
    out.raw(B_FLAG);
  }
  if ((flags & STEP_RETRANSMISSION) !== 0) {
    out.raw(extras++ ? COMMA : TWO);
    out.raw(RETRANSMISSION);
  }
  const note = x.stepNote[i];
  if (note && (flags & STEP_DUPLICATE) === 0) {
    out.raw(extras++ ? COMMA : TWO);
    safeText(out, note);
  }
  frames(out, x.stepFrame, i, end);
  if (dim) out.raw(COLOUR.reset);
}

function writeArp(out: Bytes, x: TimelineExchange, i: number, end: number, time: TimeWriter, color: boolean): void {
  const other = x.arpFromOther[i]!;
  if (color) out.raw(other ? COLOUR.red : COLOUR.dim);
  time(out, x.arpEpoch[i]!);
  out.raw(TWO);
  padded(out, x.arpSenderMac[i]!, 17);
  out.raw(TWO);
  const kind = x.arpKind[i];
  // Words and addresses written one after the other: no line of text made per frame.
  if (kind === 'probe') textBetween(out, ARP_PROBE, x.arpTargetIp[i]!, PROBE_END);
  else if (kind === 'announcement') textBetween(out, ARP_ANNOUNCEMENT, x.arpSenderIp[i]!, IS_MINE);
  else if (kind === 'reply') {
    textBetween(out, ARP_REPLY, x.arpSenderIp[i]!, IS_AT);
    out.text(x.arpSenderMac[i]!);
  } else {
    textBetween(out, ARP_REQUEST, x.arpTargetIp[i]!, TELL);
    out.text(x.arpSenderIp[i]!);
  }
  if (other) out.raw(ANSWERED_BY_OTHER);
  frames(out, x.arpFrame, i, end);
  if (color) out.raw(COLOUR.reset);
}

function writeCheck(out: Bytes, x: TimelineExchange, i: number, time: TimeWriter, color: boolean): void {
  const c = x.checks[i]!;
  if (color) out.raw(c.answered && c.offered === 'same' ? COLOUR.red : COLOUR.dim);
  time(out, checkEpoch(c));
  out.raw(TWO);
  padded(out, c.server, 17);
  out.raw(TWO);
  const how = c.methods.map((m) => (m === 'arp' ? 'ARP' : 'ICMP echo')).join(' + ');
  const all = [...c.frames, ...c.answerFrames].sort((a, b) => a - b);
  out.text(`${checkNote(c)} (${how})  #${all.join(', #')}`);
  if (color) out.raw(COLOUR.reset);
}

/** `before`, the text, `after`. */
function textBetween(out: Bytes, before: Uint8Array, text: string, after: Uint8Array): void {
  out.raw(before);
  out.text(text);
  out.raw(after);
}

/** `  #frame`, then the frames of the copies folded into the line (`frames[first + 1 .. end)`). */
function frames(out: Bytes, frame: readonly number[], first: number, end: number): void {
  out.raw(FRAME);
  out.number(frame[first]!);
  if (end <= first + 1) return;
  out.raw(AGAIN);
  for (let k = first + 1; k < end; k++) {
    if (k > first + 1) out.raw(NEXT_FRAME);
    out.number(frame[k]!);
  }
  out.byte(0x29);
}

/** Text padded with spaces to `width` characters, as padEnd pads it. */
function padded(out: Bytes, s: string, width: number): void {
  out.text(s);
  out.spaces(width - s.length);
}

function painted(out: Bytes, text: Uint8Array, colour: Uint8Array | undefined): void {
  if (colour) out.raw(colour);
  out.raw(text);
  if (colour) out.raw(COLOUR.reset);
}

/** Packet text, sanitized for the terminal (printable ASCII needs nothing done). */
function safeText(out: Bytes, s: string): void {
  if (!out.printable(s)) out.utf8(sanitize(s));
}
