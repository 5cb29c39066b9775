/**
 * Option value decoders: one generic decoder per table type, and a small registry of hand-written decoders
 * for the options with inner structure. Every decoder reads the (RFC 3396 joined) payload in place, as
 * b[s, s + n): no view is made of it, since a frame carries a dozen options and a view costs more than most
 * values. Positions inside a decoder are relative to `s`, so problems name offsets within the payload as
 * before. A decoder returns a JSON-friendly value; trouble is reported through `report` (a problem code, the
 * offset within the payload, and the numbers its sentence needs) and never thrown. `null` means "could not be
 * decoded" (the raw bytes are always kept beside the value as hex). A length problem lies at offset -1, the
 * option's length byte. A decoder never reads outside b[s, s + n).
 */
import type { OptionValue } from '../frame.js';
import { optionProblem, type DecodeProblem, type OptionProblemArgs, type OptionProblemCode } from '../problems.js';
import { rd16, rd32, rd32s } from '../bytes.js';
import { formatColonHex, formatCString, formatHex, formatIpv4, formatMac, formatText, isPrintable } from '../format.js';
import { decodeDomainList } from './domain-names.js';
import { clientArchName, leasequeryStatusName, messageTypeName, relaySubOptionName } from './names.js';
import { optionSpec, type OptionType } from './options.js';

export interface Report {
  add<C extends OptionProblemCode>(code: C, at: number, ...args: OptionProblemArgs<C>): void;
}
/** Offset of an option's length byte relative to its payload: where a problem with the whole length lies. */
const LENGTH_BYTE = -1;
/** Decodes the payload b[s, s + n). */
export type OptionDecoder = (b: Uint8Array, s: number, n: number, report: Report) => OptionValue;

function ipList(b: Uint8Array, s: number, n: number, report: Report): string[] {
  if (n === 0 || n % 4 !== 0) report.add('OPTION_LENGTH_NOT_MULTIPLE', LENGTH_BYTE, n, 4, 1);
  // One or two addresses are the common lists (router, DNS): literals are allocated at their exact size.
  if (n < 8) return n < 4 ? [] : [formatIpv4(b, s)];
  if (n < 12) return [formatIpv4(b, s), formatIpv4(b, s + 4)];
  const out: string[] = [];
  for (let i = 0; i + 4 <= n; i += 4) out.push(formatIpv4(b, s + i));
  return out;
}

function u16List(b: Uint8Array, s: number, n: number, report: Report): number[] {
  if (n % 2 !== 0) report.add('OPTION_LENGTH_NOT_MULTIPLE', LENGTH_BYTE, n, 2, 0);
  const out: number[] = [];
  for (let i = 0; i + 2 <= n; i += 2) out.push(rd16(b, s + i));
  return out;
}

function u8List(b: Uint8Array, s: number, n: number): number[] {
  const out = new Array<number>(n); // at its exact size (a request list is 7 to 20 codes)
  for (let i = 0; i < n; i++) out[i] = b[s + i]!;
  return out;
}

/** Text when printable, else hex: for identifiers that are sometimes names and sometimes bytes. */
function textOrHex(b: Uint8Array, i: number, len: number): string {
  return isPrintable(b, i, len) ? formatText(b, i, len) : formatHex(b, i, len);
}

/** A fixed-size value: the wrong size is reported and kept as raw hex only. */
function fixed(size: number, read: (b: Uint8Array, s: number) => OptionValue): OptionDecoder {
  return (b, s, n, report) => {
    if (n === size) return read(b, s);
    report.add('OPTION_LENGTH_WRONG', LENGTH_BYTE, size, n);
    return null;
  };
}

/** The decoder of each table type (a decoder per type, so that no call switches on the type's name). */
const GENERIC: { readonly [T in OptionType]: OptionDecoder } = {
  none: () => null,
  flag: (_b, _s, n, report) => {
    if (n !== 0) report.add('OPTION_FLAG_WITH_PAYLOAD', LENGTH_BYTE, n);
    return true;
  },
  ip: fixed(4, formatIpv4),
  ips: ipList,
  u8: fixed(1, (b, s) => b[s]!),
  u16: fixed(2, rd16),
  u32: fixed(4, rd32),
  i32: fixed(4, rd32s),
  bool: fixed(1, (b, s) => b[s] !== 0),
  string: (b, s, n) => formatCString(b, s, n),
  hex: (b, s, n) => formatHex(b, s, n),
  u8s: (b, s, n) => u8List(b, s, n),
  u16s: u16List,
  special: (b, s, n) => formatHex(b, s, n), // a 'special' row without a registered decoder
};

