/** Lines as the TUI writes them: narrow characters, colours, bold and inverse, some left open at the end. */
export const TUI_LINES: readonly string[] = [
  '\u001b[7m\u001b[1m 1 Overview \u001b[22m\u001b[27m 2 Handshakes 8  3 Leases 7 \u001b[1m\u001b[31m 5 Findings 5 \u001b[39m\u001b[22m',
  '\u001b[36m ⟳ reading 15 KiB / 15 KiB (100%) · 79 frames \u001b[39m\u001b[36m▕████████████████▏\u001b[39m',
  ' DISCOVER     7 \u001b[36m███████████████▉\u001b[39m',
  ' 10.9.2.1        \u001b[36m      \u001b[39m\u001b[32m     2   3\u001b[39m   0',
  '\u001b[1m\u001b[31m✗ error\u001b[22m still red',
  'plain text — with → arrows … and ≠ signs',
  '',
];
