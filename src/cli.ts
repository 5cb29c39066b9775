/**
 * The command line: meow's typed flags and help, our checks in one line each, one call to run(), an exit
 * code out (0 done, 1 --fail-on matched, 2 usage, 3 input unreadable). Never exits the process itself.
 */
import meow from 'meow';
import { run, UsageError, type OutputFormat } from './run.js';
import type { Severity } from './report/types.js';
import { TOOL_VERSION } from './report/build.js';
import { describeFilterError, parseFilter } from './query/index.js';
import { filterExpression } from './report/filter.js';
import { endSessionHeapPolicy, useBatchHeapPolicy, useSessionHeapPolicy } from './heap-policy.js';

const HELP = `
  Usage
    $ dorascope <capture>... [options]        (- reads a capture from stdin)
    $ dorascope -i <interface> [options]      capture live (tcpdump or dumpcap)
    $ dorascope --leases <file>... [options]   the lease databases alone

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
                           quote the capture (text timeline; JSON adds an "explanations" section;
                           the terminal UI opens with its explanation pane, key e)
    --packets              include every DHCP/ARP packet record (JSON/NDJSON)
    --hex                  include each packet's bytes as hex (with --packets)
    --no-color             no colours (also when NO_COLOR is set)

  Filters
    --filter <expr>        only rows that match, e.g. 'kind=RENEW and latency>1s', 'NAK', 'code=ARP_CONFLICT'
                           (fields and operators: README, "Filter language")
    --mac <mac>            only what concerns this client MAC (repeatable; short for --filter mac=M)
    --ip <ip>              only what concerns this IPv4 address (repeatable; short for --filter ip=I)
    --xid <xid>            only this transaction id, e.g. 0x3903f326 (repeatable; short for --filter xid=X)

  Live capture
    -i, --interface <if>   capture DHCP, ARP and ICMP on this interface (repeatable; "any" for all)
    --duration <s>         stop after this many seconds
    --count <n>            stop after this many packets
    -w, --write <file>     also save the raw capture to this file (open it in Wireshark)
                           q or Ctrl-C stops the capture; the report of what was seen is still written

  Checks
    --server <ip>          a trusted DHCP server (repeatable); any other that answers is ROGUE_SERVER
    --fail-on <severity>   exit 1 when a finding of this severity or worse exists: info, warning, error
    --starvation-clients <n>  distinct client MACs discovering within the window that mean a flood (default 30)
    --starvation-window <s>   that window in seconds (default 10)
    --storm <n>            copies of one client message in one exchange that make a storm (default 8)
    --timeout <s>          capture seconds of silence that close an open exchange (default 60)
    --leases <file>        a DHCP server's lease database to compare with the capture (repeatable):
                           ISC dhcpd.leases (also VMware's), dnsmasq.leases, Kea CSV, VirtualBox
                           Dhcpd.leases XML or libvirt's status JSON, found from the content
    --lease-skew <s>       seconds the servers' clocks may differ from the capture's (default 2)
    --max-transactions <n> exchanges (and clients, leases, ARP addresses) kept; more are counted and
                           said in warnings (default 250000; at most 100000 exchanges open at once)

  Exit codes: 0 done, 1 --fail-on matched, 2 usage error, 3 input unreadable

  Examples
    $ dorascope lab.pcapng
    $ dorascope lab.pcapng --json | jq '.transactions[] | {kind, outcome, assignedIp}'
    $ dorascope lab.pcapng --filter 'outcome=NAK or code=ARP_CONFLICT' --text
    $ sudo dorascope -i vmnet8 --duration 60 -w boot.pcap
`;

type Value = 'positive' | 'ipv4' | 'text';

/**
 * Every flag, one entry each (keys are meow's camelCase; the command line spells them with dashes). `value`
 * is our check of what a valued flag takes. Add a flag by adding one line here and one to HELP.
 */
