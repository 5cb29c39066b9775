import * as real from '@alcalzone/ansi-tokenize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { styledCharsFromTokens, styledCharsToString, tokenize } from '../../../src/render/tui/ansi-tokenize.js';
import { NARROW } from '../../../src/render/tui/string-width.js';
import { TUI_LINES as LINES } from './tui-lines.js';

const narrow = [...NARROW.keys()].filter((c) => NARROW[c] === 1).map((c) => String.fromCharCode(c));

// Colour codes as chalk and Ink write them (open, close, reset, compound, 256 and true colour, an empty one),
// and text the shortcut must leave to the package (wide, combining, emoji, surrogates, links, controls).
const CODES = ['\u001b[31m', '\u001b[39m', '\u001b[1m', '\u001b[2m', '\u001b[22m', '\u001b[7m', '\u001b[27m', '\u001b[4m', '\u001b[24m', '\u001b[0m', '\u001b[m', '\u001b[1;31m', '\u001b[38;5;208m', '\u001b[48;2;10;20;30m', '\u001b[44m', '\u001b[49m', '\u001b[9m'];
const OTHER = ['中', 'e\u0301', '✅', '\u231a', '👍🏽', '\ud83d', '\u001b]8;;https://example.com\u0007', '\u001b]8;;\u0007', '\t', '\r', '\u001b[2K', '\u001b', '\u200d', '\ufe0f', '\u00ad'];

const piece = (others: boolean) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...narrow) },
    { weight: 2, arbitrary: fc.constantFrom(...CODES) },
    { weight: others ? 1 : 0, arbitrary: fc.constantFrom(...OTHER) },
  );
const line = (others: boolean) => fc.array(piece(others), { maxLength: 60 }).map((parts) => parts.join(''));


describe('ansi-tokenize with shortcuts', () => {
  it('tokenizes lines of narrow characters and colour codes into the tokens the package makes', () => {
    for (const text of LINES) expect(tokenize(text)).toEqual(real.tokenize(text));
    fc.assert(
      fc.property(line(false), (text) => {
        expect(tokenize(text)).toEqual(real.tokenize(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('hands any other text, and a tokenize that stops early, to the package', () => {
    fc.assert(
      fc.property(line(true), (text) => {
        expect(tokenize(text)).toEqual(real.tokenize(text));
      }),
      { numRuns: 2000 },
    );
    expect(tokenize('abc\u001b[31mdef', 4)).toEqual(real.tokenize('abc\u001b[31mdef', 4));
  });

  it('writes a row of styled cells back as the package does', () => {
    // A row as Ink's Output makes it: blank cells (each with its own empty style list) and the cells of lines
    // written over them.
    const blank = (): real.StyledChar => ({ type: 'char', value: ' ', fullWidth: false, styles: [] });
    const row = fc.tuple(fc.array(line(true), { maxLength: 4 }), fc.array(fc.nat(20), { maxLength: 4 })).map(([lines, gaps]) =>
      lines.flatMap((text, i) => [...Array.from({ length: gaps[i] ?? 1 }, blank), ...real.styledCharsFromTokens(real.tokenize(text))]),
    );
    fc.assert(
      fc.property(row, (cells) => {
        expect(styledCharsToString(cells)).toBe(real.styledCharsToString(cells));
      }),
      { numRuns: 2000 },
    );
    for (const text of LINES) {
      const cells = [blank(), ...styledCharsFromTokens(tokenize(text)), blank()];
      expect(styledCharsToString(cells)).toBe(real.styledCharsToString(cells));
    }
  });
});
