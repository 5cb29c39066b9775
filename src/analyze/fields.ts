/**
 * Reads the option values the analyser needs from a decoded message: the decoder's typed value where it is
 * what we need, the option's raw bytes (hex) where the value could not be decoded.
 */
import type { DhcpMessage, DhcpOption, OptionValue } from '../decode/frame.js';

export const OPT = {
  subnetMask: 1,
  router: 3,
  dns: 6,
  hostname: 12,
  domain: 15,
  requestedIp: 50,
  leaseTime: 51,
  overload: 52,
  messageType: 53,
  serverId: 54,
  message: 56,
  renewalTime: 58,
  rebindingTime: 59,
  vendorClass: 60,
  clientId: 61,
  rapidCommit: 80,
  relayAgent: 82,
} as const;

/**
 * The message's first option of this code. Every stage asks the message at hand for a few options one after the
 * other (server id, requested address, host name, lease time, ...), a dozen look-ups per message: its options
 * are indexed by code at the first, and the others read the index.
 */
export function option(msg: DhcpMessage, code: number): DhcpOption | undefined {
  const options = msg.options;
  if (options !== indexedOptions || options.length !== indexedLength) indexOptions(options);
  const i = OPTION_AT[code & 0xff]!;
  return i < 0 || code !== (code & 0xff) ? undefined : options[i];
}

/** The options indexed last, and where each code's first option is in them (-1: none). */
let indexedOptions: readonly DhcpOption[] | undefined;
let indexedLength = 0;
const OPTION_AT = new Int32Array(256).fill(-1);
/** The codes set in OPTION_AT (the first `indexedCodes`), to clear them. */
const INDEXED_CODES = new Int32Array(256);
let indexedCodes = 0;

function indexOptions(options: readonly DhcpOption[]): void {
  for (let k = 0; k < indexedCodes; k++) OPTION_AT[INDEXED_CODES[k]!] = -1;
  indexedCodes = 0;
  for (let i = 0; i < options.length; i++) {
    const code = options[i]!.code;
    if (code !== (code & 0xff) || OPTION_AT[code]! >= 0) continue;
    OPTION_AT[code] = i;
    INDEXED_CODES[indexedCodes++] = code;
  }
  indexedOptions = options;
  indexedLength = options.length;
}

function bytesOf(o: DhcpOption): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < o.hex.length; i += 2) out.push(parseInt(o.hex.slice(i, i + 2), 16));
  return out;
}

/** A dotted quad of one to three digits each (what /^\d{1,3}(\.\d{1,3}){3}$/ matches), read without a regular expression: it runs per message. */
export function isDottedQuad(s: string): boolean {
  const n = s.length;
  if (n < 7 || n > 15) return false;
  let dots = 0;
  let digits = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      if (++digits > 3) return false;
    } else if (c === 0x2e && digits > 0) {
      dots++;
      digits = 0;
    } else return false;
  }
  return dots === 3 && digits > 0;
}

export function ipsOf(msg: DhcpMessage, code: number): string[] {
  const o = option(msg, code);
  if (!o) return [];
  // The decoder's typed value when it is what we need; the raw bytes otherwise.
  const v = o.value;
  if (typeof v === 'string' && isDottedQuad(v)) return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' && isDottedQuad(x))) return v as string[];
  const b = bytesOf(o);
  const out: string[] = [];
  for (let i = 0; i + 3 < b.length; i += 4) out.push(`${b[i]}.${b[i + 1]}.${b[i + 2]}.${b[i + 3]}`);
  return out;
}

export function ipOf(msg: DhcpMessage, code: number): string | undefined {
  const o = option(msg, code);
  if (!o) return undefined;
  if (typeof o.value === 'string' && isDottedQuad(o.value)) return o.value;
  return ipsOf(msg, code)[0];
}

export function u32Of(msg: DhcpMessage, code: number): number | undefined {
  const o = option(msg, code);
  if (!o) return undefined;
  if (typeof o.value === 'number' && o.length === 4) return o.value >>> 0;
  const b = bytesOf(o);
  if (b.length < 4) return undefined;
  return ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
}

/** Text options (hostname, vendor class, message): the decoder's text, else the bytes as latin1 up to a NUL. */
export function textOf(msg: DhcpMessage, code: number): string | undefined {
  const o = option(msg, code);
  if (!o) return undefined;
  if (typeof o.value === 'string') return o.value;
  let s = '';
  for (const c of bytesOf(o)) {
    if (c === 0) break;
    s += String.fromCharCode(c);
  }
  return s;
}

/**
 * Client identifier (61) as colon-separated hex, type byte first (as ISC and Wireshark show it). Made once per
 * exchange (its first message that has one): a table of the texts by their hex, kept to share them, held more
 * memory to the end of a busy capture (its keys and entries, 2 MB for 26 000 clients) than the texts it shared.
 */
