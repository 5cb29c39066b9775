/**
 * ISC dhcpd.leases (also VMware's vmnetdhcp and anything else writing its format). An append-only journal:
 * each `lease IP { … }` block is the address's whole state at that moment, and a later block supersedes an
 * earlier one. Times are `W YYYY/MM/DD HH:MM:SS` in UTC, or `epoch N` (db-time-format local), or `never`.
 * `host`, `failover peer`, `group`, `class` blocks and top-level statements (server-duid,
 * authoring-byte-order, db-time-format) are read past; `on` blocks inside a lease too.
 *
 * Damage: ISC writes one statement per line, so a line whose statement is not closed is set aside with a
 * warning; a lease block that another `lease` interrupts, or that the file ends inside, is left out with a
 * warning. Everything before and after is kept.
 */
import { hexOf, intOf, isIpv4, macOf, utf8Of, type LeaseCollector, type LineParser } from './collect.js';
import { tokenizeLine, type IscToken } from './isc-tokens.js';
import type { DbState } from './types.js';

const STATES: ReadonlySet<string> = new Set(['free', 'active', 'expired', 'released', 'abandoned', 'reset', 'backup']);
const TIMES = new Set(['starts', 'ends', 'tstp', 'tsfp', 'atsfp', 'cltt']);

interface LeaseDraft {
  readonly ip: string;
  readonly line: number;
  mac: string | null;
  clientId?: string;
  hostname?: string;
  state?: DbState;
  abandoned: boolean;
  times: Map<string, number | null>;
}

type Frame = { readonly kind: 'lease'; readonly draft: LeaseDraft } | { readonly kind: 'other' };

export function iscParser(out: LeaseCollector): LineParser {
  const stack: Frame[] = [];
  let pending: IscToken[] = [];

  const statement = (tokens: readonly IscToken[], n: number) => {
    const top = stack.at(-1);
    if (top?.kind === 'lease' && stack.length === 1) applyStatement(top.draft, tokens, n, out);
  };
  const open = (head: readonly IscToken[], n: number) => {
    const ip = head.length === 2 && word(head[0]) === 'lease' ? word(head[1]) : undefined;
    if (ip !== undefined && stack.length > 0 && stack.some((f) => f.kind === 'lease')) {
      const lost = stack.find((f): f is Extract<Frame, { kind: 'lease' }> => f.kind === 'lease')!;
      out.warn(lost.draft.line, `lease block for ${lost.draft.ip} is not closed before line ${n}: left out`);
      stack.length = 0;
    }
    if (ip !== undefined && stack.length === 0) {
      if (isIpv4(ip)) stack.push({ kind: 'lease', draft: { ip, line: n, mac: null, abandoned: false, times: new Map() } });
      else {
        out.warn(n, `lease for "${ip}", not an IPv4 address: left out`);
        stack.push({ kind: 'other' });
      }
      return;
    }
    stack.push({ kind: 'other' });
  };
  const close = (n: number) => {
    const top = stack.pop();
    if (!top) out.warn(n, 'a "}" that closes nothing: ignored');
    else if (top.kind === 'lease') out.add(finish(top.draft));
  };

  return {
    line(text, n) {
      const { tokens, unterminated } = tokenizeLine(text);
      if (unterminated) out.warn(n, 'a quoted string is not closed on its line');
      for (const t of tokens) {
        if (t.kind !== 'punct' || t.text === '=') {
          pending.push(t);
          continue;
        }
        if (t.text === ';') statement(pending, n);
        else if (t.text === '{') open(pending, n);
        else {
          if (pending.length > 0) out.warn(n, 'a statement without ";" before "}": ignored');
          close(n);
        }
        pending = [];
      }
      if (pending.length > 0) {
        out.warn(n, `a statement without ";" ("${describe(pending)}"): ignored`);
        pending = [];
      }
    },
    end(lastLine) {
      const lease = stack.find((f): f is Extract<Frame, { kind: 'lease' }> => f.kind === 'lease');
      if (lease) out.warn(lease.draft.line, `lease block for ${lease.draft.ip} is not closed at the end of the file (line ${lastLine}): left out`);
      else if (stack.length > 0) out.warn(lastLine, 'the file ends inside a block');
    },
  };
}

