/**
 * Option value decoders: one generic decoder per table type, and a small registry of hand-written decoders
 * for the options with inner structure. Every decoder takes the (RFC 3396 joined) payload and returns a
 * JSON-friendly value; trouble is reported through `report` (a problem code, the offset within the payload,
 * and the numbers its sentence needs) and never thrown. `null` means "could not be decoded" (the raw bytes
 * are always kept beside the value as hex). A length problem lies at offset -1, the option's length byte.
 */
import type { OptionValue } from '../frame.js';
import { optionProblem, type DecodeProblem, type OptionProblemArgs, type OptionProblemCode } from '../problems.js';
import { rd16, rd32, rd32s } from '../bytes.js';
import { formatColonHex, formatCString, formatHex, formatIpv4, formatMac, formatText, isPrintable } from '../format.js';
import { decodeDomainList } from './domain-names.js';
import { clientArchName, leasequeryStatusName, messageTypeName, relaySubOptionName } from './names.js';
import { FIXED_SIZE, optionSpec, type OptionType } from './options.js';

export interface Report {
  add<C extends OptionProblemCode>(code: C, at: number, ...args: OptionProblemArgs<C>): void;
}
/** Offset of an option's length byte relative to its payload: where a problem with the whole length lies. */
const LENGTH_BYTE = -1;
export type OptionDecoder = (data: Uint8Array, report: Report) => OptionValue;

function ipList(data: Uint8Array, report: Report): string[] {
  if (data.length === 0 || data.length % 4 !== 0) report.add('OPTION_LENGTH_NOT_MULTIPLE', LENGTH_BYTE, data.length, 4, 1);
  const out: string[] = [];
  for (let i = 0; i + 4 <= data.length; i += 4) out.push(formatIpv4(data, i));
  return out;
}

function u16List(data: Uint8Array, report: Report): number[] {
  if (data.length % 2 !== 0) report.add('OPTION_LENGTH_NOT_MULTIPLE', LENGTH_BYTE, data.length, 2, 0);
  const out: number[] = [];
  for (let i = 0; i + 2 <= data.length; i += 2) out.push(rd16(data, i));
  return out;
}

/** Text when printable, else hex: for identifiers that are sometimes names and sometimes bytes. */
function textOrHex(data: Uint8Array, i: number, len: number): string {
  return isPrintable(data, i, len) ? formatText(data, i, len) : formatHex(data, i, len);
}

function genericDecode(type: OptionType, data: Uint8Array, report: Report): OptionValue {
  const fixed = FIXED_SIZE[type];
  if (fixed !== undefined && data.length !== fixed) {
    report.add('OPTION_LENGTH_WRONG', LENGTH_BYTE, fixed, data.length);
    return null;
  }
  switch (type) {
    case 'none':
      return null;
    case 'flag':
      if (data.length !== 0) report.add('OPTION_FLAG_WITH_PAYLOAD', LENGTH_BYTE, data.length);
      return true;
    case 'ip':
      return formatIpv4(data, 0);
    case 'ips':
      return ipList(data, report);
    case 'u8':
      return data[0]!;
    case 'u16':
      return rd16(data, 0);
    case 'u32':
      return rd32(data, 0);
    case 'i32':
      return rd32s(data, 0);
    case 'bool':
      return data[0] !== 0;
    case 'string':
      return formatCString(data, 0, data.length);
    case 'hex':
      return formatHex(data, 0, data.length);
    case 'u8s':
      return Array.from(data);
    case 'u16s':
      return u16List(data, report);
    case 'special':
      return formatHex(data, 0, data.length); // a 'special' row without a registered decoder
  }
}

/** RFC 3442 classless routes (121, and Microsoft's 249): width, significant destination octets, router. */
function decodeClasslessRoutes(data: Uint8Array, report: Report): OptionValue {
  const routes: OptionValue[] = [];
  let pos = 0;
  while (pos < data.length) {
    const width = data[pos]!;
    if (width > 32) {
      report.add('OPTION_ROUTE_PREFIX', pos, pos, width);
      break;
    }
    const octets = (width + 7) >> 3;
    if (pos + 1 + octets + 4 > data.length) {
      report.add('OPTION_ROUTE_OVERRUN', pos, pos);
      break;
    }
    const d = [0, 0, 0, 0];
    for (let k = 0; k < octets; k++) d[k] = data[pos + 1 + k]!;
    routes.push({ destination: `${d.join('.')}/${width}`, router: formatIpv4(data, pos + 1 + octets) });
    pos += 1 + octets + 4;
  }
  return routes;
}

function decodePairs(first: string, second: string): OptionDecoder {
  return (data, report) => {
    if (data.length === 0 || data.length % 8 !== 0) report.add('OPTION_LENGTH_NOT_MULTIPLE', LENGTH_BYTE, data.length, 8, 1);
    const out: OptionValue[] = [];
    for (let i = 0; i + 8 <= data.length; i += 8) out.push({ [first]: formatIpv4(data, i), [second]: formatIpv4(data, i + 4) });
    return out;
  };
}

