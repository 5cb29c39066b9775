/**
 * The DHCPv4 option table: one row per IANA-registered code ("BOOTP Vendor Extensions and DHCP Options",
 * with RFC 2132's descriptive names where it has them). Adding an option is one line. `type` picks a generic
 * decoder in option-decoders.ts; options with inner structure have type 'special' and a decoder registered
 * by code there.
 */

export type OptionType =
  | 'none' // Pad, End: no value
  | 'flag' // no payload; present means true (Rapid Commit)
  | 'ip' // one IPv4 address
  | 'ips' // list of IPv4 addresses
  | 'u8'
  | 'u16'
  | 'u32'
  | 'i32'
  | 'bool'
  | 'string' // text up to the first NUL
  | 'hex' // opaque bytes
  | 'u8s' // list of bytes
  | 'u16s' // list of 16-bit values
  | 'special'; // structured: see SPECIAL_DECODERS

export interface OptionSpec {
  readonly name: string;
  readonly type: OptionType;
}

type Row = readonly [code: number, name: string, type: OptionType];

const ROWS: readonly Row[] = [
  [0, 'Pad', 'none'],
  [1, 'Subnet Mask', 'ip'],
  [2, 'Time Offset', 'i32'],
  [3, 'Router', 'ips'],
  [4, 'Time Server', 'ips'],
  [5, 'Name Server', 'ips'],
  [6, 'Domain Name Server', 'ips'],
  [7, 'Log Server', 'ips'],
  [8, 'Quotes Server', 'ips'],
  [9, 'LPR Server', 'ips'],
  [10, 'Impress Server', 'ips'],
  [11, 'Resource Location Server', 'ips'],
  [12, 'Host Name', 'string'],
  [13, 'Boot File Size', 'u16'],
  [14, 'Merit Dump File', 'string'],
  [15, 'Domain Name', 'string'],
  [16, 'Swap Server', 'ip'],
  [17, 'Root Path', 'string'],
  [18, 'Extensions Path', 'string'],
  [19, 'IP Forwarding', 'bool'],
  [20, 'Non-Local Source Routing', 'bool'],
  [21, 'Policy Filter', 'special'],
  [22, 'Maximum Datagram Reassembly Size', 'u16'],
  [23, 'Default IP Time-to-Live', 'u8'],
  [24, 'Path MTU Aging Timeout', 'u32'],
  [25, 'Path MTU Plateau Table', 'u16s'],
  [26, 'Interface MTU', 'u16'],
  [27, 'All Subnets are Local', 'bool'],
  [28, 'Broadcast Address', 'ip'],
  [29, 'Perform Mask Discovery', 'bool'],
  [30, 'Mask Supplier', 'bool'],
  [31, 'Perform Router Discovery', 'bool'],
  [32, 'Router Solicitation Address', 'ip'],
  [33, 'Static Route', 'special'],
  [34, 'Trailer Encapsulation', 'bool'],
  [35, 'ARP Cache Timeout', 'u32'],
  [36, 'Ethernet Encapsulation', 'bool'],
  [37, 'TCP Default TTL', 'u8'],
  [38, 'TCP Keepalive Interval', 'u32'],
  [39, 'TCP Keepalive Garbage', 'bool'],
  [40, 'Network Information Service Domain', 'string'],
  [41, 'Network Information Servers', 'ips'],
  [42, 'Network Time Protocol Servers', 'ips'],
  [43, 'Vendor-Specific Information', 'hex'],
  [44, 'NetBIOS over TCP/IP Name Server', 'ips'],
  [45, 'NetBIOS over TCP/IP Datagram Distribution Server', 'ips'],
  [46, 'NetBIOS over TCP/IP Node Type', 'u8'],
  [47, 'NetBIOS over TCP/IP Scope', 'string'],
  [48, 'X Window System Font Server', 'ips'],
  [49, 'X Window System Display Manager', 'ips'],
  [50, 'Requested IP Address', 'ip'],
  [51, 'IP Address Lease Time', 'u32'],
  [52, 'Option Overload', 'u8'],
  [53, 'DHCP Message Type', 'special'],
  [54, 'DHCP Server Identifier', 'ip'],
  [55, 'Parameter Request List', 'u8s'],
  [56, 'Message', 'string'],
  [57, 'Maximum DHCP Message Size', 'u16'],
  [58, 'Renewal Time Value', 'u32'],
  [59, 'Rebinding Time Value', 'u32'],
  [60, 'Vendor Class Identifier', 'string'],
  [61, 'Client Identifier', 'special'],
  [62, 'NetWare/IP Domain Name', 'string'],
  [63, 'NetWare/IP Information', 'hex'],
  [64, 'Network Information Service+ Domain', 'string'],
  [65, 'Network Information Service+ Servers', 'ips'],
  [66, 'TFTP Server Name', 'string'],
  [67, 'Bootfile Name', 'string'],
  [68, 'Mobile IP Home Agent', 'ips'],
  [69, 'SMTP Server', 'ips'],
  [70, 'POP3 Server', 'ips'],
  [71, 'NNTP Server', 'ips'],
  [72, 'Default WWW Server', 'ips'],
  [73, 'Default Finger Server', 'ips'],
  [74, 'Default IRC Server', 'ips'],
  [75, 'StreetTalk Server', 'ips'],
  [76, 'StreetTalk Directory Assistance Server', 'ips'],
  [77, 'User Class', 'special'],
  [78, 'SLP Directory Agent', 'special'],
  [79, 'SLP Service Scope', 'special'],
  [80, 'Rapid Commit', 'flag'],
  [81, 'Client Fully Qualified Domain Name', 'special'],
  [82, 'Relay Agent Information', 'special'],
  [83, 'Internet Storage Name Service', 'hex'],
  [85, 'NDS Servers', 'ips'],
  [86, 'NDS Tree Name', 'string'],
  [87, 'NDS Context', 'string'],
  [88, 'BCMCS Controller Domain Name List', 'special'],
  [89, 'BCMCS Controller IPv4 Address', 'ips'],
  [90, 'Authentication', 'hex'],
  [91, 'Client Last Transaction Time', 'u32'],
  [92, 'Associated IP', 'ips'],
  [93, 'Client System Architecture Type', 'special'],
  [94, 'Client Network Interface Identifier', 'special'],
  [95, 'LDAP Servers', 'hex'],
  [97, 'Client Machine Identifier', 'special'],
  [98, 'Open Group User Authentication', 'string'],
  [99, 'Civic Address (GEOCONF_CIVIC)', 'hex'],
  [100, 'POSIX Timezone (PCode)', 'string'],
  [101, 'Timezone Database Name (TCode)', 'string'],
  [108, 'IPv6-Only Preferred', 'u32'],
  [109, 'DHCPv4 over DHCPv6 Softwire Source Address', 'hex'],
  [112, 'NetInfo Parent Server Address', 'ips'],
  [113, 'NetInfo Parent Server Tag', 'string'],
  [114, 'Captive Portal URL', 'string'],
  [116, 'Auto-Configure', 'u8'],
  [117, 'Name Service Search', 'u16s'],
  [118, 'Subnet Selection', 'ip'],
  [119, 'Domain Search', 'special'],
  [120, 'SIP Servers', 'special'],
  [121, 'Classless Static Route', 'special'],
  [122, 'CableLabs Client Configuration', 'hex'],
  [123, 'GeoConf (Coordinate-Based Location)', 'hex'],
  [124, 'Vendor-Identifying Vendor Class', 'special'],
  [125, 'Vendor-Identifying Vendor-Specific Information', 'special'],
  [128, 'PXE (vendor specific) / TFTP Server IP / Etherboot Signature', 'hex'],
  [129, 'PXE (vendor specific) / Kernel Options / Call Server IP', 'hex'],
  [130, 'PXE (vendor specific) / Ethernet Interface / Discrimination String', 'hex'],
  [131, 'PXE (vendor specific) / Remote Statistics Server IP', 'hex'],
  [132, 'PXE (vendor specific) / IEEE 802.1Q VLAN ID', 'hex'],
  [133, 'PXE (vendor specific) / IEEE 802.1D/p Layer 2 Priority', 'hex'],
  [134, 'PXE (vendor specific) / Diffserv Code Point', 'hex'],
  [135, 'PXE (vendor specific) / HTTP Proxy for Phone Applications', 'hex'],
  [136, 'PANA Authentication Agent', 'ips'],
  [137, 'LoST Server Domain Name', 'special'],
  [138, 'CAPWAP Access Controller', 'ips'],
  [139, 'IPv4 Address MoS', 'hex'],
  [140, 'IPv4 FQDN MoS', 'hex'],
  [141, 'SIP UA Configuration Service Domains', 'special'],
  [142, 'IPv4 Address ANDSF', 'ips'],
  [143, 'SZTP Redirect', 'hex'],
  [144, 'Geospatial Location (GeoLoc)', 'hex'],
  [145, 'FORCERENEW Nonce Capable', 'u8s'],
  [146, 'RDNSS Selection', 'hex'],
  [147, 'DOTS Reference Identifier', 'hex'],
  [148, 'DOTS Address', 'ips'],
  [150, 'TFTP Server Address / Etherboot / GRUB Configuration Path', 'ips'],
  [151, 'Leasequery Status Code', 'special'],
  [152, 'Leasequery Base Time', 'u32'],
  [153, 'Leasequery Start Time of State', 'u32'],
  [154, 'Leasequery Query Start Time', 'u32'],
  [155, 'Leasequery Query End Time', 'u32'],
  [156, 'Leasequery DHCP State', 'u8'],
  [157, 'Leasequery Data Source', 'u8'],
  [158, 'PCP Server', 'hex'],
  [159, 'Port Parameters', 'hex'],
  [160, 'Captive Portal (obsolete code)', 'string'],
  [161, 'Manufacturer Usage Description URL', 'string'],
  [162, 'Encrypted DNS Server (DNR)', 'hex'],
  [175, 'Etherboot (tentative)', 'hex'],
  [176, 'IP Telephone (tentative)', 'hex'],
  [177, 'PacketCable and CableHome (replaced by 122)', 'hex'],
  [208, 'PXELINUX Magic', 'hex'],
  [209, 'Configuration File', 'string'],
  [210, 'Path Prefix', 'string'],
  [211, 'Reboot Time', 'u32'],
  [212, '6RD', 'hex'],
  [213, 'Access Network Domain Name', 'special'],
  [220, 'Subnet Allocation', 'hex'],
  [221, 'Virtual Subnet Selection', 'hex'],
  // 224-254 are private use (RFC 3942); these two are in wide use.
  [249, 'Private / Classless Static Route (Microsoft)', 'special'],
  [252, 'Private / Web Proxy Auto-Discovery URL', 'string'],
  [255, 'End', 'none'],
];

/** All 256 codes; codes without a row get `Option <n>` and raw hex. */
const TABLE: readonly OptionSpec[] = (() => {
  const t: OptionSpec[] = [];
  for (let code = 0; code < 256; code++) t.push({ name: `Option ${code}`, type: 'hex' });
  for (const [code, name, type] of ROWS) t[code] = { name, type };
  return t;
})();

export function optionSpec(code: number): OptionSpec {
  return TABLE[code] ?? { name: `Option ${code}`, type: 'hex' };
}

export function optionName(code: number): string {
  return optionSpec(code).name;
}

/** Every code with a row in the table (for tests and the TUI's option picker). */
export function registeredOptionCodes(): number[] {
  return ROWS.map((r) => r[0]);
}
