/**
 * The columns of a ladder and how an address or MAC finds its column. A column stands for one machine, which
 * may speak from several addresses (a relay's two sides) or MACs (a server's replies arriving from a relay).
 */
import type { Client, Server, Transaction } from '../../report/types.js';
import type { ColumnKind, LadderColumn } from './types.js';

const NO_ADDRESS = new Set(['255.255.255.255', '0.0.0.0']);

/** What the report knows about the machines behind the columns. */
export interface Hosts {
  readonly servers: ReadonlyMap<string, Server>;
  readonly clients: ReadonlyMap<string, Client>;
}

const NONE: readonly never[] = [];
/** Lookups per report's lists, built once: a page draws tens of thousands of ladders from the same lists. */
const cache = new WeakMap<readonly Server[], WeakMap<readonly Client[], Hosts>>();

export function hostsOf(servers: readonly Server[] = NONE, clients: readonly Client[] = NONE): Hosts {
  let byClients = cache.get(servers);
  if (!byClients) cache.set(servers, (byClients = new WeakMap()));
  let hosts = byClients.get(clients);
  if (!hosts) {
    hosts = { servers: new Map(servers.map((s) => [s.ip, s])), clients: new Map(clients.map((c) => [c.mac, c])) };
    byClients.set(clients, hosts);
  }
  return hosts;
}

export class Columns {
  private readonly list: LadderColumn[] = [];
  private readonly byIp = new Map<string, number>();
  private readonly byMac = new Map<string, number>();

  constructor(private readonly hosts: Hosts) {}

  get all(): readonly LadderColumn[] {
    return this.list;
  }

  get last(): number {
    return this.list.length - 1;
  }

  /** The client's column, always the first. */
  addClient(t: Transaction): void {
    const client = this.hosts.clients.get(t.clientMac);
    const tag = client?.virtualization ?? client?.vendor;
    this.byMac.set(t.clientMac, this.list.length);
    this.list.push({
      kind: 'client',
      title: t.hostname ? `client ${t.hostname}` : 'client',
      name: t.clientMac,
      mac: t.clientMac,
      ...(t.assignedIp ? { ip: t.assignedIp } : {}),
      ...(tag ? { tag } : {}),
    });
  }

  /** A machine known by its address: a new column unless the address has one (then the MAC joins it). */
  addHost(kind: ColumnKind, ip: string | undefined, mac?: string | null): void {
    if (!ip || NO_ADDRESS.has(ip)) return;
    const known = this.byIp.get(ip);
    if (known !== undefined) {
      if (mac) this.alias(known, undefined, mac);
      return;
    }
    const info = this.hosts.servers.get(ip);
    const title = kind === 'server' && info?.hypervisor ? `server ${info.hypervisor.kind}` : kind;
    const knownMac = mac ?? info?.mac ?? undefined;
    const tag = info?.hypervisor?.kind ?? info?.virtualization;
    this.byIp.set(ip, this.list.length);
    if (knownMac && !this.byMac.has(knownMac)) this.byMac.set(knownMac, this.list.length);
    this.list.push({ kind, title, name: ip, ip, ...(knownMac ? { mac: knownMac } : {}), ...(tag ? { tag } : {}) });
  }

  /** A machine known only by its MAC (another host speaking ARP about the client's address). */
  addOther(mac: string): void {
    if (this.byMac.has(mac)) return;
    const tag = this.hosts.clients.get(mac)?.virtualization ?? this.hosts.clients.get(mac)?.vendor;
    this.byMac.set(mac, this.list.length);
    this.list.push({ kind: 'other', title: 'other host', name: mac, mac, ...(tag ? { tag } : {}) });
  }

  /** An address a server checked before offering (its ping check): a column of its own unless it has one. */
  addChecked(ip: string): void {
    if (this.byIp.has(ip)) return;
    this.byIp.set(ip, this.list.length);
    this.list.push({ kind: 'other', title: 'checked', name: ip, ip });
  }

  /** The stand-in when nobody answered, so a lone broadcast still has somewhere to go. */
  addPlaceholder(): void {
    this.list.push({ kind: 'lan', title: 'no server', name: 'broadcast' });
  }

  /** Another address or MAC of an existing column; the first owner of an address or MAC keeps it. */
  alias(column: number, ip: string | undefined, mac: string | null | undefined): void {
    if (ip && !this.byIp.has(ip)) this.byIp.set(ip, column);
    if (mac && !this.byMac.has(mac)) this.byMac.set(mac, column);
  }

  columnOfIp(ip: string | undefined): number | undefined {
    return ip === undefined ? undefined : this.byIp.get(ip);
  }

  columnOfMac(mac: string | null | undefined): number | undefined {
    return mac ? this.byMac.get(mac) : undefined;
  }

  /** By address first (the column's identity), then by MAC. */
  columnOf(ip: string | undefined, mac: string | null | undefined): number | undefined {
    return this.columnOfIp(ip) ?? this.columnOfMac(mac);
  }
}
