/**
 * Packet text (hostnames, vendor classes, NAK messages, sname/file) is untrusted: it may carry terminal escape
 * sequences or bidi overrides. Every renderer that prints it to a terminal passes it through here.
 */
// C0 controls, DEL, C1 controls, and the Unicode bidi overrides/isolates.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function sanitize(s: string): string {
  return s.replace(UNSAFE, (c) => (c === '\t' ? ' ' : '\uFFFD'));
}
