/**
 * Conformance with Wireshark: every capture in ../shared/captures (public test suites' captures) and in
 * fixtures/captures (our lab's) that has a NAME.tshark.tsv beside it is read with our reader and decoder and
 * compared, frame by frame, with the dissection tshark made of it. A missing folder is skipped with a message.
 *
 * Rules for comparing (where tshark's fields and our frames are shaped differently):
 * - Options: tshark's `dhcp.option.type` lists every instance in wire order, End as 0, Pad left out, and the
 *   options that overload (52) put in sname/file nested at option 52's position, each area with its own End.
 *   We keep one entry per code in order of first appearance (options field, then file, then sname). So: drop
 *   tshark's 0s, keep the first occurrence of each code; the codes in the options field must then appear in
 *   the same order in both, and the overloaded codes (our `source` set) must be the same set.
 * - `dhcp.hw.type` and `dhcp.hw.mac_addr` repeat for option 61 with a hardware type: the first occurrence is
 *   the BOOTP header's; a second one must match our option 61 type/id.
 * - `vlan.id` holds only 802.1Q tags (0x8100, and 0x9100 which Wireshark hands to the same dissector);
 *   802.1ad (0x88a8) tags are `ieee8021ad.id` there. We list every tag, so compare against our non-802.1ad tags.
 * - `eth.src`/`eth.dst` are only present for Ethernet framing; when tshark has them we must have the same
 *   MACs (Linux cooked captures carry the source in `sll.src.eth`, which the oracle did not export).
 * - `ip.src`/`ip.dst` hold two values for an ICMP error quoting a datagram: the ICMP's own (our quotedBy)
 *   then the quoted one (our ip).
 * - ARP `arp.src.hw_mac`/`arp.dst.hw_mac` only exist for 6-byte hardware addresses; the classification
 *   (isprobe/isgratuitous) is checked only for Ethernet/IPv4 ARP, the only kind we classify.
 * - A row with neither DHCP nor ARP fields is a frame tshark calls DHCP but could not dissect (too short):
 *   we must have a frame for it, and it must be malformed.
 * - A frame tshark does not list must not be DHCP or ARP for us. No known exceptions in this corpus.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../src/capture/reader.js';
import { Decoder } from '../../src/decode/decoder.js';
import { getOption } from '../../src/decode/dhcp/message.js';
import type { ArpFrame, DhcpFrame, Frame, OptionValue } from '../../src/decode/frame.js';
import { nonEmpty, skipNoteWhenNoShared } from '../helpers/shared-captures.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The public reference corpus, and the project's own lab captures (those that have an oracle beside them). */
const CORPORA = [resolve(root, '../shared/captures'), resolve(root, 'fixtures/captures')];

type Row = Readonly<Record<string, string>>;

function readTsv(path: string): Row[] {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l !== '');
  const header = (lines[0] ?? '').split('\t');
  return lines.slice(1).map((line) => {
    const cells = line.split('\t');
    const row: Record<string, string> = {};
    header.forEach((h, i) => (row[h] = cells[i] ?? ''));
    return row;
  });
}

function epochString(f: Frame): string {
  return `${f.tsSec}.${String(f.tsNanos).padStart(9, '0')}`;
}

function list(cell: string): string[] {
  return cell === '' ? [] : cell.split(',');
}

function valueText(v: OptionValue | undefined): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map((x) => valueText(x)).join(',');
  return String(v);
}

