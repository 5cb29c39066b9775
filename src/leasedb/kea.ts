/**
 * Kea's memfile (kea-leases4.csv). The header names the columns, and Kea versions differ in which follow
 * `address,hwaddr,client_id,valid_lifetime,expire,subnet_id,…` (1.x has no `state`, 1.4+ adds it and
 * `user_context`, 2.5+ `pool_id`), so fields are found by header name. Append-only between cleanups: a later
 * row for an address wins. `expire` is epoch seconds; the lease began valid_lifetime before it. `state` 0 is a
 * lease, 1 declined, 2 expired-reclaimed; a row with valid_lifetime 0 is a released lease. Commas inside
 * values are written `&#x2c`.
 */
import { hexIdOf, intOf, isIpv4, macOf, utf8Of, type LeaseCollector, type LineParser } from './collect.js';
import type { DbState } from './types.js';

const KEA_STATES: readonly DbState[] = ['active', 'declined', 'expired'];

export function keaParser(out: LeaseCollector): LineParser {
  let columns: Map<string, number> | undefined;
  return {
    line(text, n) {
      const line = text.trim();
      if (line === '') return;
      const cells = line.split(',');
      if (cells[0] === 'address') {
        columns = new Map(cells.map((c, i) => [c.trim(), i]));
        return;
      }
      if (!columns) {
        out.warn(n, 'a row before the header line: skipped');
        return;
      }
      const cell = (name: string) => {
        const i = columns!.get(name);
        return i === undefined ? undefined : cells[i]?.replaceAll('&#x2c', ',');
      };
      const ip = cell('address');
      const lifetime = intOf(cell('valid_lifetime'));
      const expire = intOf(cell('expire'));
      const stateNo = cell('state') === undefined || cell('state') === '' ? 0 : intOf(cell('state'));
      if (ip === undefined || !isIpv4(ip) || lifetime === undefined || expire === undefined || stateNo === undefined || cells.length < columns.size - 2) {
        out.warn(n, 'not a Kea lease row: skipped');
        return;
      }
      const state = lifetime === 0 && stateNo === 0 ? 'released' : (KEA_STATES[stateNo] ?? 'active');
      const mac = macOf(cell('hwaddr') ?? '');
      const id = hexIdOf(cell('client_id') ?? '');
      const hostname = cell('hostname');
      out.add({
        ip,
        mac: mac ?? null,
        ...(id !== undefined ? { clientId: id } : {}),
        ...(hostname ? { hostname: utf8Of(hostname) } : {}),
        state,
        start: expire - lifetime,
        // Kea writes an infinite lifetime as 0xffffffff.
        end: lifetime === 0xffffffff ? null : expire,
        line: n,
      });
    },
    end() {},
  };
}
