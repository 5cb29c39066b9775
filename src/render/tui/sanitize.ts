/**
 * Strings that come from packets (hostnames, vendor classes, option values, sname/file, NAK messages) can hold
 * anything a sender chose to put there. Before they reach the terminal we drop the characters that would let a
 * packet move the cursor, recolour the screen, ring the bell or reorder text:
 * C0 controls (incl. ESC, CR, LF, TAB), DEL, C1 controls (incl. the 8-bit CSI 0x9b), and the Unicode bidi
 * controls (LRM/RLM/ALM, embeddings, overrides, isolates) plus the line/paragraph separators.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

export function sanitize(text: string): string {
  return text.replace(UNSAFE, '');
}

/** True when `text` would be changed by `sanitize` (used to flag suspicious values in the packet pane). */
export function hasUnsafe(text: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(text);
  UNSAFE.lastIndex = 0;
  return found;
}