function isRecordValue(v: OptionValue | undefined): v is { readonly [key: string]: OptionValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function firstOccurrences(codes: readonly number[]): number[] {
  const seen = new Set<number>();
  const out: number[] = [];
  for (const c of codes) {
    if (!seen.has(c)) {
      seen.add(c);
      out.push(c);
    }
  }
  return out;
}

class Diff {
  readonly out: string[] = [];
  constructor(private readonly where: string) {}
  eq(field: string, ours: string | number | boolean | undefined, theirs: string): void {
    const o = ours === undefined ? '' : String(ours);
    if (o !== theirs) this.out.push(`${this.where}: ${field}: ours ${JSON.stringify(o)}, tshark ${JSON.stringify(theirs)}`);
  }
}

function compareDhcp(d: Diff, f: DhcpFrame, row: Row): void {
  const m = f.dhcp;
  d.eq('dhcp.type', m.op, row['dhcp.type'] ?? '');
  const hwTypes = list(row['dhcp.hw.type'] ?? '');
  d.eq('dhcp.hw.type', `0x${m.htype.toString(16).padStart(2, '0')}`, hwTypes[0] ?? '');
  d.eq('dhcp.hw.len', m.hlen, row['dhcp.hw.len'] ?? '');
  d.eq('dhcp.hops', m.hops, row['dhcp.hops'] ?? '');
  d.eq('dhcp.id', `0x${m.xid.toString(16).padStart(8, '0')}`, row['dhcp.id'] ?? '');
  d.eq('dhcp.secs', m.secs, row['dhcp.secs'] ?? '');
  d.eq('dhcp.flags.bc', m.broadcastFlag ? 1 : 0, row['dhcp.flags.bc'] ?? '');
  d.eq('dhcp.ip.client', m.ciaddr, row['dhcp.ip.client'] ?? '');
  d.eq('dhcp.ip.your', m.yiaddr, row['dhcp.ip.your'] ?? '');
  d.eq('dhcp.ip.server', m.siaddr, row['dhcp.ip.server'] ?? '');
  d.eq('dhcp.ip.relay', m.giaddr, row['dhcp.ip.relay'] ?? '');
  const macs = list(row['dhcp.hw.mac_addr'] ?? '');
  const clientId = getOption(m, 61)?.value;
  const cidType = isRecordValue(clientId) ? clientId : undefined;
  if (m.htype === 1 && m.hlen === 6) d.eq('dhcp.hw.mac_addr[0]', m.chaddr, macs[0] ?? '');
  const cidMacIndex = m.htype === 1 && m.hlen === 6 ? 1 : 0;
  if (macs.length > cidMacIndex) d.eq('dhcp.hw.mac_addr (option 61)', valueText(cidType?.['id']), macs[cidMacIndex] ?? '');
  if (hwTypes.length > 1) d.eq('dhcp.hw.type (option 61)', `0x${Number(cidType?.['type']).toString(16).padStart(2, '0')}`, hwTypes[1] ?? '');
  d.eq('dhcp.cookie', m.cookie ? '99.130.83.99' : '', row['dhcp.cookie'] ?? '');

  // Option codes (see the rules at the top).
  const theirs = firstOccurrences(list(row['dhcp.option.type'] ?? '').map(Number).filter((c) => c !== 0));
  const overloaded = new Set(m.options.filter((o) => o.source !== undefined).map((o) => o.code));
  const oursMain = m.options.filter((o) => o.source === undefined).map((o) => o.code);
  d.eq('dhcp.option.type (options field)', oursMain.join(','), theirs.filter((c) => !overloaded.has(c)).join(','));
  d.eq(
    'dhcp.option.type (overloaded)',
    [...overloaded].sort((a, b) => a - b).join(','),
    theirs.filter((c) => overloaded.has(c) || !oursMain.includes(c)).sort((a, b) => a - b).join(','),
  );

  d.eq('dhcp.option.dhcp', m.messageType, row['dhcp.option.dhcp'] ?? '');
  const optText = (code: number): string => valueText(getOption(m, code)?.value);
  d.eq('dhcp_server_id', optText(54), row['dhcp.option.dhcp_server_id'] ?? '');
  d.eq('requested_ip_address', optText(50), row['dhcp.option.requested_ip_address'] ?? '');
  d.eq('ip_address_lease_time', optText(51), row['dhcp.option.ip_address_lease_time'] ?? '');
  d.eq('hostname', optText(12), row['dhcp.option.hostname'] ?? '');
  d.eq('vendor_class_id', optText(60), row['dhcp.option.vendor_class_id'] ?? '');
  d.eq('subnet_mask', optText(1), row['dhcp.option.subnet_mask'] ?? '');
  d.eq('router', optText(3), row['dhcp.option.router'] ?? '');
  d.eq('domain_name_server', optText(6), row['dhcp.option.domain_name_server'] ?? '');

  const ipSrc = list(row['ip.src'] ?? '');
  const ipDst = list(row['ip.dst'] ?? '');
  if (f.tunnel) {
    // An overlay's outer IPv4 header comes first: the tunnel endpoints.
    d.eq('ip.src (tunnel)', f.tunnel[0]?.src, ipSrc[0] ?? '');
    d.eq('ip.dst (tunnel)', f.tunnel[0]?.dst, ipDst[0] ?? '');
  } else if (ipSrc.length === 2) {
    d.eq('ip.src (ICMP)', f.quotedBy?.from, ipSrc[0] ?? '');
    d.eq('ip.dst (ICMP)', f.quotedBy?.to, ipDst[0] ?? '');
  }
  d.eq('ip.src', f.ip.src, ipSrc[ipSrc.length - 1] ?? '');
  d.eq('ip.dst', f.ip.dst, ipDst[ipDst.length - 1] ?? '');
  d.eq('udp.srcport', f.udp.srcPort, list(row['udp.srcport'] ?? '').pop() ?? '');
  d.eq('udp.dstport', f.udp.dstPort, list(row['udp.dstport'] ?? '').pop() ?? '');
}

function compareArp(d: Diff, f: ArpFrame, row: Row): void {
  const a = f.arp;
  d.eq('arp.opcode', a.opcode, row['arp.opcode'] ?? '');
  if ((row['arp.src.hw_mac'] ?? '') !== '') d.eq('arp.src.hw_mac', a.senderMac, row['arp.src.hw_mac'] ?? '');
  if ((row['arp.dst.hw_mac'] ?? '') !== '') d.eq('arp.dst.hw_mac', a.targetMac, row['arp.dst.hw_mac'] ?? '');
  d.eq('arp.src.proto_ipv4', a.ptype === 0x0800 && a.plen === 4 ? a.senderIp : '', row['arp.src.proto_ipv4'] ?? '');
  d.eq('arp.dst.proto_ipv4', a.ptype === 0x0800 && a.plen === 4 ? a.targetIp : '', row['arp.dst.proto_ipv4'] ?? '');
  if (a.ethernetIpv4) {
    const expected =
      row['arp.isprobe'] === '1' || (a.senderIp === '0.0.0.0' && a.opcode <= 2)
        ? 'probe'
        : row['arp.isgratuitous'] === '1'
          ? 'announcement'
          : a.opcode === 1
            ? 'request'
            : 'reply';
    d.eq('arp kind (isprobe/isgratuitous)', a.kind, expected);
  }
}

interface CaptureResult {
  readonly frames: Map<number, Frame>;
  readonly records: number;
  readonly warnings: string[];
  readonly stats: Decoder['stats'];
}

async function decodeCapture(path: string): Promise<CaptureResult> {
  const decoder = new Decoder();
  const frames = new Map<number, Frame>();
  const warnings: string[] = [];
  let records = 0;
  await readCapture(path, { captureIndex: 0, firstFrame: 1 }, {
    onRecord(rec) {
      records++;
      const f = decoder.decode(rec);
      if (f !== undefined) frames.set(rec.frame, f);
    },
    onWarning(w) {
      warnings.push(w.message);
    },
  });
  return { frames, records, warnings, stats: decoder.stats };
}

function capturesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => /\.(pcap|pcapng)(\.gz)?$/.test(n) && existsSync(join(dir, `${n}.tshark.tsv`)))
    .map((n) => join(dir, n));
}

