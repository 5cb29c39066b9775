/** Writes many small pieces to a stream in large batches, waiting when the stream asks it to (backpressure). */
const BATCH = 1 << 16;

/**
 * Pieces may be text or bytes already encoded as UTF-8 (read back from a spool file): bytes go out as they are,
 * never decoded into a string only to be encoded again. Bytes are lent (the spool reads the next piece into the
 * same memory): each is written out, its callback called, before the next piece is asked for. A stream on a
 * file descriptor (stdout, a file) is done with a chunk by then; any other (a PassThrough that a test or a
 * library user reads) may hand the very chunk on, so it is given a copy.
 */
export async function writeChunks(out: NodeJS.WritableStream, pieces: Iterable<string | Uint8Array>): Promise<void> {
  let batch = '';
  const send = async (chunk: string) => {
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  };
  const onFd = typeof (out as { fd?: unknown }).fd === 'number';
  const sendLent = (chunk: Uint8Array) => new Promise<void>((resolve) => void out.write(onFd ? chunk : Buffer.from(chunk), () => resolve()));
  for (const piece of pieces) {
    if (typeof piece !== 'string') {
      if (batch) await send(batch);
      batch = '';
      await sendLent(piece);
      continue;
    }
    batch += piece;
    if (batch.length >= BATCH) {
      await send(batch);
      batch = '';
    }
  }
  if (batch) out.write(batch);
}
