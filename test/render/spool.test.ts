/**
 * The transaction spool: closed transactions go to a temporary file as JSON text and come back in report order.
 * The streamed JSON report must be byte for byte the report built in memory.
 */
import { createWriteStream, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { analyze } from '../../src/index.js';
import { renderJson, renderJsonChunks } from '../../src/render/json.js';
import { renderText } from '../../src/render/text.js';
import { jsonSpool, textSpool, transactionSpool, type Spool } from '../../src/render/spool.js';
import type { Report, Transaction } from '../../src/report/types.js';
import { run, type RunOptions } from '../../src/run.js';
import { projectRoot } from '../helpers/shared-captures.js';
import { buildSampleReport } from '../helpers/sample-report.js';
import { closedStates } from '../helpers/closed-states.js';
import { readLeaseDatabase } from '../../src/leasedb/read.js';
import { scenario } from '../helpers/scenario.js';
import { S1 } from '../helpers/hosts.js';

const sample: Report = buildSampleReport();
const tx = (id: string, hostname: string): Transaction => ({ ...sample.transactions[0]!, id, hostname });

async function runJson(file: string, extra: Partial<RunOptions> = {}): Promise<string> {
  const opts: RunOptions = { inputs: [file], format: 'json', packets: false, hex: false, filter: {}, trustedServers: [], color: false, analyzer: {}, ...extra };
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c));
  const code = await run(opts, { stdout, stderr: new PassThrough() });
  expect(code).toBe(0);
  return Buffer.concat(chunks).toString('utf8');
}

function reportWith(transactions: Transaction[]): string {
  return renderJson({ ...sample, transactions });
}

function spooled(spool: Spool<Transaction>): string {
  // A spool lends each piece until the next is read: copied as they come.
  const pieces = Array.from(renderJsonChunks({ ...sample, transactions: [] }, { texts: { transactions: spool.pieces() } }), (p) => Buffer.from(p));
  return Buffer.concat(pieces).toString('utf8');
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('a JSON spool of transactions', () => {
  it('gives the transactions back in report order, whatever order they closed in', () => {
    const spool = jsonSpool<Transaction>('transactions');
    const list = [tx('T1', 'a'), tx('T5', 'b'), tx('T9', 'ç-ünïcode'), tx('T12', 'd')];
    for (const i of [2, 0, 3, 1]) spool.add(Number(list[i]!.id.slice(1)), list[i]!);
    expect(spool.size).toBe(4);
    expect(spooled(spool)).toBe(reportWith(list));
    spool.close();
  });

  it('writes an empty list as []', () => {
    const spool = jsonSpool<Transaction>('transactions');
    expect(spooled(spool)).toBe(reportWith([]));
    spool.close();
  });

  it('holds many transactions in a file that leaves nothing behind in the temporary directory', () => {
    const ours = () => readdirSync(tmpdir()).filter((d) => d.startsWith('dorascope-spool-'));
    const before = new Set(ours());
    const spool = jsonSpool<Transaction>('transactions');
    const list = Array.from({ length: 3000 }, (_, i) => tx(`T${i + 1}`, `host-${i}`.repeat(20)));
    // Close in a shuffled but deterministic order: pairs swapped.
    for (let i = 0; i < list.length; i += 2) {
      if (list[i + 1]) spool.add(i + 2, list[i + 1]!);
      spool.add(i + 1, list[i]!);
    }
    // More than one write's worth went to the file, and the file was unlinked as soon as it was opened.
    expect(spool.backing).toBe('file');
    expect(ours().filter((d) => !before.has(d))).toEqual([]);
    expect(spooled(spool)).toBe(reportWith(list));
    spool.close();
  });

  it('takes an item bigger than its write buffer between small ones, on file and in memory', () => {
    for (const tmp of [undefined, '/nonexistent/dorascope-test']) {
      if (tmp) vi.stubEnv('TMPDIR', tmp);
      const spool = jsonSpool<Transaction>('transactions');
      const list = [tx('T1', 'small'), tx('T2', 'ü'.repeat(600_000)), tx('T3', 'after'), tx('T4', 'x'.repeat(10))];
      for (const i of [3, 1, 0, 2]) spool.add(i + 1, list[i]!);
      expect(spool.backing).toBe(tmp ? 'memory' : 'file');
      expect(spooled(spool)).toBe(reportWith(list));
      spool.close();
    }
  });

  it('keeps the text in memory when no temporary file can be made', () => {
    vi.stubEnv('TMPDIR', '/nonexistent/dorascope-test');
    const spool = jsonSpool<Transaction>('transactions');
    const list = Array.from({ length: 1500 }, (_, i) => tx(`T${i + 1}`, `h${i}`.repeat(40)));
    for (const t of [...list].reverse()) spool.add(Number(t.id.slice(1)), t);
    expect(spool.backing).toBe('memory');
    expect(spooled(spool)).toBe(reportWith(list));
    spool.close();
  });
});

describe('a spool of transactions written as bytes', () => {
  it('gives real transactions back in report order, byte for byte the report, whatever order they closed in', async () => {
    const file = path.join(projectRoot, 'fixtures/captures/13-starvation.pcap');
    const r = await analyze(file);
    const states = await closedStates(file);
    expect(states.length).toBe(r.transactions.length);
    expect(states.length).toBeGreaterThan(20);
    const spool = transactionSpool();
    // Closed out of order: from the last backwards, every third first.
    const order = [...states].reverse();
    for (const tx of [...order.filter((_, k) => k % 3 === 0), ...order.filter((_, k) => k % 3 !== 0)]) spool.add(tx.steps[0]!.frame, tx);
    const pieces = Array.from(renderJsonChunks({ ...r, transactions: [] }, { texts: { transactions: spool.pieces() } }), (p) => Buffer.from(p));
    expect(Buffer.concat(pieces).toString('utf8')).toBe(renderJson(r));
    spool.close();
  });

  it('spreads many transactions over several writes and reads and still keeps their order', async () => {
    const file = path.join(projectRoot, 'fixtures/demo.pcapng');
    const r = await analyze(file);
    const states = await closedStates(file);
    const spool = transactionSpool();
    // The same exchanges many times over, each copy in its own place in the order.
    const copies = 500;
    for (let c = copies - 1; c >= 0; c--) for (const tx of states) spool.add(c * 1e6 + tx.steps[0]!.frame, tx);
    expect(spool.backing).toBe('file');
    const one = (await analyze(file)).transactions;
    const pieces = Array.from(renderJsonChunks({ ...r, transactions: [] }, { texts: { transactions: spool.pieces() } }), (p) => Buffer.from(p));
    expect(Buffer.concat(pieces).toString('utf8')).toBe(renderJson({ ...r, transactions: Array.from({ length: copies }, () => one).flat() }));
    spool.close();
  });
});

describe('a text spool', () => {
  it('gives the texts back in order as UTF-8, also across many reads, never cutting one in two', () => {
    const spool = textSpool<number>((i, out) => out.utf8(`ünï-${i}|`.repeat(60)));
    const n = 2500;
    for (let i = n - 1; i >= 0; i--) spool.add(i + 1, i);
    expect(spool.backing).toBe('file');
    // Pieces are lent until the next is read: decoded as they come.
    const pieces = Array.from(spool.pieces(), (p) => Buffer.from(p).toString('utf8'));
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) expect(p).toMatch(/^(ünï-\d+\|)+$/);
    expect(pieces.join('')).toBe(Array.from({ length: n }, (_, i) => `ünï-${i}|`.repeat(60)).join(''));
    spool.close();
  });
});

