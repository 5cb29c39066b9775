/** DNS names in wire format inside DHCP options (119, 81, 120, 137, 141, 213, ...). */
import type { Report } from './option-decoders.js';

/**
 * DNS names in wire format (RFC 1035 §3.1), as used by 119 (RFC 3397) and others: a sequence of names,
 * compression pointers relative to the start of `data`. A pointer may only go backwards (which also rules
 * out loops); anything else is reported and decoding stops. `origin`: where `data` starts in the option's
 * payload (problems name offsets within `data`, and lie at origin + that offset).
 */
export function decodeDomainList(data: Uint8Array, report: Report, maxNames = Infinity, origin = 0): string[] {
  const names: string[] = [];
  let pos = 0;
  while (pos < data.length && names.length < maxNames) {
    const r = readName(data, pos, report, origin);
    if (r === undefined) break;
    names.push(r.name);
    pos = r.next;
  }
  return names;
}

function readName(data: Uint8Array, start: number, report: Report, origin: number): { name: string; next: number } | undefined {
  const labels: string[] = [];
  let pos = start;
  let next = -1; // where the caller continues: after the first pointer, or after the terminating zero
  let limit = start; // pointers must point strictly before the lowest position read so far
  for (;;) {
    if (pos >= data.length) {
      report.add('OPTION_NAME_OVERRUN', origin + start, start);
      return labels.length > 0 ? { name: labels.join('.'), next: data.length } : undefined;
    }
    const len = data[pos]!;
    if (len === 0) {
      if (next < 0) next = pos + 1;
      return { name: labels.join('.'), next };
    }
    if ((len & 0xc0) === 0xc0) {
      if (pos + 1 >= data.length) {
        report.add('OPTION_NAME_POINTER_TRUNCATED', origin + pos, pos);
        return undefined;
      }
      const target = ((len & 0x3f) << 8) | data[pos + 1]!;
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
    if (pos + 1 + len > data.length) {
      report.add('OPTION_NAME_LABEL_OVERRUN', origin + pos, pos);
      return undefined;
    }
    labels.push(labelText(data, pos + 1, len));
    pos += 1 + len;
  }
}

/** A label as text; bytes outside printable ASCII, and dots, escaped as \DDD (master file format). */
function labelText(data: Uint8Array, i: number, len: number): string {
  let s = '';
  for (let k = 0; k < len; k++) {
    const b = data[i + k]!;
    s += b > 0x20 && b < 0x7f && b !== 0x2e && b !== 0x5c ? String.fromCharCode(b) : '\\' + String(b).padStart(3, '0');
  }
  return s;
}
