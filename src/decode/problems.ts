/**
 * Decode problems, as Wireshark's expert info: each has a stable code, a severity and the byte offset in the
 * frame where it lies, and its few numbers. The sentence is built from those only when someone asks for it
 * (`problemText`): a fuzzed capture can have a problem in every frame, and most are never printed.
 */
import { hardwareTypeName } from './dhcp/names.js';
import { optionName } from './dhcp/options.js';
import { MAX_VLAN_TAGS } from './link.js';

/** The report's severity names, so a packet's problem and a finding read on one scale (and filter alike). */
export type ProblemSeverity = 'info' | 'warning' | 'error';

/** Where an option was found: the options field, or `file`/`sname` under option overload (52). */
export const OPTION_AREA = { options: 0, file: 1, sname: 2 } as const;
const AREA_SUFFIX: readonly string[] = ['', ' in file (option overload)', ' in sname (option overload)'];

const s = (n: number): string => (n === 1 ? '' : 's');
const hex4 = (n: number): string => `0x${n.toString(16).padStart(4, '0')}`;

interface ProblemRow {
  readonly severity: ProblemSeverity;
  /** One line for the README: what the problem is. */
  readonly meaning: string;
  /**
   * Problems inside a DHCP option: the first number is the option code, and the sentence starts with the
   * option's code and name. A MALFORMED finding groups these by problem code and option.
   */
  readonly inOption: boolean;
  readonly text: (...n: number[]) => string;
}

/**
 * Every problem the decoder reports. `text` receives the problem's numbers in order (after the option code
 * for `inOption` rows). Codes are part of the JSON contract (packets[].issues[].code): add, never rename.
 */
