import { useEffect, useState } from 'react';
import { useStdout } from 'ink';

export interface Size {
  readonly columns: number;
  readonly rows: number;
}

function sizeOf(stdout: NodeJS.WriteStream): Size {
  return {
    columns: stdout.columns > 0 ? stdout.columns : 80,
    rows: stdout.rows > 0 ? stdout.rows : 24,
  };
}

/** The terminal size, following resize events; `fixed` (tests, or a caller that knows better) wins. */
export function useTerminalSize(fixed?: Size): Size {
  const { stdout } = useStdout();
  const [size, setSize] = useState<Size>(() => sizeOf(stdout));
  useEffect(() => {
    const onResize = (): void => setSize(sizeOf(stdout));
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return fixed ?? size;
}
