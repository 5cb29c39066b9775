import type { ReactNode } from 'react';
import { Box } from 'ink';
import type { PacketRecord } from '../../report/types.js';
import { cell, clip } from './format.js';
import { hexBytes, hexLine, locateFields, type Range } from './hex.js';
import type { FieldRow } from './packet-fields.js';
import { Line, Span, useTheme } from './theme.js';
import { useWindow } from './use-window.js';

const HEX_WIDTH = 74;

function Fields({ rows, field, width, height }: { rows: readonly FieldRow[]; field: number; width: number; height: number }): ReactNode {
  const window = useWindow(field, height, rows.length);
  const labelWidth = Math.min(34, Math.max(14, Math.floor(width * 0.4)));
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {rows.slice(window.offset, window.offset + window.size).map((row, i) => {
        const index = window.offset + i;
        const indent = '  '.repeat(row.depth);
        const label = cell(`${indent}${row.label}`, labelWidth);
        const role = index === field ? 'selected' : row.heading ? 'heading' : row.problem ? 'error' : undefined;
        return (
          <Line key={index} role={role}>
            {index === field ? '› ' : '  '}
            {label}
            <Span role={row.heading ? 'info' : undefined}>{` ${clip(row.value, Math.max(0, width - labelWidth - 3))}`}</Span>
          </Line>
        );
      })}
    </Box>
  );
}

function Hex({ bytes, range, height }: { bytes: Uint8Array; range: Range | undefined; height: number }): ReactNode {
  const theme = useTheme();
  const lines = Math.ceil(bytes.length / 16);
  const focusLine = range ? Math.floor(range[0] / 16) : 0;
  const window = useWindow(focusLine, height, lines);
  if (bytes.length === 0) return <Line role="dim"> no bytes in this report (hex not kept)</Line>;
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      {Array.from({ length: window.size }, (_, i) => {
        const start = (window.offset + i) * 16;
        return (
          <Line key={start}>
            {hexLine(bytes, start, range, !theme.color).map((seg, j) => (
              <Span key={j} role={seg.hi ? 'selected' : j === 0 ? 'dim' : undefined}>
                {seg.text}
              </Span>
            ))}
          </Line>
        );
      })}
    </Box>
  );
}

export interface PacketPaneProps {
  readonly frame: number;
  /** The frames the pane steps through with [ and ] (a server's address check), when there are several. */
  readonly frames?: readonly number[];
  readonly record: PacketRecord | undefined;
  readonly fields: readonly FieldRow[];
  readonly field: number;
  readonly width: number;
  readonly height: number;
}

/** Decoded fields of one packet (like Wireshark's details pane) and its bytes, the selected field highlighted. */
export function PacketPane({ frame, frames, record, fields, field, width, height }: PacketPaneProps): ReactNode {
  const of = frames ? ` · ${frames.indexOf(frame) + 1} of ${frames.length} frames of the check ([ ])` : '';
  if (!record) {
    return (
      <Box flexDirection="column" height={height}>
        <Line role="heading">{`Frame ${frame}${of}`}</Line>
        <Line role="dim"> this report has no packet record for this frame</Line>
      </Box>
    );
  }
  const bytes = hexBytes(record.hex);
  const located = locateFields(record, bytes);
  const key = fields[field]?.range;
  const range = key !== undefined ? located[key] : undefined;
  const side = width >= HEX_WIDTH + 50;
  const hexLines = Math.max(1, Math.ceil(bytes.length / 16));
  const what = record.dhcp?.messageType ?? (record.arp ? `ARP ${record.arp.kind}` : record.echo ? `ICMP echo ${record.echo.op}` : 'packet');
  const title = `Frame ${record.frame} · ${what} · ${record.src.ip ?? record.src.mac ?? '?'} → ${record.dst.ip ?? record.dst.mac ?? '?'}${of}`;
  if (side) {
    return (
      <Box flexDirection="column" height={height}>
        <Line role="heading">{clip(title, width)}</Line>
        <Box height={height - 1}>
          <Fields rows={fields} field={field} width={width - HEX_WIDTH - 2} height={height - 1} />
          <Box width={2} />
          <Hex bytes={bytes} range={range} height={height - 1} />
        </Box>
      </Box>
    );
  }
  const hexHeight = Math.min(hexLines, Math.max(3, Math.min(10, Math.floor((height - 2) * 0.4))));
  return (
    <Box flexDirection="column" height={height}>
      <Line role="heading">{clip(title, width)}</Line>
      <Fields rows={fields} field={field} width={width} height={height - hexHeight - 2} />
      <Line role="dim">{'─'.repeat(width)}</Line>
      <Hex bytes={bytes} range={range} height={hexHeight} />
    </Box>
  );
}
