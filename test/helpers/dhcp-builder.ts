/**
 * Encodes DHCP messages for tests: the inverse of src/decode/dhcp. Options are given by code and the value
 * the decoder would produce (`opt(51, 3600)`, `opt(53, 'DISCOVER')`, `opt(121, [{ destination, router }])`),
 * or as raw bytes; long values can be split into several instances (RFC 3396), and options can be placed in
 * `file`/`sname` with option overload (52). Reused by other tests to make captures. How each code is encoded
 * comes from the builder's own table (option-encodings.ts), never from the decoder's under test.
 */
import type { OptionValue } from '../../src/decode/frame.js';
import { concat, hexBytes, ip4, mac, u16, u32 } from './frames.js';
import { OPTION_ENCODINGS } from './option-encodings.js';

const MESSAGE_TYPES = [
  '', 'DISCOVER', 'OFFER', 'REQUEST', 'DECLINE', 'ACK', 'NAK', 'RELEASE', 'INFORM', 'FORCERENEW', 'LEASEQUERY',
  'LEASEUNASSIGNED', 'LEASEUNKNOWN', 'LEASEACTIVE', 'BULKLEASEQUERY', 'LEASEQUERYDONE', 'ACTIVELEASEQUERY',
  'LEASEQUERYSTATUS', 'TLS',
];

export interface OptionIn {
  readonly code: number;
  /** Payload bytes (already encoded). */
  readonly data: Uint8Array;
  /** Split the payload into instances of at most this many bytes (RFC 3396). Default 255. */
  readonly split?: number;
}

/** An option from the value the decoder produces for it. */
export function opt(code: number, value: OptionValue, split?: number): OptionIn {
  return { code, data: encodeOptionValue(code, value), ...(split !== undefined ? { split } : {}) };
}

/** An option from raw payload bytes (hex string or bytes). */
export function rawOpt(code: number, data: Uint8Array | string, split?: number): OptionIn {
  return { code, data: typeof data === 'string' ? hexBytes(data) : data, ...(split !== undefined ? { split } : {}) };
}

export interface DhcpSpec {
  readonly op?: number;
  readonly htype?: number;
  readonly hlen?: number;
  readonly hops?: number;
  readonly xid?: number;
  readonly secs?: number;
  readonly flags?: number;
  readonly ciaddr?: string;
  readonly yiaddr?: string;
  readonly siaddr?: string;
  readonly giaddr?: string;
  /** MAC string, or raw bytes (up to 16). */
  readonly chaddr?: string | Uint8Array;
  readonly sname?: string;
  readonly file?: string;
  /** Default true; false makes plain BOOTP (no cookie, no options). */
  readonly cookie?: boolean;
  readonly options?: readonly OptionIn[];
  /** Options placed in `file` / `sname` (set option 52 yourself, or use `overload`). */
  readonly fileOptions?: readonly OptionIn[];
  readonly snameOptions?: readonly OptionIn[];
  /** Add option 52 with this value as the first option. */
  readonly overload?: 1 | 2 | 3;
  /** Append End (255) after the options (default true). */
  readonly end?: boolean;
  /** Zero-pad the message to at least this many bytes (real clients pad to 300). */
  readonly padTo?: number;
}

function encodeInstances(o: OptionIn): number[] {
  const max = Math.max(1, Math.min(255, o.split ?? 255));
  const out: number[] = [];
  if (o.data.length === 0) return [o.code, 0];
  for (let i = 0; i < o.data.length; i += max) {
    const chunk = o.data.subarray(i, Math.min(o.data.length, i + max));
    out.push(o.code, chunk.length, ...chunk);
  }
  return out;
}

function encodeArea(options: readonly OptionIn[], size: number | undefined, end: boolean): Uint8Array {
  const bytes: number[] = [];
  for (const o of options) bytes.push(...encodeInstances(o));
  if (end) bytes.push(255);
  if (size !== undefined && bytes.length > size) throw new Error(`options do not fit in ${size} bytes`);
  const out = new Uint8Array(size ?? bytes.length);
  out.set(bytes);
  return out;
}

function fixedText(s: string | undefined, size: number): Uint8Array {
  const out = new Uint8Array(size);
  if (s !== undefined) out.set(new TextEncoder().encode(s).subarray(0, size));
  return out;
}

