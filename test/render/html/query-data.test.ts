/**
 * The page's search runs src/query's parser and matcher on the field values the page carries: on every lab
 * capture, every field and operator keeps the same exchanges, leases and findings as the Report's matchers
 * (what --filter and the TUI use).
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/index.js';
import { FIELDS, type FieldName } from '../../../src/query/fields.js';
import { matchFinding, matchLease, matchTransaction, parseFilter, type Filter } from '../../../src/query/index.js';
import { matchRow } from '../../../src/query/match.js';
import { FINDING, LEASE, TRANSACTION, type RowFields } from '../../../src/query/rows.js';
import type { Report } from '../../../src/report/types.js';
import { addressGroups } from '../../../src/render/html/page-data.js';
import { queryData } from '../../../src/render/html/query-data.js';
import { queryFields } from '../../../src/render/html/query-fields.js';

const captures = readdirSync('fixtures/captures').filter((f) => /\.(pcap|pcapng)(\.gz)?$/.test(f)).sort();

const parse = (text: string): Filter => {
  const r = parseFilter(text);
  if (!r.ok) throw new Error(`${text}: ${r.error.message}`);
  return r.filter;
};

const quote = (v: string | number) => `"${String(v).replace(/["\\]/g, '\\$&')}"`;

/** Expressions over every field: values the report really has (=, ~, !=), numbers compared, and/or/not. */
function expressions(report: Report): string[] {
  const out = new Set<string>(['', 'NAK', 'vmware', 'ack', 'delivery=wrong', 'not delivery=ok', 'severity>=warning', 'latency>1ms and latency<=2s',
    'lease<1h', 'lease>=1h', 'frame<10 or frame>100', 'ip=10.0.0.0/8 and not kind=DORA', 'mac~/^02:00/', 'vendor~/vm/', 'proto=ARP', '(outcome=ACK or outcome=NAK) and type=REQUEST', 'vlan>0', 'vni=42', 'tunnel=vxlan']);
  const tables: [readonly unknown[], RowFields<never>][] = [[report.transactions, TRANSACTION as RowFields<never>], [report.leases, LEASE as RowFields<never>], [report.findings, FINDING as RowFields<never>]];
  for (const [rows, fields] of tables) {
    for (const name of Object.keys(FIELDS) as FieldName[]) {
      const values = [...new Set(rows.flatMap((row) => (fields[name]?.(row as never, report) ?? []).filter((v) => v !== null && v !== undefined)))].slice(0, 2);
      for (const v of values) {
        const numeric = FIELDS[name].type === 'number' || FIELDS[name].type === 'duration';
        const value = FIELDS[name].type === 'duration' ? `${v}ms` : FIELDS[name].type === 'severity' ? String(v) : quote(v!);
        out.add(`${name}=${value}`);
        out.add(`not ${name}!=${value}`);
        if (numeric || FIELDS[name].type === 'severity') out.add(`${name}>${value} or ${name}<${value}`);
        else {
          out.add(`${name}~${quote(String(v).slice(0, 4))}`);
          out.add(quote(String(v).slice(1, 6)));
        }
      }
    }
  }
  return [...out];
}

describe('the page’s filter data', () => {
  it.each(captures)('%s: every expression keeps the same exchanges, leases and findings as the Report matchers', async (name) => {
    const report = await analyze(`fixtures/captures/${name}`);
    const leases = addressGroups(report).flatMap((g) => g.leases);
    const data = JSON.parse(JSON.stringify(queryData(report, leases))) as ReturnType<typeof queryData>;
    const tx = queryFields(data.tx, data.s);
    const ls = queryFields(data.leases, data.s);
    const fs = queryFields(data.findings, data.s);
    const list = expressions(report);
    expect(list.length).toBeGreaterThan(40);
    for (const text of list) {
      const f = parse(text);
      const page = (n: number, fields: RowFields<number, null>) => Array.from({ length: n }, (_, i) => i).filter((i) => matchRow(f, i, null, fields));
      const want = {
        tx: report.transactions.flatMap((t, i) => (matchTransaction(f, t, report) ? [i] : [])),
        leases: leases.flatMap((l, i) => (matchLease(f, l, report) ? [i] : [])),
        findings: report.findings.flatMap((x, i) => (matchFinding(f, x, report) ? [i] : [])),
      };
      expect({ tx: page(data.tx.n, tx), leases: page(data.leases.n, ls), findings: page(data.findings.n, fs) }, text).toEqual(want);
    }
  });

  it('keeps repeated strings once and leaves out fields no row has', async () => {
    const report = await analyze('fixtures/captures/03-two-servers.pcap');
    const data = queryData(report, report.leases);
    expect(new Set(data.s).size).toBe(data.s.length);
    expect(data.tx.f.tunnel).toBeUndefined();
    expect(data.tx.f.kind).toBeDefined();
    expect(data.tx.n).toBe(report.transactions.length);
  });
});
