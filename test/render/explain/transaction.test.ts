/**
 * Exchanges and leases explained: every kind of exchange, every outcome and every lease state, each on a lab
 * capture (built where the lab has none), stating that capture's client, server, addresses and frames; and the
 * client's ARP after its ACK read as RFC 5227 says.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/index.js';
import { explainLease, explainTransaction } from '../../../src/render/explain/index.js';
import { LEASE_STATE_TEMPLATES } from '../../../src/render/explain/lease.js';
import { KIND_TEMPLATES, OUTCOME_TEMPLATES } from '../../../src/render/explain/transaction.js';
import type { Report, Transaction } from '../../../src/report/types.js';
import { buildDhcpMessage, opt } from '../../helpers/dhcp-builder.js';
import { A, IP, S1 } from '../../helpers/hosts.js';
import { scenario } from '../../helpers/scenario.js';
import { lab, text } from './lab.js';

interface Case {
  readonly report: () => Promise<Report>;
  readonly pick: (t: Transaction) => boolean;
  readonly says: readonly string[];
}

const bootp = (): Promise<Report> => {
  const request = buildDhcpMessage({ op: 1, xid: 0xb00b, chaddr: A, cookie: false });
  const reply = buildDhcpMessage({ op: 2, xid: 0xb00b, chaddr: A, yiaddr: IP, cookie: false });
  return analyze(
    scenario()
      .at(0).udp({ srcMac: A, src: '0.0.0.0', dst: '255.255.255.255', srcPort: 68, dstPort: 67, payload: request })
      .at(0.01).udp({ srcMac: '02:00:0a:01:00:01', dstMac: A, src: S1, dst: IP, srcPort: 67, dstPort: 68, payload: reply })
      .build(),
  );
};
const leasequery = (): Promise<Report> =>
  analyze(scenario().at(0).udp({ srcMac: '02:00:0a:01:00:09', dstMac: '02:00:0a:01:00:01', src: '10.1.0.9', dst: S1, srcPort: 67, dstPort: 67, payload: buildDhcpMessage({ op: 1, xid: 0x10, chaddr: A, ciaddr: '10.1.0.9', giaddr: '10.1.0.9', options: [opt(53, 10)] }) }).build());
/** An offer the client never asks for (no lab client does that). */
const noRequest = (): Promise<Report> => analyze(scenario().at(0).discover({ mac: A, xid: 7 }).at(0.01).offer({ server: S1, mac: A, xid: 7, yiaddr: IP, to: 'unicast' }).build());

const byKind = (kind: Transaction['kind']) => (t: Transaction) => t.kind === kind;

const KINDS: Readonly<Record<Transaction['kind'], Case>> = {
  DORA: { report: () => lab('03-two-servers.pcap'), pick: byKind('DORA'), says: ['02:00:00:00:03:01 ("two-offers")', '"DORA"', 'RFC 2131 §3.1', 'frame 1', '0x76834c15'] },
  'INIT-REBOOT': { report: () => lab('04-init-reboot-nak.pcap'), pick: byKind('INIT-REBOOT'), says: ['02:00:00:00:04:01 ("moved-laptop")', 'without a DISCOVER', 'RFC 2131 §3.2'] },
  RENEW: { report: () => lab('01-dora-renew-release.pcap'), pick: byKind('RENEW'), says: ['renews its lease at T1', 'unicast'] },
  REBIND: { report: () => lab('06-renew-rebind.pcap'), pick: byKind('REBIND'), says: ['T2 came', 'broadcasts to any server'] },
  INFORM: { report: () => lab('08-inform.pcap'), pick: byKind('INFORM'), says: ['02:00:00:00:08:01', 'set by hand', 'RFC 2131 §3.4'] },
  RELEASE: { report: () => lab('01-dora-renew-release.pcap'), pick: byKind('RELEASE'), says: ['gives its address back', 'RFC 2131 §4.4.6'] },
  DECLINE: { report: () => lab('05-decline.pcap'), pick: byKind('DECLINE'), says: ['another machine already uses it', 'Findings about it: F3 DECLINE'] },
  BOOTP: { report: bootp, pick: byKind('BOOTP'), says: [A, 'BOOTP', 'RFC 951', 'no lease'] },
  LEASEQUERY: { report: leasequery, pick: byKind('LEASEQUERY'), says: [A, 'lease query (RFC 4388)'] },
};

const OUTCOMES: Readonly<Record<Transaction['outcome'], Case>> = {
  ACK: { report: () => lab('03-two-servers.pcap'), pick: (t) => t.outcome === 'ACK', says: ['ACK from 10.9.3.1: 10.9.3.50 for 60 min (3600 s)'] },
  NAK: { report: () => lab('04-init-reboot-nak.pcap'), pick: (t) => t.outcome === 'NAK', says: ['NAK from 10.9.4.1', 'must start again'] },
  NO_OFFER: { report: () => lab('06-renew-rebind.pcap'), pick: (t) => t.outcome === 'NO_OFFER', says: ['Nobody offered an address'] },
  NO_REQUEST: { report: noRequest, pick: (t) => t.outcome === 'NO_REQUEST', says: ['got an offer but never asked for it'] },
  NO_ACK: { report: () => lab('06-renew-rebind.pcap'), pick: (t) => t.outcome === 'NO_ACK', says: ['no server answered'] },
  DECLINED: { report: () => lab('05-decline.pcap'), pick: (t) => t.outcome === 'DECLINED', says: ['declined the address'] },
  RELEASED: { report: () => lab('01-dora-renew-release.pcap'), pick: (t) => t.outcome === 'RELEASED', says: ['released'] },
  INFORMED: { report: () => lab('08-inform.pcap'), pick: (t) => t.outcome === 'INFORMED', says: ['10.9.8.1 answered with the settings'] },
};

