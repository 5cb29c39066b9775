import type { ReactNode } from 'react';
import { Box } from 'ink';
import { clip } from './format.js';
import { Table, type Column, type Rows } from './table.js';
import { Line, type Role } from './theme.js';

export interface DetailLine {
  readonly text: string;
  readonly role?: Role | undefined;
}

/** A list view: the table on top, and under a rule the details of the selected row (what Leases and Findings share). */
export function ListWithDetails<T>(props: {
  readonly columns: readonly Column<T>[];
  readonly rows: Rows<T>;
  readonly selected: number;
  readonly width: number;
  readonly height: number;
  readonly empty: string;
  readonly details: readonly DetailLine[];
}): ReactNode {
  const { details, width, height } = props;
  return (
    <Box flexDirection="column" height={height}>
      <Table
        columns={props.columns}
        rows={props.rows}
        selected={props.selected}
        height={Math.max(2, height - details.length - 1)}
        width={width}
        active
        empty={props.empty}
      />
      {details.length > 0 ? <Line role="dim">{'─'.repeat(width)}</Line> : null}
      {details.map((d, i) => (
        <Line key={i} role={d.role}>{` ${clip(d.text, width - 1)}`}</Line>
      ))}
    </Box>
  );
}
