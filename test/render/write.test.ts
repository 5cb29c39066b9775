/** Streaming output: batches, and waiting when the stream is full. */
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writeChunks } from '../../src/render/write.js';
import { progressLine } from '../../src/render/progress.js';

describe('writeChunks', () => {
  it('writes every piece, in order, waiting for drain when the stream asks', async () => {
    const got: string[] = [];
    let drains = 0;
    const slow = new Writable({
      highWaterMark: 16,
      write(chunk: Buffer, _enc, done) {
        got.push(chunk.toString('utf8'));
        setImmediate(done);
      },
    });
    slow.on('drain', () => drains++);
    const pieces = Array.from({ length: 20_000 }, (_, i) => `${i},`);
    await writeChunks(slow, pieces);
    await new Promise<void>((resolve) => slow.end(resolve));
    expect(got.join('')).toBe(pieces.join(''));
    expect(drains).toBeGreaterThan(0);
  });

  it('sends bytes as they are, between the text around them', async () => {
    const got: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        got.push(Buffer.from(chunk));
        done();
      },
    });
    await writeChunks(sink, ['a', 'b', Buffer.from('ç-bytes'), 'c']);
    await new Promise<void>((resolve) => sink.end(resolve));
    expect(got.map((b) => b.toString('utf8'))).toEqual(['ab', 'ç-bytes', 'c']);
  });
});

/** Bytes lent the way a spool lends them: one buffer, refilled for every piece. */
function* lent(texts: readonly string[]): Generator<Uint8Array> {
  const buf = Buffer.alloc(64);
  for (const t of texts) yield buf.subarray(0, buf.write(t));
}

describe('writeChunks with lent bytes', () => {
  const texts = Array.from({ length: 200 }, (_, i) => `piece ${i};`);

  it('has each piece written out before it asks for the next (a file stream)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dorascope-write-'));
    try {
      const file = path.join(dir, 'out');
      const out = createWriteStream(file);
      await new Promise<void>((resolve) => out.once('open', () => resolve()));
      await writeChunks(out, lent(texts));
      await new Promise<void>((resolve) => out.end(resolve));
      expect(readFileSync(file, 'utf8')).toBe(texts.join(''));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives a stream that may keep its chunks (no file descriptor) a copy', async () => {
    const out = new PassThrough();
    const got: Buffer[] = [];
    out.on('data', (c: Buffer) => got.push(c));
    await writeChunks(out, lent(texts));
    expect(Buffer.concat(got).toString('utf8')).toBe(texts.join(''));
  });
});

describe('progressLine', () => {
  it('says bytes, frames, rate and time left', () => {
    expect(progressLine({ bytesRead: 50e6, bytesTotal: 100e6, frames: 123_456 }, 1000)).toBe(
      'read 50.0 MB / 100 MB  123,456 frames  50.0 MB/s  1 s left',
    );
  });

  it('leaves out the total and time left when the size is unknown (stdin)', () => {
    expect(progressLine({ bytesRead: 2e6, frames: 10 }, 2000)).toBe('read 2.0 MB  10 frames  1.0 MB/s');
  });
});
