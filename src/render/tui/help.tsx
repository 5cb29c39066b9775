import type { ReactNode } from 'react';
import { Box } from 'ink';
import { cell } from './format.js';
import { Line, Span } from './theme.js';

const KEYS: readonly (readonly [string, string])[] = [
  ['Tab / Shift-Tab', 'next / previous view'],
  ['1 … 5', 'Overview, Handshakes, Leases, ARP, Findings'],
  ['↑ ↓  j k', 'move the cursor'],
  ['PgUp PgDn  g G', 'page, first, last'],
  ['Enter  →  l', 'Handshakes: into the ladder; on a step: packet details'],
  ['Enter', 'Findings: the evidence · Leases: the handshake · ARP: the finding or lease'],
  ['Esc  ←  h', 'back (packet → ladder → list); Esc also clears the filter'],
  ['/', 'filter every view by MAC, IP, hostname or xid (Enter applies)'],
  ['e  [ ]', 'explain the selection in plain sentences; [ ] scroll it'],
  ['?', 'this help'],
  ['q  Ctrl-C', 'quit'],
];

const MARKS: readonly (readonly [string, string])[] = [
  ['⇉', 'broadcast (layer 2 or 3)'],
  ['→', 'unicast'],
  ['✗', 'not delivered as RFC 2131 expects, an ARP conflict, or an error'],
  ['↻', 'retransmission'],
  ['!', 'lease overlaps another lease of the same IP'],
  ['▲ i', 'warning, info'],
  ['›', 'cursor'],
];

export function Help({ width, height }: { width: number; height: number }): ReactNode {
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Line role="heading">dorascope — keys</Line>
      {KEYS.map(([key, what]) => (
        <Line key={key}>
          <Span role="key">{` ${cell(key, 16)}`}</Span>
          {` ${what}`}
        </Line>
      ))}
      <Line> </Line>
      <Line role="heading">Marks (colour is never the only clue)</Line>
      {MARKS.map(([mark, what]) => (
        <Line key={mark}>
          <Span role="key">{` ${cell(mark, 4)}`}</Span>
          {` ${what}`}
        </Line>
      ))}
      <Line role="dim">{width > 60 ? ' Esc or ? closes this help.' : ' Esc closes.'}</Line>
    </Box>
  );
}
