/**
 * Colour roles. With NO_COLOR every role maps to no style at all (no ANSI codes), which is why every meaning
 * carried by a colour is also carried by a mark (✗ ⇉ → ↻ ! ›) in the text itself.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { Text, type TextProps } from 'ink';

export type Role =
  | 'error'
  | 'warning'
  | 'info'
  | 'ok'
  | 'dim'
  | 'accent'
  | 'selected'
  | 'heading'
  | 'key'
  | 'client'
  | 'server'
  | 'relay';

export type TextStyle = Pick<TextProps, 'color' | 'bold' | 'dimColor' | 'inverse' | 'underline'>;

const STYLES: { readonly [role in Role]: TextStyle } = {
  error: { color: 'red', bold: true },
  warning: { color: 'yellow' },
  info: { color: 'cyan' },
  ok: { color: 'green' },
  dim: { dimColor: true },
  accent: { inverse: true, bold: true },
  selected: { inverse: true },
  heading: { bold: true, underline: true },
  key: { color: 'cyan', bold: true },
  client: { color: 'cyan' },
  server: { color: 'green' },
  relay: { color: 'magenta' },
};

export interface Theme {
  readonly color: boolean;
  style(role: Role | undefined): TextStyle;
}

export function makeTheme(color: boolean): Theme {
  return { color, style: (role) => (color && role ? STYLES[role] : {}) };
}

const ThemeContext = createContext<Theme>(makeTheme(true));

export function ThemeProvider({ theme, children }: { theme: Theme; children: ReactNode }): ReactNode {
  return <ThemeContext.Provider value={theme}>{children}</ThemeContext.Provider>;
}

export function useTheme(): Theme {
  return useContext(ThemeContext);
}

/** A run of text in a role; nest inside a <Text wrap="truncate"> line. */
export function Span({ role, children }: { role?: Role | undefined; children: ReactNode }): ReactNode {
  const theme = useTheme();
  return <Text {...theme.style(role)}>{children}</Text>;
}

/** One terminal line that never wraps. */
export function Line({ role, children }: { role?: Role | undefined; children?: ReactNode }): ReactNode {
  const theme = useTheme();
  return (
    <Text wrap="truncate" {...theme.style(role)}>
      {children ?? ' '}
    </Text>
  );
}
