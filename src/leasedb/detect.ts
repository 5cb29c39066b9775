/** Which database a file is, from its first line with content (never from its name). */
import type { DbFormat } from './types.js';

/** Patterns tried in order on the first line that is neither blank nor a `#` comment. */
const SIGNATURES: readonly (readonly [Exclude<DbFormat, 'empty'>, RegExp])[] = [
  ['virtualbox', /^(<\?xml\b|<Leases\b)/],
  ['libvirt', /^[[{]/],
  ['kea', /^address,hwaddr,/],
  ['dnsmasq', /^(\d+\s+\S+\s+\S+(\s|$)|duid\s)/],
  ['isc', /^(lease\s|host\s|failover\s|server-duid\s|authoring-byte-order\s|db-time-format\s|group\s|class\s|subclass\s|ia-[nt]a\s|ia-pd\s)/],
];

/** The format, or undefined when the line is none of them. */
export function detectFormat(firstLine: string): Exclude<DbFormat, 'empty'> | undefined {
  const line = firstLine.trim();
  return SIGNATURES.find(([, re]) => re.test(line))?.[0];
}

/** Lines skipped while looking for the first one with content (ISC files open with a comment). */
export function isPreamble(line: string): boolean {
  const t = line.trim();
  return t === '' || t.startsWith('#');
}
