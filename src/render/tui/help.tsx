import type { ReactNode } from 'react';
import { Box } from 'ink';
import { cell } from './format.js';
import { Line, Span } from './theme.js';

const KEYS: readonly (readonly [string, string])[] = [
  ['1 … 6  Tab', 'Overview, Handshakes, Leases, ARP, Findings, Packets (Shift-Tab: back)'],
  ['↑↓ jk PgUp PgDn gG', 'move, page, first, last'],
  ['Enter  →  l', 'open: a step or row → its packet · a finding → its evidence · a lease → its handshake, or wire and database side by side (≠)'],
  ['x  p', 'a packet → its exchange · a ladder step or open packet → its row in Packets'],
  ['t', 'Packets: time absolute / relative to the first frame / delta to the row above'],
  ['Esc  ←  h', 'back (packet → ladder → list); Esc also clears the filter'],
  ['/', 'filter every view, each its own rows (Enter applies): NAK · vmware · outcome=NAK'],
  ['', 'kind=RENEW and latency>1s · code=ARP_CONFLICT · mac~00:0c:29 · ip=10.0.0.0/8 · not delivery=ok'],
  ['e  [ ]', 'explain the selection in plain sentences; [ ] scroll it'],
  ['[ ]', 'in the packet pane of a server\'s address check: its previous / next frame (ARP, ICMP echo)'],
  ['?  q  Ctrl-C', 'this help · quit'],
];

const MARKS: readonly (readonly [string, string])[] = [
  ['⇉', 'broadcast (layer 2 or 3)'],
  ['→', 'unicast'],
  ['✗', 'not delivered as RFC 2131 expects, an ARP conflict, or an error'],
  ['↻', 'retransmission'],
  ['! ≠', 'lease overlaps another of its IP; the lease database disagrees'],
  ['▲ i', 'warning, info (in Packets: a finding names this frame)'],
  ['›', 'cursor'],
];

export function Help({ width, height }: { width: number; height: number }): ReactNode {
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Line role="heading">dorascope — keys</Line>
      {KEYS.map(([key, what], i) => (
        <Line key={i}>
          <Span role="key">{` ${cell(key, 18)}`}</Span>
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
