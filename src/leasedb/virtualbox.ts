/**
 * VirtualBox's DHCP server (6.1+, VBoxNetDHCP) keeps one XML file per network, `<network>-Dhcpd.leases`:
 *
 *   <Leases version="1.0">
 *     <Lease mac="08:00:27:…" id="01080027…" network="0.0.0.0" state="acked">
 *       <Address value="10.0.2.15"/>
 *       <Time issued="1700000000" expiration="1200"/>
 *     </Lease>
 *
 * `issued` is epoch seconds and `expiration` the lease time in seconds (Db.cpp, Binding::toXML). States:
 * free, released, expired, offered, acked. Files written before the state attribute existed held relative
 * times; they are kept as expired without times, as VirtualBox itself reads them.
 * Read as a stream of tags (no DOM), so a file of any size takes bounded memory; a tag or a Lease element
 * that is broken is left out with a warning.
 */
import { hexIdOf, intOf, isIpv4, macOf, type LeaseCollector, type LineParser } from './collect.js';
import type { DbState } from './types.js';

const VBOX_STATES: Readonly<Record<string, DbState>> = { acked: 'active', offered: 'offered', free: 'free', released: 'released', expired: 'expired' };
const MAX_TAG = 4096;

interface LeaseDraft {
  readonly line: number;
  readonly attrs: ReadonlyMap<string, string>;
  address?: string;
  issued?: number;
  lifetime?: number;
}

export function virtualboxParser(out: LeaseCollector): LineParser {
  let tag: { text: string; line: number } | undefined;
  let lease: LeaseDraft | undefined;

  const onTag = (text: string, n: number) => {
    const t = parseTag(text);
    if (!t) return;
    if (t.name === 'Lease' && !t.closing) {
      if (lease) out.warn(lease.line, `Lease element is not closed before line ${n}: left out`);
      lease = t.selfClosing ? undefined : { line: n, attrs: t.attrs };
    } else if (t.name === 'Lease' && t.closing) {
      if (!lease) out.warn(n, '</Lease> closes nothing');
      else emit(lease, out);
      lease = undefined;
    } else if (lease && t.name === 'Address') {
      const v = t.attrs.get('value');
      if (v !== undefined) lease.address = v;
    } else if (lease && t.name === 'Time') {
      const issued = intOf(t.attrs.get('issued'));
      const lifetime = intOf(t.attrs.get('expiration'));
      if (issued !== undefined) lease.issued = issued;
      if (lifetime !== undefined) lease.lifetime = lifetime;
    }
  };

  return {
    line(text, n) {
      let i = 0;
      while (i < text.length) {
        if (!tag) {
          const lt = text.indexOf('<', i);
          if (lt < 0) break;
          tag = { text: '', line: n };
          i = lt + 1;
        }
        const gt = text.indexOf('>', i);
        tag.text += text.slice(i, gt < 0 ? text.length : gt);
        if (tag.text.length > MAX_TAG) {
          out.warn(tag.line, 'a tag longer than 4096 characters: skipped');
          tag = undefined;
          if (gt < 0) break;
          i = gt + 1;
          continue;
        }
        if (gt < 0) {
          tag.text += ' ';
          break;
        }
        onTag(tag.text, tag.line);
        tag = undefined;
        i = gt + 1;
      }
    },
    end(lastLine) {
      if (lease) out.warn(lease.line, `Lease element is not closed at the end of the file (line ${lastLine}): left out`);
    },
  };
}

function emit(l: LeaseDraft, out: LeaseCollector): void {
  const ip = l.address;
  if (ip === undefined || !isIpv4(ip)) {
    out.warn(l.line, 'Lease without an IPv4 Address value: left out');
    return;
  }
  const stateName = l.attrs.get('state');
  const timed = stateName !== undefined && l.issued !== undefined && l.lifetime !== undefined;
  const mac = macOf(l.attrs.get('mac') ?? '');
  const id = hexIdOf(l.attrs.get('id') ?? '');
  out.add({
    ip,
    mac: mac ?? null,
    ...(id !== undefined ? { clientId: id } : {}),
    state: stateName === undefined ? 'expired' : (VBOX_STATES[stateName] ?? 'released'),
    start: timed ? l.issued! : null,
    end: timed ? l.issued! + l.lifetime! : null,
    line: l.line,
  });
}

interface Tag {
  readonly name: string;
  readonly closing: boolean;
  readonly selfClosing: boolean;
  readonly attrs: ReadonlyMap<string, string>;
}

const ATTR = /([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** A start, end or empty-element tag; undefined for declarations, comments and processing instructions. */
function parseTag(text: string): Tag | undefined {
  if (text.startsWith('?') || text.startsWith('!')) return undefined;
  const closing = text.startsWith('/');
  const body = closing ? text.slice(1) : text;
  const name = /^[A-Za-z_][\w.:-]*/.exec(body)?.[0];
  if (!name) return undefined;
  const attrs = new Map<string, string>();
  for (const m of body.slice(name.length).matchAll(ATTR)) attrs.set(m[1]!, unescapeXml(m[2] ?? m[3] ?? ''));
  return { name, closing, selfClosing: body.trimEnd().endsWith('/'), attrs };
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[e] ?? whole;
  });
}