async function explained(c: Case): Promise<string> {
  const report = await c.report();
  const tx = report.transactions.find(c.pick);
  expect(tx).toBeDefined();
  return text(explainTransaction(report, tx!));
}

describe('exchange templates', () => {
  it('every kind and every outcome has a case', () => {
    expect(Object.keys(KINDS).sort()).toEqual(Object.keys(KIND_TEMPLATES).sort());
    expect(Object.keys(OUTCOMES).sort()).toEqual(Object.keys(OUTCOME_TEMPLATES).sort());
  });
  for (const [kind, c] of Object.entries(KINDS)) {
    it(`kind ${kind}`, async () => {
      const all = await explained(c);
      for (const fact of c.says) expect(all).toContain(fact);
    });
  }
  for (const [outcome, c] of Object.entries(OUTCOMES)) {
    it(`outcome ${outcome}`, async () => {
      const all = await explained(c);
      for (const fact of c.says) expect(all).toContain(fact);
    });
  }
});

describe("the client's ARP after the ACK (RFC 5227)", () => {
  it('clean probes, then announcements (dhcpcd on the lab)', async () => {
    const r = await lab('02-three-clients-vm-macs.pcapng');
    const all = text(explainTransaction(r, r.transactions.find((t) => t.clientMac === '52:54:00:6b:12:03')!));
    expect(all).toContain('3 ARP probes ("who has 10.9.2.103?", frames 11, 14 and 17');
    expect(all).toContain('with sender address 0.0.0.0');
    expect(all).toContain('RFC 5227 §2.1.1');
    expect(all).toContain('Nobody answered, so the address is free to use.');
    expect(all).toContain('It announces 10.9.2.103 as its own: 2 ARP announcements (frames 18 and 21) with sender and target both 10.9.2.103');
    expect(all).toContain('RFC 5227 §2.3');
  });

  it('an answered probe means the address is taken: the client must not use it', async () => {
    const r = await lab('05-decline.pcap');
    const e = explainTransaction(r, r.transactions[0]!);
    const all = text(e);
    expect(all).toContain('1 ARP probe ("who has 10.9.5.50?", frame 5)');
    expect(all).toContain('02:00:00:00:05:99 answered (frame 6): 10.9.5.50 is already in use by another machine');
    expect(all).toContain('must not use the address');
    expect(e.frames).toEqual(expect.arrayContaining([5, 6]));
  });

  it('no probe at all is said, with the rule that asks for one; the first ARP request names the router', async () => {
    const r = await lab('03-two-servers.pcap');
    const all = text(explainTransaction(r, r.transactions[0]!));
    expect(all).toContain('The client sent no ARP probe for 10.9.3.50 in this capture. RFC 2131 §4.4.1');
    expect(all).toContain('Its first ARP request asks for 10.9.3.1 (frame 9)');
  });
});

describe('lease templates', () => {
  const cases: Readonly<Record<keyof typeof LEASE_STATE_TEMPLATES, { file: string; ip: string; says: readonly string[] }>> = {
    active: { file: '05-decline.pcap', ip: '10.9.5.51', says: ['10.9.5.1 leased 10.9.5.51 to 02:00:00:00:05:01 ("probing-client") for 10 min (600 s)', 'still running when the capture ended'] },
    expired: { file: '06-renew-rebind.pcap', ip: '10.9.6.70', says: ['renewed it 2 times', 'T1 (DORA), T14 (RENEW) and T16 (RENEW)', 'the ACKs are frames 5, 15, 17', 'ran out during the capture'] },
    released: { file: '01-dora-renew-release.pcap', ip: '10.9.0.50', says: ['gave it back with a RELEASE', 'T13 (RELEASE)'] },
    declined: { file: '05-decline.pcap', ip: '10.9.5.50', says: ['declined it', 'never used it'] },
  };
  for (const [state, c] of Object.entries(cases)) {
    it(state, async () => {
      const r = await lab(c.file);
      const lease = r.leases.find((l) => l.ip === c.ip)!;
      expect(lease.state).toBe(state);
      const all = text(explainLease(r, lease));
      for (const fact of c.says) expect(all).toContain(fact);
    });
  }
});

describe('findings named under an exchange', () => {
  it('a finding that quotes the exchange\'s frames (without naming it) is named too', async () => {
    const r = await analyze('fixtures/demo.pcapng');
    const tx = r.transactions.find((t) => t.clientMac === '02:00:00:12:00:0a')!;
    const conflict = r.findings.find((f) => f.code === 'ARP_CONFLICT' && f.ips.includes('10.70.12.50'))!;
    expect(conflict.transactions).toBeUndefined();
    expect(text(explainTransaction(r, tx))).toContain(`Findings about it: ${conflict.id} ARP_CONFLICT.`);
  });
});
