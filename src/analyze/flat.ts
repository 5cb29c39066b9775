/**
 * A string built from pieces (a template literal) is kept by V8 as a tree of pieces, several times the size of
 * its text. Texts kept to the end of a run (finding messages: thousands on a busy capture) are flattened once
 * they are made: converting the string to a number makes V8 flatten it in place, whatever the result.
 */
export function flat(s: string): string {
  Number(s);
  return s;
}
