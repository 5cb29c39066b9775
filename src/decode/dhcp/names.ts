/** Small code → name registries for DHCP, each with a fallback for codes nobody registered. */

/**
 * DHCP message types (option 53) by their RFC names: RFC 2132, 3203, 4388, 6926, 7724, 9726. The one table of
 * them: the decoder names them from it, and the analysis compares against it (`MESSAGE_TYPE.ACK`).
 */
export const MESSAGE_TYPE = {
  DISCOVER: 1, OFFER: 2, REQUEST: 3, DECLINE: 4, ACK: 5, NAK: 6, RELEASE: 7, INFORM: 8, FORCERENEW: 9,
  LEASEQUERY: 10, LEASEUNASSIGNED: 11, LEASEUNKNOWN: 12, LEASEACTIVE: 13, BULKLEASEQUERY: 14, LEASEQUERYDONE: 15,
  ACTIVELEASEQUERY: 16, LEASEQUERYSTATUS: 17, TLS: 18,
} as const;

export type MessageType = (typeof MESSAGE_TYPE)[keyof typeof MESSAGE_TYPE];

/** Names indexed by type number. */
const MESSAGE_TYPE_NAMES: readonly string[] = Object.entries(MESSAGE_TYPE).reduce<string[]>((names, [name, n]) => {
  names[n] = name;
  return names;
}, []);

export function messageTypeName(n: number): string {
  const name = n >= 1 ? MESSAGE_TYPE_NAMES[n] : undefined;
  return name ?? `TYPE_${n}`;
}

/** BOOTP op field. */
export function opName(op: number): string {
  return op === 1 ? 'BOOTREQUEST' : op === 2 ? 'BOOTREPLY' : `OP_${op}`;
}

/** IANA ARP hardware types (also BOOTP htype). */
const HARDWARE_TYPES: ReadonlyMap<number, string> = new Map([
  [1, 'Ethernet'], [2, 'Experimental Ethernet'], [3, 'Amateur Radio AX.25'], [4, 'Proteon ProNET Token Ring'],
  [5, 'Chaos'], [6, 'IEEE 802'], [7, 'ARCNET'], [8, 'Hyperchannel'], [9, 'Lanstar'],
  [10, 'Autonet Short Address'], [11, 'LocalTalk'], [12, 'LocalNet'], [13, 'Ultra link'], [14, 'SMDS'],
  [15, 'Frame Relay'], [16, 'ATM'], [17, 'HDLC'], [18, 'Fibre Channel'], [19, 'ATM'], [20, 'Serial Line'],
  [21, 'ATM'], [22, 'MIL-STD-188-220'], [23, 'Metricom'], [24, 'IEEE 1394.1995'], [25, 'MAPOS'],
  [26, 'Twinaxial'], [27, 'EUI-64'], [28, 'HIPARP'], [29, 'IP and ARP over ISO 7816-3'], [30, 'ARPSec'],
  [31, 'IPsec tunnel'], [32, 'InfiniBand'], [33, 'TIA-102 Project 25 Common Air Interface'],
  [34, 'Wiegand Interface'], [35, 'Pure IP'], [36, 'HW_EXP1'], [37, 'HFI'], [38, 'Unified Bus'],
  [256, 'HW_EXP2'], [257, 'AEthernet'],
]);

export function hardwareTypeName(n: number): string | undefined {
  return HARDWARE_TYPES.get(n);
}

/** ARP opcodes (IANA "Operation Codes"). */
const ARP_OPS: readonly string[] = [
  '', 'request', 'reply', 'rarp-request', 'rarp-reply', 'drarp-request', 'drarp-reply', 'drarp-error',
  'inarp-request', 'inarp-reply', 'arp-nak',
];

export function arpOpName(n: number): string {
  const name = n >= 1 ? ARP_OPS[n] : undefined;
  return name ?? `opcode-${n}`;
}

/** Option 93 client system architecture types (RFC 4578 and the IANA "Processor Architecture Types"). */
const CLIENT_ARCH: readonly string[] = [
  'x86 BIOS', 'NEC/PC98', 'Itanium', 'DEC Alpha', 'Arc x86', 'Intel Lean Client', 'x86 UEFI', 'x64 UEFI',
  'EFI Xscale', 'EBC', 'ARM 32-bit UEFI', 'ARM 64-bit UEFI', 'PowerPC Open Firmware', 'PowerPC ePAPR',
  'POWER OPAL v3', 'x86 UEFI HTTP', 'x64 UEFI HTTP', 'EBC HTTP', 'ARM 32-bit UEFI HTTP', 'ARM 64-bit UEFI HTTP',
  'x86 BIOS HTTP', 'ARM 32-bit U-Boot', 'ARM 64-bit U-Boot', 'ARM 32-bit U-Boot HTTP', 'ARM 64-bit U-Boot HTTP',
  'RISC-V 32-bit UEFI', 'RISC-V 32-bit UEFI HTTP', 'RISC-V 64-bit UEFI', 'RISC-V 64-bit UEFI HTTP',
  'RISC-V 128-bit UEFI', 'RISC-V 128-bit UEFI HTTP', 's390 Basic', 's390 Extended', 'MIPS 32-bit UEFI',
  'MIPS 64-bit UEFI', 'Sunway 32-bit UEFI', 'Sunway 64-bit UEFI', 'LoongArch 32-bit UEFI',
  'LoongArch 32-bit UEFI HTTP', 'LoongArch 64-bit UEFI', 'LoongArch 64-bit UEFI HTTP', 'ARM rpiboot',
];

export function clientArchName(n: number): string {
  return CLIENT_ARCH[n] ?? `Arch ${n}`;
}

/** Option 82 relay agent sub-options (RFC 3046 and the IANA "DHCP Relay Agent Sub-Option Codes"). */
const RELAY_SUBOPTIONS: ReadonlyMap<number, string> = new Map([
  [1, 'Agent Circuit ID'], [2, 'Agent Remote ID'], [4, 'DOCSIS Device Class'], [5, 'Link Selection'],
  [6, 'Subscriber ID'], [7, 'RADIUS Attributes'], [8, 'Authentication'], [9, 'Vendor-Specific Information'],
  [10, 'Relay Agent Flags'], [11, 'Server Identifier Override'], [12, 'Relay Agent Identifier'],
  [13, 'Access Technology Type'], [14, 'Access Network Name'], [15, 'Access Point Name'],
  [16, 'Access Point BSSID'], [17, 'Operator Identifier'], [18, 'Operator Realm'], [19, 'Relay Source Port'],
  [151, 'Virtual Subnet Selection'], [152, 'Virtual Subnet Selection Control'],
]);

export function relaySubOptionName(n: number): string {
  return RELAY_SUBOPTIONS.get(n) ?? `Sub-option ${n}`;
}

/** Option 151 (RFC 6926) leasequery status codes. */
const LEASEQUERY_STATUS: readonly string[] = ['Success', 'UnspecFail', 'QueryTerminated', 'MalformedQuery', 'NotAllowed'];

export function leasequeryStatusName(n: number): string {
  return LEASEQUERY_STATUS[n] ?? `Status ${n}`;
}
