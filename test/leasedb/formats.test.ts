import { describe, expect, it } from 'vitest';
import { parseLeaseText } from '../../src/leasedb/read.js';
import { LeaseDbError } from '../../src/leasedb/types.js';

describe('dnsmasq.leases', () => {
  // dnsmasq 2.90's lease file: expiry mac ip hostname client-id; then its DHCPv6 part after the duid line.
  const text = [
    '1795436294 52:54:00:6b:12:03 192.168.122.45 vm1 01:52:54:00:6b:12:03',
    '0 52:54:00:6b:12:04 192.168.122.46 * *',
    'garbage line',
    '1795436300 06-00:11:22:33:44:55 192.168.122.47 * ff:00:11',
    'duid 00:01:00:01:2c:d1:dd:03:02:00:00:00:00:01',
    '1795436294 1234 fd00::45 vm1 00:01:00:01',
  ].join('\n');

  it('reads expiry (0 = infinite), placeholders and client ids, and skips the duid and IPv6 lines', () => {
    const db = parseLeaseText(text, 'dnsmasq.leases');
    expect(db.format).toBe('dnsmasq');
    expect(db.leases).toEqual([
      { file: 'dnsmasq.leases', ip: '192.168.122.45', mac: '52:54:00:6b:12:03', clientId: '01:52:54:00:6b:12:03', hostname: 'vm1', state: 'active', start: null, end: 1795436294, line: 1 },
      { file: 'dnsmasq.leases', ip: '192.168.122.46', mac: '52:54:00:6b:12:04', state: 'active', start: null, end: null, line: 2 },
      { file: 'dnsmasq.leases', ip: '192.168.122.47', mac: null, clientId: 'ff:00:11', state: 'active', start: null, end: 1795436300, line: 4 },
    ]);
    expect(db.warnings).toEqual([{ line: 3, message: 'dnsmasq.leases:3: not a dnsmasq lease line (expiry MAC IP hostname client-id): skipped' }]);
  });
});

describe('Kea memfile CSV', () => {
  it('finds columns by the header, whichever Kea version wrote it; a later row wins', () => {
    const v22 = [
      'address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context',
      '10.9.19.50,02:00:00:00:19:01,01:02:00:00:00:19:01,3600,1795439294,1,0,0,host&#x2cone,0,',
      '10.9.19.50,02:00:00:00:19:01,,86400,1795522094,1,0,0,,1,',
      '10.9.19.51,02:00:00:00:19:01,,3600,1795439300,1,0,0,,0,',
      '10.9.19.52,02:00:00:00:19:02,,0,1795435700,1,0,0,,0,',
      '10.9.19.53,,,3600,1795435800,1,0,0,,2,',
      'not,a,row',
    ].join('\n');
    const db = parseLeaseText(v22, 'kea-leases4.csv');
    expect(db.format).toBe('kea');
    expect(db.leases.map((l) => [l.ip, l.state, l.mac, l.start, l.end, l.line])).toEqual([
      ['10.9.19.50', 'declined', '02:00:00:00:19:01', 1795522094 - 86400, 1795522094, 3],
      ['10.9.19.51', 'active', '02:00:00:00:19:01', 1795439300 - 3600, 1795439300, 4],
      ['10.9.19.52', 'released', '02:00:00:00:19:02', 1795435700, 1795435700, 5],
      ['10.9.19.53', 'expired', null, 1795435800 - 3600, 1795435800, 6],
    ]);
    expect(db.warnings.map((w) => w.line)).toEqual([7]);
    // Kea 1.x: no state column at all.
    const v1 = 'address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname\n10.0.0.9,02:00:00:00:00:09,,100,2000,1,0,0,pc\n';
    expect(parseLeaseText(v1, 'old.csv').leases).toEqual([{ file: 'old.csv', ip: '10.0.0.9', mac: '02:00:00:00:00:09', hostname: 'pc', state: 'active', start: 1900, end: 2000, line: 2 }]);
  });
});

