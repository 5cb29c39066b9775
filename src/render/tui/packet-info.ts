/**
 * A packet as one row of Wireshark's packet list: source, destination, protocol and an info line such as
 * "DHCP REQUEST xid 0x1d69a55e (SELECTING) for 10.0.0.5" or "ARP who has 10.77.3.150? tell 10.77.3.2".
 */
import type { PacketDhcp, PacketRecord } from '../../report/types.js';

export interface PacketSummary {
  readonly source: string;
  readonly destination: string;
  readonly protocol: 'DHCP' | 'ARP' | 'ICMP' | '?';
  readonly info: string;
}

const BROADCAST_MAC = 'ff:ff:ff:ff:ff:ff';

function option(d: PacketDhcp, code: number): string | undefined {
  const v = d.options.find((o) => o.code === code)?.value;
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

/** The client state a REQUEST is sent in (RFC 2131 §4.3.2): judged from the message alone. */
export function requestState(p: PacketRecord, d: PacketDhcp): string {
  if (option(d, 54) !== undefined) return 'SELECTING';
  if (d.ciaddr !== '0.0.0.0') return p.dst.ip === '255.255.255.255' ? 'REBINDING' : 'RENEWING';
  return option(d, 50) !== undefined ? 'INIT-REBOOT' : 'unknown state';
}

function dhcpInfo(p: PacketRecord, d: PacketDhcp): string {
  const type = d.messageType ?? 'BOOTP';
  const head = `DHCP ${type} xid ${d.xid}`;
  const relayed = d.giaddr !== '0.0.0.0' ? ` via relay ${d.giaddr}` : '';
  switch (type) {
    case 'REQUEST': {
      const wanted = option(d, 50) ?? (d.ciaddr !== '0.0.0.0' ? d.ciaddr : undefined);
      return `${head} (${requestState(p, d)})${wanted ? ` for ${wanted}` : ''}${relayed}`;
    }
    case 'DISCOVER': {
      const wanted = option(d, 50);
      return `${head}${wanted ? ` asks for ${wanted}` : ''}${relayed}`;
    }
    case 'OFFER':
    case 'ACK': {
      const lease = option(d, 51);
      return `${head} ${d.yiaddr !== '0.0.0.0' ? `yiaddr ${d.yiaddr}` : `to ${d.ciaddr}`}${lease !== undefined ? ` lease ${lease}s` : ''}${relayed}`;
    }
    case 'NAK': {
      const message = option(d, 56);
      return `${head}${message ? ` "${message}"` : ''}${relayed}`;
    }
    case 'DECLINE':
      return `${head} of ${option(d, 50) ?? '?'}`;
    default:
      return `${head}${d.ciaddr !== '0.0.0.0' ? ` ciaddr ${d.ciaddr}` : ''}${relayed}`;
  }
}

function arpInfo(a: NonNullable<PacketRecord['arp']>): string {
  switch (a.kind) {
    case 'probe':
      return `ARP probe: who has ${a.targetIp}? (from 0.0.0.0)`;
    case 'announcement':
      return `ARP announcement: ${a.senderIp} is at ${a.senderMac}`;
    case 'request':
      return `ARP who has ${a.targetIp}? tell ${a.senderIp}`;
    case 'reply':
      return `ARP ${a.senderIp} is at ${a.senderMac}`;
  }
}

export function summarizePacket(p: PacketRecord): PacketSummary {
  const mac = (m: string | undefined) => (m === BROADCAST_MAC ? 'Broadcast' : (m ?? '?'));
  if (p.icmp) {
    const inner = p.dhcp ? dhcpInfo(p, p.dhcp) : '';
    return { source: p.icmp.from, destination: p.icmp.to, protocol: 'ICMP', info: `ICMP unreachable (type ${p.icmp.type} code ${p.icmp.code}) quoting ${inner}` };
  }
  if (p.dhcp) return { source: p.src.ip ?? mac(p.src.mac), destination: p.dst.ip ?? mac(p.dst.mac), protocol: 'DHCP', info: dhcpInfo(p, p.dhcp) };
  if (p.arp) return { source: mac(p.src.mac), destination: mac(p.dst.mac), protocol: 'ARP', info: arpInfo(p.arp) };
  return { source: mac(p.src.mac), destination: mac(p.dst.mac), protocol: '?', info: p.problems[0] ?? '' };
}
