import type { ReactNode } from 'react';
import { clip } from './format.js';
import { Line, Span } from './theme.js';
import type { State } from './state.js';

type Hint = readonly [key: string, label: string];

const GLOBAL: readonly Hint[] = [['e', 'explain'], ['Tab/1-6', 'view'], ['/', 'filter'], ['?', 'help'], ['q', 'quit']];
const MOVE: Hint = ['↑↓/jk', 'move'];

/** The keys that work here and now (lazygit-style), so nothing has to be remembered. */
export function hints(state: State): readonly Hint[] {
  if (state.filter.draft !== null) return [['⏎', 'apply'], ['Esc', 'clear'], ['⌫', 'delete']];
  if (state.overlay?.kind === 'help') return [['Esc/?', 'close'], ['q', 'quit']];
  if (state.overlay?.kind === 'packet') {
    const frames: readonly Hint[] = state.overlay.frames ? [['[ ]', 'check frames']] : [];
    return [['↑↓/jk', 'field'], ...frames, ['x', 'exchange'], ['p', 'in list'], ['Esc', 'back'], ['q', 'quit']];
  }
  if (state.explain) return [MOVE, ['[ ]', 'scroll'], ['e', 'close'], ...GLOBAL.slice(1)];
  if (state.overlay?.kind === 'lease') return [['Esc', 'back'], ['q', 'quit']];
  switch (state.view) {
    case 'overview':
      return GLOBAL;
    case 'handshakes':
      return state.focus === 'steps'
        ? [['↑↓/jk', 'step'], ['⏎', 'packet'], ['p', 'in Packets'], ['Esc', 'list'], ...GLOBAL]
        : [MOVE, ['⏎/→', 'steps'], ...GLOBAL];
    case 'leases':
      return [MOVE, ['⏎', 'handshake'], ...GLOBAL];
    case 'arp':
      return [MOVE, ['⏎', 'finding / lease'], ...GLOBAL];
    case 'findings':
      return [MOVE, ['⏎', 'jump to evidence'], ...GLOBAL];
    case 'packets':
      return [MOVE, ['⏎', 'packet'], ['x', 'exchange'], ['t', 'time'], ...GLOBAL];
  }
}

export function Footer({ state, width }: { state: State; width: number }): ReactNode {
  const draft = state.filter.draft;
  const applied = state.filter.applied;
  const error = state.filter.error;
  const right = error ? ` ${clip(error, Math.max(20, Math.floor(width / 2)))} ` : draft === null && applied !== '' ? ` filter: ${clip(applied, 24)} (Esc) ` : '';
  const prompt = draft !== null ? `/${clip(draft, Math.max(8, width - 34))}▏ ` : '';
  let budget = width - right.length - prompt.length;
  const shown: Hint[] = [];
  for (const hint of hints(state)) {
    const cost = hint[0].length + hint[1].length + 3;
    if (cost > budget) break;
    budget -= cost;
    shown.push(hint);
  }
  return (
    <Line>
      {prompt ? <Span role="accent">{prompt}</Span> : null}
      {shown.map(([key, label]) => (
        <Span key={key}>
          <Span role="key">{` ${key}`}</Span>
          <Span>{` ${label} `}</Span>
        </Span>
      ))}
      <Span role={error ? 'error' : 'warning'}>{' '.repeat(Math.max(0, budget)) + right}</Span>
    </Line>
  );
}
