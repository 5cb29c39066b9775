/**
 * Exact analysis results on the public reference captures (../shared/captures): transactions, outcomes,
 * delivery verdicts and findings with their frames, checked against what tshark's dissection beside each
 * capture shows happened on the wire.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/index.js';
import type { Report } from '../../src/report/types.js';
import { skipNoteWhenNoShared } from '../helpers/shared-captures.js';

const shared = path.resolve(import.meta.dirname, '../../../shared/captures');
const present = existsSync(shared);
skipNoteWhenNoShared('exact analysis of the reference captures');

const run = (name: string, opts = {}): Promise<Report> => analyze(path.join(shared, name), opts);
const summary = (r: Report) => r.transactions.map((t) => [t.id, t.kind, t.outcome, t.steps.map((s) => s.frame)]);
const findings = (r: Report) => r.findings.map((f) => [f.code, f.frames]);

describe.skipIf(!present)('analysis of the reference captures', () => {
  it('zeek-dhcp.pcap: a NAKed DORA, an INIT-REBOOT, a DECLINE, a broadcast RELEASE and an unanswered INFORM', async () => {
    const r = await run('zeek-dhcp.pcap');
    expect(summary(r)).toEqual([
      ['T1', 'DORA', 'NAK', [1, 2, 3, 4]],
      ['T5', 'INIT-REBOOT', 'ACK', [5, 6]],
      ['T7', 'DECLINE', 'DECLINED', [7]],
      ['T8', 'RELEASE', 'RELEASED', [8]],
      ['T9', 'INFORM', 'NO_ACK', [9]],
    ]);
    const [dora, reboot] = r.transactions;
    expect(dora!.offers).toEqual([{ server: '128.2.6.152', yiaddr: '128.2.6.97', frame: 2 }]);
    expect(dora!.selectedServer).toBe('128.2.6.152');
    expect(dora!.nakMessage).toBe('requested address not available');
    expect(reboot!.assignedIp).toBe('128.2.6.189');
    expect(reboot!.leaseSeconds).toBe(900);
    // The NAK is broadcast as §4.1 requires; the RELEASE went broadcast where §4.4.6 wants unicast.
    expect(dora!.steps[3]).toMatchObject({ messageType: 'NAK', l2: 'broadcast', l3: 'broadcast', deliveryOk: true });
    expect(r.transactions[3]!.steps[0]).toMatchObject({ messageType: 'RELEASE', deliveryOk: false, expectedDelivery: 'unicast to server' });
    expect(findings(r)).toEqual([
      ['NAK', [4]],
      ['DECLINE', [7]],
      ['DELIVERY_MISMATCH', [8]],
    ]);
    // The declined address ends the lease the INIT-REBOOT got.
    expect(r.leases).toMatchObject([{ ip: '128.2.6.189', mac: '90:b1:1c:99:49:29', state: 'declined', server: '128.2.6.152' }]);
  });

  it('zeek-dhcp_inform.pcap: an INFORM answered by an ACK is INFORMED and is no lease', async () => {
    const r = await run('zeek-dhcp_inform.pcap');
    expect(summary(r)).toEqual([['T1', 'INFORM', 'INFORMED', [1, 2]]]);
    expect(r.transactions[0]!.steps.every((s) => s.deliveryOk)).toBe(true);
    expect(r.leases).toEqual([]);
    expect(r.findings).toEqual([]);
  });

  it('zeek-dhcp_flood.pcap: 250 INFORM exchanges on one xid, a storm, ACKs not sent to ciaddr', async () => {
    const r = await run('zeek-dhcp_flood.pcap');
    expect(r.transactions).toHaveLength(250);
    expect(r.transactions.every((t) => t.kind === 'INFORM' && t.outcome === 'INFORMED' && t.steps.length === 2)).toBe(true);
    const codes = r.findings.map((f) => f.code).sort();
    expect(codes).toEqual(['DELIVERY_MISMATCH', 'RETRANSMISSION_STORM']);
    const delivery = r.findings.find((f) => f.code === 'DELIVERY_MISMATCH')!;
    expect(delivery.frames.slice(0, 3)).toEqual([2, 4, 6]);
    expect(delivery.message).toContain('250 ACKs');
  });

  it('zeek-dhcp-unique-xid-join-data-growth.pcapng: one source discovering for 50 client MACs is starvation', async () => {
    const r = await run('zeek-dhcp-unique-xid-join-data-growth.pcapng');
    expect(r.transactions).toHaveLength(50);
    expect(r.transactions.every((t) => t.kind === 'DORA' && t.outcome === 'NO_OFFER')).toBe(true);
    // The capture lasts 5 ms: too short to call the DISCOVERs unanswered (NO_OFFER waits 2 s of capture time).
    expect(r.findings.map((f) => f.code).sort()).toEqual(['CHADDR_MISMATCH', 'STARVATION']);
  });

  it('suricata option-52 capture: every frame twice is one DORA with duplicates, not retransmissions', async () => {
    const r = await run('suricata-dhcp-option-52-overload.pcap');
    expect(summary(r)).toEqual([['T1', 'DORA', 'ACK', [1, 2, 3, 4, 5, 6, 7, 8]]]);
    const steps = r.transactions[0]!.steps;
    expect(steps.filter((s) => s.note?.includes('captured twice')).map((s) => s.frame)).toEqual([2, 4, 6, 8]);
    expect(steps.some((s) => s.retransmission)).toBe(false);
    expect(r.transactions[0]!.offers).toEqual([{ server: '10.100.0.2', yiaddr: '10.100.0.50', frame: 3 }]);
    expect(r.findings).toEqual([]);
  });

  it('tcpdump-dhcp-mud.pcap: a relayed REBIND (67 → 67, giaddr) acked to the relay', async () => {
    const r = await run('tcpdump-dhcp-mud.pcap');
    expect(summary(r)).toEqual([['T1', 'REBIND', 'ACK', [1, 2]]]);
    const tx = r.transactions[0]!;
    expect(tx.relay).toMatchObject({ giaddr: '62.12.173.121', hops: 1 });
    expect(tx.steps.map((s) => [s.direction, s.expectedDelivery, s.deliveryOk])).toEqual([
      ['relay', 'unicast to server (relayed)', true],
      ['server', 'unicast to relay 62.12.173.121', true],
    ]);
    expect(tx.hostname).toBe('raspberrypi');
  });

  it('tcpdump-dhcp-option-108.pcapng: an offer relayed to the client, no request in the capture', async () => {
    const r = await run('tcpdump-dhcp-option-108.pcapng');
    expect(summary(r)).toEqual([['T1', 'DORA', 'NO_REQUEST', [1, 2]]]);
    expect(r.transactions[0]!.offers).toEqual([{ server: '31.130.229.6', yiaddr: '10.56.42.232', frame: 2 }]);
    expect(r.findings).toEqual([]);
  });

  it('tcpdump-dhcp-rfc3004.pcap: a plain DORA with unicast replies, all as RFC 2131 expects', async () => {
    const r = await run('tcpdump-dhcp-rfc3004.pcap');
    expect(summary(r)).toEqual([['T1', 'DORA', 'ACK', [1, 2, 3, 4]]]);
    expect(r.transactions[0]!.steps.every((s) => s.deliveryOk)).toBe(true);
    expect(r.clients[0]).toMatchObject({ mac: '00:0c:29:1f:74:06', virtualization: 'VMware', vendor: 'VMware, Inc.' });
  });

  it('the broken-on-purpose captures are reported as MALFORMED and do not stop the run', async () => {
    for (const name of ['tcpdump-bootp_asan.pcap', 'tcpdump-arp-too-long-tha.pcap']) {
      const r = await run(name);
      expect(r.findings.some((f) => f.code === 'MALFORMED' && f.frames[0] === 1), name).toBe(true);
      expect(r.captures[0]!.packets).toBe(1);
    }
  });

  it('zeek-linuxsll-arp.pcap: ARP from a cooked capture fills the ARP view without false conflicts', async () => {
    const r = await run('zeek-linuxsll-arp.pcap');
    expect(r.stats.arp).toBe(12);
    expect(r.arp.length).toBeGreaterThan(0);
    expect(r.findings.filter((f) => f.code === 'ARP_CONFLICT')).toEqual([]);
  });

  it('gives byte-identical JSON for the same capture', async () => {
    const a = JSON.stringify(await run('zeek-dhcp.pcap', { packets: true }));
    const b = JSON.stringify(await run('zeek-dhcp.pcap', { packets: true }));
    expect(a).toBe(b);
  });
});
