/**
 * A PacketRecord flattened into the rows of the packet pane, like Wireshark's details tree: one row per
 * header field and option, nested values (relay agent sub-options, lists) indented beneath their option.
 * Each row carries the id of its byte range (see hex.ts) so the hex dump can highlight it.
 */
import type { OptionValue } from '../../decode/frame.js';
import { describeTunnel } from '../../decode/tunnel.js';
import type { PacketRecord } from '../../report/types.js';

export interface FieldRow {
  readonly depth: number;
  readonly label: string;
  readonly value: string;
  /** Key into locateFields' result. */
  readonly range?: string;
  readonly heading?: boolean;
  readonly problem?: boolean;
}

function isPrimitive(v: OptionValue): v is string | number | boolean | null {
  return v === null || typeof v !== 'object';
}

function primitive(v: string | number | boolean | null): string {
  if (v === null) return '—';
  return typeof v === 'string' ? v : String(v);
}

/** Rows for an option value: scalars inline, short scalar lists joined, objects and lists nested. */
export function valueRows(label: string, value: OptionValue, depth: number, range?: string): FieldRow[] {
  const at = range !== undefined ? { range } : {};
  if (isPrimitive(value)) return [{ depth, label, value: primitive(value), ...at }];
  if (Array.isArray(value)) {
    const items: readonly OptionValue[] = value;
    if (items.every(isPrimitive)) {
      return [{ depth, label, value: items.map((v) => primitive(v as string | number | boolean | null)).join(', '), ...at }];
    }
    return [
      { depth, label, value: `${items.length} item${items.length === 1 ? '' : 's'}`, ...at },
      ...items.flatMap((item, i) => itemRows(item, i, depth + 1, range)),
    ];
  }
  const entries = Object.entries(value as { readonly [key: string]: OptionValue });
  return [{ depth, label, value: '', ...at }, ...entries.flatMap(([k, v]) => valueRows(k, v, depth + 1, range))];
}

const INLINE_KEYS = ['value', 'text'] as const;

/**
 * A list element. Named sub-options ({ code, name, value | text, ... }, as in option 82) get one row
 * "code name  value" with their remaining fields (length, hex...) beneath.
 */
function itemRows(item: OptionValue, index: number, depth: number, range?: string): FieldRow[] {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return valueRows(`[${index}]`, item, depth, range);
  const obj = item as { readonly [key: string]: OptionValue };
  const name = obj['name'];
  if (typeof name !== 'string') return valueRows(`[${index}]`, item, depth, range);
  const code = obj['code'];
  const inline = INLINE_KEYS.find((k) => obj[k] !== undefined && isPrimitive(obj[k] ?? null));
  const at = range !== undefined ? { range } : {};
  const rest = Object.entries(obj).filter(([k]) => k !== 'name' && k !== 'code' && k !== inline);
  return [
    { depth, label: typeof code === 'number' ? `${code} ${name}` : name, value: inline ? primitive((obj[inline] ?? null) as string | number | boolean | null) : '', ...at },
    ...rest.flatMap(([k, v]) => valueRows(k, v, depth + 1, range)),
  ];
}

const heading = (label: string, value = '', range?: string): FieldRow => ({
  depth: 0,
  label,
  value,
  heading: true,
  ...(range !== undefined ? { range } : {}),
});

