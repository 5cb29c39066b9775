/** The command line: flags in, one call to run(), exit code out. */
import { parseArgs } from 'node:util';
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
    --html <file>          one self-contained HTML page (ladders, lease timeline, findings); - for stdout
    --mermaid              each exchange as a Mermaid sequence diagram (Markdown for GitHub/GitLab)
    --explain              explain every exchange, step, network and finding in plain sentences that
                           quote the capture (text timeline; JSON adds an "explanations" section)
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

type FlagKind = 'boolean' | 'string' | 'strings' | 'number';

/** Every option, by its command-line name. `strings` may be repeated; `no-color` negates `color`. */
const FLAGS = {
  json: 'boolean',
  ndjson: 'boolean',
  text: 'boolean',
  tui: 'boolean',
  html: 'string',
  mermaid: 'boolean',
  packets: 'boolean',
  explain: 'boolean',
  hex: 'boolean',
  color: 'boolean',
  'no-color': 'boolean',
  help: 'boolean',
  version: 'boolean',
  mac: 'strings',
  ip: 'strings',
  xid: 'strings',
  server: 'strings',
  'fail-on': 'string',
  'starvation-clients': 'number',
  'starvation-window': 'number',
  storm: 'number',
  timeout: 'number',
  'max-transactions': 'number',
} as const satisfies Record<string, FlagKind>;

type FlagName = keyof typeof FLAGS;

interface Flags {
  readonly booleans: ReadonlySet<FlagName>;
  readonly strings: ReadonlyMap<FlagName, readonly string[]>;
  readonly numbers: ReadonlyMap<FlagName, number>;
  readonly inputs: readonly string[];
}

const isFlag = (name: string): name is FlagName => Object.hasOwn(FLAGS, name);

/**
 * node:util's parseArgs splits the arguments (`--x=v`, `--x v`, `--`, a lone `-`); the checks are ours, so every
 * mistake gets one line in our words. Returns the message of the first mistake instead of flags.
 */
function parseFlags(argv: readonly string[]): Flags | string {
  const options = Object.fromEntries(Object.entries(FLAGS).map(([name, kind]) => [name, { type: kind === 'boolean' ? 'boolean' : 'string', multiple: kind === 'strings' }] as const));
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  const booleans = new Set<FlagName>();
  const strings = new Map<FlagName, string[]>();
  const numbers = new Map<FlagName, number>();
  const inputs: string[] = [];
  const unknown: string[] = [];
  for (const t of tokens) {
    if (t.kind === 'positional') inputs.push(t.value);
    if (t.kind !== 'option') continue;
    if (!isFlag(t.name)) {
      unknown.push(t.rawName);
      continue;
    }
    const kind: FlagKind = FLAGS[t.name];
    if (kind === 'boolean') {
      if (t.value !== undefined) return `${t.rawName} takes no value`;
      booleans.add(t.name);
      continue;
    }
    if (t.value === undefined || (!t.inlineValue && t.value.startsWith('--'))) return `${t.rawName} takes a value`;
    if (kind === 'number') {
      const n = Number(t.value);
      if (!(n > 0) || t.value.trim() === '') return `${t.rawName} takes a positive number`;
      numbers.set(t.name, n);
    } else strings.set(t.name, kind === 'strings' ? [...(strings.get(t.name) ?? []), t.value] : [t.value]);
  }
  if (unknown.length > 0) return `unknown option ${unknown.join(', ')}`;
  return { booleans, strings, numbers, inputs };
}

export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseFlags(argv);
  if (typeof parsed === 'string') return usage(parsed);
  const on = (name: FlagName) => parsed.booleans.has(name);
  const list = (name: FlagName) => parsed.strings.get(name) ?? [];
  const num = (name: FlagName) => parsed.numbers.get(name);
  if (on('help')) {
    process.stdout.write(`${HELP.replace(/^\n/, '')}\n`);
    return 0;
  }
  if (on('version')) {
    process.stdout.write(`${TOOL_VERSION}\n`);
    return 0;
  }
  const html = list('html').at(-1);
  const chosen: OutputFormat[] = [...(['json', 'ndjson', 'text', 'tui', 'mermaid'] as const).filter(on), ...(html !== undefined ? (['html'] as const) : [])];
  if (chosen.length > 1) return usage(`choose one output format, not ${chosen.map((c) => `--${c}`).join(' and ')}`);
  const format: OutputFormat = chosen[0] ?? (process.stdout.isTTY ? 'tui' : 'text');
  const failOn = list('fail-on').at(-1);
  if (failOn !== undefined && !SEVERITIES.includes(failOn as Severity)) return usage(`--fail-on takes info, warning or error, not "${failOn}"`);
  for (const ip of [...list('ip'), ...list('server')]) if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) return usage(`not an IPv4 address: ${ip}`);
  const color = !on('no-color') && !process.env['NO_COLOR'] && (format === 'tui' || Boolean(process.stdout.isTTY));
  const starvationClients = num('starvation-clients');
  const starvationWindow = num('starvation-window');
  const storm = num('storm');
  const timeout = num('timeout');
  const maxTransactions = num('max-transactions');
  try {
    return await run(
      {
        inputs: parsed.inputs,
        format,
        ...(html !== undefined ? { output: html } : {}),
        packets: on('packets'),
        hex: on('hex'),
        ...(failOn !== undefined ? { failOn: failOn as Severity } : {}),
        filter: { macs: list('mac'), ips: list('ip'), xids: list('xid') },
        trustedServers: list('server'),
        color,
        explain: on('explain'),
        analyzer: {
          ...(starvationClients !== undefined ? { starvationClients } : {}),
          ...(starvationWindow !== undefined ? { starvationWindow } : {}),
          ...(storm !== undefined ? { stormRetransmissions: storm } : {}),
          ...(timeout !== undefined ? { transactionTimeout: timeout } : {}),
          ...(maxTransactions !== undefined ? { maxTransactions, maxOpenTransactions: Math.min(maxTransactions, 100_000) } : {}),
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
