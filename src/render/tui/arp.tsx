import type { ReactNode } from 'react';
import { Box } from 'ink';
import type { ArpBinding } from '../../report/types.js';
import { cell, clip, clock, epochOf } from './format.js';
import type { Model } from './model.js';
import { Table, type Column } from './table.js';
import { Line, Span } from './theme.js';
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

function Claims({ binding, model, width }: { binding: ArpBinding; model: Model; width: number }): ReactNode {
  const owner = binding.claims[0]?.mac;
  const barWidth = Math.max(0, width - 70);
  return (
    <>
      <Line role="heading">{`  ${cell('MAC', 17)} ${cell('vendor', 12)} ${cell('frames', 11)} ${cell('count', 5, 'right')} ${cell('kinds', 18)} first–last`}</Line>
      {binding.claims.map((c, i) => {
        const other = binding.conflict && c.mac !== owner;
        const vendor = model.clients.get(c.mac)?.vendor ?? '';
        const host = model.clients.get(c.mac)?.hostnames[0];
        return (
          <Line key={i} role={other ? 'error' : undefined}>
            {`${other ? '✗ ' : '  '}${cell(c.mac, 17)} ${cell(vendor, 12)} ${cell(`#${c.firstFrame}–${c.lastFrame}`, 11)} ${cell(String(c.count), 5, 'right')} ${cell(c.kinds.join(','), 18)} `}
            {`${clock(c.firstTime)}–${clock(c.lastTime)} `}
            {barWidth > 4 ? <Span role={other ? 'error' : 'info'}>{timeline(epochOf(c.firstTime), epochOf(c.lastTime), model.span, barWidth)}</Span> : null}
            {host ? <Span role="dim">{` ${clip(host, 20)}`}</Span> : null}
          </Line>
        );
      })}
    </>
  );
}

/** Who claimed which address in ARP, in time order; an address claimed by two MACs is a conflict. */
export function Arp({ model, selected, width, height }: { model: Model; selected: number; width: number; height: number }): ReactNode {
  const binding = model.arp[selected];
  const detailHeight = binding ? Math.min(binding.claims.length + 2, Math.floor(height / 2)) : 0;
  const empty = model.filter !== '' ? `no ARP entry matches "${model.filter}"` : 'no ARP seen (yet)';
  return (
    <Box flexDirection="column" height={height}>
      <Table columns={COLUMNS} rows={model.arp} selected={selected} height={height - detailHeight} width={width} active empty={empty} rowRole={(b) => (b.conflict ? 'error' : undefined)} />
      {binding ? (
        <Box flexDirection="column" height={detailHeight} overflow="hidden">
          <Line role="dim">{`── ${binding.ip} ${'─'.repeat(Math.max(0, width - binding.ip.length - 4))}`}</Line>
          <Claims binding={binding} model={model} width={width} />
        </Box>
      ) : null}
    </Box>
  );
}
