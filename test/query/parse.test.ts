/** The filter grammar: what parses, and the one-line error with its column for what does not. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeFilterError, parseFilter, type ParseResult } from '../../src/query/index.js';

const error = (r: ParseResult) => (r.ok ? null : describeFilterError(r.error));

describe('parseFilter', () => {
  it('takes the empty expression as "everything"', () => {
    const r = parseFilter('   ');
    expect(r.ok && r.filter.root).toBe(null);
  });

  it('reads fields, operators, keywords, parentheses, quotes, regexes and durations', () => {
    for (const text of [
      'outcome=NAK',
      'NAK',
      'kind=RENEW and latency>1s',
      'kind == renew && latency >= 500ms',
      'not (mac~00:0c:29 or vendor~vmware) || severity>warning',
      '!outcome=ACK',
      'hostname="my laptop"',
      "hostname~/^win-[0-9]+$/",
      'ip=10.0.0.0/8 lease<1h',
      'xid=1d69a55e',
      'code=ARP_CONFLICT',
      '/vmw(are)?/',
    ]) {
      expect(parseFilter(text).ok, text).toBe(true);
    }
  });

  it('points at the column of the mistake', () => {
    expect(error(parseFilter('kind=RENEW and latncy>1s'))).toMatch(/^column 16: unknown field "latncy"/);
    expect(error(parseFilter('latency>fast'))).toBe('column 9: not a duration: "fast" (like 500ms, 2s, 1m, 1h, 1d)');
    expect(error(parseFilter('outcome='))).toBe('column 9: expected a value after =');
    expect(error(parseFilter('(kind=DORA'))).toBe('column 11: missing ) for the ( at column 1');
    expect(error(parseFilter('kind=DORA)'))).toBe('column 10: unmatched )');
    expect(error(parseFilter('mac<3'))).toBe('column 5: mac is compared with = != ~, not <');
    expect(error(parseFilter('vlan~3'))).toBe('column 6: vlan is compared with = != < > <= >=, not ~');
    expect(error(parseFilter('and NAK'))).toBe('column 1: "and" needs a term before it');
    expect(error(parseFilter('hostname~/[b-a]/'))).toMatch(/^column 10: bad regex: /);
    expect(error(parseFilter('hostname~"abc'))).toBe('column 10: unterminated quoted string');
    expect(error(parseFilter('severity=fatal'))).toBe('column 10: severity is info, warning or error, not "fatal"');
    expect(error(parseFilter('ip=10.0.0.0/33'))).toMatch(/^column 4: not an address block/);
  });

  it('refuses regexes that could take exponential time, and overlong ones', () => {
    expect(error(parseFilter('hostname~/(a+)+$/'))).toMatch(/^column 10: regex repeats a repeated group/);
    expect(error(parseFilter('hostname~/(x*)*y/'))).toMatch(/repeats a repeated group/);
    expect(error(parseFilter('/(a|b)\\1/'))).toMatch(/back-references/);
    expect(error(parseFilter(`/${'a'.repeat(201)}/`))).toBe('column 1: regex longer than 200 characters');
    expect(error(parseFilter('x'.repeat(3000)))).toMatch(/expression longer than 2000 characters/);
  });

  it('never throws, whatever is typed, and every error has a column inside the text (+1)', () => {
    const alphabet = fc.constantFrom(...'ab=!<>~()/"\' \\[]*+?.:0123456789sm'.split(''), 'and', 'or', 'not', 'kind', 'ip', 'latency', 'NAK', '&&', '||');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 30 }).map((parts) => parts.join('')), (text) => {
        const r = parseFilter(text);
        if (!r.ok) {
          expect(r.error.column).toBeGreaterThanOrEqual(1);
          expect(r.error.column).toBeLessThanOrEqual(text.length + 1);
          expect(r.error.message).not.toContain('\n');
        }
      }),
      { numRuns: 3000 },
    );
    fc.assert(fc.property(fc.string({ maxLength: 60 }), (text) => void parseFilter(text)), { numRuns: 3000 });
  });
});

describe('matching never throws', () => {
  it('whatever parses matches every row kind of a report without an error', async () => {
    const { buildSampleReport } = await import('../helpers/sample-report.js');
    const { matchArp, matchFinding, matchLease, matchPacket, matchServer, matchTransaction } = await import('../../src/query/index.js');
    const report = buildSampleReport();
    const words = fc.constantFrom('kind', 'outcome', 'mac', 'ip', 'xid', 'server', 'hostname', 'vendor', 'vm', 'code', 'severity', 'delivery', 'latency', 'lease', 'state', 'vlan', 'frame', 'type', 'proto', 'id', 'message');
    const ops = fc.constantFrom('=', '!=', '<', '>', '<=', '>=', '~');
    const values = fc.constantFrom('NAK', '1s', '500ms', '3', 'error', '10.0.0.0/8', '00:0c:29', '/^win/', '"a b"', 'ok', '0x1');
    const term = fc.oneof(fc.tuple(words, ops, values).map(([w, o, v]) => `${w}${o}${v}`), values);
    const expr = fc.array(fc.tuple(fc.constantFrom('', 'not '), term, fc.constantFrom(' and ', ' or ', ' ')), { minLength: 1, maxLength: 5 })
      .map((parts) => parts.map(([n, t, j]) => `${n}${t}${j}`).join('').replace(/ (and|or) ?$/, '').trim());
    let parsed = 0;
    fc.assert(
      fc.property(expr, (text) => {
        const r = parseFilter(text);
        if (!r.ok) return;
        parsed += 1;
        const f = r.filter;
        for (const t of report.transactions) matchTransaction(f, t, report);
        for (const l of report.leases) matchLease(f, l, report);
        for (const a of report.arp) matchArp(f, a, report);
        for (const x of report.findings) matchFinding(f, x, report);
        for (const p of report.packets ?? []) matchPacket(f, p, report);
        for (const s of report.servers) matchServer(f, s, report);
      }),
      { numRuns: 400 },
    );
    expect(parsed).toBeGreaterThan(100);
  });
});

describe('ipNumber', () => {
  it('reads dotted quads and refuses everything else', async () => {
    const { ipNumber } = await import('../../src/query/parse.js');
    expect(ipNumber('10.20.0.1')).toBe(0x0a140001);
    expect(ipNumber('255.255.255.255')).toBe(0xffffffff);
    expect(ipNumber('0.0.0.0')).toBe(0);
    for (const bad of ['', '10.20.0', '10.20.0.1.2', '256.1.1.1', '1.256.1.1', '1.1.1.256', '1..1.1', '.1.1.1', '1.1.1.', 'a.b.c.d', '1e2.0.0.1', ' 1.1.1.1', '1.1.1.1000', 'de:ad:be:ef:00:01']) {
      expect(ipNumber(bad), bad).toBeUndefined();
    }
  });
});
