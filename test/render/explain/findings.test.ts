/**
 * Findings explained: every code the analysis can raise has a template, and each template, on a lab capture
 * (a built one where the lab has no such case), quotes that capture's frames, addresses and MACs, and says why
 * it matters, the likely causes and what to check next.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/index.js';
import { explainFinding } from '../../../src/render/explain/index.js';
import { FINDING_TEMPLATES } from '../../../src/render/explain/finding-templates.js';
import type { Report } from '../../../src/report/types.js';
import { A, B, IP, S1, S2 } from '../../helpers/hosts.js';
import { scenario, T0 } from '../../helpers/scenario.js';
import { parseLeaseText, readLeaseDatabase } from '../../../src/leasedb/read.js';
import type { LeaseDatabase } from '../../../src/leasedb/types.js';
import { findingCodes } from './codes.js';
import { lab, text } from './lab.js';

interface Case {
  readonly code: string;
  readonly report: () => Promise<Report>;
  readonly says: readonly string[];
}

const built = (s: ReturnType<typeof scenario>): Promise<Report> => analyze(s.build());

/** A lab capture beside the lease file the lab kept from its server. */
const withLeases = async (capture: string, leases: string): Promise<Report> =>
  analyze(`fixtures/captures/${capture}`, { leaseDatabases: [await readLeaseDatabase(`fixtures/captures/${leases}`)] });

/** One ISC lease record, times relative to the built scenarios' T0. */
const isc = (mac: string, starts: number, ends: number, ip = IP, state = 'active'): LeaseDatabase =>
  parseLeaseText(`lease ${ip} {\n  starts epoch ${T0 + starts};\n  ends epoch ${T0 + ends};\n  binding state ${state};\n  hardware ethernet ${mac};\n}\n`, 'dhcpd.leases');

/** A plain DORA of IP to A beside a lease database. */
const builtWith = (db: LeaseDatabase): Promise<Report> => analyze(scenario().at(0).dora({ mac: A, xid: 7, server: S1, yiaddr: IP, lease: 3600 }).build(), { leaseDatabases: [db] });

/** The server the client did not choose acks it (no lab server does that). */
const serverMismatch = (): Promise<Report> =>
  built(
    scenario()
      .at(0).discover({ mac: A, xid: 1 })
      .at(0.01).offer({ server: S1, mac: A, xid: 1, yiaddr: IP, to: 'unicast' })
      .at(0.02).request({ mac: A, xid: 1, server: S1, requested: IP })
      .at(0.03).ack({ server: S2, mac: A, xid: 1, yiaddr: IP, to: 'unicast' }),
  );

/** The client set the broadcast flag and the server answered unicast anyway. */
const deliveryMismatch = (): Promise<Report> =>
  built(
    scenario()
      .at(0).discover({ mac: B, xid: 2, broadcastFlag: true })
      .at(0.01).offer({ server: S1, mac: B, xid: 2, yiaddr: IP, to: 'unicast', broadcastFlag: true }),
  );

/** Eight copies of one DISCOVER, nobody answering. */
function storm(): Promise<Report> {
  const s = scenario();
  for (let i = 0; i < 9; i++) s.at(i * 0.5).discover({ mac: A, xid: 3 });
  return built(s);
}

/** A DHCP datagram cut off inside its fixed header. */
const malformed = (): Promise<Report> => built(scenario().at(0).udp({ srcMac: A, src: '0.0.0.0', dst: '255.255.255.255', srcPort: 68, dstPort: 67, payload: new Uint8Array([1, 1, 6, 0, 0, 0]) }));

/** ARP from the address 30 s after the client released it. */
/** The server's ping check of 10.9.3.77 is answered by another host, and it offers 10.9.3.77 all the same. */
const checkedOffered = (): Promise<Report> => {
  const server = '10.9.3.1';
  const serverMac = '02:00:00:00:03:0a';
  const other = '02:00:00:00:03:99';
  const ip = '10.9.3.77';
  return built(
    scenario()
      .at(0).discover({ mac: A, xid: 1 })
      .at(0.001).arpRequest({ mac: serverMac, ip: server, target: ip })
      .at(0.0011).arpReply({ mac: other, ip, toMac: serverMac, toIp: server })
      .at(0.0012).ping({ from: server, to: ip, fromMac: serverMac, toMac: other })
      .at(0.0013).ping({ from: ip, to: server, fromMac: other, toMac: serverMac, reply: true })
      .at(1).offer({ server, serverMac, mac: A, xid: 1, yiaddr: ip, lease: 600, mask: '255.255.255.0' }),
  );
};