const FLAGS = {
  json: { type: 'boolean' },
  ndjson: { type: 'boolean' },
  text: { type: 'boolean' },
  tui: { type: 'boolean' },
  html: { type: 'string', value: 'text' },
  mermaid: { type: 'boolean' },
  packets: { type: 'boolean' },
  explain: { type: 'boolean' },
  hex: { type: 'boolean' },
  color: { type: 'boolean', default: true },
  help: { type: 'boolean' },
  version: { type: 'boolean' },
  filter: { type: 'string', isMultiple: true, value: 'text' },
  mac: { type: 'string', isMultiple: true, value: 'text' },
  ip: { type: 'string', isMultiple: true, value: 'ipv4' },
  xid: { type: 'string', isMultiple: true, value: 'text' },
  server: { type: 'string', isMultiple: true, value: 'ipv4' },
  failOn: { type: 'string', value: 'text' },
  interface: { type: 'string', isMultiple: true, shortFlag: 'i', value: 'text' },
  write: { type: 'string', shortFlag: 'w', value: 'text' },
  duration: { type: 'string', value: 'positive' },
  count: { type: 'string', value: 'positive' },
  starvationClients: { type: 'string', value: 'positive' },
  starvationWindow: { type: 'string', value: 'positive' },
  storm: { type: 'string', value: 'positive' },
  timeout: { type: 'string', value: 'positive' },
  maxTransactions: { type: 'string', value: 'positive' },
  leases: { type: 'string', isMultiple: true, value: 'text' },
  leaseSkew: { type: 'string', value: 'positive' },
} as const satisfies Record<string, { type: 'boolean' | 'string'; isMultiple?: boolean; shortFlag?: string; default?: boolean; value?: Value }>;

type FlagKey = keyof typeof FLAGS;
const SEVERITIES: readonly Severity[] = ['info', 'warning', 'error'];

const dashed = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const BY_NAME = new Map<string, FlagKey>(
  Object.entries(FLAGS).flatMap(([key, spec]) => [
    [`--${dashed(key)}`, key as FlagKey],
    ...('shortFlag' in spec ? [[`-${spec.shortFlag}`, key as FlagKey] as const] : []),
  ]),
);

/**
 * What meow leaves to the program (it reports nothing itself with unknown flags allowed): unknown options,
 * a valued flag without its value, a value given to a switch. One pass over the arguments, in our words.
 */
function checkArguments(argv: readonly string[]): string | undefined {
  const unknown: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (!arg.startsWith('-') || arg === '-') continue;
    const eq = arg.indexOf('=');
    const name = eq > 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    const negated = name.startsWith('--no-') ? BY_NAME.get(`--${name.slice(5)}`) : undefined;
    const key = BY_NAME.get(name) ?? (negated && FLAGS[negated].type === 'boolean' ? negated : undefined);
    if (key === undefined) {
      unknown.push(name);
      continue;
    }
    const spec: { type: string } = FLAGS[key];
    if (spec.type === 'boolean') {
      if (name !== arg) return `${name} takes no value`;
      continue;
    }
    if (name !== arg) continue;
    const value = argv[i + 1];
    if (value === undefined || (value.startsWith('-') && value !== '-' && BY_NAME.has(value.split('=')[0]!))) return `${name} takes a value`;
    if (value.startsWith('--')) return `${name} takes a value`;
    i += 1;
  }
  return unknown.length > 0 ? `unknown option ${unknown.join(', ')}` : undefined;
}

/** meow reads "--html -" as an empty value and a lone "-" (stdin): hand it "--html=-" instead. */
function joinDashValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--html' && argv[i + 1] === '-') {
      out.push('--html=-');
      i += 1;
    } else out.push(argv[i]!);
  }
  return out;
}

let chosen: OutputFormat | undefined;

/** The output format the last call of main chose (bin/dorascope.js keeps a deeper code cache after a TUI session). */
export function chosenFormat(): OutputFormat | undefined {
  return chosen;
}

