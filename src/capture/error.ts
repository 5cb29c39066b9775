/**
 * The input cannot be read as a capture at all (not a capture, empty, cannot be opened). The message is one line
 * naming the input, fit to print as is; the CLI maps it to exit code 3. A capture that breaks in the middle is
 * not an error: the reader keeps what it read and reports a warning instead.
 */
export class CaptureError extends Error {
  override readonly name = 'CaptureError';
}

/** "48 65 6c 6c": the first bytes of an input, for error messages. */
export function hexPreview(b: Uint8Array, start: number, end: number, max = 4): string {
  const parts: string[] = [];
  for (let i = start; i < end && i < start + max; i++) parts.push((b[i] ?? 0).toString(16).padStart(2, '0'));
  return parts.join(' ');
}