function decodeMessageType(data: Uint8Array, report: Report): OptionValue {
  if (data.length !== 1) {
    report.add('OPTION_LENGTH_WRONG', LENGTH_BYTE, 1, data.length);
    return null;
  }
  return messageTypeName(data[0]!);
}

/** 61: type, then a hardware address (type 1: a MAC), an RFC 4361 IAID+DUID (255), or anything. */
function decodeClientId(data: Uint8Array, report: Report): OptionValue {
  if (data.length < 2) {
    report.add('OPTION_LENGTH_TOO_SHORT', LENGTH_BYTE, 2, data.length);
    return null;
  }
  const type = data[0]!;
  const len = data.length - 1;
  if (type === 1 && len === 6) return { type, id: formatMac(data, 1) };
  if (type === 255 && len >= 5) return { type, iaid: rd32(data, 1), duid: formatHex(data, 5, len - 4), id: formatHex(data, 1, len) };
  const id = type === 0 ? textOrHex(data, 1, len) : formatColonHex(data, 1, len);
  return isPrintable(data, 1, len) ? { type, id, text: formatText(data, 1, len) } : { type, id };
}

/** 77 (RFC 3004): a list of length-prefixed user classes. Some clients send one bare string instead. */
function decodeUserClass(data: Uint8Array, report: Report): OptionValue {
  const out: string[] = [];
  let pos = 0;
  while (pos < data.length) {
    const len = data[pos]!;
    if (len === 0 || pos + 1 + len > data.length) {
      if (pos === 0 && isPrintable(data, 0, data.length)) return [formatText(data, 0, data.length)]; // not RFC 3004
      report.add('OPTION_USER_CLASS_OVERRUN', pos, pos);
      break;
    }
    out.push(textOrHex(data, pos + 1, len));
    pos += 1 + len;
  }
  return out;
}

/** 81 (RFC 4702): flags, two obsolete RCODEs, then the name in wire format (E flag) or ASCII. */
function decodeClientFqdn(data: Uint8Array, report: Report): OptionValue {
  if (data.length < 3) {
    report.add('OPTION_LENGTH_TOO_SHORT', LENGTH_BYTE, 3, data.length);
    return null;
  }
  const flags = data[0]!;
  const e = (flags & 0x04) !== 0;
  const rest = data.subarray(3);
  let name: string;
  if (e) {
    name = rest.length === 0 ? '' : (decodeDomainList(rest, report, 1, 3)[0] ?? '');
  } else {
    name = formatCString(rest, 0, rest.length);
  }
  return {
    flags,
    s: (flags & 0x01) !== 0,
    o: (flags & 0x02) !== 0,
    e,
    n: (flags & 0x08) !== 0,
    rcode1: data[1]!,
    rcode2: data[2]!,
    name,
  };
}

/** 82 (RFC 3046): sub-options, each kept as hex with text when printable and an address where it is one. */
function decodeRelayAgent(data: Uint8Array, report: Report): OptionValue {
  const out: OptionValue[] = [];
  let pos = 0;
  while (pos < data.length) {
    if (pos + 2 > data.length) {
      report.add('OPTION_SUBOPTION_TRUNCATED', pos, pos);
      break;
    }
    const code = data[pos]!;
    const len = data[pos + 1]!;
    if (pos + 2 + len > data.length) {
      report.add('OPTION_SUBOPTION_OVERRUN', pos, code, pos);
      break;
    }
    const i = pos + 2;
    const sub: { [key: string]: OptionValue } = { code, name: relaySubOptionName(code), length: len, hex: formatHex(data, i, len) };
    if (isPrintable(data, i, len)) sub['text'] = formatText(data, i, len);
    if ((code === 5 || code === 11) && len === 4) sub['ip'] = formatIpv4(data, i);
    out.push(sub);
    pos = i + len;
  }
  return out;
}

/** 93 (RFC 4578): list of 16-bit architecture types. */
function decodeClientArch(data: Uint8Array, report: Report): OptionValue {
  return u16List(data, report).map((type) => ({ type, name: clientArchName(type) }));
}

/** 94 (RFC 4578): interface type (1 = UNDI), major and minor version. */
function decodeClientNdi(data: Uint8Array, report: Report): OptionValue {
  if (data.length !== 3) {
    report.add('OPTION_LENGTH_WRONG', LENGTH_BYTE, 3, data.length);
    return null;
  }
  return { type: data[0]!, major: data[1]!, minor: data[2]! };
}

/**
 * 97 (RFC 4578): type 0 followed by a 16-byte UUID, shown as a GUID: the first three fields little-endian,
 * as SMBIOS stores the machine UUID, as `dmidecode` prints it, and as Wireshark shows it by default.
 */
function decodeUuid(data: Uint8Array, report: Report): OptionValue {
  if (data.length !== 17) {
    report.add('OPTION_LENGTH_WRONG', LENGTH_BYTE, 17, data.length);
    return data.length === 0 ? null : { type: data[0]!, id: formatHex(data, 1, data.length - 1) };
  }
  const le = (i: number, n: number): string => {
    let s = '';
    for (let k = n - 1; k >= 0; k--) s += formatHex(data, i + k, 1);
    return s;
  };
  const uuid = `${le(1, 4)}-${le(5, 2)}-${le(7, 2)}-${formatHex(data, 9, 2)}-${formatHex(data, 11, 6)}`;
  return { type: data[0]!, uuid };
}

