import type { ReactNode } from 'react';
import { Box } from 'ink';
import type { Explanation } from '../../report/types.js';
import { clip } from './format.js';
import { wrapWords } from '../explain/text.js';
import { sanitize } from '../sanitize.js';
import { Line } from './theme.js';

/** The explanation as the pane's lines: each sentence wrapped to the width, continuation lines indented. */
export function explanationRows(e: Explanation | null, width: number): string[] {
  if (!e) return ['Nothing selected to explain here.'];
  const inner = Math.max(10, width - 3);
  return e.sentences.flatMap((s) => wrapWords(sanitize(s), inner).map((l, i) => (i === 0 ? l : `  ${l}`)));
}

/** Under a rule: the title, then as many explanation lines as fit from `offset`, with what is left said. */
export function ExplainPane({ explanation, width, height, offset }: { explanation: Explanation | null; width: number; height: number; offset: number }): ReactNode {
  const rows = explanationRows(explanation, width);
  const room = Math.max(1, height - 2);
  const start = Math.min(offset, Math.max(0, rows.length - room));
  const shown = rows.slice(start, start + room);
  const more = rows.length - start - shown.length;
  const where = rows.length > room ? ` (lines ${start + 1}–${start + shown.length} of ${rows.length}; [ ] scroll)` : '';
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Line role="heading">{clip(` ${explanation ? explanation.title : 'Explanation'}${where}`, width)}</Line>
      {shown.map((l, i) => (
        <Line key={i}>{` ${clip(l, width - 1)}`}</Line>
      ))}
      {more > 0 ? <Line role="dim">{` … ${more} more line${more === 1 ? '' : 's'}: ] scrolls`}</Line> : null}
    </Box>
  );
}