const captures = CORPORA.flatMap(capturesIn);
skipNoteWhenNoShared('conformance with tshark');

let rowsCompared = 0;

describe('conformance with tshark on the reference captures', () => {
  // The repository's own lab captures always have their oracle beside them; the shared ones may be absent.
  nonEmpty('repository captures with a .tshark.tsv', capturesIn(resolve(root, 'fixtures/captures')));
  it.each(captures)('%s', async (path) => {
    const name = basename(path);
    const { frames, records, warnings } = await decodeCapture(path);
    const rows = readTsv(`${path}.tshark.tsv`);
    const diffs: string[] = [];
    const listed = new Set<number>();
    for (const row of rows) {
      const n = Number(row['frame.number']);
      listed.add(n);
      const d = new Diff(`${name} frame ${n}`);
      const f = frames.get(n);
      if (f === undefined) {
        diffs.push(`${name} frame ${n}: tshark lists it, we have no frame`);
        continue;
      }
      rowsCompared++;
      d.eq('frame.time_epoch', epochString(f), row['frame.time_epoch'] ?? '');
      d.eq('frame.len', f.origlen, row['frame.len'] ?? '');
      d.eq('frame.cap_len', f.caplen, row['frame.cap_len'] ?? '');
      // Inside an overlay tshark lists the outer Ethernet header first and the inner one last: ours is the inner.
      const eth = (cell: string) => (f.tunnel ? (list(cell).pop() ?? '') : cell);
      if ((row['eth.src'] ?? '') !== '') d.eq('eth.src', f.srcMac, eth(row['eth.src'] ?? ''));
      if ((row['eth.dst'] ?? '') !== '') d.eq('eth.dst', f.dstMac, eth(row['eth.dst'] ?? ''));
      const dot1q = f.vlan.filter((_, i) => f.vlanTpids?.[i] !== 0x88a8);
      d.eq('vlan.id', dot1q.join(','), row['vlan.id'] ?? '');
      const isDhcpRow = (row['dhcp.type'] ?? '') !== '';
      const isArpRow = (row['arp.opcode'] ?? '') !== '';
      if (isDhcpRow) {
        if (f.kind !== 'dhcp') d.eq('kind', f.kind, 'dhcp');
        else compareDhcp(d, f, row);
      } else if (isArpRow) {
        if (f.kind !== 'arp') d.eq('kind', f.kind, 'arp');
        else compareArp(d, f, row);
      } else {
        d.eq('kind (tshark could not dissect it)', f.kind, 'malformed');
        if (f.kind === 'malformed') {
          if ((row['ip.src'] ?? '') !== '') d.eq('ip.src', f.ip?.src, row['ip.src'] ?? '');
          if ((row['udp.dstport'] ?? '') !== '') d.eq('udp.dstport', f.udp?.dstPort, row['udp.dstport'] ?? '');
        }
      }
      diffs.push(...d.out);
    }
    for (const [n, f] of frames) {
      if (!listed.has(n)) diffs.push(`${name} frame ${n}: we decode it as ${f.kind}, tshark does not list it`);
    }
    expect(warnings).toEqual([]);
    expect(records).toBeGreaterThanOrEqual(rows.length);
    expect(diffs).toEqual([]);
  });

  it('compared rows', () => {
    // Runs after the captures above (vitest runs a file's tests in order).
    console.log(`conformance: ${rowsCompared} tshark rows compared over ${captures.length} captures`);
    expect(rowsCompared).toBeGreaterThan(0);
  });
});
