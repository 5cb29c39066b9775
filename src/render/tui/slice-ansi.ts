/**
 * slice-ansi with a shortcut, for the bundle (scripts/bundle.mjs points Ink's imports of slice-ansi here).
 * Ink clips every line of a clipped box with slice-ansi, most of them from their first column to their last:
 * slice-ansi then cuts nothing, but still splits the line into graphemes (Intl.Segmenter) and tests each one
 * against emoji regexes; before the demo's first frame that was 4 000 graphemes and the ICU emoji tables. A
 * line of narrow characters and colour codes (no hyperlinks) kept whole is returned as it is: the same
 * characters in the same colours, which is what Ink reads back from it (its test checks that on the TUI's
 * own lines).
 */
import realSliceAnsi from 'slice-ansi';
import { narrowWidth } from './string-width.js';

export default function sliceAnsi(string: string, start: number, end?: number): string {
  if (start === 0 && end !== undefined) {
    const width = narrowWidth(string);
    if (width >= 0 && end >= width) return string;
  }
  return realSliceAnsi(string, start, end);
}