const staleUse = (): Promise<Report> =>
  built(
    scenario()
      .at(0).dora({ mac: A, xid: 4, server: S1, yiaddr: IP })
      .at(10).release({ mac: A, xid: 5, server: S1, ciaddr: IP })
      .at(40).arpRequest({ mac: A, ip: IP, target: S1 }),
  );

const CASES: readonly Case[] = [
  { code: 'MULTIPLE_SERVERS', report: () => lab('14-rogue-server.pcap'), says: ["took 10.70.14.66's offer of 10.70.14.200 (frame 2) because it answered first", '10.70.14.1 offered 10.70.14.100', '(frame 7)', 'Why it matters', 'Likely causes', 'Check next', '02:00:00:14:00:66'] },
  { code: 'ROGUE_SERVER', report: () => lab('14-rogue-server.pcap', { trustedServers: ['10.70.14.1'] }), says: ["took 10.70.14.66's offer", 'because it answered first', 'check which switch port 02:00:00:14:00:66 is on', 'DHCP snooping'] },
  { code: 'DOUBLE_ASSIGNMENT', report: () => lab('11-double-assignment.pcap'), says: ['10.70.11.1 acked 10.70.11.50 to 02:00:00:11:00:0a in frame 8', '10.70.11.2 acked 10.70.11.50 to 02:00:00:11:00:0b in frame 12', 'two servers (10.70.11.1 and 10.70.11.2)'] },
  { code: 'ARP_CONFLICT', report: () => lab('12-arp-conflict.pcap'), says: ['10.70.12.1 acked 10.70.12.50 to 02:00:00:12:00:0a in frame 7', '02:00:00:12:00:0b claimed 10.70.12.50 in ARP', 'find 02:00:00:12:00:0b in the switch', 'frames 7 and 12'] },
  { code: 'PROBE_ANSWERED', report: () => lab('05-decline.pcap'), says: ['"who has 10.9.5.50?" with sender 0.0.0.0 (frame 5', '02:00:00:00:05:99 answered "10.9.5.50 is at 02:00:00:00:05:99" (frame 6)', 'declined the address (frame 7)', 'RFC 5227 §2.1.1', 'find who answered: 02:00:00:00:05:99'] },
  { code: 'DECLINE', report: () => lab('05-decline.pcap'), says: ['The DECLINE is frame 7, sent from 0.0.0.0 to 255.255.255.255', '02:00:00:00:05:99'] },
  { code: 'NAK', report: () => lab('04-init-reboot-nak.pcap'), says: ['10.9.4.1 sent the NAK in frame 2 for a INIT-REBOOT exchange asking for 192.168.77.23', 'got 10.9.4.60', 'moved to another network'] },
  { code: 'NO_OFFER', report: () => lab('06-renew-rebind.pcap'), says: ['frames 22 and 23', 'giaddr 0.0.0.0', 'ip helper-address'] },
  { code: 'NO_ACK', report: () => lab('06-renew-rebind.pcap'), says: ['02:00:00:00:06:01 sent', 'no answer came', 'is the server running?'] },
  { code: 'SERVER_UNREACHABLE', report: () => lab('06-renew-rebind.pcap'), says: ['Frame 19 is an ICMP port unreachable from 10.9.6.1', 'UDP port 67', 'the DHCP service on 10.9.6.1'] },
  { code: 'CLIENT_UNREACHABLE', report: () => lab('08-inform.pcap'), says: ['Frame 5', 'ICMP port unreachable', 'raw (packet) socket'] },
  { code: 'STARVATION', report: () => lab('13-starvation.pcap'), says: ['02:00:00:13:00:66', 'starvation tool', 'port security'] },
  { code: 'CHADDR_MISMATCH', report: () => lab('13-starvation.pcap'), says: ['The Ethernet source is 02:00:00:13:00:66', 'chaddr', 'bridged over Wi-Fi'] },
  { code: 'SERVER_MISMATCH', report: serverMismatch, says: [`chose ${S1} in its REQUEST, but the ACK came from ${S2}`] },
  { code: 'DELIVERY_MISMATCH', report: deliveryMismatch, says: ['Frame 2: OFFER', 'broadcast flag set', 'the rule wants broadcast (broadcast flag set)'] },
  { code: 'RETRANSMISSION_STORM', report: storm, says: ['retransmissions', 'NO_OFFER'] },
  { code: 'MALFORMED', report: malformed, says: ['frame 1', 'snap length'] },
  { code: 'STALE_USE', report: staleUse, says: [A, IP, 'Why it matters'] },
  { code: 'DB_MAC_MISMATCH', report: () => withLeases('16-old-lease-file.pcap', '16-old-lease-file.dhcpd.leases'), says: ['acked 10.9.16.51 to 02:00:00:00:16:02 in frame 8', 'line 19 holds 10.9.16.51 for 02:00:00:00:16:03', 'older copy of its lease file'] },
  { code: 'DB_ARP_CONFLICT', report: () => withLeases('17-static-squatter.pcap', '17-static-squatter.dnsmasq.leases'), says: ['line 1 holds 10.9.17.50 for 52:54:00:17:00:01', 'by hand'] },
  { code: 'DB_DECLINED_EXPLAINED', report: () => withLeases('18-ping-check-abandoned.pcap', '18-ping-check-abandoned.dhcpd.leases'), says: ['line 9 holds 10.9.18.50 for no MAC, abandoned', 'someone else answers for it'] },
  { code: 'DB_END_MISMATCH', report: () => builtWith(isc(A, 0, 600)), says: ['line 1 holds 192.168.1.50 for', 'lease time'] },
  { code: 'DB_LEASE_MISSING', report: () => builtWith(isc(B, -7200, -3600, '192.168.1.77')), says: ['holds 1 address;', 'older than the capture'] },
  { code: 'DB_FREE_IN_USE', report: () => builtWith(isc(A, -7200, -3600, IP, 'free')), says: ['free since', 'will hand it to the next client'] },
  { code: 'DB_DECLINED_UNEXPLAINED', report: () => builtWith(isc(B, 0, 3600, '192.168.1.99', 'abandoned')), says: ['holds 192.168.1.99 for', 'before the capture'] },
  { code: 'POOL_ADDRESS_IN_USE', report: () => lab('20-ping-check-dnsmasq.pcap'), says: ['10.9.21.50', '02:00:00:00:21:99', 'abandoned'] },
  { code: 'CHECKED_ADDRESS_OFFERED', report: checkedOffered, says: ['10.9.3.77', 'in use'] },
];

describe('finding templates', () => {
  it('every code the analysis can raise has a template', () => {
    const codes = findingCodes();
    expect(codes.size).toBeGreaterThanOrEqual(18);
    const missing = [...codes].filter((c) => !(c in FINDING_TEMPLATES));
    expect(missing).toEqual([]);
  });

  it('every template is covered by a case below', () => {
    expect(new Set(CASES.map((c) => c.code))).toEqual(new Set(Object.keys(FINDING_TEMPLATES)));
  });

  for (const c of CASES) {
    it(`${c.code} quotes the capture`, async () => {
      const report = await c.report();
      const f = report.findings.find((x) => x.code === c.code);
      expect(f, `${c.code} in ${report.findings.map((x) => x.code).join(',')}`).toBeDefined();
      const e = explainFinding(report, f!);
      const all = text(e);
      for (const fact of c.says) expect(all).toContain(fact);
      expect(all).toMatch(/Why it matters: /);
      expect(all).toMatch(/Likely causes, most likely first: \(1\) /);
      expect(all).toMatch(/Check next: /);
      for (const frame of f!.frames.slice(0, 8)) expect(e.frames).toContain(frame);
    });
  }
});
