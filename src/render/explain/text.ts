/** Explanations as plain text lines for the timeline: a heading, then the sentences wrapped and indented. */
import { sanitize } from '../sanitize.js';
import type { Explanation } from './types.js';

export const TEXT_WIDTH = 100;

/** Words of `text` in lines of at most `width` columns (a longer word stands alone). */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** "  ▸ title" then each sentence as a paragraph, indented under it. */
export function explanationLines(e: Explanation, indent = '  ', width = TEXT_WIDTH): string[] {
  const body = `${indent}  `;
  const out = [`${indent}▸ ${sanitize(e.title)}`];
  for (const s of e.sentences) {
    const wrapped = wrapWords(sanitize(s), Math.max(20, width - body.length - 2));
    wrapped.forEach((l, i) => out.push(`${body}${i === 0 ? '' : '  '}${l}`));
  }
  return out;
}
