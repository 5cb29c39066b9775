import type { ReactNode } from 'react';
import { Box } from 'ink';
import type { ArpBinding } from '../../report/types.js';
import { clock, epochOf } from './format.js';
import type { Model } from './model.js';
import { Table, type Column } from './table.js';
import { Line } from './theme.js';
import { timeline } from './timeline.js';

const COLUMNS: readonly Column<ArpBinding>[] = [
  { title: 'IP', width: 15, priority: 1, text: (b) => b.ip },
  {
    title: 'state',
    width: 10,
    priority: 1,
    text: (b) => (b.conflict ? '✗ CONFLICT' : 'ok'),
    role: (b) => (b.conflict ? 'error' : 'dim'),
  },
  { title: 'MACs', width: 5, priority: 3, align: 'right', text: (b) => String(b.claims.length) },
  { title: 'claimed by (in time order)', width: 30, priority: 2, flex: true, text: (b) => b.claims.map((c) => c.mac).join(' → ') },
];

/** With VLANs or overlays the same address can be bound once per segment: then a column says where. */
const SEGMENT: Column<ArpBinding> = { title: 'segment', width: 18, priority: 2, text: (b) => b.segment ?? 'lan' };

function columnsFor(rows: readonly ArpBinding[]): readonly Column<ArpBinding>[] {
  return rows.some((b) => b.segment !== undefined) ? [COLUMNS[0]!, SEGMENT, ...COLUMNS.slice(1)] : COLUMNS;
}

type Claim = ArpBinding['claims'][number];

function claimColumns(binding: ArpBinding, model: Model): Column<Claim>[] {
  const owner = binding.claims[0]?.mac;
  const other = (c: Claim): boolean => binding.conflict && c.mac !== owner;
  return [
    { title: ' ', width: 1, priority: 1, text: (c) => (other(c) ? '✗' : ' '), role: (c) => (other(c) ? 'error' : undefined) },
    { title: 'MAC', width: 17, priority: 1, text: (c) => c.mac, role: (c) => (other(c) ? 'error' : undefined) },
    { title: 'vendor', width: 12, priority: 5, text: (c) => model.client(c.mac)?.vendor ?? '' },
    { title: 'host', width: 10, priority: 6, text: (c) => model.client(c.mac)?.hostnames[0] ?? '' },
    { title: 'frames', width: 9, priority: 3, text: (c) => (c.firstFrame === c.lastFrame ? `#${c.firstFrame}` : `#${c.firstFrame}–${c.lastFrame}`) },
    { title: 'count', width: 5, priority: 2, align: 'right', text: (c) => String(c.count) },
    { title: 'kinds', width: 14, priority: 2, text: (c) => c.kinds.join(',') },
    { title: 'first', width: 12, priority: 3, text: (c) => clock(c.firstTime) },
    { title: 'last', width: 12, priority: 4, text: (c) => clock(c.lastTime) },
    {
      title: 'timeline',
      width: 8,
      priority: 7,
      flex: true,
      text: (c, width) => timeline(epochOf(c.firstTime), epochOf(c.lastTime), model.span, width),
      role: (c) => (other(c) ? 'error' : 'info'),
    },
  ];
}

/** Who claimed which address in ARP, in time order; an address claimed by two MACs is a conflict. */
export function Arp({ model, selected, width, height }: { model: Model; selected: number; width: number; height: number }): ReactNode {
  const binding = model.arp[selected];
  const detailHeight = binding ? Math.min(binding.claims.length + 2, Math.floor(height / 2)) : 0;
  const title = binding ? `${binding.ip}${binding.segment ? ` on ${binding.segment}` : ''}` : '';
  const empty = model.filter !== '' ? `no ARP entry matches "${model.filter}"` : 'no ARP seen (yet)';
  return (
    <Box flexDirection="column" height={height}>
      <Table columns={columnsFor(model.arp)} rows={model.arp} selected={selected} height={height - detailHeight} width={width} active empty={empty} rowRole={(b) => (b.conflict ? 'error' : undefined)} />
      {binding ? (
        <Box flexDirection="column" height={detailHeight} overflow="hidden">
          <Line role="dim">{`── ${title} ${'─'.repeat(Math.max(0, width - title.length - 4))}`}</Line>
          <Table columns={claimColumns(binding, model)} rows={binding.claims} selected={-1} height={detailHeight - 1} width={width} active={false} />
        </Box>
      ) : null}
    </Box>
  );
}
