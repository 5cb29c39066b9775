/**
 * One test per step template, each on a lab capture (a built capture only where the lab has no such case): the
 * sentences state that capture's addresses, broadcast flag, relay and frames, and cite the rule.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/index.js';
import { explainStep } from '../../../src/render/explain/index.js';
import { STEP_KINDS, stepKind, type StepKind } from '../../../src/render/explain/step-kind.js';
import type { Report } from '../../../src/report/types.js';
import { buildDhcpMessage, opt } from '../../helpers/dhcp-builder.js';
import { scenario } from '../../helpers/scenario.js';
import { lab, stepAt, text } from './lab.js';

interface Case {
  readonly kind: StepKind;
  readonly report: () => Promise<Report>;
  readonly frame: number;
  /** Facts the sentences must state (each appears somewhere in the explanation). */
  readonly says: readonly (string | RegExp)[];
}

const SERVER = '10.1.0.1';
const BOOTP_CLIENT = '02:00:00:00:b0:01';

/** No lab capture holds plain BOOTP: a request without option 53 and its reply, as an old PXE ROM sends them. */
async function bootp(): Promise<Report> {
  const request = buildDhcpMessage({ op: 1, xid: 0xb00b, chaddr: BOOTP_CLIENT, cookie: false });
  const reply = buildDhcpMessage({ op: 2, xid: 0xb00b, chaddr: BOOTP_CLIENT, yiaddr: '10.1.0.77', siaddr: SERVER, cookie: false });
  return analyze(
    scenario()
      .at(0).udp({ srcMac: BOOTP_CLIENT, src: '0.0.0.0', dst: '255.255.255.255', srcPort: 68, dstPort: 67, payload: request })
      .at(0.01).udp({ srcMac: '02:00:0a:01:00:01', dstMac: BOOTP_CLIENT, src: SERVER, dst: '10.1.0.77', srcPort: 67, dstPort: 68, payload: reply })
      .build(),
  );
}

/** No lab capture holds a lease query either (RFC 4388): it falls to the generic template. */
async function leasequery(): Promise<Report> {
  const query = buildDhcpMessage({ op: 1, xid: 0x10, chaddr: BOOTP_CLIENT, ciaddr: '10.1.0.9', giaddr: '10.1.0.9', options: [opt(53, 10)] });
  return analyze(scenario().at(0).udp({ srcMac: '02:00:0a:01:00:09', dstMac: '02:00:0a:01:00:01', src: '10.1.0.9', dst: SERVER, srcPort: 67, dstPort: 67, payload: query }).build());
}

