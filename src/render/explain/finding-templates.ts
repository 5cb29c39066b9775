/**
 * One template per finding code: the facts behind it (quoting frames), why it matters, the likely causes in
 * order, and what to check next. A code without a template falls back to a plain sentence, and a test fails.
 */
import type { Finding, FindingCode, Report } from '../../report/types.js';
import { ackOf, raceSentences, serverMac, stepsOf, transactionsOf } from './finding-facts.js';
import type { Draft } from './types.js';
import { and, clock, frames, quote } from './words.js';

export interface FindingTemplate {
  /** Facts of this capture behind the finding, beyond its message. */
  readonly facts: (f: Finding, r: Report, d: Draft) => void;
  readonly why: string;
  /** Most likely first. */
  readonly causes: (f: Finding, r: Report) => readonly string[];
  readonly check: (f: Finding, r: Report) => readonly string[];
}

const none = (): void => {};

/** The finding's MACs that are not the lease holders of its exchanges: the machines to go and find. */
function others(f: Finding, r: Report): string[] {
  const holders = new Set(transactionsOf(r, f).map((t) => t.clientMac));
  const rest = f.macs.filter((m) => !holders.has(m));
  return rest.length > 0 ? rest : [...f.macs];
}
const macOf = (r: Report, ip: string | undefined): string => (ip ? (serverMac(r, ip) ?? 'its MAC') : 'its MAC');

function races(f: Finding, r: Report, d: Draft): void {
  for (const s of raceSentences(r, f.ips)) d.say(`${s.text} A client takes the first acceptable offer it hears.`, s.frames);
}

function probeFacts(f: Finding, r: Report, d: Draft): void {
  const wanted = new Set(f.frames);
  for (const tx of r.transactions) {
    const probe = tx.arp.find((a) => wanted.has(a.frame) && a.kind === 'probe');
    const answer = tx.arp.find((a) => wanted.has(a.frame) && a.fromOther);
    if (!probe || !answer) continue;
    d.say(`${tx.clientMac} asked "who has ${probe.targetIp}?" with sender 0.0.0.0 (frame ${probe.frame}, at ${clock(probe.time)}) and ${answer.senderMac} answered "${answer.senderIp} is at ${answer.senderMac}" (frame ${answer.frame}).`, [probe.frame, answer.frame]);
    const decline = r.transactions.find((t) => t.clientMac === tx.clientMac && t.kind === 'DECLINE' && t.steps[0] && t.steps[0].epoch >= answer.epoch);
    d.say(decline ? `The client then declined the address (frame ${decline.steps[0]!.frame}), as RFC 2131 §4.4.1 asks.` : 'No DECLINE from the client follows in this capture.', decline ? [decline.steps[0]!.frame] : []);
    return;
  }
}

function leaseHolders(f: Finding, r: Report, d: Draft): void {
  for (const tx of transactionsOf(r, f)) {
    const ack = ackOf(tx);
    if (ack && tx.assignedIp) d.say(`${tx.server ?? ack.from.ip} acked ${tx.assignedIp} to ${tx.clientMac} in frame ${ack.frame} (${tx.id}, at ${clock(ack.time)}${tx.leaseSeconds !== undefined ? `, for ${tx.leaseSeconds} s` : ''}).`, [ack.frame]);
  }
}

function deliverySteps(f: Finding, r: Report, d: Draft): void {
  for (const { step } of stepsOf(r, f).slice(0, 3)) {
    d.say(`Frame ${step.frame}: ${step.messageType} from ${step.from.ip} to ${step.to.ip} (Ethernet ${step.l2}, IP ${step.l3}${step.broadcastFlag ? ', broadcast flag set' : ''}); the rule wants ${step.expectedDelivery}.`, [step.frame]);
  }
}