describe('reading a spool back through its window', () => {
  /** Items of about 3 KB, closed nearly in order: neighbours swapped, every 40th held back 300 items, the first ten until the very end. */
  function closeNearlyInOrder(spool: Spool<number>, n: number): void {
    const late = new Map<number, number[]>();
    const held: number[] = [];
    for (let i = 0; i < n; i += 2) {
      for (const k of [i + 1, i]) {
        if (k >= n) continue;
        if (k < 10) held.push(k);
        else if (k % 40 === 0) late.set(k + 300, [...(late.get(k + 300) ?? []), k]);
        else spool.add(k, k);
      }
      for (const k of late.get(i) ?? []) spool.add(k, k);
      for (const k of late.get(i + 1) ?? []) spool.add(k, k);
      late.delete(i);
      late.delete(i + 1);
    }
    for (const ks of late.values()) for (const k of ks) spool.add(k, k);
    for (const k of held) spool.add(k, k);
  }
  const text = (i: number): string => `${i}é|`.repeat(3000 / String(i).length);

  it.each([
    ['on file', undefined],
    ['in memory', '/nonexistent/dorascope-test'],
  ])('gives many megabytes of items closed out of order back in order, in pieces of whole items: %s', (_, tmp) => {
    if (tmp) vi.stubEnv('TMPDIR', tmp);
    const spool = textSpool<number>((i, out) => out.utf8(text(i)));
    const n = 4000;
    closeNearlyInOrder(spool, n);
    expect(spool.size).toBe(n);
    expect(spool.backing).toBe(tmp ? 'memory' : 'file');
    const pieces = Array.from(spool.pieces(), (p) => Buffer.from(p).toString('utf8'));
    // Far fewer pieces than items, each of whole items.
    expect(pieces.length).toBeGreaterThan(4);
    expect(pieces.length).toBeLessThan(n / 20);
    for (const p of pieces) expect(p).toMatch(/^((\d+)é\|)+$/);
    expect(pieces.join('')).toBe(Array.from({ length: n }, (_, i) => text(i)).join(''));
    spool.close();
  });
});

