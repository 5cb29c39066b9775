/**
 * Strings that come from packets (hostnames, vendor classes, option values, sname/file, NAK messages) can hold
 * anything a sender chose to put there. Before they reach the terminal we drop the characters that would let a
 * packet move the cursor, recolour the screen, ring the bell or reorder text:
 * C0 controls (incl. ESC, CR, LF, TAB), DEL, C1 controls (incl. the 8-bit CSI 0x9b), and the Unicode bidi
 * controls (LRM/RLM/ALM, embeddings, overrides, isolates) plus the line/paragraph separators.
 * Each becomes U+FFFD, so the reader sees that something was there. The text timeline and the TUI share this.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

export function sanitize(text: string): string {
  return text.replace(UNSAFE, '\uFFFD');
}

