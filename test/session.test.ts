/**
 * The library's streaming form (README: `new AnalysisSession({ hooks: { onFinding } })`): the hook sees every
 * finding the final report holds — those raised at a frame and those gathered as exchanges close (MULTIPLE_SERVERS,
 * NAK, NO_OFFER …) — and the same ones --ndjson writes, in the same order.
 */
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { FindingDraft } from '../src/analyze/types.js';
import type { Finding, Report } from '../src/report/types.js';
import { run } from '../src/run.js';
import { AnalysisSession } from '../src/session.js';
import { A, B, C, IP, IP2, S1, S2 } from './helpers/hosts.js';
import { scenario } from './helpers/scenario.js';
import { nonEmpty, repoCaptureFiles, projectRoot } from './helpers/shared-captures.js';
import { scratchDir } from './helpers/cli.js';

/** What a finding says, without the id (ids are numbered per output). */
const gist = (f: Pick<Finding, 'code' | 'severity' | 'message' | 'frames' | 'ips' | 'macs'>) => [f.code, f.severity, f.message, f.frames, f.ips, f.macs];

async function viaHook(file: string): Promise<{ hooked: FindingDraft[]; reported: readonly Finding[] }> {
  const hooked: FindingDraft[] = [];
  const session = new AnalysisSession({ hooks: { onFinding: (f) => hooked.push(f) } });
  await session.read([file]);
  return { hooked, reported: session.report().findings };
}

async function viaNdjson(file: string): Promise<Finding[]> {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c));
  await run({ inputs: [file], format: 'ndjson', packets: false, hex: false, filter: {}, trustedServers: [], color: false, analyzer: {} }, { stdout, stderr: new PassThrough() });
  const lines = Buffer.concat(chunks).toString('utf8').split('\n').filter((l) => l !== '');
  return lines.map((l) => JSON.parse(l) as { type: string; data: Finding }).filter((l) => l.type === 'finding').map((l) => l.data);
}

/** Two servers answer one client; one NAKs another client's INIT-REBOOT; an address is acked twice; two hosts claim another. */
function twoServersAndANak(): Uint8Array {
  return scenario()
    .at(0).dora({ mac: A, xid: 0x11, server: S1, yiaddr: IP, lease: 3600 })
    .at(0.5).arpAnnounce({ mac: A, ip: IP })
    .at(5).discover({ mac: B, xid: 0x22 })
    .at(5.01).offer({ server: S1, mac: B, xid: 0x22, yiaddr: IP2, lease: 3600 })
    .at(5.02).offer({ server: S2, mac: B, xid: 0x22, yiaddr: IP, lease: 3600 })
    .at(5.03).request({ mac: B, xid: 0x22, server: S2, requested: IP })
    .at(5.04).ack({ server: S2, mac: B, xid: 0x22, yiaddr: IP, lease: 3600 })
    .at(5.5).arpAnnounce({ mac: B, ip: IP })
    .at(10).request({ mac: C, xid: 0x33, requested: '10.0.0.9' })
    .at(10.01).nak({ server: S1, mac: C, xid: 0x33, message: 'wrong network' })
    // Two hosts claim one address DHCP never handed out.
    .at(20).arpAnnounce({ mac: '02:00:00:00:00:77', ip: '192.168.1.77' })
    .at(21).arpAnnounce({ mac: '02:00:00:00:00:78', ip: '192.168.1.77' })
    .build();
}

describe('AnalysisSession hooks.onFinding', () => {
  const scratch = scratchDir();
  const built = scratch.write('two-servers-nak.pcap', twoServersAndANak());

  it('sees, on a capture where two servers answer and one NAKs, all the findings of the report and of --ndjson', async () => {
    const { hooked, reported } = await viaHook(built);
    expect(reported.map((f) => f.code).sort()).toEqual(['ARP_CONFLICT', 'DOUBLE_ASSIGNMENT', 'MULTIPLE_SERVERS', 'NAK']);
    expect(hooked.map(gist).sort()).toEqual(reported.map(gist).sort());
    expect((await viaNdjson(built)).map(gist)).toEqual(hooked.map(gist));
  });

  it.each(nonEmpty('repository captures', repoCaptureFiles()).map((f) => [path.relative(projectRoot, f), f]))(
    'sees every finding of the report, each once, as --ndjson does: %s',
    async (_name, file) => {
      const { hooked, reported } = await viaHook(file);
      expect(hooked.map(gist).sort()).toEqual(reported.map(gist).sort());
      expect((await viaNdjson(file)).map(gist)).toEqual(hooked.map(gist));
    },
  );

  it('cleans up', () => scratch.cleanup());
});

describe('AnalysisSession.refresh (a live view between full reports)', () => {
  const scratch = scratchDir();
  const built = scratch.write('refresh.pcap', twoServersAndANak());

  it('brings an earlier report up to date in counts, progress and exchanges, and keeps its leases, clients, ARP and findings', async () => {
    let base: Report | undefined;
    const session = new AnalysisSession({
      live: true,
      // Taken at the first finding raised at a frame (a second server's offer): the capture is then partly read.
      hooks: { onFinding: () => void (base ??= session.report()) },
    });
    await session.read([built]);
    const full = session.report();
    expect(base?.progress).toBeDefined();
    expect(base!.transactions.length).toBeLessThan(full.transactions.length);
    const refreshed = session.refresh(base!);
    expect(refreshed.progress).toBeUndefined();
    expect(refreshed.transactions).toEqual(full.transactions);
    expect(refreshed.stats).toEqual({ ...full.stats, messageTypes: base!.stats.messageTypes });
    expect(refreshed.captures).toEqual(full.captures);
    for (const key of ['leases', 'clients', 'arp', 'servers', 'findings', 'warnings'] as const) expect(refreshed[key]).toBe(base![key]);
  });

  it('of a report of now, is that report again', async () => {
    const session = new AnalysisSession({ live: true });
    await session.read([built]);
    const full = session.report();
    expect(session.refresh(full)).toEqual(full);
  });

  it('with exchanges: false keeps the exchanges of the base (a filtered one)', async () => {
    const session = new AnalysisSession({ live: true });
    await session.read([built]);
    const base = { ...session.report(), transactions: [] };
    expect(session.refresh(base, { exchanges: false }).transactions).toBe(base.transactions);
  });

  it('cleans up', () => scratch.cleanup());
});
