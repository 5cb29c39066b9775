/** JSON and NDJSON output: parseable, faithful to the Report, escapes packet text, NDJSON ends with a summary. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/index.js';
import { ndjsonLine, renderJson, summaryLineChunks, summaryOf } from '../../src/render/json.js';
import { run, type RunOptions } from '../../src/run.js';
import { AnalysisSession } from '../../src/session.js';
import { scenario } from '../helpers/scenario.js';
import { A, B, S1, IP } from '../helpers/hosts.js';
import { projectRoot } from '../helpers/shared-captures.js';

const EVIL = '\u001b[31mevil\u0007';

function lab() {
  return scenario()
    .at(0).dora({ mac: A, xid: 0x11, server: S1, yiaddr: IP, lease: 3600, hostname: EVIL })
    .at(5).discover({ mac: B, xid: 0x22 })
    .at(9).discover({ mac: B, xid: 0x22, secs: 4 })
    .at(20).arpRequest({ mac: '02:00:c0:a8:01:01', ip: S1, target: '192.168.1.9' });
}

const dir = mkdtempSync(join(tmpdir(), 'dorascope-json-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function runTo(format: RunOptions['format'], extra: Partial<RunOptions> = {}): Promise<{ code: number; out: string; err: string }> {
  const path = join(dir, `lab-${format}-${Math.random().toString(36).slice(2)}.pcap`);
  writeFileSync(path, lab().build());
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const code = await run(
    { inputs: [path], format, packets: false, hex: false, filter: {}, trustedServers: [], color: false, analyzer: {}, ...extra },
    { stdout, stderr },
  );
  return { code, out, err };
}

describe('renderJson', () => {
  it('writes the report as parseable JSON that round-trips', async () => {
    const r = await analyze(lab().build(), { packets: true });
    const text = renderJson(r);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(r)));
  });

  it('escapes control characters from packets instead of writing them raw', async () => {
    const r = await analyze(lab().build(), { packets: true });
    const text = renderJson(r);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(text).toContain('"hostname": "\\u001b[31mevil\\u0007"');
    expect((JSON.parse(text) as { transactions: { hostname?: string }[] }).transactions[0]!.hostname).toBe(EVIL);
  });
});

describe('NDJSON', () => {
  it('ndjsonLine writes one JSON object on one line', async () => {
    const r = await analyze(lab().build());
    const line = ndjsonLine({ type: 'transaction', data: r.transactions[0]! });
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({ type: 'transaction', data: JSON.parse(JSON.stringify(r.transactions[0])) });
  });

  it('summaryOf counts transactions and findings and leaves out the per-item lists', async () => {
    const r = await analyze(lab().build(), { packets: true });
    const s = summaryOf(r);
    expect(s.type).toBe('summary');
    const data = s.data as unknown as Record<string, unknown>;
    expect(data['transactionCount']).toBe(2);
    expect(data['findingCount']).toBe(r.findings.length);
    expect(Object.keys(data).filter((k) => ['packets', 'transactions', 'findings', 'progress'].includes(k))).toEqual([]);
    expect(data['leases']).toEqual(JSON.parse(JSON.stringify(r.leases)));
  });

  it('writes the summary line in pieces, byte for byte the line of the whole report', async () => {
    const capture = lab().at(30).dora({ mac: B, xid: 0x33, server: S1, yiaddr: '192.168.1.77', lease: 600, hostname: 'two' }).build();
    const r = await analyze(capture, { packets: true });
    expect(r.leases.length).toBe(2);
    expect(r.arp.length).toBeGreaterThan(0);
    const session = new AnalysisSession({ packets: true });
    await session.read([capture]);
    // The lists' items written straight from the analyser's state.
    const { report, items } = session.reportStreaming();
    expect(report.leases).toEqual([]);
    // Pieces that are bytes are lent until the next is asked for: copied as they come.
    const pieces = Array.from(summaryLineChunks(report, items, 3), (p) => Buffer.from(p));
    expect(Buffer.concat(pieces).toString('utf8')).toBe(ndjsonLine(summaryOf(r, 3)));
  });

  it('streams transactions and findings, every line parses, and the last line is the summary', async () => {
    const { code, out, err } = await runTo('ndjson');
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out.endsWith('\n')).toBe(true);
    const lines = out.trimEnd().split('\n').map((l) => JSON.parse(l) as { type: string; data: Record<string, unknown> });
    expect(lines.map((l) => l.type)).toEqual(['transaction', 'transaction', 'finding', 'summary']);
    expect(lines.filter((l) => l.type === 'transaction').map((l) => [l.data['id'], l.data['outcome']])).toEqual([
      ['T1', 'ACK'],
      ['T5', 'NO_OFFER'],
    ]);
    expect(lines[2]!.data['code']).toBe('NO_OFFER');
    expect(lines.at(-1)!.data).toMatchObject({ schemaVersion: 1, transactionCount: 2, findingCount: 1 });
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });

  it('streams a line per DHCP/ARP packet with --packets, still ending with the summary', async () => {
    const { out } = await runTo('ndjson', { packets: true });
    const types = out.trimEnd().split('\n').map((l) => (JSON.parse(l) as { type: string }).type);
    expect(types.filter((t) => t === 'packet')).toHaveLength(7);
    expect(types.at(-1)).toBe('summary');
    expect(types.indexOf('finding')).toBeGreaterThan(types.lastIndexOf('packet'));
  });

  it('keeps to the filter: only the asked-for client’s lines, then the summary', async () => {
    const { out } = await runTo('ndjson', { filter: { macs: [A] } });
    const lines = out.trimEnd().split('\n').map((l) => JSON.parse(l) as { type: string; data: Record<string, unknown> });
    expect(lines.map((l) => [l.type, l.data['clientMac'] ?? null])).toEqual([
      ['transaction', A],
      ['summary', null],
    ]);
  });
});

describe('NDJSON lines gathered into buffers', () => {
  it('writes every transaction line as ndjsonLine does, across several buffers, in the order they closed', async () => {
    const file = join(projectRoot, 'fixtures/captures/13-starvation.pcap');
    // Three readings of the capture: more lines than one 64 KiB buffer holds.
    const inputs = [file, file, file];
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    const code = await run({ inputs, format: 'ndjson', packets: false, hex: false, filter: {}, trustedServers: [], color: false, analyzer: {} }, { stdout, stderr: new PassThrough() });
    expect(code).toBe(0);
    expect(out.length).toBeGreaterThan(100_000);
    const r = await analyze(inputs);
    const lines = out.split('\n').filter((l) => l.startsWith('{"type":"transaction"'));
    expect(lines.length).toBe(r.transactions.length);
    const byId = new Map(r.transactions.map((t) => [t.id, ndjsonLine({ type: 'transaction', data: t })]));
    for (const line of lines) expect(`${line}\n`).toBe(byId.get((JSON.parse(line) as { data: { id: string } }).data.id));
    expect(JSON.parse(out.trimEnd().split('\n').at(-1)!)).toMatchObject({ type: 'summary', data: { transactionCount: r.transactions.length } });
  });
});

describe('NDJSON to a slow reader', () => {
  it('holds reading back while the output is backed up, and still delivers every line in order', async () => {
    const { Writable } = await import('node:stream');
    const { writeFileSync } = await import('node:fs');
    const { scenario: build } = await import('../helpers/scenario.js');
    // Enough messages for several 1 MiB reads.
    const s = build();
    for (let i = 0; i < 9000; i++) {
      const mac = `02:77:00:00:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`;
      s.at(i * 0.01).discover({ mac, xid: i + 1 });
    }
    const file = join(dir, 'many.pcap');
    writeFileSync(file, s.build());
    let text = '';
    let waits = 0;
    const slow = new Writable({
      highWaterMark: 64 * 1024,
      write(chunk: Buffer, _enc, done) {
        text += chunk.toString('utf8');
        setTimeout(done, 1);
      },
    });
    const once = slow.once.bind(slow);
    slow.once = ((event: string, listener: (...args: unknown[]) => void) => {
      if (event === 'drain') waits++;
      return once(event, listener);
    }) as typeof slow.once;
    const { run } = await import('../../src/run.js');
    const { PassThrough } = await import('node:stream');
    const code = await run(
      { inputs: [file], format: 'ndjson', packets: true, hex: false, filter: {}, trustedServers: [], color: false, analyzer: {} },
      { stdout: slow, stderr: new PassThrough() },
    );
    await new Promise<void>((resolve) => slow.end(resolve));
    expect(code).toBe(0);
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as { type: string; data: { frame?: number } });
    const frames = lines.filter((l) => l.type === 'packet').map((l) => l.data.frame);
    expect(frames).toHaveLength(9000);
    expect(frames).toEqual([...frames].sort((a, b) => a! - b!));
    expect(lines.at(-1)!.type).toBe('summary');
    expect(waits).toBeGreaterThan(0);
  }, 60_000);
});