const CASES: readonly Case[] = [
  { kind: 'DISCOVER', report: () => lab('03-two-servers.pcap'), frame: 1, says: ['02:00:00:00:03:01', 'ff:ff:ff:ff:ff:ff', '0.0.0.0 → 255.255.255.255', 'giaddr 0.0.0.0', 'frame 1', 'broadcast flag clear', 'RFC 2131 §4.4.1'] },
  { kind: 'DISCOVER', report: () => lab('15-virtual-lab-vmware.pcap'), frame: 13, says: ['00:0c:29:b3:07:5e', 'set the BOOTP broadcast flag', 'must broadcast'] },
  {
    kind: 'OFFER',
    report: () => lab('03-two-servers.pcap'),
    frame: 3,
    says: ['10.9.3.1 offers 10.9.3.50 in frame 3', 'unicast', 'did not set the broadcast flag', 'RFC 2131 §4.1', '10.9.3.2, also offered 10.9.3.150, 1.0 s later (frame 4)', "chose 10.9.3.1's offer", 'answered first'],
  },
  { kind: 'OFFER', report: () => lab('15-virtual-lab-vmware.pcap'), frame: 14, says: ['192.168.157.254 offers 192.168.157.129', 'broadcasts it because the client set the broadcast flag', 'as a broadcast'] },
  { kind: 'OFFER', report: () => lab('07-relay-client-side.pcap'), frame: 2, says: ['from the relay 10.70.7.1', 'option 54 still names the real server, 172.20.7.2'] },
  { kind: 'REQUEST-SELECTING', report: () => lab('03-two-servers.pcap'), frame: 7, says: ['option 54 (10.9.3.1)', 'option 50 (10.9.3.50)', '10.9.3.2 learns it was not chosen', 'SELECTING', 'RFC 2131 §4.3.2', 'frame 7'] },
  { kind: 'REQUEST-INIT-REBOOT', report: () => lab('04-init-reboot-nak.pcap'), frame: 1, says: ['02:00:00:00:04:01', '192.168.77.23', 'INIT-REBOOT', 'no option 54', 'RFC 2131 §4.4.2'] },
  { kind: 'REQUEST-RENEWING', report: () => lab('06-renew-rebind.pcap'), frame: 14, says: ['T1', 'from its own address 10.9.6.70 to 10.9.6.1', 'RENEWING', 'RFC 2131 §4.4.5', 'after the ACK in frame 5', 'unicast (Ethernet to'] },
  { kind: 'REQUEST-REBINDING', report: () => lab('06-renew-rebind.pcap'), frame: 20, says: ['T2', 'broadcasts a REQUEST from 10.9.6.70', '255.255.255.255', 'REBINDING', 'frame 20'] },
  { kind: 'ACK', report: () => lab('01-dora-renew-release.pcap'), frame: 4, says: ['10.9.0.1 confirms that 10.9.0.50 belongs to 02:00:00:00:01:01', 'frame 4', 'unicast'] },
  { kind: 'ACK', report: () => lab('07-relay-client-side.pcap'), frame: 4, says: ['from the relay 10.70.7.1', '172.20.7.2'] },
  { kind: 'ACK-RAPID-COMMIT', report: () => lab('02-three-clients-vm-macs.pcapng'), frame: 10, says: ['answers the DISCOVER (frame 9) directly with an ACK for 10.9.2.103 (frame 10)', 'option 80', 'RFC 4039'] },
  { kind: 'ACK-INFORM', report: () => lab('08-inform.pcap'), frame: 4, says: ['10.9.8.1', 'yiaddr is 0.0.0.0', 'no lease time', 'RFC 2131 §3.4'] },
  { kind: 'NAK', report: () => lab('04-init-reboot-nak.pcap'), frame: 2, says: ['10.9.4.1 refuses', 'frame 2', '192.168.77.23', 'start again with a DISCOVER', 'INIT-REBOOT', 'broadcast'] },
  { kind: 'INFORM', report: () => lab('08-inform.pcap'), frame: 1, says: ['02:00:00:00:08:01', '10.9.8.20', 'set by hand', 'INFORM', 'No lease is made'] },
  { kind: 'RELEASE', report: () => lab('01-dora-renew-release.pcap'), frame: 13, says: ['gives back 10.9.0.50 to 10.9.0.1', 'frame 13', 'RFC 2131 §4.4.6', 'unicast'] },
  { kind: 'DECLINE', report: () => lab('05-decline.pcap'), frame: 7, says: ['DECLINE (frame 7', '02:00:00:00:05:99 answered for 10.9.5.50 in ARP (frame 6)', 'from 0.0.0.0 to the broadcast address'] },
  { kind: 'BOOTP-REQUEST', report: bootp, frame: 1, says: [BOOTP_CLIENT, 'BOOTP', 'RFC 951', 'frame 1'] },
  { kind: 'BOOTP-REPLY', report: bootp, frame: 2, says: ['giving 10.1.0.77', 'frame 2'] },
  { kind: 'RELAY-TO-SERVER', report: () => lab('07-relay-server-side.pcap'), frame: 3, says: ['relay 172.20.7.1 forwards', 'DISCOVER', 'server 172.20.7.2', 'port 67 to 67', 'giaddr 10.70.7.1', 'circuit-id "port7"', 'RFC 3046'] },
  { kind: 'SERVER-TO-RELAY', report: () => lab('07-relay-server-side.pcap'), frame: 4, says: ['172.20.7.2 answers the relay 10.70.7.1', 'giaddr', 'OFFER for 10.70.7.100', 'frame 4'] },
  { kind: 'OTHER', report: leasequery, frame: 1, says: ['from 10.1.0.9 to 10.1.0.1', 'frame 1'] },
];