export function clientIdOf(msg: DhcpMessage): string | undefined {
  const o = option(msg, OPT.clientId);
  if (!o || o.hex.length === 0) return undefined;
  return colonHex(o.hex);
}

/**
 * Relay agent (82) circuit id (1) and remote id (2), from the sub-options the decoder split out: as text when
 * printable, else as colon-separated hex. A later copy of a sub-option wins.
 */
export function relayIdsOf(msg: DhcpMessage): { circuitId?: string; remoteId?: string } {
  const subs = option(msg, OPT.relayAgent)?.value;
  const out: { circuitId?: string; remoteId?: string } = {};
  if (!Array.isArray(subs)) return out;
  for (const sub of subs as readonly OptionValue[]) {
    if (sub === null || typeof sub !== 'object' || Array.isArray(sub)) continue;
    const { code, text, hex } = sub as { readonly [key: string]: OptionValue };
    if (code !== 1 && code !== 2) continue;
    const id = typeof text === 'string' ? text : typeof hex === 'string' ? relayIdText(hex) : '';
    if (code === 1) out.circuitId = id;
    else out.remoteId = id;
  }
  return out;
}

/**
 * A relay id given as bytes, as colon-separated hex. Every relayed message carries its relay's ids, and a network
 * has a few relays: each distinct id is formatted once (a table that starts again past its bound).
 */
function relayIdText(hex: string): string {
  let text = RELAY_IDS.get(hex);
  if (text === undefined) {
    text = colonHex(hex);
    if (RELAY_IDS.size >= 1024) RELAY_IDS.clear();
    RELAY_IDS.set(hex, text);
  }
  return text;
}

const RELAY_IDS = new Map<string, string>();

/** "0a1b2c" as "0a:1b:2c" (a trailing odd digit is dropped, as the pairs are what is shown). */
export function colonHex(hex: string): string {
  const pairs = hex.length >> 1;
  if (pairs === 0) return '';
  // Written into a scratch buffer and read out as one flat string (leases and exchanges keep it): no pieces, no
  // list of pairs. Every exchange's client id comes through here.
  const size = 3 * pairs - 1;
  if (COLON_HEX.length < size) COLON_HEX = Buffer.alloc(size * 2);
  const out = COLON_HEX;
  let n = 0;
  for (let i = 0; i < 2 * pairs; i += 2) {
    if (i > 0) out[n++] = 0x3a; // ':'
    const a = hex.charCodeAt(i);
    const b = hex.charCodeAt(i + 1);
    if ((a | b) > 0x7f) return hex.slice(0, 2 * pairs).match(/../gs)!.join(':'); // not hex after all: char by char
    out[n++] = a;
    out[n++] = b;
  }
  return out.toString('latin1', 0, n);
}

let COLON_HEX = Buffer.alloc(256);

// Servers hand out a handful of masks: remember each one's prefix length.
const PREFIXES = new Map<string, number | undefined>();

export function maskToPrefix(mask: string): number | undefined {
  if (PREFIXES.has(mask)) return PREFIXES.get(mask);
  const prefix = computePrefix(mask);
  if (PREFIXES.size < 256) PREFIXES.set(mask, prefix);
  return prefix;
}

function computePrefix(mask: string): number | undefined {
  const parts = mask.split('.').map(Number);
  if (parts.length !== 4) return undefined;
  const n = ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
  let prefix = 0;
  while (prefix < 32 && n & (0x80000000 >>> prefix)) prefix++;
  // A shift by 32 is a shift by 0 in JavaScript: a full mask (/32, point-to-point links) is settled apart.
  return prefix === 32 || ((n << prefix) >>> 0) === 0 ? prefix : undefined;
}

/** A dotted quad as an unsigned 32-bit number, read digit by digit (no split, no arrays: it runs per reply). */
export function ipToInt(ip: string): number {
  let n = 0;
  let part = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 0x2e) {
      n = n * 256 + part;
      part = 0;
    } else part = part * 10 + (c - 0x30);
  }
  return (n * 256 + part) >>> 0;
}

export function intToIp(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

export function subnetOf(ip: string, mask: string): string | undefined {
  const prefix = maskToPrefix(mask);
  if (prefix === undefined) return undefined;
  const net = prefix === 0 ? 0 : (ipToInt(ip) & (0xffffffff << (32 - prefix))) >>> 0;
  // Every server reply names its subnet, and a capture has a handful: each label is made once.
  const key = net * 64 + prefix;
  let label = SUBNETS.get(key);
  if (label === undefined) {
    label = `${intToIp(net)}/${prefix}`;
    if (SUBNETS.size < 4096) SUBNETS.set(key, label);
  }
  return label;
}

/** Subnet labels by network number and prefix length (net × 64 + prefix). */
const SUBNETS = new Map<number, string>();

export const ZERO_IP = '0.0.0.0';
