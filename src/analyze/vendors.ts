/**
 * Who made a NIC (IEEE OUI registry, loaded lazily from the oui-data package) and which hypervisor a virtual
 * NIC or a DHCP service belongs to.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** OUIs (and locally administered prefixes) that hypervisors give their virtual NICs. */
const VIRTUAL_PREFIXES: ReadonlyArray<readonly [prefix: string, platform: string]> = [
  ['00:0c:29', 'VMware'],
  ['00:50:56', 'VMware'],
  ['00:05:69', 'VMware'],
  ['00:1c:14', 'VMware'],
  ['08:00:27', 'VirtualBox'],
  ['0a:00:27', 'VirtualBox'],
  ['52:54:00', 'QEMU/KVM'],
  ['00:15:5d', 'Hyper-V'],
  ['00:03:ff', 'Hyper-V'],
  ['00:16:3e', 'Xen'],
  ['00:1c:42', 'Parallels'],
  ['bc:24:11', 'Proxmox'],
  ['58:9c:fc', 'bhyve'],
  ['02:42:', 'Docker'],
];

/**
 * First-hop redundancy virtual MACs: VRRP (RFC 5798, 00:00:5e:00:01:xx), HSRP v1 (00:00:0c:07:ac:xx) and v2
 * (00:00:0c:9f:fx:xx), GLBP (00:07:b4:xx). A gateway address answered by one of these and by a router's own MAC
 * is how those protocols work, not a conflict.
 */
export function isVirtualRouterMac(mac: string): boolean {
  return mac.startsWith('00:00:5e:00:01:') || mac.startsWith('00:00:0c:07:ac:') || mac.startsWith('00:00:0c:9f:f') || mac.startsWith('00:07:b4:');
}

export function virtualizationOf(mac: string): string | undefined {
  // Indexed: asked for every client and exchange, and a destructuring for-of allocates until it is optimised.
  for (let i = 0; i < VIRTUAL_PREFIXES.length; i++) {
    const entry = VIRTUAL_PREFIXES[i]!;
    if (mac.startsWith(entry[0])) return entry[1];
  }
  return undefined;
}

/*
 * The IEEE registry (oui-data: one JSON object, one `"OUI": "organisation\naddress",` line per entry) is 5.6 MB.
 * Parsing it whole cost 26 MB of heap (32 MB of RSS), held to the end of the run: more than everything else a
 * 1 GB mixed capture's batch run keeps. Its bytes are kept instead (outside the heap), the first lookup notes
 * where each 24-bit OUI's line starts (one pass, ~40 000 numbers), and a line is decoded only when asked for,
 * once. Should the file stop being one entry per line, the index comes out empty and the registry is parsed.
 */
let registryText: Buffer | undefined;
/** 24-bit OUI → offset of the `"` opening its line's key. */
let lineAt: Map<number, number> | undefined;
let registry: Readonly<Record<string, string>> | undefined;
/** Each OUI's entry as decoded, so a capture with thousands of one maker's NICs decodes its line once. */
const decoded = new Map<number, string | undefined>();

function registryEntry(oui: number): string | undefined {
  if (registry) return registry[hex6(oui)];
  if (decoded.has(oui)) return decoded.get(oui);
  if (!registryText) {
    try {
      registryText = readFileSync(createRequire(import.meta.url).resolve('oui-data'));
    } catch {
      registry = {};
      return undefined;
    }
  }
  // A binary search finds the line without looking at the others (the index is a pass over all 54 000, about
  // 50 ms before a small capture's first screen); only a key it does not find makes the index.
  let at = findLine(registryText, oui);
  if (at === undefined) {
    lineAt ??= indexLines(registryText);
    if (lineAt.size === 0) {
      registry = createRequire(import.meta.url)('oui-data') as Record<string, string>;
      registryText = undefined;
      return registryEntry(oui);
    }
    at = lineAt.get(oui);
  }
  const entry = entryAt(registryText, at);
  decoded.set(oui, entry);
  return entry;
}

const hex6 = (oui: number): string => oui.toString(16).toUpperCase().padStart(6, '0');

const QUOTE = 0x22;
const NEWLINE = 0x0a;

