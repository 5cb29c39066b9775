/** The DHCP servers that answered and the clients that asked, with what each was seen to say. */
import type { DhcpFrame } from '../decode/frame.js';
import { ipOf, ipsOf, OPT, subnetOf, textOf, u32Of, ZERO_IP } from './fields.js';
import type { ClientRate, FloodClient } from './floods.js';
import { FrameLists, type FrameList } from './frame-lists.js';
import type { OneOrMany } from './one-or-many.js';
import { linkSegmentOf } from './segment.js';
import { timestampOf } from './time.js';
import type { ClientState, ServerState } from './types.js';

const T = { OFFER: 2, ACK: 5, NAK: 6 } as const;
/** Addresses kept per server for the network judgement (network.ts): a few show a pool's shape. */
const MAX_OFFERED_KEPT = 8;

export class ServerBook {
  private readonly byIp = new Map<string, ServerState>();

  /** Records a server reply; `server` is its identifier (option 54) or source address. */
  observe(f: DhcpFrame, server: string): void {
    const m = f.dhcp;
    let s = this.byIp.get(server);
    if (!s) {
      s = { ip: server, mac: '', offers: 0, acks: 0, naks: 0, subnets: new Set(), offered: [], relayed: false, frames: [], segments: new Set(), firstFrame: f.frame, firstTs: timestampOf(f) };
      this.byIp.set(server, s);
    }
    // Replies that crossed a relay carry the relay's MAC and address, not the server's.
    if (f.ip.src === server && f.srcMac && !s.mac) s.mac = f.srcMac;
    if (m.messageType === T.OFFER) s.offers++;
    else if (m.messageType === T.ACK || m.messageType === undefined) s.acks++;
    else if (m.messageType === T.NAK) s.naks++;
    if (s.frames.length < 1000) s.frames.push(f.frame);
    const mask = ipOf(m, OPT.subnetMask);
    if (mask && m.yiaddr !== ZERO_IP) {
      const net = subnetOf(m.yiaddr, mask);
      if (net) s.subnets.add(net);
    }
    s.router ??= ipOf(m, OPT.router);
    if (!s.dns) {
      const dns = ipsOf(m, OPT.dns);
      if (dns.length) s.dns = dns;
    }
    s.domain ??= textOf(m, OPT.domain);
    s.leaseSeconds ??= u32Of(m, OPT.leaseTime);
    if (m.yiaddr !== ZERO_IP && s.offered.length < MAX_OFFERED_KEPT && !s.offered.includes(m.yiaddr)) s.offered.push(m.yiaddr);
    if (m.giaddr !== ZERO_IP) s.relayed = true;
    s.segments.add(segmentOf(f));
  }

  get(ip: string): ServerState | undefined {
    return this.byIp.get(ip);
  }

  all(): ServerState[] {
    return [...this.byIp.values()];
  }
}

/**
 * The broadcast domain a message was seen on (segment.ts: capture, interface, overlay, VLAN tags), or the relay
 * that carried it.
 */
export function segmentOf(f: DhcpFrame): string {
  if (f.dhcp.giaddr === ZERO_IP) return linkSegmentOf(f) || 'lan';
  const where = `relay ${f.dhcp.giaddr}`;
  if (f.captureIndex === 0 && f.interfaceId === 0) return where;
  return `${where} on interface ${f.interfaceId}${f.captureIndex > 0 ? ` of capture ${f.captureIndex + 1}` : ''}`;
}

/**
 * A client's record: what the report lists of it, and what the flood watches keep of it (floods.ts), found with
 * its exchange rather than looked up by MAC at each message. Its exchanges are a list in its book's pool
 * (frame-lists.ts; each book's records are a class of their own that knows the pool, so no record holds it).
 */
export abstract class ClientRecord implements ClientState, FloodClient {
  readonly mac: string;
  hostnames: OneOrMany<string> = undefined;
  vendorClasses: OneOrMany<string> = undefined;
  ips: OneOrMany<string> = undefined;
  private txs: FrameList = undefined;
  rate: ClientRate | undefined = undefined;
  answers = 0;

  constructor(mac: string) {
    this.mac = mac;
  }

  /** In the book (a getter: a field each would cost every client 8 bytes). */
  abstract get kept(): boolean;

  /** The pool of its book's lists of exchanges. */
  abstract get lists(): FrameLists;

  /** Its exchanges by first frame, as a lease's. */
  get transactions(): OneOrMany<number> {
    return this.lists.read(this.txs);
  }

  /** One of its exchanges (by first frame) had a message: noted once, as they come in order. */
  noteTransaction(firstFrame: number): void {
    this.txs = this.lists.appendLast(this.txs, firstFrame);
  }
}

export class ClientBook {
  private readonly byMac = new Map<string, ClientRecord>();
  /** The clients' lists of exchanges. */
  private readonly lists = new FrameLists();
  /** This book's records, kept and (past the limit) made anew for each exchange. */
  private readonly classes = clientClassesOf(this.lists);
  /** Clients not kept because the book was full. */
  dropped = 0;

  constructor(private readonly limit: number) {}

  touch(mac: string): ClientRecord {
    let c = this.byMac.get(mac);
    if (!c) {
      if (this.byMac.size < this.limit) {
        c = new this.classes.Kept(mac);
        this.byMac.set(mac, c);
      } else {
        c = new this.classes.Unkept(mac);
        this.dropped++;
      }
    }
    return c;
  }

  all(): ClientState[] {
    return [...this.byMac.values()];
  }
}

/** The classes of a client book's records, whose lists of exchanges are in `lists`. */
function clientClassesOf(lists: FrameLists) {
  class Kept extends ClientRecord {
    get kept(): boolean {
      return true;
    }
    get lists(): FrameLists {
      return lists;
    }
  }
  class Unkept extends Kept {
    override get kept(): boolean {
      return false;
    }
  }
  return { Kept, Unkept };
}
