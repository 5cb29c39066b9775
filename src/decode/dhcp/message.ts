/**
 * A BOOTP/DHCP message: the fixed header (RFC 951/2131), the magic cookie, and the options — including
 * those that option overload (52) puts in `file` and `sname`, and long options split over several instances
 * (RFC 3396), which are joined before decoding. Never throws: what cannot be decoded becomes a problem.
 */
import type { DhcpMessage, DhcpOption } from '../frame.js';
import { rd16, rd32 } from '../bytes.js';
import { formatColonHex, formatCString, formatIpv4, formatMac } from '../format.js';
import { hardwareTypeName } from './names.js';
import { decodeOptions, OptionList, scanOptions } from './option-list.js';
import { NO_PROBLEMS, OPTION_AREA, problem, type DecodeProblem } from '../problems.js';

export const BOOTP_HEADER_LENGTH = 236;
export const MAGIC_COOKIE = 0x63825363;
const SNAME_AT = 44;
const SNAME_LEN = 64;
const FILE_AT = 108;
const FILE_LEN = 128;
const OPTIONS_AT = 240;
/** Reused for every message (decoding is synchronous and never re-enters itself). */
const INSTANCES = new OptionList();
const NO_OPTIONS: readonly DhcpOption[] = Object.freeze([]);
/** Collects a message's problems for decodeDhcp; copied out only when there are some. */
const PROBLEMS: DecodeProblem[] = [];

export interface DhcpDecodeResult {
  readonly message: DhcpMessage;
  readonly problems: readonly DecodeProblem[];
}

/**
 * Decodes the DHCP message in buf[offset, offset + length). `frameOffset` is where that message starts
 * within its frame (option offsets are given within the frame, for the hex view). A message shorter than
 * the 236-byte header is decoded as far as it goes (missing fields read as zero) and reported.
 */
export function decodeDhcp(buf: Uint8Array, offset: number, length: number, frameOffset: number): DhcpDecodeResult {
  const problems = PROBLEMS;
  if (problems.length !== 0) problems.length = 0; // setting the length is a call into the runtime
  const message = decodeDhcpMessage(buf, offset, length, frameOffset, problems);
  return { message, problems: problems.length === 0 ? NO_PROBLEMS : problems.slice() };
}

/**
 * As decodeDhcp, for the decoder's hot path: the message alone, its problems appended to `problems` (the
 * caller's scratch list, copied out only when there are some), so no result object is made per message.
 */
export function decodeDhcpMessage(buf: Uint8Array, offset: number, length: number, frameOffset: number, problems: DecodeProblem[]): DhcpMessage {
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
  if (htype !== 1 && hardwareTypeName(htype) === undefined) problems.push(problem('BOOTP_UNKNOWN_HTYPE', frameOffset + 1, htype));
  if (hlen > 16) problems.push(problem('BOOTP_HLEN_TOO_LONG', frameOffset + 2, hlen));
  const flags = rd16(b, o + 10);
  const chLen = Math.min(hlen, 16);
  const chaddr = htype === 1 && hlen === 6 ? formatMac(b, o + 28) : formatColonHex(b, o + 28, chLen);

  const cookie = msgEnd - o >= OPTIONS_AT && rd32(b, o + BOOTP_HEADER_LENGTH) === MAGIC_COOKIE;
  // Without the cookie this is plain BOOTP (RFC 951): the vendor area is not read as options.

  let overload = 0;
  let options: readonly DhcpOption[] = NO_OPTIONS;
  let messageType: number | undefined;
  if (cookie) {
    const list = INSTANCES;
    list.clear();
    const toFrame = frameOffset - o; // buffer index + toFrame = frame offset
    scanOptions(b, o + OPTIONS_AT, msgEnd, OPTION_AREA.options, list, problems, toFrame);
    overload = list.overload(b);
    if (overload === 1 || overload === 3) scanOptions(b, o + FILE_AT, o + FILE_AT + FILE_LEN, OPTION_AREA.file, list, problems, toFrame);
    if (overload === 2 || overload === 3) scanOptions(b, o + SNAME_AT, o + SNAME_AT + SNAME_LEN, OPTION_AREA.sname, list, problems, toFrame);
    options = decodeOptions(b, list, problems, toFrame);
    messageType = list.messageType;
  }
  return {
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
    // Present (undefined when absent) in every message: one object shape, and no copy to add it.
    messageType,
    options,
    offset: frameOffset,
  };
}


/** The option with this code, if the message has it. */
export function getOption(msg: DhcpMessage, code: number): DhcpOption | undefined {
  for (const opt of msg.options) if (opt.code === code) return opt;
  return undefined;
}