const PROBLEMS = {
  FRAME_TRUNCATED: {
    severity: 'warning',
    meaning: 'the capture kept fewer bytes than the frame had (snap length)',
    inOption: false,
    text: (caplen: number, origlen: number) => `frame truncated by the capture: ${caplen} of ${origlen} bytes`,
  },
  VLAN_STACK_TOO_DEEP: {
    severity: 'info',
    meaning: `more than ${MAX_VLAN_TAGS} stacked VLAN tags: the inner ones are skipped`,
    inOption: false,
    text: () => `more than ${MAX_VLAN_TAGS} stacked VLAN tags: the inner ones are not listed`,
  },
  IPV4_FRAGMENT: {
    severity: 'warning',
    meaning: 'the DHCP message is the first fragment of an IPv4 datagram, read without the rest',
    inOption: false,
    text: () => 'IPv4 fragment (first fragment of a fragmented datagram: the rest is not reassembled)',
  },
  UDP_PAYLOAD_TOO_SHORT: {
    severity: 'error',
    meaning: 'a UDP datagram on a DHCP port is shorter than the BOOTP header',
    inOption: false,
    text: (length: number, fragment: number) =>
      `UDP payload of ${length} bytes is shorter than the 236-byte BOOTP header` +
      (fragment !== 0 ? ' (first fragment of a fragmented datagram: the rest is not reassembled)' : ''),
  },
  ICMP_QUOTE_TOO_SHORT: {
    severity: 'error',
    meaning: 'an ICMP destination unreachable quotes too little of a DHCP message to read its xid',
    inOption: false,
    text: (icmpCode: number, length: number) =>
      `ICMP destination unreachable (code ${icmpCode}) quotes only ${length} bytes of the DHCP message`,
  },
  BOOTP_HEADER_TRUNCATED: {
    severity: 'error',
    meaning: 'the message ends inside the 236-byte BOOTP header (the rest reads as zero)',
    inOption: false,
    text: (length: number) => `BOOTP header truncated: ${length} of 236 bytes`,
  },
  BOOTP_UNKNOWN_OP: {
    severity: 'warning',
    meaning: 'op is neither 1 (BOOTREQUEST) nor 2 (BOOTREPLY)',
    inOption: false,
    text: (op: number) => `unknown op ${op} (expected 1 BOOTREQUEST or 2 BOOTREPLY)`,
  },
  BOOTP_UNKNOWN_HTYPE: {
    severity: 'warning',
    meaning: 'htype is not an IANA hardware type',
    inOption: false,
    text: (htype: number) => `unknown hardware type ${htype}`,
  },
  BOOTP_HLEN_TOO_LONG: {
    severity: 'warning',
    meaning: 'hlen is more than the 16 bytes chaddr holds',
    inOption: false,
    text: (hlen: number) => `hardware address length ${hlen} is more than the 16 bytes of chaddr`,
  },
  OPTION_LENGTH_MISSING: {
    severity: 'error',
    meaning: "an option's code is the last byte: its length byte is missing",
    inOption: true,
    text: (area: number) => `${AREA_SUFFIX[area] ?? ''}: length byte missing at the end of the message`,
  },
  OPTION_OVERRUN: {
    severity: 'error',
    meaning: "an option's length runs past the end of the message (the options before it are kept)",
    inOption: true,
    text: (area: number, length: number, left: number) =>
      `${AREA_SUFFIX[area] ?? ''}: length ${length} runs past the end of the message (${left} bytes left)`,
  },
  NO_END_OPTION: {
    severity: 'warning',
    meaning: 'the options end without an End option (255)',
    inOption: false,
    text: (area: number) => `no End option (255)${AREA_SUFFIX[area] ?? ''}`,
  },
  OPTION_LENGTH_NOT_MULTIPLE: {
    severity: 'error',
    meaning: "an option's length is not a multiple of its item size (the whole items are kept)",
    inOption: true,
    text: (length: number, unit: number, nonZero: number) =>
      `: length ${length} is not a ${nonZero !== 0 ? 'non-zero ' : ''}multiple of ${unit}`,
  },
  OPTION_LENGTH_WRONG: {
    severity: 'error',
    meaning: 'a fixed-size option has another length (its value is not decoded)',
    inOption: true,
    text: (expected: number, got: number) => `: expected ${expected} byte${s(expected)}, got ${got}`,
  },
  OPTION_LENGTH_TOO_SHORT: {
    severity: 'error',
    meaning: 'an option is shorter than its fixed part',
    inOption: true,
    text: (min: number, got: number) => `: expected at least ${min} bytes, got ${got}`,
  },
  OPTION_FLAG_WITH_PAYLOAD: {
    severity: 'warning',
    meaning: 'a flag option (present means true) carries bytes',
    inOption: true,
    text: (got: number) => `: expected no payload, got ${got} bytes`,
  },
  OPTION_EMPTY: {
    severity: 'error',
    meaning: 'an option that needs at least one byte is empty',
    inOption: true,
    text: () => ': empty option',
  },
  OPTION_UNKNOWN_ENCODING: {
    severity: 'error',
    meaning: "an option's encoding byte (SIP servers, 120) is neither 0 nor 1",
    inOption: true,
    text: (encoding: number) => `: unknown encoding ${encoding}`,
  },
  OPTION_ROUTE_PREFIX: {
    severity: 'error',
    meaning: 'a classless static route (121, 249) has a prefix length over 32',
    inOption: true,
    text: (at: number, width: number) => `: route at offset ${at} has prefix length ${width} > 32`,
  },
  OPTION_ROUTE_OVERRUN: {
    severity: 'error',
    meaning: 'a classless static route runs past the end of the option',
    inOption: true,
    text: (at: number) => `: route at offset ${at} runs past the end of the option`,
  },
  OPTION_USER_CLASS_OVERRUN: {
    severity: 'error',
    meaning: 'a user class (77) runs past the end of the option',
    inOption: true,
    text: (at: number) => `: user class at offset ${at} runs past the end of the option`,
  },
  OPTION_SUBOPTION_TRUNCATED: {
    severity: 'error',
    meaning: "a relay agent (82) sub-option's code and length do not fit",
    inOption: true,
    text: (at: number) => `: sub-option at offset ${at} is truncated`,
  },
  OPTION_SUBOPTION_OVERRUN: {
    severity: 'error',
    meaning: 'a relay agent (82) sub-option runs past the end of the option',
    inOption: true,
    text: (sub: number, at: number) => `: sub-option ${sub} at offset ${at} runs past the end of the option`,
  },
  OPTION_ENTERPRISE_TRUNCATED: {
    severity: 'error',
    meaning: "a vendor-identifying (124, 125) entry's enterprise number and length do not fit",
    inOption: true,
    text: (at: number) => `: enterprise entry at offset ${at} is truncated`,
  },
  OPTION_ENTERPRISE_OVERRUN: {
    severity: 'error',
    meaning: "a vendor-identifying (124, 125) entry's data runs past the end of the option",
    inOption: true,
    text: (enterprise: number) => `: enterprise ${enterprise} data runs past the end of the option`,
  },
  OPTION_VENDOR_CLASS_OVERRUN: {
    severity: 'error',
    meaning: "a vendor class (124) runs past its enterprise's data",
    inOption: true,
    text: (at: number) => `: vendor class at offset ${at} runs past its enterprise data`,
  },
  OPTION_VENDOR_SUBOPTION_OVERRUN: {
    severity: 'error',
    meaning: "a vendor sub-option (125) runs past its enterprise's data",
    inOption: true,
    text: (at: number) => `: sub-option at offset ${at} runs past its enterprise data`,
  },
  OPTION_NAME_OVERRUN: {
    severity: 'error',
    meaning: 'a domain name (wire format) runs past the end of the option',
    inOption: true,
    text: (at: number) => `: domain name at offset ${at} runs past the end of the option`,
  },
  OPTION_NAME_POINTER_TRUNCATED: {
    severity: 'error',
    meaning: 'a domain name compression pointer is cut off',
    inOption: true,
    text: (at: number) => `: truncated compression pointer at offset ${at}`,
  },
  OPTION_NAME_POINTER_LOOP: {
    severity: 'error',
    meaning: 'a domain name compression pointer does not point backwards (it could loop)',
    inOption: true,
    text: (at: number, target: number) => `: compression pointer at offset ${at} to ${target} does not point backwards (loop)`,
  },
  OPTION_NAME_LABEL_TYPE: {
    severity: 'error',
    meaning: 'a domain name label has the reserved type bits 01 or 10',
    inOption: true,
    text: (at: number, byte: number) => `: unsupported label type 0x${byte.toString(16)} at offset ${at}`,
  },
  OPTION_NAME_LABEL_OVERRUN: {
    severity: 'error',
    meaning: 'a domain name label runs past the end of the option',
    inOption: true,
    text: (at: number) => `: label at offset ${at} runs past the end of the option`,
  },
  ARP_TOO_SHORT: {
    severity: 'error',
    meaning: 'an ARP packet is shorter than its 8-byte fixed part',
    inOption: false,
    text: (length: number) => `ARP truncated: ${length} of at least 8 bytes`,
  },
  ARP_TRUNCATED: {
    severity: 'error',
    meaning: "an ARP packet ends before its addresses do (the frame is kept as malformed)",
    inOption: false,
    text: (length: number, need: number, hlen: number, plen: number) =>
      `ARP truncated: ${length} of ${need} bytes (hlen ${hlen}, plen ${plen})`,
  },
  ARP_NOT_ETHERNET_IPV4: {
    severity: 'info',
    meaning: 'ARP for other hardware or protocol addresses than Ethernet and IPv4: read, not classified',
    inOption: false,
    text: (htype: number, hlen: number, ptype: number, plen: number) =>
      `ARP for hardware type ${htype} (${hardwareName(htype)}, ${hlen}-byte addresses) and protocol ${hex4(ptype)} (${plen}-byte addresses): not classified`,
  },
  ARP_UNKNOWN_OPCODE: {
    severity: 'warning',
    meaning: 'an ARP opcode IANA has not assigned',
    inOption: false,
    text: (opcode: number) => `unknown ARP opcode ${opcode}`,
  },
} as const satisfies Record<string, ProblemRow>;

