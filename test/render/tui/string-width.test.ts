import realStringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import stringWidth, { NARROW, narrowWidth } from '../../../src/render/tui/string-width.js';

const narrow = [...NARROW.keys()].filter((c) => NARROW[c] === 1).map((c) => String.fromCharCode(c));

describe('string-width with a fast path', () => {
  it('takes as one column only characters string-width itself takes as one', () => {
    const wrong = narrow.filter((ch) => realStringWidth(ch) !== 1);
    expect(wrong).toEqual([]);
    // The TUI's own characters are in the set.
    for (const ch of '·→…—⏎─›≠▲▏⇉↻↓↑◀▶✓┼━≤–⟳▸▕▎▍▌▋▊▉█┤├│⌫≥∞←Δ§✗') expect(NARROW[ch.charCodeAt(0)]).toBe(1);
  });

  it('answers as string-width does for lines of those characters and for any other text', () => {
    let seed = 7;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 2000; i += 1) {
      const line = Array.from({ length: next(60) }, () => narrow[next(narrow.length)]).join('');
      expect(stringWidth(line)).toBe(realStringWidth(line));
    }
    for (const text of ['', 'plain', 'wide 中文', 'emoji ✅ ⌚', 'e\u0301 combined', 'soft\u00adhyphen', '\u001b[31mred\u001b[39m', '\u25fd\u25fe', 'tab\there', '∞ ambiguous']) {
      expect(stringWidth(text)).toBe(realStringWidth(text));
    }
  });

  it('hands options it does not read the same way to string-width', () => {
    expect(stringWidth('∞·§', { ambiguousIsNarrow: false })).toBe(realStringWidth('∞·§', { ambiguousIsNarrow: false }));
    expect(stringWidth('\u001b[31mx', { countAnsiEscapeCodes: true })).toBe(realStringWidth('\u001b[31mx', { countAnsiEscapeCodes: true }));
  });
});

describe('string-width with colour codes', () => {
  it('counts lines of narrow characters and SGR codes as string-width does, and leaves other escapes to it', () => {
    const lines = ['\u001b[7m\u001b[1m 1 Overview \u001b[22m\u001b[27m 2 Handshakes', '\u001b[36m ⟳ reading 15 KiB\u001b[39m▕███·▏', '\u001b[1;31m✗\u001b[0m', '\u001b[m', '\u001b[38;5;208mx\u001b[39m'];
    for (const line of lines) {
      expect(narrowWidth(line)).toBeGreaterThanOrEqual(0);
      expect(stringWidth(line)).toBe(realStringWidth(line));
    }
    for (const other of ['\u001b]8;;https://example.com\u0007link\u001b]8;;\u0007', '\u001b[2Kx', '\u001b', '\u001b[31', 'a\u001bb']) {
      expect(narrowWidth(other)).toBe(-1);
      expect(stringWidth(other)).toBe(realStringWidth(other));
    }
  });
});
