/**
 * A string built from pieces (a template literal) is kept by V8 as a tree of pieces, several times the size of
 * its text. Texts kept to the end of a run (finding messages: thousands on a busy capture) are flattened once
 * they are made: converting the string to a number makes V8 flatten it in place, whatever the result.
 * (Texts made piece by piece per message are better joined from an array: `join` makes a flat string.)
 */
export function flat(s: string): string {
  // The result is stored so that an optimising compiler cannot drop the conversion as unused.
  sink.n = Number(s);
  return s;
}

const sink = { n: 0 };