/** 120 (RFC 3361): encoding byte, then domain names (0) or addresses (1). */
function decodeSipServers(data: Uint8Array, report: Report): OptionValue {
  if (data.length < 1) {
    report.add('OPTION_EMPTY', LENGTH_BYTE);
    return null;
  }
  const rest = data.subarray(1);
  if (data[0] === 0) return { encoding: 'domains', domains: decodeDomainList(rest, report, Infinity, 1) };
  if (data[0] === 1) return { encoding: 'addresses', addresses: ipList(rest, report) };
  report.add('OPTION_UNKNOWN_ENCODING', 0, data[0]!);
  return null;
}

/**
 * 124 and 125 (RFC 3925) are both a list of (enterprise number, length, data) entries; `entry` decodes the data
 * of one, found at data[start, end).
 */
function perEnterprise(
  data: Uint8Array,
  report: Report,
  entry: (enterprise: number, start: number, end: number) => OptionValue,
): OptionValue {
  const out: OptionValue[] = [];
  let pos = 0;
  while (pos < data.length) {
    if (pos + 5 > data.length) {
      report.add('OPTION_ENTERPRISE_TRUNCATED', pos, pos);
      break;
    }
    const enterprise = rd32(data, pos);
    const end = pos + 5 + data[pos + 4]!;
    if (end > data.length) {
      report.add('OPTION_ENTERPRISE_OVERRUN', pos, enterprise);
      break;
    }
    out.push(entry(enterprise, pos + 5, end));
    pos = end;
  }
  return out;
}

/** 124 (RFC 3925): per enterprise number, a list of length-prefixed vendor class data. */
function decodeViVendorClass(data: Uint8Array, report: Report): OptionValue {
  return perEnterprise(data, report, (enterprise, start, end) => {
    const classes: string[] = [];
    for (let p = start; p < end; ) {
      const l = data[p]!;
      if (p + 1 + l > end) {
        report.add('OPTION_VENDOR_CLASS_OVERRUN', p, p);
        break;
      }
      classes.push(textOrHex(data, p + 1, l));
      p += 1 + l;
    }
    return { enterprise, data: classes };
  });
}

/** 125 (RFC 3925): per enterprise number, sub-options (code, length, data). */
function decodeViVendorSpecific(data: Uint8Array, report: Report): OptionValue {
  return perEnterprise(data, report, (enterprise, start, end) => {
    const options: OptionValue[] = [];
    for (let p = start; p < end; ) {
      if (p + 2 > end || p + 2 + data[p + 1]! > end) {
        report.add('OPTION_VENDOR_SUBOPTION_OVERRUN', p, p);
        break;
      }
      const code = data[p]!;
      const l = data[p + 1]!;
      const sub: { [key: string]: OptionValue } = { code, hex: formatHex(data, p + 2, l) };
      if (isPrintable(data, p + 2, l)) sub['text'] = formatText(data, p + 2, l);
      options.push(sub);
      p += 2 + l;
    }
    return { enterprise, options };
  });
}

/** 78 (RFC 2610): mandatory byte, then directory agent addresses. */
function decodeSlpAgents(data: Uint8Array, report: Report): OptionValue {
  if (data.length < 1) {
    report.add('OPTION_EMPTY', LENGTH_BYTE);
    return null;
  }
  return { mandatory: data[0] !== 0, agents: ipList(data.subarray(1), report) };
}

/** 79 (RFC 2610): mandatory byte, then a scope list (text). */
function decodeSlpScope(data: Uint8Array, report: Report): OptionValue {
  if (data.length < 1) {
    report.add('OPTION_EMPTY', LENGTH_BYTE);
    return null;
  }
  return { mandatory: data[0] !== 0, scopes: formatCString(data, 1, data.length - 1) };
}

/** 151 (RFC 6926): status code and an optional UTF-8 message. */
function decodeLeasequeryStatus(data: Uint8Array, report: Report): OptionValue {
  if (data.length < 1) {
    report.add('OPTION_EMPTY', LENGTH_BYTE);
    return null;
  }
  return { code: data[0]!, name: leasequeryStatusName(data[0]!), message: formatText(data, 1, data.length - 1) };
}

const domainList: OptionDecoder = (data, report) => decodeDomainList(data, report);

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
 * Decodes one option's (joined) payload by the table; problems go to `problems`. `valueOffset`: the frame
 * offset of the payload (of its first instance, for an option split over several, RFC 3396).
 */
export function decodeOptionValue(code: number, data: Uint8Array, problems: DecodeProblem[], valueOffset: number): OptionValue {
  const sink = SINK;
  sink.problems = problems;
  sink.option = code;
  sink.valueOffset = valueOffset;
  const special = SPECIAL_DECODERS.get(code);
  return special !== undefined ? special(data, sink) : genericDecode(optionSpec(code).type, data, sink);
}