/** The encoded BOOTP/DHCP message (UDP payload). */
export function buildDhcpMessage(spec: DhcpSpec): Uint8Array {
  const ch = new Uint8Array(16);
  const chaddr = spec.chaddr ?? '02:00:00:00:00:01';
  ch.set(typeof chaddr === 'string' ? mac(chaddr) : chaddr.subarray(0, 16));
  const sname = spec.snameOptions !== undefined ? encodeArea(spec.snameOptions, 64, spec.end ?? true) : fixedText(spec.sname, 64);
  const file = spec.fileOptions !== undefined ? encodeArea(spec.fileOptions, 128, spec.end ?? true) : fixedText(spec.file, 128);
  const header = concat(
    [spec.op ?? 1, spec.htype ?? 1, spec.hlen ?? 6, spec.hops ?? 0],
    u32(spec.xid ?? 0x12345678),
    u16(spec.secs ?? 0),
    u16(spec.flags ?? 0),
    ip4(spec.ciaddr ?? '0.0.0.0'),
    ip4(spec.yiaddr ?? '0.0.0.0'),
    ip4(spec.siaddr ?? '0.0.0.0'),
    ip4(spec.giaddr ?? '0.0.0.0'),
    ch,
    sname,
    file,
  );
  let msg: Uint8Array;
  if (spec.cookie === false) {
    msg = concat(header, new Uint8Array(64)); // BOOTP vendor area
  } else {
    const overload = spec.overload !== undefined ? [rawOpt(52, Uint8Array.of(spec.overload))] : [];
    const options = [...overload, ...(spec.options ?? [])];
    msg = concat(header, [99, 130, 83, 99], encodeArea(options, undefined, spec.end ?? true));
  }
  if (spec.padTo !== undefined && msg.length < spec.padTo) msg = concat(msg, new Uint8Array(spec.padTo - msg.length));
  return msg;
}

// ---- option value encoders (the inverse of src/decode/dhcp/option-decoders.ts) ----

