/** Packet list rows as Wireshark users read them: the REQUEST's client state, ARP in words. */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/index.js';
import { summarizePacket } from '../../../src/render/tui/packet-info.js';

describe('summarizePacket', () => {
  it('names the client state of each REQUEST from the message itself (RFC 2131 §4.3.2)', async () => {
    const r = await analyze('fixtures/captures/06-renew-rebind.pcap', { packets: true });
    const requests = (r.packets ?? []).filter((p) => p.dhcp?.messageType === 'REQUEST');
    const states = new Set(requests.map((p) => /\((\S+)\)/.exec(summarizePacket(p).info)?.[1]));
    expect([...states].sort()).toEqual(['REBINDING', 'RENEWING', 'SELECTING']);
    const nak = await analyze('fixtures/captures/04-init-reboot-nak.pcap', { packets: true });
    expect(summarizePacket(nak.packets![0]!)).toEqual({
      source: '0.0.0.0',
      destination: '255.255.255.255',
      protocol: 'DHCP',
      info: `DHCP REQUEST xid ${nak.packets![0]!.dhcp!.xid} (INIT-REBOOT) for 192.168.77.23`,
    });
  });

  it('says ARP the way Wireshark does: who has X? tell Y, and X is at M', async () => {
    const r = await analyze('fixtures/captures/04-init-reboot-nak.pcap', { packets: true });
    const arp = (r.packets ?? []).filter((p) => p.arp).map((p) => summarizePacket(p));
    expect(arp[0]).toEqual({ source: '02:00:00:00:04:0a', destination: 'Broadcast', protocol: 'ARP', info: 'ARP who has 10.9.4.60? tell 10.9.4.1' });
    expect(arp.at(-1)!.info).toBe('ARP 10.9.4.60 is at 02:00:00:00:04:01');
  });
});