/** RFC 3442 classless routes (121, and Microsoft's 249): width, significant destination octets, router. */
function decodeClasslessRoutes(b: Uint8Array, s: number, n: number, report: Report): OptionValue {
  const routes: OptionValue[] = [];
  let pos = 0;
  while (pos < n) {
    const width = b[s + pos]!;
    if (width > 32) {
      report.add('OPTION_ROUTE_PREFIX', pos, pos, width);
      break;
    }
    const octets = (width + 7) >> 3;
    if (pos + 1 + octets + 4 > n) {
      report.add('OPTION_ROUTE_OVERRUN', pos, pos);
      break;
    }
    const d = [0, 0, 0, 0];
    for (let k = 0; k < octets; k++) d[k] = b[s + pos + 1 + k]!;
    routes.push({ destination: `${d.join('.')}/${width}`, router: formatIpv4(b, s + pos + 1 + octets) });
    pos += 1 + octets + 4;
  }
  return routes;
}

function decodePairs(first: string, second: string): OptionDecoder {
  return (b, s, n, report) => {
    if (n === 0 || n % 8 !== 0) report.add('OPTION_LENGTH_NOT_MULTIPLE', LENGTH_BYTE, n, 8, 1);
    const out: OptionValue[] = [];
    for (let i = 0; i + 8 <= n; i += 8) out.push({ [first]: formatIpv4(b, s + i), [second]: formatIpv4(b, s + i + 4) });
    return out;
  };
}

function decodeMessageType(b: Uint8Array, s: number, n: number, report: Report): OptionValue {
  if (n !== 1) {
    report.add('OPTION_LENGTH_WRONG', LENGTH_BYTE, 1, n);
    return null;
  }
  return messageTypeName(b[s]!);
}

/** 61: type, then a hardware address (type 1: a MAC), an RFC 4361 IAID+DUID (255), or anything. */
function decodeClientId(b: Uint8Array, s: number, n: number, report: Report): OptionValue {
  if (n < 2) {
    report.add('OPTION_LENGTH_TOO_SHORT', LENGTH_BYTE, 2, n);
    return null;
  }
  const type = b[s]!;
  const len = n - 1;
  if (type === 1 && len === 6) return { type, id: formatMac(b, s + 1) };
  if (type === 255 && len >= 5) return { type, iaid: rd32(b, s + 1), duid: formatHex(b, s + 5, len - 4), id: formatHex(b, s + 1, len) };
  const id = type === 0 ? textOrHex(b, s + 1, len) : formatColonHex(b, s + 1, len);
  return isPrintable(b, s + 1, len) ? { type, id, text: formatText(b, s + 1, len) } : { type, id };
}

/** 77 (RFC 3004): a list of length-prefixed user classes. Some clients send one bare string instead. */
function decodeUserClass(b: Uint8Array, s: number, n: number, report: Report): OptionValue {
  const out: string[] = [];
  let pos = 0;
  while (pos < n) {
    const len = b[s + pos]!;
    if (len === 0 || pos + 1 + len > n) {
      if (pos === 0 && isPrintable(b, s, n)) return [formatText(b, s, n)]; // not RFC 3004
      report.add('OPTION_USER_CLASS_OVERRUN', pos, pos);
      break;
    }
    out.push(textOrHex(b, s + pos + 1, len));
    pos += 1 + len;
  }
  return out;
}

/** 81 (RFC 4702): flags, two obsolete RCODEs, then the name in wire format (E flag) or ASCII. */
function decodeClientFqdn(b: Uint8Array, s: number, n: number, report: Report): OptionValue {
  if (n < 3) {
    report.add('OPTION_LENGTH_TOO_SHORT', LENGTH_BYTE, 3, n);
    return null;
  }
  const flags = b[s]!;
  const e = (flags & 0x04) !== 0;
  let name: string;
  if (e) {
    name = n === 3 ? '' : (decodeDomainList(b, s + 3, n - 3, report, 1, 3)[0] ?? '');
  } else {
    name = formatCString(b, s + 3, n - 3);
  }
  return {
    flags,
    s: (flags & 0x01) !== 0,
    o: (flags & 0x02) !== 0,
    e,
    n: (flags & 0x08) !== 0,
    rcode1: b[s + 1]!,
    rcode2: b[s + 2]!,
    name,
  };
}