describe('VirtualBox Dhcpd.leases XML', () => {
  // Layout of VirtualBox 6.1+'s VBoxNetDHCP (src/VBox/NetworkServices/Dhcpd/Db.cpp, Binding::toXML and
  // Db::writeLeases): root <Leases version="1.0">, one <Lease mac id network state> per binding with
  // <Address value/> and <Time issued (epoch s) expiration (lease s)/>.
  const xml = `<?xml version="1.0"?>
<Leases version="1.0">
  <Lease mac="08:00:27:9c:4d:02" id="0108002
79c4d02" network="0.0.0.0" state="acked">
    <Address value="10.0.2.15"/>
    <Time issued="1795435694" expiration="1200"/>
  </Lease>
  <Lease mac="08:00:27:9c:4d:03" network="0.0.0.0" state="offered">
    <Address value="10.0.2.16"/>
    <Time issued="1795435694" expiration="60"/>
  <Lease mac="08:00:27:9c:4d:04" network="0.0.0.0" state="released">
    <Address value="10.0.2.17"/>
    <Time issued="1795435000" expiration="1200"/>
  </Lease>
  <Lease mac="08:00:27:9c:4d:05" network="0.0.0.0">
    <Address value="10.0.2.18"/>
    <Time issued="50" expiration="1200"/>
  </Lease>
</Leases>
`;

  it('reads each Lease (tags across lines too), keeps those around a broken one and says where it broke', () => {
    const db = parseLeaseText(xml, 'HostInterfaceNetworking-vboxnet0-Dhcpd.leases');
    expect(db.format).toBe('virtualbox');
    expect(db.leases).toEqual([
      { file: 'HostInterfaceNetworking-vboxnet0-Dhcpd.leases', ip: '10.0.2.15', mac: '08:00:27:9c:4d:02', state: 'active', start: 1795435694, end: 1795436894, line: 3 },
      { file: 'HostInterfaceNetworking-vboxnet0-Dhcpd.leases', ip: '10.0.2.17', mac: '08:00:27:9c:4d:04', state: 'released', start: 1795435000, end: 1795436200, line: 11 },
      { file: 'HostInterfaceNetworking-vboxnet0-Dhcpd.leases', ip: '10.0.2.18', mac: '08:00:27:9c:4d:05', state: 'expired', start: null, end: null, line: 15 },
    ]);
    expect(db.warnings.map((w) => w.line)).toEqual([8]);
  });
});

describe('libvirt dnsmasq status JSON', () => {
  // Layout of libvirt's leases helper (src/util/virlease.c, virLeaseNew; virbr0.status): a pretty-printed
  // array of { "ip-address", "mac-address", "hostname", "client-id", "expiry-time" }; IPv6 entries add "iaid".
  const json = `[
  {
    "ip-address": "192.168.122.45",
    "mac-address": "52:54:00:6b:12:03",
    "hostname": "vm1",
    "client-id": "01:52:54:00:6b:12:03",
    "expiry-time": 1795436294
  },
  {
    "ip-address": "192.168.122.46",
    "mac-address": "52:54:00:6b:12:04",
    "expiry-time": 1795436
  {
    "iaid": "1234",
    "ip-address": "fd00::45",
    "mac-address": "52:54:00:6b:12:03",
    "expiry-time": 1795436294
  },
  {
    "ip-address": "192.168.122.47",
    "mac-address": "52:54:00:6b:12:05",
    "hostname": "caf\u00c3\u00a9",
    "expiry-time": 0
  }
]
`;

  it('reads each IPv4 entry, skips IPv6 ones, and keeps the entries around a broken one', () => {
    const db = parseLeaseText(json, 'virbr0.status');
    expect(db.format).toBe('libvirt');
    expect(db.leases).toEqual([
      { file: 'virbr0.status', ip: '192.168.122.45', mac: '52:54:00:6b:12:03', clientId: '01:52:54:00:6b:12:03', hostname: 'vm1', state: 'active', start: null, end: 1795436294, line: 2 },
      { file: 'virbr0.status', ip: '192.168.122.47', mac: '52:54:00:6b:12:05', hostname: 'café', state: 'active', start: null, end: null, line: 19 },
    ]);
    expect(db.warnings.map((w) => w.line)).toEqual([9]);
  });
});

describe('format detection', () => {
  it('finds the format from the content and refuses a file that is none', () => {
    expect(parseLeaseText('', 'e').format).toBe('empty');
    expect(parseLeaseText('# only a comment\n', 'e').format).toBe('empty');
    expect(() => parseLeaseText('\x89PNG\r\n', 'pic.leases')).toThrow(LeaseDbError);
    expect(() => parseLeaseText('hello world\n', 'x')).toThrow(/x: not a lease database/);
  });
});
