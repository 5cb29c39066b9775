/** The command line: meow flags in, one call to run(), exit code out. */
import meow from 'meow';
import { run, UsageError, type OutputFormat } from './run.js';
import type { Severity } from './report/types.js';
import { TOOL_VERSION } from './report/build.js';

const HELP = `
  Usage
    $ dorascope <capture>... [options]        (- reads a capture from stdin)

  Reads pcap/pcapng captures (gzipped or not), rebuilds every DHCP exchange, checks broadcast/unicast
  delivery against RFC 2131, tracks leases and ARP, and reports conflicts.

  Output (default: the terminal UI on a terminal, the text timeline in a pipe)
    --json                 the whole report as JSON (schema: src/report/report.schema.json)
    --ndjson               one JSON object per line: packets, transactions, findings, then a summary
    --text                 the plain text timeline
    --tui                  the interactive terminal UI
    --packets              include every DHCP/ARP packet record (JSON/NDJSON)
    --hex                  include each packet's bytes as hex (with --packets)
    --no-color             no colours (also when NO_COLOR is set)

  Filters
    --mac <mac>            only what concerns this client MAC (repeatable)
    --ip <ip>              only what concerns this IPv4 address (repeatable)
    --xid <xid>            only this transaction id, e.g. 0x3903f326 (repeatable)

  Checks
    --server <ip>          a trusted DHCP server (repeatable); any other that answers is ROGUE_SERVER
    --fail-on <severity>   exit 1 when a finding of this severity or worse exists: info, warning, error
    --starvation-clients <n>  distinct client MACs discovering within the window that mean a flood (default 30)
    --starvation-window <s>   that window in seconds (default 10)
    --storm <n>            copies of one client message in one exchange that make a storm (default 8)
    --timeout <s>          capture seconds of silence that close an open exchange (default 60)
    --max-transactions <n> exchanges (and clients, leases, ARP addresses) kept; more are counted and
                           said in warnings (default 250000; at most 100000 exchanges open at once)

  Exit codes: 0 done, 1 --fail-on matched, 2 usage error, 3 input unreadable

  Examples
    $ dorascope lab.pcapng
    $ dorascope lab.pcapng --json | jq '.transactions[] | {kind, outcome, assignedIp}'
    $ tcpdump -i eth0 -w - 'port 67 or port 68 or arp' | dorascope - --ndjson
`;

const SEVERITIES: readonly Severity[] = ['info', 'warning', 'error'];

const FLAGS = {
  json: { type: 'boolean', default: false },
  ndjson: { type: 'boolean', default: false },
  text: { type: 'boolean', default: false },
  tui: { type: 'boolean', default: false },
  packets: { type: 'boolean', default: false },
  hex: { type: 'boolean', default: false },
  color: { type: 'boolean', default: true },
  mac: { type: 'string', isMultiple: true },
  ip: { type: 'string', isMultiple: true },
  xid: { type: 'string', isMultiple: true },
  server: { type: 'string', isMultiple: true },
  failOn: { type: 'string' },
  starvationClients: { type: 'number' },
  starvationWindow: { type: 'number' },
  storm: { type: 'number' },
  timeout: { type: 'number' },
  maxTransactions: { type: 'number' },
} as const;

export async function main(argv: readonly string[]): Promise<number> {
  const cli = meow(HELP, {
    importMeta: import.meta,
    argv: [...argv],
    version: TOOL_VERSION,
    // Unknown flags are reported below, in our own one-line format.
    allowUnknownFlags: true,
    flags: FLAGS,
  });
  const f = cli.flags;
  const known = new Set(['help', 'version', ...Object.keys(FLAGS).flatMap((k) => [k, k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)])]);
  const unknown = Object.keys(cli.unnormalizedFlags).filter((k) => !known.has(k) && !(k.startsWith('no-') && known.has(k.slice(3))));
  if (unknown.length > 0) return usage(`unknown option ${unknown.map((k) => (k.length === 1 ? `-${k}` : `--${k}`)).join(', ')}`);
  const chosen = (['json', 'ndjson', 'text', 'tui'] as const).filter((k) => f[k]);
  if (chosen.length > 1) return usage(`choose one output format, not ${chosen.map((c) => `--${c}`).join(' and ')}`);
  const format: OutputFormat = chosen[0] ?? (process.stdout.isTTY ? 'tui' : 'text');
  if (f.failOn !== undefined && !SEVERITIES.includes(f.failOn as Severity)) return usage(`--fail-on takes info, warning or error, not "${f.failOn}"`);
  for (const ip of [...(f.ip ?? []), ...(f.server ?? [])]) if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) return usage(`not an IPv4 address: ${ip}`);
  for (const [name, v] of Object.entries({ starvationClients: f.starvationClients, starvationWindow: f.starvationWindow, storm: f.storm, timeout: f.timeout, maxTransactions: f.maxTransactions })) {
    if (v !== undefined && !(v > 0)) return usage(`--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} takes a positive number`);
  }
  const color = f.color && !process.env['NO_COLOR'] && (format === 'tui' || Boolean(process.stdout.isTTY));
  try {
    return await run(
      {
        inputs: cli.input,
        format,
        packets: f.packets,
        hex: f.hex,
        ...(f.failOn !== undefined ? { failOn: f.failOn as Severity } : {}),
        filter: { macs: f.mac ?? [], ips: f.ip ?? [], xids: f.xid ?? [] },
        trustedServers: f.server ?? [],
        color,
        analyzer: {
          ...(f.starvationClients !== undefined ? { starvationClients: f.starvationClients } : {}),
          ...(f.starvationWindow !== undefined ? { starvationWindow: f.starvationWindow } : {}),
          ...(f.storm !== undefined ? { stormRetransmissions: f.storm } : {}),
          ...(f.timeout !== undefined ? { transactionTimeout: f.timeout } : {}),
          ...(f.maxTransactions !== undefined
            ? { maxTransactions: f.maxTransactions, maxOpenTransactions: Math.min(f.maxTransactions, 100_000) }
            : {}),
        },
      },
      { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin },
    );
  } catch (e) {
    if (e instanceof UsageError) return usage(e.message);
    throw e;
  }
}

function usage(message: string): number {
  process.stderr.write(`dorascope: ${message}\nRun dorascope --help for usage.\n`);
  return 2;
}
