/** Streaming output: batches, and waiting when the stream is full. */
import { Writable } from 'node:stream';
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
