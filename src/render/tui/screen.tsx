import type { ReactNode } from 'react';
import { Box } from 'ink';
import { Arp } from './arp.js';
import { Findings } from './findings.js';
import { Footer } from './footer.js';
import { Handshakes } from './handshakes.js';
import { Header } from './header.js';
import { ExplainPane } from './explain-pane.js';
import { explainSelection } from './explain-selection.js';
import { Help } from './help.js';
import { LeaseCompare } from './lease-compare.js';
import { Leases } from './leases.js';
import { Overview } from './overview.js';
import { PacketPane } from './packet.js';
import { Packets } from './packets.js';
import { ProgressLine } from './progress.js';
import type { State } from './state.js';
import type { Derived } from './use-derived.js';
import type { Size } from './use-terminal-size.js';
import { Line } from './theme.js';

function Content({ state, d, width, height }: { state: State; d: Derived; width: number; height: number }): ReactNode {
  const overlay = state.overlay;
  if (overlay?.kind === 'help') return <Help width={width} height={height} />;
  if (overlay?.kind === 'packet') {
    return (
      <PacketPane
        frame={overlay.frame}
        {...(overlay.frames ? { frames: overlay.frames } : {})}
        record={d.packet?.record}
        fields={d.packet?.fields ?? []}
        field={overlay.field}
        width={width}
        height={height}
      />
    );
  }
  const { model, index } = d;
  if (overlay?.kind === 'lease') return <LeaseCompare row={model.leases[overlay.index]} model={model} width={width} height={height} />;
  switch (state.view) {
    case 'overview':
      return <Overview model={model} width={width} height={height} />;
    case 'handshakes':
      return (
        <Handshakes
          model={model}
          selected={index('handshakes')}
          transaction={d.transaction}
          ladder={d.ladder}
          focus={state.focus}
          step={state.step}
          width={width}
          height={height}
        />
      );
    case 'leases':
      return <Leases model={model} selected={index('leases')} width={width} height={height} />;
    case 'arp':
      return <Arp model={model} selected={index('arp')} width={width} height={height} />;
    case 'findings':
      return <Findings model={model} selected={index('findings')} width={width} height={height} />;
    case 'packets':
      return <Packets model={model} selected={index('packets')} timeFormat={state.timeFormat} width={width} height={height} />;
  }
}

/** Header, optional progress line, the current view (or overlay), footer: exactly one screen high. */
export function Screen({ state, d, size, title }: { state: State; d: Derived; size: Size; title: string }): ReactNode {
  const progress = d.model.report.progress;
  const reading = progress !== undefined && !progress.done;
  const height = Math.max(3, size.rows - 2 - (reading ? 1 : 0));
  return (
    <Box flexDirection="column" width={size.columns} height={size.rows}>
      <Header view={state.view} model={d.model} title={title} width={size.columns} />
      {reading ? <ProgressLine progress={progress} width={size.columns} /> : null}
      {state.explain && !state.overlay ? (
        <Explained state={state} d={d} width={size.columns} height={height} />
      ) : (
        <Box height={height} flexDirection="column" overflow="hidden">
          <Content state={state} d={d} width={size.columns} height={height} />
        </Box>
      )}
      <Footer state={state} width={size.columns} />
    </Box>
  );
}

/** The view above, the explanation of its selection below (`e`), sharing the height. */
function Explained({ state, d, width, height }: { state: State; d: Derived; width: number; height: number }): ReactNode {
  const paneHeight = explainPaneHeight(height);
  const viewHeight = height - paneHeight - 1;
  return (
    <Box height={height} flexDirection="column" overflow="hidden">
      <Box height={viewHeight} flexDirection="column" overflow="hidden">
        <Content state={state} d={d} width={width} height={viewHeight} />
      </Box>
      <Line role="dim">{'─'.repeat(width)}</Line>
      <ExplainPane explanation={explainSelection(state, d)} width={width} height={paneHeight} offset={state.explainOffset} />
    </Box>
  );
}

/** Rows the explanation pane takes out of the content area. */
export function explainPaneHeight(height: number): number {
  return Math.max(3, Math.floor(height * 0.45));
}

/** Lines a page key moves by: roughly a list's visible height. */
export function pageSize(size: Size): number {
  return Math.max(1, Math.floor((size.rows - 4) / 2));
}
