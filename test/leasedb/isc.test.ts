import { describe, expect, it } from 'vitest';
import { parseLeaseText } from '../../src/leasedb/read.js';

// Layout as isc-dhcp-server 4.4 writes it (dhcpd.leases(5)), and as VMware's vmnetdhcp writes its older form.
const ISC = `# The format of this file is documented in the dhcpd.leases(5) manual page.
# This lease file was written by isc-dhcp-4.4.3-P1

# authoring-byte-order entry is generated, DO NOT DELETE
authoring-byte-order little-endian;

server-duid "\\000\\001\\000\\001,\\321\\335\\003\\002\\000\\000\\000\\000\\001";

failover peer "peer" state {
  my state normal at 1 2026/11/23 12:00:00;
  partner state normal at 1 2026/11/23 12:00:00;
}

host fixed-pc {
  dynamic;
  hardware ethernet 02:00:00:00:00:99;
  fixed-address 10.9.16.99;
}

lease 10.9.16.50 {
  starts 1 2026/11/23 12:08:14;
  ends 1 2026/11/23 12:18:14;
  cltt 1 2026/11/23 12:08:14;
  binding state active;
  next binding state free;
  rewind binding state free;
  hardware ethernet 02:00:00:00:16:0A;
  uid "\\001\\002\\000\\000\\000\\026\\012";
  set vendor-class-identifier = "dhcpcd; 9.4";
  client-hostname "alpha";
  on expiry { set x = "y"; }
}
lease 10.9.16.51 {
  starts epoch 1795435694; # Mon Nov 23 12:08:14 2026
  ends never;
  binding state abandoned;
  hardware ethernet 02:00:00:00:16:0b;
}
lease 10.9.16.50 {
  starts 1 2026/11/23 12:10:00;
  ends 1 2026/11/23 12:10:05;
  tstp 1 2026/11/23 12:10:05;
  binding state released;
  hardware ethernet 02:00:00:00:16:0a;
}
`;

describe('ISC dhcpd.leases', () => {
  it('keeps the latest block of each address, with its times in UTC, state, MAC, uid and hostname', () => {
    const db = parseLeaseText(ISC, 'dhcpd.leases');
    expect(db.format).toBe('isc');
    expect(db.warnings).toEqual([]);
    expect(db.records).toBe(3);
    expect(db.leases.map((l) => [l.ip, l.state, l.line])).toEqual([
      ['10.9.16.51', 'abandoned', 33],
      ['10.9.16.50', 'released', 39],
    ]);
    const released = db.leases[1]!;
    expect(released.start).toBe(Date.UTC(2026, 10, 23, 12, 10, 0) / 1000);
    expect(released.end).toBe(Date.UTC(2026, 10, 23, 12, 10, 5) / 1000);
    expect(db.leases[0]).toMatchObject({ start: 1795435694, end: null, mac: '02:00:00:00:16:0b' });
    expect(db.firstTime).toBe(Date.UTC(2026, 10, 23, 12, 8, 14) / 1000);
  });

  it('decodes a uid with octal escapes and a client-hostname', () => {
    const db = parseLeaseText(ISC.replace(/lease 10\.9\.16\.50 \{\n  starts 1 2026\/11\/23 12:10[\s\S]*$/, ''), 'x');
    const first = db.leases.find((l) => l.ip === '10.9.16.50')!;
    expect(first).toMatchObject({ state: 'active', mac: '02:00:00:00:16:0a', clientId: '01:02:00:00:00:16:0a', hostname: 'alpha' });
    expect(first.end! - first.start!).toBe(600);
  });

  it('reads the older vmnetdhcp form: no binding state, abandoned as a statement', () => {
    const vmnet = `lease 192.168.157.128 {\n\tstarts 2 2019/05/14 08:12:40;\n\tends 2 2019/05/14 08:42:40;\n\thardware ethernet 00:0c:29:4f:8a:11;\n\tclient-hostname "guest";\n}\nlease 192.168.157.130 {\n\tstarts 2 2019/05/14 08:12:40;\n\tends 2 2019/05/14 08:42:40;\n\tabandoned;\n}\n`;
    const db = parseLeaseText(vmnet, 'vmnetdhcp.leases');
    expect(db.leases.map((l) => [l.ip, l.state])).toEqual([
      ['192.168.157.128', 'active'],
      ['192.168.157.130', 'abandoned'],
    ]);
  });

  it('keeps every lease before and after damage, and names the file and line of it', () => {
    const damaged = `lease 10.0.0.1 {\n  starts 1 2026/11/23 12:00:00;\n  binding state active;\n}\nlease 10.0.0.2 {\n  starts 1 2026/1\x00\x01garbage\n  binding state active;\nlease 10.0.0.3 {\n  ends 9 2026/99/99 12:00:00;\n  binding state sideways;\n  hardware ethernet zz:00;\n}\n}\nlease 10.0.0.4 {\n  binding state free;\n}\nlease 10.0.0.5 {\n  starts 1 2026`;
    const db = parseLeaseText(damaged, 'd.leases');
    expect(db.leases.map((l) => l.ip)).toEqual(['10.0.0.1', '10.0.0.3', '10.0.0.4']);
    const lines = db.warnings.map((w) => w.line);
    expect(lines).toEqual(expect.arrayContaining([5, 6, 9, 10, 11, 13, 17]));
    expect(db.warnings.every((w) => w.message.startsWith(`d.leases:${w.line}: `))).toBe(true);
  });
});