/** Where each line whose key is six hex digits (an MA-L OUI; MA-M and MA-S keys are longer) starts. */
function indexLines(text: Buffer): Map<number, number> {
  const at = new Map<number, number>();
  for (let line = 0; line < text.length; ) {
    const next = text.indexOf(NEWLINE, line);
    const end = next < 0 ? text.length : next;
    const open = text.indexOf(QUOTE, line);
    if (open >= 0 && open + 8 < end && text[open + 7] === QUOTE && text[open + 8] === 0x3a) {
      const oui = ouiOf(text.toString('latin1', open + 1, open + 7));
      if (oui !== undefined && !at.has(oui)) at.set(oui, open);
    }
    line = end + 1;
  }
  return at;
}

/**
 * Where the line of `oui`'s key starts (its opening `"`), by binary search: oui-data lists its MA-L keys (six
 * hex digits, upper case) in order, then the longer MA-M and MA-S keys, so its lines are ordered by key length,
 * then key. Undefined when the key is not found or a line does not look like an entry: the caller then asks the
 * index, so a file in another order is still answered right.
 */
export function findLine(text: Buffer, oui: number): number | undefined {
  const want = hex6(oui);
  const first = text.indexOf(QUOTE);
  if (first < 0) return undefined;
  let lo = text.lastIndexOf(NEWLINE, first) + 1;
  const lastLine = text.indexOf(NEWLINE, text.lastIndexOf(QUOTE));
  let hi = lastLine < 0 ? text.length : lastLine + 1;
  while (lo < hi) {
    // The line holding the middle byte (lo is always a line's start; a negative offset would count from the end).
    const mid = (lo + hi) >>> 1;
    const start = mid === lo ? lo : Math.max(lo, text.lastIndexOf(NEWLINE, mid - 1) + 1);
    const next = text.indexOf(NEWLINE, start);
    const end = next < 0 ? text.length : next;
    const open = text.indexOf(QUOTE, start);
    const close = open < 0 || open >= end ? -1 : text.indexOf(QUOTE, open + 1);
    if (close < 0 || close >= end || text[close + 1] !== 0x3a) return undefined;
    const key = text.toString('latin1', open + 1, close);
    const order = key.length !== want.length ? key.length - want.length : key < want ? -1 : key > want ? 1 : 0;
    if (order === 0) return open;
    if (order < 0) lo = end + 1;
    else hi = start;
  }
  return undefined;
}

/** Six hex digits as a number, else undefined (parseInt alone would take "12G456" for 0x12). */
function ouiOf(hex: string): number | undefined {
  return /^[0-9A-Fa-f]{6}$/.test(hex) ? parseInt(hex, 16) : undefined;
}

/** The value of the entry whose line starts at `at`, decoded as JSON (escapes and all). */
function entryAt(text: Buffer, at: number | undefined): string | undefined {
  if (at === undefined) return undefined;
  const end = text.indexOf(NEWLINE, at);
  const line = text.toString('utf8', at, end < 0 ? undefined : end).replace(/,\s*$/, '');
  try {
    return Object.values(JSON.parse(`{${line}}`) as Record<string, string>)[0];
  } catch {
    return undefined;
  }
}

/** The registered organisation of the MAC's OUI (first line of the registry entry). */
export function vendorOf(mac: string): string | undefined {
  const first = parseInt(mac.slice(0, 2), 16);
  if (Number.isNaN(first) || first & 0x02) return undefined; // locally administered: no OUI
  const oui = ouiOf(mac.slice(0, 8).replace(/:/g, ''));
  if (oui === undefined) return undefined;
  return registryEntry(oui)?.split('\n')[0]?.trim();
}

export interface HypervisorGuess {
  readonly kind: string;
  readonly evidence: string[];
}

export interface ServerFacts {
  readonly ip: string;
  readonly mac: string;
  readonly router?: string;
  readonly dns?: readonly string[];
  readonly domain?: string;
  /** Virtualisation platforms of the clients it answered. */
  readonly clientPlatforms: ReadonlySet<string>;
}

const lastOctet = (ip: string): number => Number(ip.split('.')[3]);
const sameNet24 = (a: string, b: string): boolean => a.split('.').slice(0, 3).join('.') === b.split('.').slice(0, 3).join('.');

