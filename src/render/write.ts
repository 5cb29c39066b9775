/** Writes many small pieces to a stream in large batches, waiting when the stream asks it to (backpressure). */
const BATCH = 1 << 16;

export async function writeChunks(out: NodeJS.WritableStream, pieces: Iterable<string>): Promise<void> {
  let batch = '';
  for (const piece of pieces) {
    batch += piece;
    if (batch.length >= BATCH) {
      if (!out.write(batch)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      batch = '';
    }
  }
  if (batch) out.write(batch);
}