describe('step templates', () => {
  it('every kind of step has at least one case below', () => {
    expect(new Set(CASES.map((c) => c.kind))).toEqual(new Set(STEP_KINDS));
  });

  for (const c of CASES) {
    it(`${c.kind} at frame ${c.frame} states the capture's facts`, async () => {
      const report = await c.report();
      const { tx, step, index } = stepAt(report, c.frame);
      expect(stepKind(tx, step)).toBe(c.kind);
      const e = explainStep(report, tx, index);
      const all = text(e);
      for (const fact of c.says) expect(all).toMatch(typeof fact === 'string' ? new RegExp(fact.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : fact);
      expect(e.frames).toContain(c.frame);
      expect(e.title).toContain(`Frame ${c.frame}`);
    });
  }
});

describe('what any step may add', () => {
  it('a retransmission names the first copy and the time between them', async () => {
    const report = await lab('06-renew-rebind.pcap');
    const { tx, index } = stepAt(report, 21);
    expect(text(explainStep(report, tx, index))).toContain('This is a retransmission: the same REQUEST as frame 20, sent again 14.3 s later');
    expect(text(explainStep(report, tx, index))).toMatch(/It came \d+\.\d s after the ACK in frame 17 of a 30 s lease; T2 is 87\.5% of the lease/);
  });

  it('a message quoted in an ICMP port unreachable says the server port was closed', async () => {
    const report = await lab('06-renew-rebind.pcap');
    const tx = report.transactions.find((t) => t.steps.some((s) => s.frame === 19))!;
    const e = explainStep(report, tx, tx.steps.findIndex((s) => s.frame === 19));
    expect(text(e)).toContain('This is no new message: frame 19 is an ICMP "port unreachable" quoting the REQUEST of frame 18. The message reached 10.9.6.1, but nothing listened on its DHCP port there');
    expect(text(e)).not.toContain('Time T1 came');
  });

  it("a server's own address check before its OFFER (transactions[].addressChecks) explains the offer's delay", async () => {
    const lab03 = await lab('03-two-servers.pcap');
    const check = { server: '10.9.3.2', ip: '10.9.3.150', methods: ['arp', 'icmp'], frames: [2], answered: false, answerFrames: [], time: '2026-11-23T13:52:10.551216Z', durationMs: 1001.2, offered: 'same' };
    const report = { ...lab03, transactions: lab03.transactions.map((t) => ({ ...t, addressChecks: [check] })) } as Report;
    const { tx, index } = stepAt(report, 4);
    const all = text(explainStep(report, tx, index));
    expect(all).toContain('This server first checked that 10.9.3.150 was free with ARP and ICMP echo (ping) (frame 2), which took 1.0 s before its OFFER; that is why its offer came later. Nobody answered, so the address was free.');
    const first = stepAt(report, 3);
    expect(text(explainStep(report, first.tx, first.index))).toContain('10.9.3.2 first checked that 10.9.3.150 was free');
    const taken = { ...report, transactions: report.transactions.map((t) => ({ ...t, addressChecks: [{ ...check, answered: true, answerFrames: [5], offered: 'other' }] })) } as Report;
    const again = stepAt(taken, 4);
    const e = explainStep(taken, again.tx, again.index);
    expect(text(e)).toContain('Someone answered (frame 5): 10.9.3.150 is in use, so the server offered another address.');
    expect(e.frames).toEqual(expect.arrayContaining([2, 4, 5]));
  });
});

describe('packet text', () => {
  it('a hostile hostname or NAK message reaches no explanation with its control characters', async () => {
    const EVIL = 'evil\u001b[2J\u0007\u202e';
    const report = await analyze(
      scenario()
        .at(0).dora({ mac: '02:00:00:00:ee:01', xid: 9, server: SERVER, yiaddr: '10.1.0.50', hostname: EVIL })
        .at(1).request({ mac: '02:00:00:00:ee:02', xid: 10, requested: '10.2.0.5' })
        .at(1.01).nak({ server: SERVER, mac: '02:00:00:00:ee:02', xid: 10, message: EVIL })
        .build(),
    );
    const { explainReport } = await import('../../../src/render/explain/index.js');
    const all = JSON.stringify(explainReport(report));
    expect(all).not.toMatch(/\\u001b|\\u0007|\u202e/);
    expect(all).toContain('evil\uFFFD[2J\uFFFD\uFFFD');
  });
});
