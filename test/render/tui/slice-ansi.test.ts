import { styledCharsFromTokens, tokenize } from '@alcalzone/ansi-tokenize';
import realSliceAnsi from 'slice-ansi';
import { describe, expect, it } from 'vitest';
import sliceAnsi from '../../../src/render/tui/slice-ansi.js';
import { narrowWidth } from '../../../src/render/tui/string-width.js';
import { TUI_LINES as LINES } from './tui-lines.js';

/** What Ink reads back from a line: its characters with their styles. */
const styled = (line: string) => styledCharsFromTokens(tokenize(line));

describe('slice-ansi with a shortcut', () => {
  it('keeps a whole line as it is: the same characters in the same styles as slice-ansi gives', () => {
    for (const line of LINES) {
      const width = narrowWidth(line);
      expect(width).toBeGreaterThanOrEqual(0);
      for (const end of [width, width + 5]) {
        expect(sliceAnsi(line, 0, end)).toBe(line);
        expect(styled(sliceAnsi(line, 0, end))).toEqual(styled(realSliceAnsi(line, 0, end)));
      }
    }
  });

  it('hands every real cut, and any other text, to slice-ansi', () => {
    for (const line of LINES) {
      const width = narrowWidth(line);
      for (const [start, end] of [[0, Math.max(0, width - 3)], [0, Math.max(0, width - 1)], [2, width], [1, undefined]] as const) {
        expect(sliceAnsi(line, start, end)).toBe(realSliceAnsi(line, start, end));
      }
    }
    for (const other of ['wide 中文 text', 'emoji ✅ here', '\u001b]8;;https://example.com\u0007link\u001b]8;;\u0007']) {
      expect(sliceAnsi(other, 0, 100)).toBe(realSliceAnsi(other, 0, 100));
    }
  });
});
