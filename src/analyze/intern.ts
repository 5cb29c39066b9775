/**
 * One shared copy of texts that repeat across many records: every message carries its own copy of the client's
 * hostname, vendor class or segment, and a capture can keep a quarter of a million records naming a few hundred
 * distinct ones ("MSFT 5.0", "vlan 20"). Bounded: past the limit the table starts again.
 */
export function makeInterner(limit = 1 << 16): (s: string) => string {
  const table = new Map<string, string>();
  return (s) => {
    const known = table.get(s);
    if (known !== undefined) return known;
    if (table.size >= limit) table.clear();
    table.set(s, s);
    return s;
  };
}

/** `intern` for a value that may be absent. */
export function internMaybe(intern: (s: string) => string, s: string | undefined): string | undefined {
  return s === undefined ? undefined : intern(s);
}
