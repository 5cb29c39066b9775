/**
 * The one field table of the filter language. Every field has a type (how its values compare) and a line of
 * help; what it means for each kind of row (transaction, lease, ARP address, finding, packet, server) is in
 * rows.ts and the README's table.
 */

export type FieldType =
  /** Case-insensitive text: `=` whole value, `~` substring or /regex/. */
  | 'text'
  /** Lower-case MAC; `-` separators accepted; `~` matches a prefix such as an OUI. */
  | 'mac'
  /** IPv4 address; `=` also takes a CIDR block (10.0.0.0/8). */
  | 'ip'
  /** Transaction id, `0x` + 8 hex digits (leading zeros and the `0x` may be left out). */
  | 'xid'
  /** A plain number: `=` `<` `>`. */
  | 'number'
  /** Milliseconds; values take a unit: 500ms, 2s, 1m, 1h, 1d (a bare number is in the field's unit). */
  | 'duration'
  /** Severity, ordered info < warning < error. */
  | 'severity';

export interface FieldSpec {
  readonly type: FieldType;
  /** Unit of a bare number for a duration field. */
  readonly unitMs?: number;
  readonly help: string;
}

export const FIELDS = {
  kind: { type: 'text', help: 'exchange kind: DORA, INIT-REBOOT, RENEW, REBIND, INFORM, RELEASE, DECLINE, BOOTP, LEASEQUERY' },
  outcome: { type: 'text', help: 'how an exchange ended: ACK, NAK, NO_OFFER, NO_REQUEST, NO_ACK, DECLINED, RELEASED, INFORMED' },
  mac: { type: 'mac', help: 'a MAC address the row names' },
  ip: { type: 'ip', help: 'an IPv4 address the row names (CIDR allowed)' },
  xid: { type: 'xid', help: 'DHCP transaction id' },
  server: { type: 'ip', help: 'a DHCP server address (server identifier)' },
  hostname: { type: 'text', help: 'client hostname (option 12)' },
  vendor: { type: 'text', help: 'NIC vendor (OUI) or vendor class (option 60)' },
  vm: { type: 'text', help: 'virtual platform of a NIC or a server (VMware, VirtualBox, QEMU, Hyper-V, …)' },
  code: { type: 'text', help: 'finding code, e.g. ARP_CONFLICT' },
  severity: { type: 'severity', help: 'finding severity: info < warning < error' },
  delivery: { type: 'text', help: 'ok when every message went as RFC 2131 expects, else wrong' },
  latency: { type: 'duration', unitMs: 1, help: 'server answer time (offer or ack), e.g. latency>500ms' },
  lease: { type: 'duration', unitMs: 1000, help: 'lease time granted, e.g. lease<1h (bare numbers are seconds)' },
  state: { type: 'text', help: 'lease state: active, expired, released, declined' },
  vlan: { type: 'number', help: '802.1Q VLAN id' },
  frame: { type: 'number', help: 'frame number (Wireshark frame.number)' },
  type: { type: 'text', help: 'DHCP message type (DISCOVER … INFORM) or ARP kind (probe, announcement, request, reply)' },
  proto: { type: 'text', help: 'protocol of a packet: DHCP or ARP' },
  id: { type: 'text', help: 'row id: T12 for an exchange, F3 for a finding' },
  message: { type: 'text', help: "a finding's sentence, a NAK's message (option 56)" },
  tunnel: { type: 'text', help: 'overlay a frame came through: vxlan, geneve, gre, erspan' },
  vni: { type: 'number', help: 'overlay network id: VXLAN/Geneve VNI, GRE key or ERSPAN session' },
  segment: { type: 'text', help: 'segment label of a tunnelled exchange, e.g. "VXLAN 10.9.98.2 → 10.9.98.1 VNI 42"' },
} as const satisfies Record<string, FieldSpec>;

export type FieldName = keyof typeof FIELDS;

export function isField(name: string): name is FieldName {
  return Object.hasOwn(FIELDS, name);
}

export function fieldSpec(name: FieldName): FieldSpec {
  return FIELDS[name];
}
