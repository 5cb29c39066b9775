/**
 * A windowed table: only the visible rows are rendered, the selection is kept in view, columns that do not
 * fit the width are dropped by priority (the detail lines under each table show everything).
 */
import type { ReactNode } from 'react';
import { Box } from 'ink';
import { cell } from './format.js';
import { Line, Span, type Role } from './theme.js';
import { useWindow } from './use-window.js';

export interface Column<T> {
  readonly title: string;
  /** Preferred width; a `flex` column also takes what is left over. */
  readonly width: number;
  /** 1 = keep longest; the highest numbers are dropped first when the terminal is narrow. */
  readonly priority: number;
  readonly flex?: boolean;
  readonly align?: 'left' | 'right';
  readonly text: (row: T, width: number) => string;
  readonly role?: (row: T) => Role | undefined;
}

export interface Fitted<T> {
  readonly column: Column<T>;
  readonly width: number;
}

const MARKER = 2;

export function fitColumns<T>(columns: readonly Column<T>[], width: number): Fitted<T>[] {
  let kept = [...columns];
  const total = (cols: readonly Column<T>[]): number =>
    MARKER + cols.reduce((sum, c) => sum + c.width, 0) + Math.max(0, cols.length - 1);
  while (kept.length > 1 && total(kept) > width) {
    const drop = kept.reduce((worst, c) => (c.priority > worst.priority ? c : worst));
    kept = kept.filter((c) => c !== drop);
  }
  const spare = Math.max(0, width - total(kept));
  const flexible = kept.find((c) => c.flex);
  return kept.map((column) => ({
    column,
    width: column === flexible ? column.width + spare : Math.min(column.width, Math.max(1, width - MARKER)),
  }));
}

/** An array, or rows made only when shown (the Packets view decodes its visible frames). */
export interface Rows<T> {
  readonly length: number;
  slice(start: number, end: number): readonly T[];
}

export interface TableProps<T> {
  readonly columns: readonly Column<T>[];
  readonly rows: Rows<T>;
  readonly selected: number;
  /** Lines available, header included. */
  readonly height: number;
  readonly width: number;
  /** The cursor is in this table (drawn inverse); otherwise only the › marker shows. */
  readonly active: boolean;
  readonly rowRole?: (row: T) => Role | undefined;
  readonly empty?: string;
}

export function Table<T>(props: TableProps<T>): ReactNode {
  const { rows, selected, height, width, active } = props;
  const fitted = fitColumns(props.columns, width);
  const window = useWindow(selected, Math.max(0, height - 1), rows.length);
  const header = `  ${fitted.map((f) => cell(f.column.title, f.width, f.column.align)).join(' ')}`;
  const position = rows.length > 0 && selected >= 0 ? ` ${Math.min(selected, rows.length - 1) + 1}/${rows.length}` : '';
  const bare = header.trimEnd();
  // The position (12/340) always shows; it may cover the end of the last column's title.
  const headerText = bare.padEnd(width - position.length).slice(0, Math.max(0, width - position.length)) + position;
  const visible = rows.slice(window.offset, window.offset + window.size);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Line role="heading">{headerText}</Line>
      {rows.length === 0 ? <Line role="dim">{`  ${props.empty ?? 'nothing to show'}`}</Line> : null}
      {visible.map((row, i) => {
        const index = window.offset + i;
        const isSelected = index === selected;
        const rowRole = props.rowRole?.(row);
        return (
          <Box key={index} width={width}>
            <Line role={isSelected && active ? 'selected' : undefined}>
              <Span role={rowRole}>{isSelected ? '› ' : '  '}</Span>
              {fitted.map((f, c) => (
                <Span key={c} role={f.column.role?.(row) ?? rowRole}>
                  {cell(f.column.text(row, f.width), f.width, f.column.align)}
                  {c < fitted.length - 1 ? ' ' : ''}
                </Span>
              ))}
            </Line>
          </Box>
        );
      })}
    </Box>
  );
}