/** 82 (RFC 3046): sub-options, each kept as hex with text when printable and an address where it is one. */
function decodeRelayAgent(b: Uint8Array, s: number, n: number, report: Report): OptionValue {
  const out: OptionValue[] = [];
  let pos = 0;
  while (pos < n) {
    if (pos + 2 > n) {
      report.add('OPTION_SUBOPTION_TRUNCATED', pos, pos);
      break;
    }
    const code = b[s + pos]!;
    const len = b[s + pos + 1]!;
    if (pos + 2 + len > n) {
      report.add('OPTION_SUBOPTION_OVERRUN', pos, code, pos);
      break;
    }
    const i = s + pos + 2;
    const name = relaySubOptionName(code);
    const hex = formatHex(b, i, len);
    const ip = (code === 5 || code === 11) && len === 4;
    // Each combination of fields made as one literal: no property added to an object made without it.
    if (isPrintable(b, i, len)) {
      const text = formatText(b, i, len);
      out.push(ip ? { code, name, length: len, hex, text, ip: formatIpv4(b, i) } : { code, name, length: len, hex, text });
    } else {
      out.push(ip ? { code, name, length: len, hex, ip: formatIpv4(b, i) } : { code, name, length: len, hex });
    }
    pos += 2 + len;
  }
  return out;
}

/** 93 (RFC 4578): list of 16-bit architecture types. */
function decodeClientArch(b: Uint8Array, s: number, n: number, report: Report): OptionValue {
  return u16List(b, s, n, report).map((type) => ({ type, name: clientArchName(type) }));
}

/** 94 (RFC 4578): interface type (1 = UNDI), major and minor version. */
function decodeClientNdi(b: Uint8Array, s: number, n: number, report: Report): OptionValue {
  if (n !== 3) {
    report.add('OPTION_LENGTH_WRONG', LENGTH_BYTE, 3, n);
    return null;
  }
  return { type: b[s]!, major: b[s + 1]!, minor: b[s + 2]! };
}

/**
 * 97 (RFC 4578): type 0 followed by a 16-byte UUID, shown as a GUID: the first three fields little-endian,
 * as SMBIOS stores the machine UUID, as `dmidecode` prints it, and as Wireshark shows it by default.
 */
function decodeUuid(b: Uint8Array, s: number, n: number, report: Report): OptionValue {
  if (n !== 17) {
    report.add('OPTION_LENGTH_WRONG', LENGTH_BYTE, 17, n);
    return n === 0 ? null : { type: b[s]!, id: formatHex(b, s + 1, n - 1) };
  }
  const le = (i: number, len: number): string => {
    let str = '';
    for (let k = len - 1; k >= 0; k--) str += formatHex(b, s + i + k, 1);
    return str;
  };
  const uuid = `${le(1, 4)}-${le(5, 2)}-${le(7, 2)}-${formatHex(b, s + 9, 2)}-${formatHex(b, s + 11, 6)}`;
  return { type: b[s]!, uuid };
}

/** 120 (RFC 3361): encoding byte, then domain names (0) or addresses (1). */
function decodeSipServers(b: Uint8Array, s: number, n: number, report: Report): OptionValue {
  if (n < 1) {
    report.add('OPTION_EMPTY', LENGTH_BYTE);
    return null;
  }
  if (b[s] === 0) return { encoding: 'domains', domains: decodeDomainList(b, s + 1, n - 1, report, Infinity, 1) };
  if (b[s] === 1) return { encoding: 'addresses', addresses: ipList(b, s + 1, n - 1, report) };
  report.add('OPTION_UNKNOWN_ENCODING', 0, b[s]!);
  return null;
}

/**
 * 124 and 125 (RFC 3925) are both a list of (enterprise number, length, data) entries; `entry` decodes the data
 * of one, found at b[s + start, s + end).
 */
function perEnterprise(
  b: Uint8Array,
  s: number,
  n: number,
  report: Report,
  entry: (enterprise: number, start: number, end: number) => OptionValue,
): OptionValue {
  const out: OptionValue[] = [];
  let pos = 0;
  while (pos < n) {
    if (pos + 5 > n) {
      report.add('OPTION_ENTERPRISE_TRUNCATED', pos, pos);
      break;
    }
    const enterprise = rd32(b, s + pos);
    const end = pos + 5 + b[s + pos + 4]!;
    if (end > n) {
      report.add('OPTION_ENTERPRISE_OVERRUN', pos, enterprise);
      break;
    }
    out.push(entry(enterprise, pos + 5, end));
    pos = end;
  }
  return out;
}

/** 124 (RFC 3925): per enterprise number, a list of length-prefixed vendor class data. */
function decodeViVendorClass(b: Uint8Array, s: number, n: number, report: Report): OptionValue {
  return perEnterprise(b, s, n, report, (enterprise, start, end) => {
    const classes: string[] = [];
    for (let p = start; p < end; ) {
      const l = b[s + p]!;
      if (p + 1 + l > end) {
        report.add('OPTION_VENDOR_CLASS_OVERRUN', p, p);
        break;
      }
      classes.push(textOrHex(b, s + p + 1, l));
      p += 1 + l;
    }
    return { enterprise, data: classes };
  });
}