describe('the streamed JSON report', () => {
  it.each(['fixtures/demo.pcapng', 'fixtures/captures/07-relay-server-side.pcap', 'fixtures/captures/13-starvation.pcap'])(
    'is byte for byte the report built in memory: %s',
    async (name) => {
      const file = path.join(projectRoot, name);
      expect(existsSync(file)).toBe(true);
      const streamed = await runJson(file);
      expect(streamed).toBe(renderJson(await analyze(file)));
      expect(JSON.parse(streamed).transactions.length).toBeGreaterThan(0);
    },
  );

  it('with --packets and --hex is byte for byte the report built in memory', async () => {
    const file = path.join(projectRoot, 'fixtures/demo.pcapng');
    const streamed = await runJson(file, { packets: true, hex: true });
    expect(streamed).toBe(renderJson(await analyze(file, { packets: true, hex: true })));
    expect(JSON.parse(streamed).packets.length).toBeGreaterThan(50);
  });
});

describe('the streamed text timeline', () => {
  it.each(['fixtures/demo.pcapng', 'fixtures/captures/06-renew-rebind.pcap', 'fixtures/captures/12-arp-conflict.pcap'])(
    'is byte for byte the timeline rendered in memory: %s',
    async (name) => {
      const file = path.join(projectRoot, name);
      const streamed = await runJson(file, { format: 'text' });
      expect(streamed).toBe(renderText(await analyze(file)));
      expect(streamed).toMatch(/^T\d+ /m);
    },
  );

  it.each(['fixtures/captures/23-vxlan-tenants.pcap', 'fixtures/captures/09-vlans.pcapng'])('with leases in segments, is byte for byte the timeline rendered in memory: %s', async (name) => {
    const file = path.join(projectRoot, name);
    const streamed = await runJson(file, { format: 'text' });
    expect(streamed).toMatch(/IP +segment +MAC/);
    expect(streamed).toBe(renderText(await analyze(file)));
  });

  it('with a lease database, is byte for byte the timeline rendered in memory', async () => {
    const file = path.join(projectRoot, 'fixtures/captures/16-old-lease-file.pcap');
    const leases = path.join(projectRoot, 'fixtures/captures/16-old-lease-file.dhcpd.leases');
    const streamed = await runJson(file, { format: 'text', leases: [leases] });
    expect(streamed).toMatch(/IP +MAC .* database/);
    expect(streamed).toBe(renderText(await analyze(file, { leaseDatabases: [await readLeaseDatabase(leases)] })));
  });

  it('with more leases than one piece holds, is byte for byte the timeline (and the JSON report) rendered in memory', async () => {
    const s = scenario();
    const n = 1500;
    for (let i = 0; i < n; i++) {
      const mac = `02:00:00:00:${((i >> 8) & 0xff).toString(16).padStart(2, '0')}:${(i & 0xff).toString(16).padStart(2, '0')}`;
      s.at(i).dora({ mac, xid: 0x1000 + i, server: S1, yiaddr: `10.0.${(i >> 8) + 1}.${i & 0xff}`, lease: 3600, hostname: i % 7 ? `host-${i}` : `évil\u001b[31m${i}` });
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'dorascope-text-'));
    try {
      const file = path.join(dir, 'many.pcap');
      writeFileSync(file, s.build());
      const streamed = await runJson(file, { format: 'text' });
      const r = await analyze(file);
      expect(r.leases.length).toBe(n);
      expect(streamed).toBe(renderText(r));
      expect(await runJson(file)).toBe(renderJson(r));
      // NDJSON on a file descriptor gathers its lines again in buffers already written: the same bytes.
      const lines = await runJson(file, { format: 'ndjson' });
      expect(lines.length).toBeGreaterThan(4 << 16);
      const out = path.join(dir, 'lines.ndjson');
      const stream = createWriteStream('', { fd: openSync(out, 'w') });
      const opts: RunOptions = { inputs: [file], format: 'ndjson', packets: false, hex: false, filter: {}, trustedServers: [], color: false, analyzer: {} };
      expect(await run(opts, { stdout: stream, stderr: new PassThrough() })).toBe(0);
      await new Promise<void>((resolve) => stream.end(() => resolve()));
      expect(readFileSync(out, 'utf8')).toBe(lines);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('in colour, is byte for byte the timeline rendered in memory', async () => {
    const file = path.join(projectRoot, 'fixtures/captures/20-ping-check-isc.pcap');
    const streamed = await runJson(file, { format: 'text', color: true });
    expect(streamed).toBe(renderText(await analyze(file), { color: true }));
    expect(streamed).toContain('\x1b[2m');
  });

  it('counts from the earliest step when a later capture holds earlier times', async () => {
    const files = ['fixtures/captures/06-renew-rebind.pcap', 'fixtures/demo.pcapng'].map((f) => path.join(projectRoot, f));
    const r = await analyze(files);
    // The second capture starts before the first: the zero is its earliest step, not the first capture's start.
    expect(Date.parse(r.captures[1]!.firstTime!)).toBeLessThan(Date.parse(r.captures[0]!.firstTime!));
    const opts: RunOptions = { inputs: files, format: 'text', packets: false, hex: false, filter: {}, trustedServers: [], color: false, analyzer: {} };
    const stdout = new PassThrough();
    const chunks: Buffer[] = [];
    stdout.on('data', (c: Buffer) => chunks.push(c));
    expect(await run(opts, { stdout, stderr: new PassThrough() })).toBe(0);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(renderText(r));
  });
});