export async function main(argv: readonly string[]): Promise<number> {
  const mistake = checkArguments(argv);
  if (mistake) return usage(mistake);
  const cli = meow(HELP, {
    importMeta: import.meta,
    argv: joinDashValues(argv),
    flags: FLAGS,
    pkg: { name: 'dorascope', version: TOOL_VERSION },
    description: false,
    autoHelp: false,
    autoVersion: false,
    allowUnknownFlags: true,
  });
  const f = cli.flags;
  const list = (v: readonly string[] | undefined): readonly string[] => v ?? [];
  const expressions = list(f.filter);
  if (f.help) {
    process.stdout.write(`${cli.help.replace(/^\n/, '')}\n`);
    return 0;
  }
  if (f.version) {
    process.stdout.write(`${TOOL_VERSION}\n`);
    return 0;
  }
  const bad = checkValues(f);
  if (bad) return usage(bad);
  const formats: OutputFormat[] = [...(['json', 'ndjson', 'text', 'tui', 'mermaid'] as const).filter((name) => f[name]), ...(f.html !== undefined ? (['html'] as const) : [])];
  if (formats.length > 1) return usage(`choose one output format, not ${formats.map((c) => `--${c}`).join(' and ')}`);
  const format: OutputFormat = formats[0] ?? (process.stdout.isTTY ? 'tui' : 'text');
  chosen = format;
  const failOn = f.failOn;
  if (failOn !== undefined && !SEVERITIES.includes(failOn as Severity)) return usage(`--fail-on takes info, warning or error, not "${failOn}"`);
  const filter = { macs: list(f.mac), ips: list(f.ip), xids: list(f.xid), expression: expressions.map((e) => (expressions.length > 1 ? `(${e})` : e)).join(' and ') };
  for (const expression of expressions) {
    const parsed = parseFilter(expression);
    if (!parsed.ok) return usage(`--filter: ${describeFilterError(parsed.error)}`);
  }
  const combined = parseFilter(filterExpression(filter));
  if (!combined.ok) return usage(`--filter: ${describeFilterError(combined.error)}`);
  if (format === 'json' || format === 'ndjson' || format === 'text') useBatchHeapPolicy();
  if (format === 'tui') useSessionHeapPolicy();
  const interfaces = list(f.interface);
  const color = f.color !== false && !process.env['NO_COLOR'] && (format === 'tui' || Boolean(process.stdout.isTTY));
  const num = (key: FlagKey): number | undefined => {
    const v: unknown = f[key as keyof typeof f];
    return typeof v === 'string' ? Number(v) : undefined;
  };
  const starvationClients = num('starvationClients');
  const starvationWindow = num('starvationWindow');
  const storm = num('storm');
  const timeout = num('timeout');
  const maxTransactions = num('maxTransactions');
  const duration = num('duration');
  const count = num('count');
  const leaseSkew = num('leaseSkew');
  try {
    return await run(
      {
        inputs: cli.input,
        leases: list(f.leases),
        ...(leaseSkew !== undefined ? { leaseSkew } : {}),
        format,
        ...(f.html !== undefined ? { output: f.html } : {}),
        packets: f.packets === true,
        hex: f.hex === true,
        ...(failOn !== undefined ? { failOn: failOn as Severity } : {}),
        filter,
        trustedServers: list(f.server),
        color,
        ...(interfaces.length > 0
          ? { live: { interfaces, ...(duration !== undefined ? { durationS: duration } : {}), ...(count !== undefined ? { count } : {}), ...(f.write !== undefined ? { writeTo: f.write } : {}) } }
          : {}),
        explain: f.explain === true,
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
  } finally {
    if (format === 'tui') endSessionHeapPolicy();
  }
}

/** The flags' values, each checked by its table entry's `value`. */
function checkValues(flags: Record<string, unknown>): string | undefined {
  for (const [key, spec] of Object.entries(FLAGS)) {
    if (!('value' in spec)) continue;
    const given = flags[key];
    const values = (Array.isArray(given) ? given : given === undefined ? [] : [given]).map(String);
    for (const v of values) {
      if (spec.value === 'positive' && !(Number(v) > 0 && v.trim() !== '')) return `--${dashed(key)} takes a positive number`;
      if (spec.value === 'ipv4' && !/^\d{1,3}(\.\d{1,3}){3}$/.test(v)) return `not an IPv4 address: ${v}`;
    }
  }
  return undefined;
}

function usage(message: string): number {
  process.stderr.write(`dorascope: ${message}\nRun dorascope --help for usage.\n`);
  return 2;
}
