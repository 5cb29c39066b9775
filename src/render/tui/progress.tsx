import type { ReactNode } from 'react';
import type { Progress } from '../../report/types.js';
import { bar, bytes, count } from './format.js';
import { Line, Span } from './theme.js';
import { useRate } from './use-rate.js';

/** Shown while the capture is still being read: bytes read / total, frames, and the read rate. */
export function ProgressLine({ progress, width }: { progress: Progress; width: number }): ReactNode {
  const rate = useRate(progress.bytesRead);
  const total = progress.bytesTotal;
  const share = total !== undefined && total > 0 ? Math.min(1, progress.bytesRead / total) : undefined;
  const read = total !== undefined ? `${bytes(progress.bytesRead)} / ${bytes(total)}` : `${bytes(progress.bytesRead)}`;
  const percent = share !== undefined ? ` (${Math.floor(share * 100)}%)` : '';
  const text = ` ⟳ reading ${read}${percent} · ${count(progress.frames)} frames${rate > 0 ? ` · ${bytes(Math.round(rate))}/s` : ''} `;
  const barWidth = Math.max(0, Math.min(30, width - text.length - 2));
  return (
    <Line>
      <Span role="info">{text}</Span>
      {share !== undefined && barWidth >= 5 ? (
        <Span role="info">{`▕${bar(share, 1, barWidth).padEnd(barWidth, '·')}▏`}</Span>
      ) : null}
    </Line>
  );
}