/** The lease database records a finding rests on (its sources), as the report lists them. */
function databaseRecords(f: Finding, r: Report, d: Draft): void {
  for (const src of f.sources ?? []) {
    const db = r.leaseDatabases?.find((x) => x.file === src.file);
    const rec = src.line === null ? undefined : db?.leases.find((l) => l.line === src.line);
    if (!db) continue;
    if (!rec) {
      d.say(`${src.file} (${db.format}) holds ${db.leaseCount} address${db.leaseCount === 1 ? "" : "es"}${db.lastTime ? `; the latest time it mentions is ${clock(db.lastTime)}` : ''}.`, []);
      continue;
    }
    const until = rec.end === null ? 'with no end' : `until ${clock(rec.end)}`;
    d.say(`${src.file} line ${rec.line} holds ${rec.ip}${rec.mac ? ` for ${rec.mac}` : ' for no MAC'}, ${rec.state}${rec.start ? ` since ${clock(rec.start)}` : ''}, ${until}.`, []);
  }
}

function leaseAndDatabase(f: Finding, r: Report, d: Draft): void {
  leaseHolders(f, r, d);
  databaseRecords(f, r, d);
}

const SKEW = 'the server clock against the capture clock (--lease-skew allows for a difference)';

/** Typed by the one list of codes: a code added there without a template here does not compile. */
export const FINDING_TEMPLATES: Readonly<Record<FindingCode, FindingTemplate>> = {
  DB_MAC_MISMATCH: {
    facts: leaseAndDatabase,
    why: 'The server acked the address to one machine but its own records give it to another: it may hand the address out again, and two machines then use it.',
    causes: () => ['the server restarted on an older copy of its lease file (a restored backup, a rolled-back VM snapshot)', 'another server answered with the same pool', 'the lease file was edited or replaced by hand'],
    check: (f) => [`the server's log around the ACK in ${frames(f.frames)}`, 'whether the server was restarted or its lease file restored', `which machine really uses ${and(f.ips)} now`],
  },
  DB_END_MISMATCH: {
    facts: leaseAndDatabase,
    why: 'The server records a different end for the lease than the ACK gave the client: one of them will let the address go at the wrong time.',
    causes: () => [SKEW, 'a renewal the file has not recorded yet (written after the capture, or lost)', 'a lease time changed in the configuration since'],
    check: () => [SKEW, 'the lease time in the server configuration'],
  },
  DB_LEASE_MISSING: {
    facts: leaseAndDatabase,
    why: 'An ACK on the wire that no lease database records: either the file was taken before the ACK, or a server other than the one whose file it is answered.',
    causes: () => ['the lease file is older than the capture', 'another (possibly rogue) server answered', 'the server could not write its lease file'],
    check: (f) => [`which server sent the ACK in ${frames(f.frames)}`, 'when the lease file was written'],
  },
  DB_ARP_CONFLICT: {
    facts: databaseRecords,
    why: 'The server holds the address for one machine while another machine claims it in ARP: traffic for the address goes to whichever answered last.',
    causes: () => ['an address configured by hand inside the DHCP pool', 'a cloned VM with the same static configuration', 'a machine that kept an old lease'],
    check: (f) => [`the machine ${f.macs.at(-1) ?? "claiming the address"}`, `the pool and the static addresses of ${and(f.ips)}`],
  },
  DB_FREE_IN_USE: {
    facts: leaseAndDatabase,
    why: 'The server believes the address is free while the wire shows it in use: it will hand it to the next client that asks.',
    causes: () => ['a client that kept using its address after releasing it or after the lease ran out', 'the server restarted on an older lease file', SKEW],
    check: (f) => [`the client ${and(f.macs)}`, 'whether the server was restarted on an older lease file'],
  },
  DB_DECLINED_EXPLAINED: {
    facts: databaseRecords,
    why: 'The server set the address aside (ISC abandoned, Kea declined) and the capture shows why: someone else answers for it.',
    causes: () => ['an address configured by hand inside the pool', 'a machine that kept an old lease'],
    check: (f) => [`the machine answering for ${and(f.ips)} in ${frames(f.frames)}`],
  },
  DB_DECLINED_UNEXPLAINED: {
    facts: databaseRecords,
    why: 'The server set the address aside (ISC abandoned, Kea declined) but nothing in this capture shows why: the reason happened before the capture or out of its sight.',
    causes: () => ['a DECLINE or an answered ping check before the capture began', 'a host that answers ICMP but was not seen in ARP here', 'a client that declines wrongly'],
    check: (f) => [`the server's log for ${and(f.ips)}`, 'a capture that starts before the address was abandoned'],
  },
  MULTIPLE_SERVERS: {
    facts: races,
    why: 'Clients take whichever offer comes first, so with two servers on one segment the address, router and DNS a machine gets depend on a race. If one of them is not meant to be there, its clients may get a wrong gateway or none.',
    causes: () => ['a second server nobody meant to run (a home router, a VM or container with a DHCP service, a test box)', 'two servers meant to share the segment but configured with overlapping pools instead of failover', 'two segments joined by mistake (a VLAN misconfigured, a bridge between them)'],
    check: (f, r) => [`find which server is meant to be there: ${and(f.ips.map((ip) => `${ip} (${macOf(r, ip)})`))}`, 'look up each MAC in the switch\'s MAC address table to find its port', 'run dorascope again with --server <the right one> so the other is reported as ROGUE_SERVER'],
  },
  ROGUE_SERVER: {
    facts: races,
    why: 'A server that is not on your --server list answered. Its clients get whatever router and DNS it hands out, so their traffic can be cut off or pass through a machine that should not see it.',
    causes: () => ['a device with a DHCP service switched on by default (a home router, a Wi-Fi extender, a VM host set to bridge)', 'a test or lab server plugged into the wrong VLAN', 'an attacker answering first to become the gateway (man in the middle)'],
    check: (f, r) => [`check which switch port ${macOf(r, f.ips[0])} is on (the switch's MAC address table) and what is plugged in there`, 'turn on DHCP snooping on the switch so only the trusted port may send OFFERs and ACKs', 'renew the clients that took its offers: they hold its router and DNS until then'],
  },
  DOUBLE_ASSIGNMENT: {
    facts: leaseHolders,
    why: 'Two machines now believe they own the same address. Traffic for it goes to whichever answered ARP last, so both lose connections at random.',
    causes: (f, r) => {
      const servers = new Set(transactionsOf(r, f).map((t) => t.server).filter(Boolean));
      const two = servers.size > 1 ? [`two servers (${and([...servers] as string[])}) handing out the same pool without knowing of each other's leases`] : [];
      return [...two, 'a server that lost its lease database (restarted without its lease file, or a VM snapshot rolled back)', 'a static reservation inside the dynamic pool', 'a client that kept an address past its lease'];
    },
    check: () => ['compare the pools of the servers that acked it', 'look at the server\'s lease file for the address (dorascope --leases when available)', 'make the pools disjoint or configure failover'],
  },
  ARP_CONFLICT: {
    facts: (f, r, d) => {
      leaseHolders(f, r, d);
      for (const b of r.arp.filter((x) => f.ips.includes(x.ip))) {
        for (const c of b.claims.filter((x) => others(f, r).includes(x.mac))) {
          d.say(`${c.mac} claimed ${b.ip} in ARP ${c.count === 1 ? 'once' : `${c.count} times`} (${and([...c.kinds])}), frames ${c.firstFrame}${c.lastFrame !== c.firstFrame ? ` to ${c.lastFrame}` : ''}.`, [c.firstFrame, c.lastFrame]);
        }
      }
    },
    why: 'An address is in use by a machine other than the one DHCP gave it to. Neighbours send its traffic to whichever MAC spoke last in ARP, so both machines see connections break.',
    causes: () => ['a machine configured by hand with an address inside the DHCP pool', 'a second DHCP server handing out the same range', 'a cloned VM that kept its old address', 'a device answering ARP for others (proxy ARP)'],
    check: (f, r) => [`find ${and(others(f, r))} in the switch's MAC address table or by its vendor prefix`, 'move static hosts outside the pool, or reserve their addresses on the server', `open ${frames(f.frames)} in Wireshark (frame.number == N)`],
  },
  PROBE_ANSWERED: {
    facts: probeFacts,
    why: 'RFC 5227 §2.1.1: a client probes an address with ARP (sender 0.0.0.0) before using it; any answer means another machine already uses it. The client must not use the address and should DECLINE it (RFC 2131 §4.4.1).',
    causes: () => ['a machine with a static address inside the server\'s pool', 'a server that gave out an address it had not checked (no ping check), after losing its leases', 'two clients probing the same address at once'],
    check: (f, r) => [`find who answered: ${and(others(f, r))}`, 'exclude that address from the pool or reserve it', 'turn on the server\'s own check before offering (ISC dhcpd ping-check, on by default in dnsmasq)'],
  },
  DECLINE: {
    facts: (f, r, d) => {
      for (const { step } of stepsOf(r, f).filter((x) => x.step.messageType === 'DECLINE').slice(0, 2)) d.say(`The DECLINE is frame ${step.frame}, sent from 0.0.0.0 to ${step.to.ip} at ${clock(step.time)}.`, [step.frame]);
      probeFacts(f, r, d);
    },
    why: 'The client refused the address its server gave it because it found it in use. It has to start again, and the server should not hand that address out again until it is freed.',
    causes: () => ['a machine with a static address inside the pool', 'a server that does not check an address before offering it', 'a stale lease database on the server'],
    check: (f, r) => [`see who uses the address in ARP (${and(others(f, r))})`, 'exclude it from the pool', 'check that the client got another address afterwards'],
  },
  NAK: {
    facts: (f, r, d) => {
      for (const tx of transactionsOf(r, f).slice(0, 2)) {
        const nak = tx.steps.find((s) => s.messageType === 'NAK');
        if (nak) d.say(`${nak.server ?? nak.from.ip} sent the NAK in frame ${nak.frame} for a ${tx.kind} exchange${tx.requestedIp ? ` asking for ${tx.requestedIp}` : ''}${tx.nakMessage ? `, saying ${quote(tx.nakMessage)}` : ''}.`, [nak.frame]);
        const next = r.transactions.find((t) => t.clientMac === tx.clientMac && t.outcome === 'ACK' && t.firstTime > tx.lastTime);
        if (next) d.say(`The client then started over and got ${next.assignedIp ?? 'an address'} (${next.id}).`);
      }
    },
    why: 'A NAK tells the client its address is wrong: it must drop it and start again with DISCOVER. Once is normal after a move; again and again means the client and server disagree about the network.',
    causes: (f, r) => {
      const kinds = new Set(transactionsOf(r, f).map((t) => t.kind));
      return [
        ...(kinds.has('INIT-REBOOT') ? ['the client moved to another network and asked for its old address (INIT-REBOOT)'] : []),
        'the server has no record of the lease (lease file lost, another server gave it)',
        'the requested address is outside the subnet the server serves on this segment',
        'an authoritative server refusing a request meant for another server',
      ];
    },
    check: () => ['read the message in option 56, if any', 'check that the client got an address afterwards', 'check which server is authoritative for this segment'],
  },
  NO_OFFER: {
    facts: (f, r, d) => {
      const txs = transactionsOf(r, f);
      const relayed = txs.some((t) => t.relay);
      d.say(`The DISCOVERs are ${frames(f.frames)}; ${relayed ? 'they were relayed' : 'none carries a relay address (giaddr 0.0.0.0), so only a server on the same segment could hear them'}.`, f.frames.slice(0, 8));
    },
    why: 'Without an offer the client gets no address: it will keep trying, then fall back to a link-local 169.254.x.x address or none.',
    causes: () => ['no DHCP server on this segment or VLAN, and no relay on the router (routers do not forward broadcasts unless a relay, "ip helper-address", is set)', 'the server is down or its service stopped', 'the pool is exhausted', 'the server ignores this client (a MAC filter, "deny unknown-clients")', 'a firewall dropping UDP port 67'],
    check: () => ['is a server or relay on this VLAN?', 'the server\'s log for these DISCOVERs', 'the number of free addresses in the pool'],
  },
  NO_ACK: {
    facts: (f, r, d) => {
      for (const tx of transactionsOf(r, f).slice(0, 2)) {
        const asked = tx.steps.filter((s) => s.direction === 'client');
        const icmp = tx.steps.some((s) => s.icmpUnreachable);
        d.say(`${tx.clientMac} sent ${asked.length} ${asked[0]?.messageType ?? 'message'}${asked.length === 1 ? '' : 's'} (${frames(asked.map((s) => s.frame))}) in a ${tx.kind} exchange and no answer came${icmp ? '; an ICMP port unreachable quoted one of them: the server\'s service was down' : ''}.`, asked.map((s) => s.frame));
      }
    },
    why: 'The client asked for (or to keep) an address and nobody answered. A renewing client keeps its address until the lease ends, then has to start over.',
    causes: () => ['the server that gave the lease is down (a renewal at T1 goes only to it)', 'the server does not know the lease and stays silent (a non-authoritative server)', 'unicast traffic to the server blocked on the way (a firewall)'],
    check: () => ['is the server running? an ICMP port unreachable in the capture says no', 'does the client rebind at T2 and get an answer from another server?', 'the server\'s log'],
  },
  SERVER_MISMATCH: {
    facts: (f, r, d) => {
      for (const tx of transactionsOf(r, f).slice(0, 2)) d.say(`${tx.clientMac} chose ${tx.selectedServer ?? '?'} in its REQUEST, but the ACK came from ${tx.server ?? '?'}.`);
    },
    why: 'A server acked a request that named another server. The client may now hold a lease the chosen server does not know about.',
    causes: () => ['two servers in failover or sharing a pool', 'a server that answers every REQUEST regardless of option 54', 'a relay forwarding to several servers'],
    check: () => ['the configuration of both servers', 'whether the chosen server also answered (a NAK or nothing)'],
  },
  SERVER_UNREACHABLE: {
    facts: (f, r, d) => {
      for (const { step } of stepsOf(r, f).filter((x) => x.step.icmpUnreachable).slice(0, 2)) d.say(`Frame ${step.frame} is an ICMP port unreachable from ${step.to.ip} quoting the client's ${step.messageType}.`, [step.frame]);
    },
    why: 'The server\'s host is up but nothing listens on UDP port 67: the DHCP service is stopped. Clients cannot renew and will lose their addresses when their leases end.',
    causes: () => ['the DHCP service stopped or crashed', 'the service listens on another interface or address', 'a firewall rejecting UDP 67 with ICMP'],
    check: (f) => [`the DHCP service on ${and(f.ips) || 'the server'} (systemctl status, its log)`, 'which interfaces the service listens on'],
  },
  CLIENT_UNREACHABLE: {
    facts: (f, r, d) => {
      for (const { step } of stepsOf(r, f).slice(0, 2)) d.say(`Frame ${step.frame}: the server's ${step.messageType} to ${step.to.ip} came back quoted in an ICMP port unreachable.`, [step.frame]);
    },
    why: 'The client\'s host answered the server\'s reply with "port unreachable": no socket was open on UDP port 68. Usually harmless: many clients read DHCP through a raw socket the kernel does not count, or had already finished.',
    causes: () => ['the client reads replies through a raw (packet) socket, so the kernel answers the UDP datagram with ICMP', 'the client program exited before the answer came (a one-shot INFORM)', 'a firewall on the client'],
    check: () => ['whether the client still configured itself (later ARP or traffic from its address)'],
  },
  DELIVERY_MISMATCH: {
    facts: deliverySteps,
    why: 'RFC 2131 says how each message must travel: a client without an address cannot receive unicast IP when it set the broadcast flag, and a REQUEST that is not broadcast is not heard by the servers that were not chosen. A wrong delivery can leave a client without an address.',
    causes: () => ['a server that ignores the broadcast flag', 'a client or relay with a non-standard stack', 'a capture point that saw the frame after a device rewrote it (a Wi-Fi bridge, a NAT)'],
    check: () => ['whether the client got the reply anyway (did it send the next message?)', 'the server or relay software and its options'],
  },
  STARVATION: {
    facts: (f, _r, d) => d.say(`The evidence is ${frames(f.frames)}, with ${f.macs.length} client MACs.`, f.frames.slice(0, 8)),
    why: 'Someone is using up the server\'s pool with made-up clients. When it runs dry, real clients get no address, and an attacker can then answer them with a server of its own.',
    causes: () => ['a DHCP starvation tool (yersinia, dhcpstarv, a scapy script)', 'a host creating many virtual NICs (containers, VMs) on a bridge', 'a pool far too small for the number of clients'],
    check: (f) => [`find the sending port: ${and(f.macs.slice(0, 2))} in the switch's MAC address table`, 'limit MACs per port (port security) and turn on DHCP snooping with a rate limit', 'the server\'s free addresses'],
  },
  MALFORMED: {
    facts: (f, _r, d) => d.say(`Open ${frames(f.frames)} in Wireshark (frame.number == N) to see the bytes.`, f.frames.slice(0, 8)),
    why: 'Frames that do not parse as the protocol says could not be analysed; whatever they carried is missing from the exchanges above.',
    causes: () => ['a capture cut short (snap length smaller than the frame)', 'a buggy or hostile sender', 'something other than DHCP on UDP port 67/68'],
    check: () => ['the capture\'s snap length (captured length less than frame length)', 'the sender of these frames'],
  },
  RETRANSMISSION_STORM: {
    facts: (f, r, d) => {
      for (const tx of transactionsOf(r, f).slice(0, 2)) d.say(`${tx.id} (${tx.kind}, ${tx.clientMac}) holds ${tx.steps.filter((s) => s.retransmission).length} retransmissions; its outcome is ${tx.outcome}.`);
    },
    why: 'A client that keeps resending is not getting an answer it can use. It floods the segment and still has no address.',
    causes: () => ['replies that do not reach the client (unicast to a client that needs broadcast, a filter on the way)', 'no server answering at all', 'a client stuck in a loop'],
    check: () => ['whether replies appear in the capture and how they were delivered (✗ marks above)', 'the client\'s software'],
  },
  CHADDR_MISMATCH: {
    facts: (f, _r, d) => d.say(`The Ethernet source is ${f.macs[0] ?? '?'}; the client MACs inside the messages (chaddr) are ${and(f.macs.slice(1, 4))}${f.macs.length > 4 ? ` and ${f.macs.length - 4} more` : ''} (${frames(f.frames)}).`, f.frames.slice(0, 8)),
    why: 'The MAC inside the DHCP message (chaddr) is not the MAC that sent the frame. One sender speaking for many made-up clients is how starvation tools work.',
    causes: () => ['a starvation or spoofing tool', 'a VM bridged over Wi-Fi: the host\'s wireless card sends the guest\'s frames with its own MAC', 'a Wi-Fi extender or bridge doing MAC translation'],
    check: (f) => [`what is behind ${f.macs[0] ?? 'the Ethernet source'} (switch port, vendor prefix)`, 'whether the clients are VMs bridged over a wireless adapter'],
  },
  STALE_USE: {
    facts: leaseHolders,
    why: 'A machine still uses an address after its lease was given back or ran out. The server may give it to someone else, and then two machines hold it.',
    causes: () => ['a client that kept its address configured after releasing it', 'an address set by hand after the lease', 'a renewal outside the capture'],
    check: (f) => [`the client ${and(f.macs)}: its configuration and its DHCP client log`],
  },
  CHECKED_ADDRESS_OFFERED: {
    facts: none,
    why: 'The server tested the address before offering it and something answered, so the address is in use; offering it anyway hands the client an address another machine holds.',
    causes: () => ['a server configured to ignore its own check (ISC dhcpd without ping-check, or a static reservation)', 'the pool running dry: ISC dhcpd reclaims abandoned addresses when no free one is left', 'a host that answers for addresses it does not hold (a proxy-ARP router)'],
    check: (f) => [`who uses ${and(f.ips)}: the MAC that answered (${and(f.macs)})`, 'the server\'s pool: is it large enough, and does a static host sit inside it?'],
  },
  POOL_ADDRESS_IN_USE: {
    facts: none,
    why: 'A server checked an address of its pool before offering it and the address answered: a machine uses it without a lease from this server. The server moved on (ISC dhcpd marks it abandoned), but the pool is one address smaller.',
    causes: () => ['a host configured by hand with an address inside the pool', 'a lease from another server or an earlier database', 'a client that kept its address after its lease ended'],
    check: (f) => [`who uses ${and(f.ips)}${f.macs.length ? ` (${and(f.macs)})` : ''}: give it an address outside the pool, or exclude this one from it`],
  },
};

export const UNKNOWN_FINDING: FindingTemplate = {
  facts: none,
  why: 'dorascope has no explanation for this code yet; its message and frames are quoted above.',
  causes: () => [],
  check: (f) => [`open ${frames(f.frames)} in Wireshark`],
};
