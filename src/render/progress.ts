/** The one-line progress shown on a terminal's stderr while a large capture is read. */
export function progressLine(p: { bytesRead: number; bytesTotal?: number; frames: number }, elapsedMs: number): string {
  const mb = (n: number) => `${(n / 1e6).toFixed(n >= 1e8 ? 0 : 1)} MB`;
  const rate = elapsedMs > 0 ? p.bytesRead / (elapsedMs / 1000) : 0;
  const parts = [`read ${mb(p.bytesRead)}${p.bytesTotal ? ` / ${mb(p.bytesTotal)}` : ''}`, `${p.frames.toLocaleString('en-US')} frames`];
  if (rate > 0) parts.push(`${mb(rate)}/s`);
  if (p.bytesTotal && rate > 0) parts.push(`${Math.max(0, Math.ceil((p.bytesTotal - p.bytesRead) / rate))} s left`);
  return parts.join('  ');
}
