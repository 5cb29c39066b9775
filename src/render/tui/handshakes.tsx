import type { ReactNode } from 'react';
import { Box } from 'ink';
import type { Transaction } from '../../report/types.js';
import { clock, duration } from './format.js';
import { LadderPane } from './ladder.js';
import type { Ladder } from '../ladder/index.js';
import type { Model } from './model.js';
import { outcomeRole } from './roles.js';
import { Table, type Column } from './table.js';
import { Line, useTheme } from './theme.js';

const COLUMNS: readonly Column<Transaction>[] = [
  { title: 'time', width: 12, priority: 3, text: (t) => clock(t.firstTime) },
  { title: 'client', width: 17, priority: 1, text: (t) => t.clientMac },
  { title: 'hostname', width: 7, priority: 4, flex: true, text: (t) => t.hostname ?? '' },
  { title: 'kind', width: 11, priority: 2, text: (t) => t.kind },
  { title: 'outcome', width: 10, priority: 1, text: (t) => t.outcome, role: (t) => outcomeRole(t.outcome) },
  { title: 'server', width: 15, priority: 6, text: (t) => t.server ?? '' },
  { title: 'address', width: 15, priority: 2, text: (t) => t.assignedIp ?? t.requestedIp ?? '' },
  { title: 'time', width: 7, priority: 5, align: 'right', text: (t) => duration(t.durationMs) },
];

export const WIDE = 140;

export interface HandshakesProps {
  readonly model: Model;
  readonly selected: number;
  readonly transaction: Transaction | undefined;
  readonly ladder: Ladder | null;
  readonly focus: 'list' | 'steps';
  readonly step: number;
  readonly width: number;
  readonly height: number;
}

/** Transactions list with the selected one's ladder beside it (≥ 140 columns) or below it. */
export function Handshakes(props: HandshakesProps): ReactNode {
  const { model, width, height, transaction, ladder } = props;
  const theme = useTheme();
  const wide = width >= WIDE;
  const rows = model.transactions;
  const empty = model.filter !== '' ? `no transaction matches "${model.filter}"` : 'no DHCP transactions (yet)';
  const listWidth = wide ? Math.min(96, Math.floor(width * 0.48)) : width;
  const listHeight = wide ? height : Math.max(4, Math.min(rows.length + 1, Math.floor(height * 0.35)));
  const ladderWidth = wide ? width - listWidth - 1 : width;
  const ladderHeight = wide ? height : height - listHeight - 1;
  const table = (
    <Table
      columns={COLUMNS}
      rows={rows}
      selected={props.selected}
      height={listHeight}
      width={listWidth}
      active={props.focus === 'list'}
      empty={empty}
    />
  );
  const pane =
    transaction && ladder ? (
      <LadderPane
        transaction={transaction}
        ladder={ladder}
        width={ladderWidth}
        height={ladderHeight}
        focused={props.focus === 'steps'}
        step={props.step}
      />
    ) : (
      <Line role="dim"> select a transaction to see its ladder</Line>
    );
  if (wide) {
    return (
      <Box height={height}>
        {table}
        <Box
          borderStyle="single"
          borderTop={false}
          borderBottom={false}
          borderRight={false}
          {...(theme.color ? { borderColor: 'gray' } : {})}
        >
          {pane}
        </Box>
      </Box>
    );
  }
  return (
    <Box flexDirection="column" height={height}>
      {table}
      <Line role="dim">{'─'.repeat(width)}</Line>
      {pane}
    </Box>
  );
}
