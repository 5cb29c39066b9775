/**
 * A BOOTP/DHCP message: the fixed header (RFC 951/2131), the magic cookie, and the options — including
 * those that option overload (52) puts in `file` and `sname`, and long options split over several instances
 * (RFC 3396), which are joined before decoding. Never throws: what cannot be decoded becomes a problem.
 */
import type { DhcpMessage, DhcpOption } from '../frame.js';
import { rd16, rd32 } from '../bytes.js';
import { formatColonHex, formatCString, formatHex, formatIpv4, formatMac } from '../format.js';
import { hardwareTypeName } from './names.js';
import { decodeOptionValue } from './option-decoders.js';
import { optionName } from './options.js';
import { OPTION_AREA, problem, type DecodeProblem } from '../problems.js';

export const BOOTP_HEADER_LENGTH = 236;
export const MAGIC_COOKIE = 0x63825363;
const SNAME_AT = 44;
const SNAME_LEN = 64;
const FILE_AT = 108;
const FILE_LEN = 128;
const OPTIONS_AT = 240;

export type OptionSource = keyof typeof OPTION_AREA;

interface Instance {
  readonly code: number;
  /** Absolute index of the code byte in the buffer; the payload follows the length byte. */
  readonly at: number;
  readonly length: number;
  readonly source: OptionSource;
}

export interface DhcpDecodeResult {
  readonly message: DhcpMessage;
  readonly problems: DecodeProblem[];
}

/**
 * Decodes the DHCP message in buf[offset, offset + length). `frameOffset` is where that message starts
 * within its frame (option offsets are given within the frame, for the hex view). A message shorter than
 * the 236-byte header is decoded as far as it goes (missing fields read as zero) and reported.
 */
export function decodeDhcp(buf: Uint8Array, offset: number, length: number, frameOffset: number): DhcpDecodeResult {
  const problems: DecodeProblem[] = [];
  const end = offset + Math.max(0, Math.min(length, buf.length - offset));
  // A short message is decoded from a zero-padded copy, so every header read below stays in bounds.
  let b = buf;
  let o = offset;
  let msgEnd = end;
  if (end - offset < BOOTP_HEADER_LENGTH) {
    problems.push(problem('BOOTP_HEADER_TRUNCATED', frameOffset + (end - offset), end - offset));
    b = new Uint8Array(BOOTP_HEADER_LENGTH);
    b.set(buf.subarray(offset, end));
    o = 0;
    msgEnd = BOOTP_HEADER_LENGTH;
  }

  const op = b[o]!;
  const htype = b[o + 1]!;
  const hlen = b[o + 2]!;
  if (op !== 1 && op !== 2) problems.push(problem('BOOTP_UNKNOWN_OP', frameOffset, op));
  if (hardwareTypeName(htype) === undefined) problems.push(problem('BOOTP_UNKNOWN_HTYPE', frameOffset + 1, htype));
  if (hlen > 16) problems.push(problem('BOOTP_HLEN_TOO_LONG', frameOffset + 2, hlen));
  const flags = rd16(b, o + 10);
  const chLen = Math.min(hlen, 16);
  const chaddr = htype === 1 && hlen === 6 ? formatMac(b, o + 28) : formatColonHex(b, o + 28, chLen);

  const cookie = msgEnd - o >= OPTIONS_AT && rd32(b, o + BOOTP_HEADER_LENGTH) === MAGIC_COOKIE;
  // Without the cookie this is plain BOOTP (RFC 951): the vendor area is not read as options.

  const instances: Instance[] = [];
  let overload = 0;
  if (cookie) {
    const at = frameOffset - o; // buffer index + at = frame offset
    scanOptions(b, o + OPTIONS_AT, msgEnd, 'options', instances, problems, at);
    overload = overloadValue(b, instances);
    if (overload === 1 || overload === 3) scanOptions(b, o + FILE_AT, o + FILE_AT + FILE_LEN, 'file', instances, problems, at);
    if (overload === 2 || overload === 3) scanOptions(b, o + SNAME_AT, o + SNAME_AT + SNAME_LEN, 'sname', instances, problems, at);
  }
  const options = joinOptions(b, o, frameOffset, instances, problems);
  const mt = options.find((x) => x.code === 53);
  const mtByte = mt !== undefined && mt.length === 1 ? parseInt(mt.hex, 16) : undefined; // the one (joined) byte

  const message: DhcpMessage = {
    op,
    htype,
    hlen,
    hops: b[o + 3]!,
    xid: rd32(b, o + 4),
    secs: rd16(b, o + 8),
    flags,
    broadcastFlag: (flags & 0x8000) !== 0,
    ciaddr: formatIpv4(b, o + 12),
    yiaddr: formatIpv4(b, o + 16),
    siaddr: formatIpv4(b, o + 20),
    giaddr: formatIpv4(b, o + 24),
    chaddr,
    // Overloaded fields hold options, not names.
    sname: overload === 2 || overload === 3 ? '' : formatCString(b, o + SNAME_AT, SNAME_LEN),
    file: overload === 1 || overload === 3 ? '' : formatCString(b, o + FILE_AT, FILE_LEN),
    cookie,
    ...(mtByte !== undefined ? { messageType: mtByte } : {}),
    options,
    offset: frameOffset,
  };
  return { message, problems };
}

