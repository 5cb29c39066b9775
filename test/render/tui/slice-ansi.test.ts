import { styledCharsFromTokens, tokenize } from '@alcalzone/ansi-tokenize';
import realSliceAnsi from 'slice-ansi';
import { describe, expect, it } from 'vitest';
import sliceAnsi from '../../../src/render/tui/slice-ansi.js';
import { narrowWidth } from '../../../src/render/tui/string-width.js';

/** What Ink reads back from a line: its characters with their styles. */
const styled = (line: string) => styledCharsFromTokens(tokenize(line));

// Lines as the TUI writes them: narrow characters, colours, bold and inverse, some left open at the end.
const LINES = [
  '\u001b[7m\u001b[1m 1 Overview \u001b[22m\u001b[27m 2 Handshakes 8  3 Leases 7 \u001b[1m\u001b[31m 5 Findings 5 \u001b[39m\u001b[22m',
  '\u001b[36m ⟳ reading 15 KiB / 15 KiB (100%) · 79 frames \u001b[39m\u001b[36m▕████████████████▏\u001b[39m',
  ' DISCOVER     7 \u001b[36m███████████████▉\u001b[39m',
  ' 10.9.2.1        \u001b[36m      \u001b[39m\u001b[32m     2   3\u001b[39m   0',
  '\u001b[1m\u001b[31m✗ error\u001b[22m still red',
  'plain text — with → arrows … and ≠ signs',
  '',
];

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