export function packetFields(p: PacketRecord): FieldRow[] {
  const rows: FieldRow[] = [heading(`Frame ${p.frame}`, `${p.length} bytes · ${p.time}`)];
  if (p.captureFrame !== p.frame || p.capture > 0) rows.push({ depth: 1, label: 'capture', value: `#${p.capture + 1}, frame ${p.captureFrame}` });
  // The overlays first, outermost first: the link and network rows below are the inner frame's.
  for (const t of p.tunnel ?? []) {
    rows.push(heading('Overlay', describeTunnel(t)));
    if (t.vlan) rows.push({ depth: 1, label: 'outer VLAN', value: t.vlan.join(' / ') });
  }
  rows.push(heading('Link', p.l2));
  rows.push({ depth: 1, label: 'source', value: p.src.mac ?? '—', range: 'eth.src' });
  rows.push({ depth: 1, label: 'destination', value: p.dst.mac ?? '— (cooked capture)', range: 'eth.dst' });
  if (p.vlan.length > 0) rows.push({ depth: 1, label: 'VLAN', value: p.vlan.join(' / ') });
  if (p.src.ip !== undefined || p.dst.ip !== undefined) {
    rows.push(heading('IPv4', p.l3 ?? '', 'ip'));
    rows.push({ depth: 1, label: 'source', value: p.src.ip ?? '—', range: 'ip.src' });
    rows.push({ depth: 1, label: 'destination', value: p.dst.ip ?? '—', range: 'ip.dst' });
  }
  if (p.src.port !== undefined || p.dst.port !== undefined) {
    rows.push(heading('UDP', `${p.src.port ?? '?'} → ${p.dst.port ?? '?'}`, 'udp'));
  }
  if (p.icmp) {
    rows.push(heading('ICMP unreachable', `type ${p.icmp.type} code ${p.icmp.code}, ${p.icmp.from} → ${p.icmp.to} (quoted datagram below)`));
  }
  const d = p.dhcp;
  if (d) {
    rows.push(heading(d.cookie ? 'DHCP' : 'BOOTP', d.messageType ?? '', 'dhcp'));
    const field = (label: string, value: string, key: string): void => {
      rows.push({ depth: 1, label, value, range: `dhcp.${key}` });
    };
    field('op', d.op, 'op');
    field('htype / hlen', `${d.htype} / ${d.hlen}`, 'htype');
    field('hops', String(d.hops), 'hops');
    field('xid', d.xid, 'xid');
    field('secs', String(d.secs), 'secs');
    field('flags', d.broadcastFlag ? 'broadcast (B)' : 'unicast', 'flags');
    field('ciaddr', d.ciaddr, 'ciaddr');
    field('yiaddr', d.yiaddr, 'yiaddr');
    field('siaddr', d.siaddr, 'siaddr');
    field('giaddr', d.giaddr, 'giaddr');
    field('chaddr', d.chaddr, 'chaddr');
    field('sname', d.sname || '—', 'sname');
    field('file', d.file || '—', 'file');
    field('magic cookie', d.cookie ? 'present' : 'absent (BOOTP)', 'cookie');
    if (d.options.length > 0) rows.push(heading('Options', String(d.options.length)));
    for (const o of d.options) {
      const where = o.source ? ` (in ${o.source})` : '';
      rows.push(...valueRows(`${o.code} ${o.name}${where}`, o.value, 1, `option.${o.code}`));
    }
  }
  if (p.echo) {
    rows.push(heading('ICMP echo', p.echo.op));
    rows.push({ depth: 1, label: 'identifier', value: `0x${p.echo.id.toString(16).padStart(4, '0')} (${p.echo.id})` });
    rows.push({ depth: 1, label: 'sequence', value: String(p.echo.seq) });
  }
  const a = p.arp;
  if (a) {
    rows.push(heading('ARP', `${a.op} (${a.kind})`, 'arp'));
    rows.push({ depth: 1, label: 'opcode', value: `${a.opcode} ${a.op}`, range: 'arp.opcode' });
    rows.push({ depth: 1, label: 'sender MAC', value: a.senderMac, range: 'arp.senderMac' });
    rows.push({ depth: 1, label: 'sender IP', value: a.senderIp, range: 'arp.senderIp' });
    rows.push({ depth: 1, label: 'target MAC', value: a.targetMac, range: 'arp.targetMac' });
    rows.push({ depth: 1, label: 'target IP', value: a.targetIp, range: 'arp.targetIp' });
  }
  if (p.problems.length > 0) {
    rows.push(heading('Problems', String(p.problems.length)));
    for (const problem of p.problems) rows.push({ depth: 1, label: '✗', value: problem, problem: true });
  }
  return rows;
}
