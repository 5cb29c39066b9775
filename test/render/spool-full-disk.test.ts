/** A spool whose temporary file stops taking data (a full disk) carries on in memory and loses nothing. */
import { describe, expect, it, vi } from 'vitest';

const fs = vi.hoisted(() => ({ writes: 0, failAfter: Infinity }));

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return {
    ...real,
    writeSync: ((...args: Parameters<typeof real.writeSync>) => {
      if (++fs.writes > fs.failAfter) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      return (real.writeSync as (...a: unknown[]) => number)(...args);
    }) as typeof real.writeSync,
  };
});

const { jsonSpool } = await import('../../src/render/spool.js');
const { renderJson, renderJsonChunks } = await import('../../src/render/json.js');
const { buildSampleReport } = await import('../helpers/sample-report.js');

describe('a spool on a disk that fills up', () => {
  it('keeps what the file took, holds the rest in memory, and gives everything back in order', () => {
    const sample = buildSampleReport();
    const list = Array.from({ length: 2000 }, (_, i) => ({ ...sample.transactions[0]!, id: `T${i + 1}`, hostname: `host-${i}-`.repeat(60) }));
    fs.writes = 0;
    fs.failAfter = 2; // the file takes two writes of 1 MiB, then the disk is full
    const spool = jsonSpool<(typeof list)[number]>('transactions');
    for (let i = list.length - 1; i >= 0; i--) spool.add(i + 1, list[i]!);
    // A spool lends each piece until the next is read: copied as they come.
    const pieces = Array.from(renderJsonChunks({ ...sample, transactions: [] }, { texts: { transactions: spool.pieces() } }), (p) => Buffer.from(p));
    expect(spool.backing).toBe('file+memory');
    expect(Buffer.concat(pieces).toString('utf8')).toBe(renderJson({ ...sample, transactions: list }));
    spool.close();
  });
});