function applyStatement(d: LeaseDraft, tokens: readonly IscToken[], n: number, out: LeaseCollector): void {
  const words = tokens.map(word);
  const [first, second, third] = words;
  if (first === undefined) return;
  if (TIMES.has(first)) {
    const t = timeOf(words.slice(1));
    if (t === undefined) out.warn(n, `${first}: not a time ("${describe(tokens.slice(1))}")`);
    else d.times.set(first, t);
  } else if (first === 'binding' && second === 'state') {
    if (third !== undefined && STATES.has(third)) d.state = third as DbState;
    else out.warn(n, `binding state "${third ?? ''}" is not one ISC writes`);
  } else if (first === 'hardware') {
    const mac = words[2] !== undefined ? macOf(words[2]) : undefined;
    if (second === 'ethernet' && mac === undefined) out.warn(n, `hardware ethernet "${words[2] ?? ''}" is not a MAC`);
    else if (second === 'ethernet') d.mac = mac!;
  } else if (first === 'uid') {
    const id = idOf(tokens[1]);
    if (id === undefined) out.warn(n, 'uid: neither a string nor hex');
    else d.clientId = id;
  } else if (first === 'client-hostname') {
    const s = tokens[1];
    if (s?.kind === 'string') d.hostname = utf8Of(String.fromCharCode(...s.bytes));
  } else if (first === 'abandoned') {
    d.abandoned = true; // ISC 2.0 and vmnetdhcp mark it so, without binding states
  }
  // next/rewind binding state, set, option, ddns-*, billing, …: what the server plans, not what it holds.
}

function finish(d: LeaseDraft): Parameters<LeaseCollector['add']>[0] {
  const start = d.times.get('starts') ?? d.times.get('cltt') ?? null;
  const ends = d.times.get('ends');
  const state: DbState = d.state ?? (d.abandoned ? 'abandoned' : 'active');
  return {
    ip: d.ip,
    mac: d.mac,
    ...(d.clientId !== undefined ? { clientId: d.clientId } : {}),
    ...(d.hostname !== undefined ? { hostname: d.hostname } : {}),
    state,
    start,
    end: ends === undefined ? null : ends,
    line: d.line,
  };
}

/** `never`, `epoch N`, or `W YYYY/MM/DD HH:MM:SS` (UTC) as epoch seconds (null: never); undefined when none. */
function timeOf(words: readonly (string | undefined)[]): number | null | undefined {
  if (words[0] === 'never' && words.length === 1) return null;
  if (words[0] === 'epoch' && words.length === 2) return intOf(words[1]);
  if (words.length !== 3 || !/^[0-6]$/.test(words[0] ?? '')) return undefined;
  const d = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(words[1] ?? '');
  const t = /^(\d{1,2}):(\d{2}):(\d{2})$/.exec(words[2] ?? '');
  if (!d || !t) return undefined;
  const [y, mo, da, h, mi, s] = [d[1], d[2], d[3], t[1], t[2], t[3]].map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || da < 1 || da > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  return Date.UTC(y, mo - 1, da, h, mi, s) / 1000;
}

/** A uid: a quoted string of raw bytes (octal escapes), or colon-separated hex. */
function idOf(t: IscToken | undefined): string | undefined {
  if (t?.kind === 'string') return t.bytes.length > 0 ? hexOf(t.bytes) : undefined;
  if (t?.kind === 'word' && /^[0-9a-f]{1,2}(:[0-9a-f]{1,2})*$/i.test(t.text)) return hexOf(t.text.split(':').map((b) => parseInt(b, 16)));
  return undefined;
}

function word(t: IscToken | undefined): string | undefined {
  return t?.kind === 'word' ? t.text : undefined;
}

function describe(tokens: readonly IscToken[]): string {
  const text = tokens.map((t) => (t.kind === 'string' ? '"…"' : t.text)).join(' ');
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