/** 125 (RFC 3925): per enterprise number, sub-options (code, length, data). */
function decodeViVendorSpecific(b: Uint8Array, s: number, n: number, report: Report): OptionValue {
  return perEnterprise(b, s, n, report, (enterprise, start, end) => {
    const options: OptionValue[] = [];
    for (let p = start; p < end; ) {
      if (p + 2 > end || p + 2 + b[s + p + 1]! > end) {
        report.add('OPTION_VENDOR_SUBOPTION_OVERRUN', p, p);
        break;
      }
      const code = b[s + p]!;
      const l = b[s + p + 1]!;
      const sub: { [key: string]: OptionValue } = { code, hex: formatHex(b, s + p + 2, l) };
      if (isPrintable(b, s + p + 2, l)) sub['text'] = formatText(b, s + p + 2, l);
      options.push(sub);
      p += 2 + l;
    }
    return { enterprise, options };
  });
}

/** 78 (RFC 2610): mandatory byte, then directory agent addresses. */
function decodeSlpAgents(b: Uint8Array, s: number, n: number, report: Report): OptionValue {
  if (n < 1) {
    report.add('OPTION_EMPTY', LENGTH_BYTE);
    return null;
  }
  return { mandatory: b[s] !== 0, agents: ipList(b, s + 1, n - 1, report) };
}

/** 79 (RFC 2610): mandatory byte, then a scope list (text). */
function decodeSlpScope(b: Uint8Array, s: number, n: number, report: Report): OptionValue {
  if (n < 1) {
    report.add('OPTION_EMPTY', LENGTH_BYTE);
    return null;
  }
  return { mandatory: b[s] !== 0, scopes: formatCString(b, s + 1, n - 1) };
}

/** 151 (RFC 6926): status code and an optional UTF-8 message. */
function decodeLeasequeryStatus(b: Uint8Array, s: number, n: number, report: Report): OptionValue {
  if (n < 1) {
    report.add('OPTION_EMPTY', LENGTH_BYTE);
    return null;
  }
  return { code: b[s]!, name: leasequeryStatusName(b[s]!), message: formatText(b, s + 1, n - 1) };
}

const domainList: OptionDecoder = (b, s, n, report) => decodeDomainList(b, s, n, report);

/** Decoders for the options with inner structure, by code. */
export const SPECIAL_DECODERS: ReadonlyMap<number, OptionDecoder> = new Map<number, OptionDecoder>([
  [21, decodePairs('address', 'mask')],
  [33, decodePairs('destination', 'router')],
  [53, decodeMessageType],
  [61, decodeClientId],
  [77, decodeUserClass],
  [78, decodeSlpAgents],
  [79, decodeSlpScope],
  [81, decodeClientFqdn],
  [82, decodeRelayAgent],
  [88, domainList],
  [93, decodeClientArch],
  [94, decodeClientNdi],
  [97, decodeUuid],
  [119, domainList],
  [120, decodeSipServers],
  [121, decodeClasslessRoutes],
  [124, decodeViVendorClass],
  [125, decodeViVendorSpecific],
  [137, domainList],
  [141, domainList],
  [151, decodeLeasequeryStatus],
  [213, domainList],
  [249, decodeClasslessRoutes],
]);

/** The decoder of each code, looked up once: the special one when registered, else its type's generic one. */
const DECODERS: readonly OptionDecoder[] = Array.from(
  { length: 256 },
  (_, code): OptionDecoder => SPECIAL_DECODERS.get(code) ?? GENERIC[optionSpec(code).type],
);

/**
 * Collects one option's problems with the option code and the frame offset added. One sink serves every
 * option (decoding never re-enters itself), so a clean option costs no closure or object.
 */
class OptionProblemSink implements Report {
  problems: DecodeProblem[] = [];
  option = 0;
  valueOffset = 0;

  add<C extends OptionProblemCode>(code: C, at: number, ...args: OptionProblemArgs<C>): void {
    this.problems.push(optionProblem(code, this.valueOffset + at, this.option, args));
  }
}
const SINK = new OptionProblemSink();

/**
 * Decodes one option's (joined) payload b[s, s + n) by the table; problems go to `problems`. `valueOffset`: the
 * frame offset of the payload (of its first instance, for an option split over several, RFC 3396).
 */
export function decodeOptionAt(
  code: number,
  b: Uint8Array,
  s: number,
  n: number,
  problems: DecodeProblem[],
  valueOffset: number,
): OptionValue {
  const sink = SINK;
  sink.problems = problems;
  sink.option = code;
  sink.valueOffset = valueOffset;
  const decode = DECODERS[code];
  return decode !== undefined ? decode(b, s, n, sink) : formatHex(b, s, n);
}

/** As decodeOptionAt, for a payload that is a whole array. */
export function decodeOptionValue(code: number, data: Uint8Array, problems: DecodeProblem[], valueOffset: number): OptionValue {
  return decodeOptionAt(code, data, 0, data.length, problems, valueOffset);
}
