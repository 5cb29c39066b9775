/**
 * Reads a lease database file as a stream of lines (bounded memory whatever its size), finds its format from
 * the content and hands each line to that format's parser. Parsers never throw on file text: damage becomes
 * warnings naming the file and line. Only a file that cannot be read, or is no lease database, is an error.
 */
import { createReadStream } from 'node:fs';
import { LeaseCollector, type LineParser } from './collect.js';
import { detectFormat, isPreamble } from './detect.js';
import { dnsmasqParser } from './dnsmasq.js';
import { iscParser } from './isc.js';
import { keaParser } from './kea.js';
import { libvirtParser } from './libvirt.js';
import { LeaseDbError, type DbFormat, type LeaseDatabase } from './types.js';
import { virtualboxParser } from './virtualbox.js';

export type { DbFormat, DbLease, DbState, DbWarning, LeaseDatabase } from './types.js';
export { LeaseDbError } from './types.js';

const PARSERS: Readonly<Record<Exclude<DbFormat, 'empty'>, (out: LeaseCollector) => LineParser>> = {
  isc: iscParser,
  dnsmasq: dnsmasqParser,
  kea: keaParser,
  virtualbox: virtualboxParser,
  libvirt: libvirtParser,
};

/** Longer lines are cut here (with a warning): no lease database writes lines anywhere near this long. */
const MAX_LINE = 1 << 20;

/** Feeds lines to the right parser once the first line with content has named the format. */
class LeaseDbReader {
  private parser: LineParser | undefined;
  private format: DbFormat = 'empty';
  private readonly preamble: string[] = [];
  private readonly out: LeaseCollector;

  constructor(private readonly file: string) {
    this.out = new LeaseCollector(file);
  }

  line(text: string, n: number): void {
    if (this.parser) {
      this.parser.line(text, n);
      return;
    }
    if (isPreamble(text) && this.preamble.length < 1000) {
      this.preamble.push(text);
      return;
    }
    const format = detectFormat(text);
    if (!format) throw new LeaseDbError(`${this.file}: not a lease database (ISC dhcpd.leases, dnsmasq.leases, Kea CSV, VirtualBox XML or libvirt JSON); line ${n} reads "${preview(text)}"`);
    this.format = format;
    this.parser = PARSERS[format](this.out);
    this.preamble.forEach((l, i) => this.parser!.line(l, i + 1));
    this.preamble.length = 0;
    this.parser.line(text, n);
  }

  warnLong(n: number): void {
    this.out.warn(n, `a line longer than ${MAX_LINE} bytes: cut there`);
  }

  finish(lastLine: number): LeaseDatabase {
    this.parser?.end(lastLine);
    // Only comments: an ISC file whose every lease expired away, or any empty file.
    return this.out.finish(this.format);
  }
}

/** Parses a whole text at once (tests, and callers that already hold the file). */
export function parseLeaseText(text: string, file: string): LeaseDatabase {
  const r = new LeaseDbReader(file);
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((l, i) => r.line(stripCr(l), i + 1));
  return r.finish(lines.length);
}

/** Reads and parses a lease database file. Rejects with LeaseDbError when it cannot be read or is none. */
export async function readLeaseDatabase(file: string): Promise<LeaseDatabase> {
  const r = new LeaseDbReader(file);
  let n = 0;
  let partial = '';
  let cut = false;
  const take = (text: string) => {
    n++;
    if (cut) r.warnLong(n);
    cut = false;
    r.line(stripCr(text), n);
  };
  try {
    const stream = createReadStream(file, { encoding: 'latin1', highWaterMark: 1 << 16 });
    for await (const chunk of stream as AsyncIterable<string>) {
      let from = 0;
      for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', from)) {
        take(partial + chunk.slice(from, nl));
        partial = '';
        from = nl + 1;
      }
      partial += chunk.slice(from);
      if (partial.length > MAX_LINE) {
        partial = partial.slice(0, MAX_LINE);
        cut = true;
      }
    }
  } catch (e) {
    if (e instanceof LeaseDbError) throw e;
    throw new LeaseDbError(`${file}: cannot read the lease file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (partial !== '') take(partial);
  return r.finish(n);
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

function preview(text: string): string {
  const t = text.trim().slice(0, 40);
  return t.replace(/[^\x20-\x7e]/g, '?');
}