function isRecord(v: OptionValue): v is { readonly [key: string]: OptionValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asArray(v: OptionValue): readonly OptionValue[] {
  if (!Array.isArray(v)) throw new Error(`expected an array, got ${JSON.stringify(v)}`);
  return v as readonly OptionValue[];
}

function field(v: OptionValue, key: string): OptionValue {
  if (!isRecord(v)) throw new Error(`expected an object, got ${JSON.stringify(v)}`);
  const f = v[key];
  if (f === undefined) throw new Error(`missing ${key} in ${JSON.stringify(v)}`);
  return f;
}

function num(v: OptionValue): number {
  if (typeof v !== 'number') throw new Error(`expected a number, got ${JSON.stringify(v)}`);
  return v;
}

function str(v: OptionValue): string {
  if (typeof v !== 'string') throw new Error(`expected a string, got ${JSON.stringify(v)}`);
  return v;
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** DNS wire format for a list of names; with `compress`, suffixes already written become pointers. */
export function encodeDomainList(names: readonly string[], compress = true): Uint8Array {
  const out: number[] = [];
  const seen = new Map<string, number>();
  for (const name of names) {
    const labels = name === '' ? [] : name.split('.');
    let i = 0;
    for (; i < labels.length; i++) {
      const suffix = labels.slice(i).join('.');
      const at = seen.get(suffix);
      if (compress && at !== undefined) {
        out.push(0xc0 | (at >> 8), at & 0xff);
        break;
      }
      if (out.length < 0x3fff) seen.set(suffix, out.length);
      const l = text(labels[i]!);
      out.push(l.length, ...l);
    }
    if (i === labels.length) out.push(0);
  }
  return Uint8Array.from(out);
}

function encodeSpecial(code: number, v: OptionValue): Uint8Array | undefined {
  switch (code) {
    case 21:
      return concat(...asArray(v).flatMap((p) => [ip4(str(field(p, 'address'))), ip4(str(field(p, 'mask')))]));
    case 33:
      return concat(...asArray(v).flatMap((p) => [ip4(str(field(p, 'destination'))), ip4(str(field(p, 'router')))]));
    case 53: {
      const n = typeof v === 'number' ? v : MESSAGE_TYPES.indexOf(str(v));
      if (n < 0) throw new Error(`unknown message type ${JSON.stringify(v)}`);
      return Uint8Array.of(n);
    }
    case 61: {
      const type = num(field(v, 'type'));
      const id = str(field(v, 'id'));
      if (type === 1 && /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(id)) return concat([type], mac(id));
      if (isRecord(v) && typeof v['text'] === 'string') return concat([type], text(v['text']));
      return concat([type], hexBytes(id));
    }
    case 77:
      return concat(...asArray(v).map((c) => concat([text(str(c)).length], text(str(c)))));
    case 81: {
      const flags = num(field(v, 'flags'));
      const name = str(field(v, 'name'));
      const encoded = (flags & 0x04) !== 0 ? encodeDomainList([name], false) : text(name);
      return concat([flags, num(field(v, 'rcode1')), num(field(v, 'rcode2'))], encoded);
    }
    case 82:
      return concat(
        ...asArray(v).map((s) => {
          const data = hexBytes(str(field(s, 'hex')));
          return concat([num(field(s, 'code')), data.length], data);
        }),
      );
    case 93:
      return concat(...asArray(v).map((a) => u16(num(field(a, 'type')))));
    case 97: {
      // GUID text: the first three fields are stored little-endian.
      const [a, b, c, d, e] = str(field(v, 'uuid')).split('-').map((h) => hexBytes(h));
      const rev = (x: Uint8Array | undefined): Uint8Array => Uint8Array.from(x ?? []).reverse();
      return concat([num(field(v, 'type'))], rev(a), rev(b), rev(c), d ?? [], e ?? []);
    }
    case 88:
    case 119:
    case 137:
    case 141:
    case 213:
      return encodeDomainList(asArray(v).map(str));
    case 120: {
      const enc = str(field(v, 'encoding'));
      if (enc === 'domains') return concat([0], encodeDomainList(asArray(field(v, 'domains')).map(str)));
      return concat([1], ...asArray(field(v, 'addresses')).map((a) => ip4(str(a))));
    }
    case 121:
    case 249:
      return concat(
        ...asArray(v).map((r) => {
          const [addr, w] = str(field(r, 'destination')).split('/');
          const width = Number(w);
          const octets = Array.from(ip4(addr ?? '')).slice(0, (width + 7) >> 3);
          return concat([width], octets, ip4(str(field(r, 'router'))));
        }),
      );
    case 124:
      return concat(
        ...asArray(v).map((e) => {
          const data = concat(...asArray(field(e, 'data')).map((d) => concat([text(str(d)).length], text(str(d)))));
          return concat(u32(num(field(e, 'enterprise'))), [data.length], data);
        }),
      );
    case 125:
      return concat(
        ...asArray(v).map((e) => {
          const data = concat(
            ...asArray(field(e, 'options')).map((s) => {
              const b = hexBytes(str(field(s, 'hex')));
              return concat([num(field(s, 'code')), b.length], b);
            }),
          );
          return concat(u32(num(field(e, 'enterprise'))), [data.length], data);
        }),
      );
    default:
      return undefined;
  }
}

/** Encodes `value` the way the decoder would read it back for option `code`. */
export function encodeOptionValue(code: number, value: OptionValue): Uint8Array {
  const special = encodeSpecial(code, value);
  if (special !== undefined) return special;
  // Site-specific codes (224-254, RFC 3942) without a row are opaque bytes.
  const type = OPTION_ENCODINGS.get(code) ?? (code >= 224 && code <= 254 ? 'hex' : undefined);
  if (type === undefined) throw new Error(`the test builder has no encoding for option ${code}: add it to option-encodings.ts, or use rawOpt()`);
  switch (type) {
    case 'ip':
      return ip4(str(value));
    case 'ips':
      return concat(...asArray(value).map((a) => ip4(str(a))));
    case 'u8':
    case 'bool':
      return Uint8Array.of(typeof value === 'boolean' ? (value ? 1 : 0) : num(value));
    case 'u16':
      return Uint8Array.from(u16(num(value)));
    case 'u32':
      return Uint8Array.from(u32(num(value)));
    case 'i32':
      return Uint8Array.from(u32(num(value) >>> 0));
    case 'string':
      return text(str(value));
    case 'u8s':
      return Uint8Array.from(asArray(value).map(num));
    case 'u16s':
      return concat(...asArray(value).map((n) => u16(num(n))));
    case 'flag':
      return new Uint8Array(0);
    case 'hex':
      return hexBytes(str(value));
  }
}
