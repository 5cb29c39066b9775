/** Parsers never throw on file text: after a first line that names the format, anything at all may follow. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLeaseText } from '../../src/leasedb/read.js';

const FIRST_LINES: Readonly<Record<string, string>> = {
  isc: 'lease 10.0.0.1 {',
  dnsmasq: '1795436294 02:00:00:00:00:01 10.0.0.1 * *',
  kea: 'address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context',
  virtualbox: '<Leases version="1.0">',
  libvirt: '[',
};

/** Pieces real files are made of, so the fuzzer reaches deep into each parser, plus arbitrary text. */
const piece = fc.oneof(
  fc.constantFrom('{', '}', ';', '"', '\\', '<', '>', '/>', '</Lease>', '<Lease mac="08:00:27:00:00:01" state="acked">', '<Address value="10.0.0.2"/>',
    '<Time issued="1" expiration="2"/>', '"ip-address": "10.0.0.3",', '"expiry-time": 5', '},', ']', 'lease 10.0.0.4 {', 'binding state abandoned;',
    'starts 1 2026/11/23 12:08:14;', 'ends never;', 'uid "\\001\\002";', 'hardware ethernet 02:00:00:00:00:02;', '10.0.0.5,02:00:00:00:00:03,,60,100,1,0,0,,1,',
    'duid 00:01', '0 02:00:00:00:00:04 10.0.0.6 h *', 'address,hwaddr,valid_lifetime,expire', '\u0000\u00ff', '\r'),
  fc.string({ maxLength: 40 }),
);
const body = fc.array(fc.array(piece, { maxLength: 6 }).map((p) => p.join(' ')), { maxLength: 40 }).map((lines) => lines.join('\n'));

describe('lease database parsers on damaged text', () => {
  for (const [format, first] of Object.entries(FIRST_LINES)) {
    it(`${format}: never throw, keep what they can, and name a line of the file in each warning`, () => {
      fc.assert(
        fc.property(body, (text) => {
          const all = `${first}\n${text}`;
          const lines = all.split('\n').length;
          const db = parseLeaseText(all, 'f');
          expect(db.format).toBe(format);
          for (const w of db.warnings) {
            expect(w.line).toBeGreaterThanOrEqual(0);
            expect(w.line).toBeLessThanOrEqual(lines);
            expect(w.message.startsWith('f:')).toBe(true);
          }
          for (const l of db.leases) expect(l.line).toBeGreaterThanOrEqual(1);
        }),
        { numRuns: 300 },
      );
    });
  }
});