/**
 * Reads code/length/value triples in b[start, end). Pad is skipped, End stops. An option running past the
 * end stops the scan (the options before it are kept). A missing End is reported in `file`/`sname` as well:
 * RFC 2131 requires an End there too. `toFrame`: added to a buffer index gives the frame offset.
 */
function scanOptions(
  b: Uint8Array,
  start: number,
  end: number,
  source: OptionSource,
  out: Instance[],
  problems: DecodeProblem[],
  toFrame: number,
): void {
  const area = OPTION_AREA[source];
  let pos = start;
  while (pos < end) {
    const code = b[pos]!;
    if (code === 0) {
      pos++;
      continue;
    }
    if (code === 255) return;
    if (pos + 1 >= end) {
      problems.push(problem('OPTION_LENGTH_MISSING', pos + toFrame, code, area));
      return;
    }
    const len = b[pos + 1]!;
    if (pos + 2 + len > end) {
      problems.push(problem('OPTION_OVERRUN', pos + 1 + toFrame, code, area, len, end - pos - 2));
      return;
    }
    out.push({ code, at: pos, length: len, source });
    pos += 2 + len;
  }
  problems.push(problem('NO_END_OPTION', end + toFrame, area));
}

/** Value of option 52 (first byte of its first instance in the options field), or 0. */
function overloadValue(b: Uint8Array, instances: readonly Instance[]): number {
  const ov = instances.find((x) => x.code === 52);
  return ov !== undefined && ov.length >= 1 ? b[ov.at + 2]! : 0;
}

/** One DhcpOption per code, in order of first appearance; the payloads of repeated codes joined (RFC 3396). */
function joinOptions(
  b: Uint8Array,
  o: number,
  frameOffset: number,
  instances: readonly Instance[],
  problems: DecodeProblem[],
): DhcpOption[] {
  const options: DhcpOption[] = [];
  for (const [code, list] of groupByCode(instances)) {
    const first = list[0]!;
    let data: Uint8Array;
    if (list.length === 1) {
      data = b.subarray(first.at + 2, first.at + 2 + first.length);
    } else {
      let total = 0;
      for (const inst of list) total += inst.length;
      data = new Uint8Array(total);
      let p = 0;
      for (const inst of list) {
        data.set(b.subarray(inst.at + 2, inst.at + 2 + inst.length), p);
        p += inst.length;
      }
    }
    const codeAt = frameOffset + (first.at - o);
    const value = decodeOptionValue(code, data, problems, codeAt + 2);
    options.push({
      code,
      name: optionName(code),
      length: data.length,
      value,
      hex: formatHex(data, 0, data.length),
      offset: codeAt,
      source: first.source !== 'options' ? first.source : undefined,
    });
  }
  return options;
}

/** The option with this code, if the message has it. */
export function getOption(msg: DhcpMessage, code: number): DhcpOption | undefined {
  for (const opt of msg.options) if (opt.code === code) return opt;
  return undefined;
}

/**
 * Instances grouped by code, codes in order of first appearance. Nearly every message has each code once:
 * that case is detected with a bitmap and needs no map.
 */
function groupByCode(instances: readonly Instance[]): Iterable<[number, Instance[]]> {
  SEEN.fill(0);
  let repeated = false;
  for (const inst of instances) {
    if (SEEN[inst.code] === 1) repeated = true;
    SEEN[inst.code] = 1;
  }
  if (!repeated) return instances.map((inst): [number, Instance[]] => [inst.code, [inst]]);
  const byCode = new Map<number, Instance[]>();
  for (const inst of instances) {
    const list = byCode.get(inst.code);
    if (list === undefined) byCode.set(inst.code, [inst]);
    else list.push(inst);
  }
  return byCode;
}

const SEEN = new Uint8Array(256);