export type ProblemCode = keyof typeof PROBLEMS;
type Table = typeof PROBLEMS;
/** The numbers a problem of code C carries, in order (the option code first for problems inside an option). */
export type ProblemArgs<C extends ProblemCode> = Table[C]['inOption'] extends true
  ? [option: number, ...Parameters<Table[C]['text']>]
  : Parameters<Table[C]['text']>;

export interface DecodeProblem {
  readonly code: ProblemCode;
  readonly severity: ProblemSeverity;
  /** Byte offset in the frame (0 = the first byte of the link-layer header) where the problem lies. */
  readonly offset: number;
  /** The numbers the sentence is built from, in the order `ProblemArgs` gives. */
  readonly args: readonly number[];
}

/** The problems of a frame that has none (nearly every frame): one shared, frozen list. */
export const NO_PROBLEMS: readonly DecodeProblem[] = Object.freeze([]);

/** A problem: a small object of numbers; no text is built here. */
export function problem<C extends ProblemCode>(code: C, offset: number, ...args: ProblemArgs<C>): DecodeProblem {
  return { code, severity: PROBLEMS[code].severity, offset, args };
}

/** The human sentence for a problem, as the report's `problems` lists it. */
export function problemText(p: DecodeProblem): string {
  const row: ProblemRow = PROBLEMS[p.code];
  if (!row.inOption) return row.text(...p.args);
  const option = p.args[0] ?? 0;
  return `option ${option} (${optionName(option)})${row.text(...p.args.slice(1))}`;
}

/**
 * What a MALFORMED finding groups by: the code, and for a problem inside an option the option too ("option 82
 * truncated" and "option 121 truncated" are two faults to fix, however many frames show each).
 */
export function problemGroupKey(p: DecodeProblem): string {
  return PROBLEMS[p.code].inOption ? `${p.code}:${p.args[0] ?? 0}` : p.code;
}

/** Every code with its severity and meaning (for the README's table and its test). */
export function problemCatalog(): readonly { code: ProblemCode; severity: ProblemSeverity; meaning: string }[] {
  return (Object.keys(PROBLEMS) as ProblemCode[]).map((code) => ({
    code,
    severity: PROBLEMS[code].severity,
    meaning: PROBLEMS[code].meaning,
  }));
}

function hardwareName(htype: number): string {
  return hardwareTypeName(htype) ?? 'unknown';
}

/** Codes of the problems found inside an option's value (reported by the option decoders). */
export type OptionProblemCode = { [C in ProblemCode]: Table[C]['inOption'] extends true ? C : never }[ProblemCode];
/** The numbers of an option problem after the option code. */
export type OptionProblemArgs<C extends OptionProblemCode> = Parameters<Table[C]['text']>;

/** A problem inside option `option`; `args` after the option code (for the option decoders' sink). */
export function optionProblem(code: OptionProblemCode, offset: number, option: number, args: readonly number[]): DecodeProblem {
  return { code, severity: PROBLEMS[code].severity, offset, args: [option, ...args] };
}
