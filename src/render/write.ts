/** Writes many small pieces to a stream in large batches, waiting when the stream asks it to (backpressure). */
const BATCH = 1 << 16;

/**
 * Pieces may be text or bytes already encoded as UTF-8 (read back from a spool file): bytes go out as they are,
 * never decoded into a string only to be encoded again.
 */
export async function writeChunks(out: NodeJS.WritableStream, pieces: Iterable<string | Uint8Array>): Promise<void> {
  let batch = '';
  const send = async (chunk: string | Uint8Array) => {
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  };
  for (const piece of pieces) {
    if (typeof piece !== 'string') {
      if (batch) await send(batch);
      batch = '';
      await send(piece);
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
