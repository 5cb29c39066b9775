/** DNS names in wire format inside DHCP options (119, 81, 120, 137, 141, 213, ...). */
import type { Report } from './option-decoders.js';

/**
 * DNS names in wire format (RFC 1035 §3.1), as used by 119 (RFC 3397) and others: a sequence of names in
 * b[s, s + n), compression pointers relative to `s`. A pointer may only go backwards (which also rules out
 * loops); anything else is reported and decoding stops. Positions below are relative to `s`. `origin`: where
 * `s` lies in the option's payload (problems name offsets relative to `s`, and lie at origin + that offset).
 */
export function decodeDomainList(b: Uint8Array, s: number, n: number, report: Report, maxNames = Infinity, origin = 0): string[] {
  const names: string[] = [];
  let pos = 0;
  while (pos < n && names.length < maxNames) {
    const r = readName(b, s, n, pos, report, origin);
    if (r === undefined) break;
    names.push(r.name);
    pos = r.next;
  }
  return names;
}

function readName(
  b: Uint8Array,
  s: number,
  n: number,
  start: number,
  report: Report,
  origin: number,
): { name: string; next: number } | undefined {
  const labels: string[] = [];
  let pos = start;
  let next = -1; // where the caller continues: after the first pointer, or after the terminating zero
  let limit = start; // pointers must point strictly before the lowest position read so far
  for (;;) {
    if (pos >= n) {
      report.add('OPTION_NAME_OVERRUN', origin + start, start);
      return labels.length > 0 ? { name: labels.join('.'), next: n } : undefined;
    }
    const len = b[s + pos]!;
    if (len === 0) {
      if (next < 0) next = pos + 1;
      return { name: labels.join('.'), next };
    }
    if ((len & 0xc0) === 0xc0) {
      if (pos + 1 >= n) {
        report.add('OPTION_NAME_POINTER_TRUNCATED', origin + pos, pos);
        return undefined;
      }
      const target = ((len & 0x3f) << 8) | b[s + pos + 1]!;
      if (next < 0) next = pos + 2;
      if (target >= limit) {
        report.add('OPTION_NAME_POINTER_LOOP', origin + pos, pos, target);
        return undefined;
      }
      limit = target;
      pos = target;
      continue;
    }
    if ((len & 0xc0) !== 0) {
      report.add('OPTION_NAME_LABEL_TYPE', origin + pos, pos, len);
      return undefined;
    }
    if (pos + 1 + len > n) {
      report.add('OPTION_NAME_LABEL_OVERRUN', origin + pos, pos);
      return undefined;
    }
    labels.push(labelText(b, s + pos + 1, len));
    pos += 1 + len;
  }
}

/** A label as text; bytes outside printable ASCII, and dots, escaped as \DDD (master file format). */
function labelText(b: Uint8Array, i: number, len: number): string {
  let str = '';
  for (let k = 0; k < len; k++) {
    const c = b[i + k]!;
    str += c > 0x20 && c < 0x7f && c !== 0x2e && c !== 0x5c ? String.fromCharCode(c) : '\\' + String(c).padStart(3, '0');
  }
  return str;
}