/**
 * Is this DHCP server a hypervisor's built-in service? Judged from its MAC and the addresses these services
 * use by default (VMware: server .254, gateway/DNS .2, domain localdomain; VirtualBox/QEMU NAT: 10.0.2.2 with
 * DNS 10.0.2.3; VirtualBox host-only: 192.168.56.100; libvirt: 192.168.122.1; Parallels: 10.211.55.1).
 */
export function hypervisorOf(s: ServerFacts): HypervisorGuess | undefined {
  const platform = virtualizationOf(s.mac);
  const ev: string[] = [];
  const dns = s.dns ?? [];
  if (platform) ev.push(`server MAC ${s.mac} is a ${platform} virtual NIC`);
  // Without a VMware MAC only the guests can point to VMware, and only when the server's own NIC says nothing
  // else: a NIC registered to another maker is a physical router with bridged guests, never VMware's service.
  const unknownNic = !platform && (s.mac === '' || vendorOf(s.mac) === undefined);
  if ((platform === 'VMware' && s.mac.startsWith('00:50:56')) || (unknownNic && s.clientPlatforms.has('VMware'))) {
    if (lastOctet(s.ip) === 254) ev.push('server at .254, where VMware runs its NAT/host-only DHCP service');
    if (s.router && sameNet24(s.router, s.ip) && lastOctet(s.router) === 2) ev.push('router at .2 (VMware NAT gateway)');
    if (dns.some((d) => sameNet24(d, s.ip) && lastOctet(d) === 2)) ev.push('DNS at .2 (VMware NAT DNS forwarder)');
    if (s.domain === 'localdomain') ev.push('domain "localdomain" (VMware default)');
    if (ev.length >= 2) return { kind: 'VMware', evidence: ev };
  }
  const slirp = /^10\.0\.\d+\.2$/.test(s.ip) && dns.some((d) => /^10\.0\.\d+\.3$/.test(d));
  if (slirp) {
    // VirtualBox's NAT engine answers from QEMU's default MAC: that says nothing about QEMU then.
    if (platform === 'QEMU/KVM' && s.clientPlatforms.has('VirtualBox')) ev.length = 0;
    ev.push(`server ${s.ip} with DNS ${dns.find((d) => /^10\.0\.\d+\.3$/.test(d))} (the NAT engine's fixed addresses)`);
    if (s.mac === '52:54:00:12:35:02') ev.push('server MAC 52:54:00:12:35:02 (NAT engine default)');
    const kind = s.clientPlatforms.has('VirtualBox') ? 'VirtualBox' : s.clientPlatforms.has('QEMU/KVM') ? 'QEMU' : 'VirtualBox/QEMU';
    if (kind === 'VirtualBox') ev.push('guests have VirtualBox MACs (08:00:27)');
    if (kind === 'QEMU') ev.push('guests have QEMU MACs (52:54:00)');
    return { kind: kind === 'VirtualBox/QEMU' ? 'VirtualBox' : kind, evidence: ev };
  }
  if (s.ip === '192.168.56.100' && (platform === 'VirtualBox' || s.clientPlatforms.has('VirtualBox'))) {
    ev.push('server at 192.168.56.100 (VirtualBox host-only DHCP default)');
    return { kind: 'VirtualBox', evidence: ev };
  }
  if (s.ip === '192.168.122.1' && platform === 'QEMU/KVM') {
    ev.push('server at 192.168.122.1 (libvirt default network)');
    return { kind: 'QEMU', evidence: ev };
  }
  if (s.ip === '10.211.55.1' || platform === 'Parallels') {
    if (s.ip === '10.211.55.1') ev.push('server at 10.211.55.1 (Parallels shared network)');
    if (ev.length >= 1 && (platform === 'Parallels' || s.clientPlatforms.has('Parallels'))) return { kind: 'Parallels', evidence: ev };
  }
  if (platform === 'Hyper-V' && lastOctet(s.ip) === 1) {
    ev.push('server at .1 of its subnet (Hyper-V Default Switch / ICS)');
    return { kind: 'Hyper-V', evidence: ev };
  }
  // A server whose NIC is merely virtual is a DHCP server running inside a guest, not the hypervisor's own.
  return undefined;
}
