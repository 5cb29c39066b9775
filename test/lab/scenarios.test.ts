/**
 * Every lab scenario (fixtures/captures/*.expected.json, written from what the lab staged with real DHCP
 * software) against dorascope's report of its capture.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/index.js';
import type { Report, Transaction } from '../../src/report/types.js';

const dir = path.resolve(import.meta.dirname, '../../fixtures/captures');

interface ExpectedTx {
  kind?: string;
  outcome?: string;
  clientMac?: string;
  server?: string;
  assignedIp?: string;
  requestedIp?: string;
  offers?: { server: string; yiaddr?: string }[];
  relay?: { giaddr?: string };
  [k: string]: unknown;
}

interface Expected {
  scenario: string;
  capture: string;
  captures?: string[];
  transactions?: ExpectedTx[];
  exactTransactions?: boolean;
  minTransactions?: number;
  minLeases?: number;
  leases?: { ip: string; mac: string; state?: string }[];
  servers?: string[];
  trustedServers?: string[];
  findings?: string[];
  absentFindings?: string[];
  delivery?: { allOk?: boolean; mismatches?: { messageType: string; expectedOk?: boolean }[] } & Record<string, unknown>;
  clients?: { mac: string; virtualization?: string }[];
  serverDetails?: { ip: string; mac?: string; hypervisor?: string; network?: string; router?: string; dns?: string[]; domain?: string }[];
  relayAgentInfo?: { giaddr: string; hops?: number; circuitId?: string };
  vlans?: Record<string, { subnet: string; server: string }>;
  arpClaims?: { ip: string; macs: string[] }[];
  addressChecks?: { clientMac: string; server: string; ip: string; answered: boolean; offered: string }[];
}

const scenarios = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.expected.json')).sort() : [];

/** Does a report transaction have every field the expectation names? */
function matches(t: Transaction, e: ExpectedTx): boolean {
  for (const key of ['kind', 'outcome', 'clientMac', 'server', 'assignedIp', 'requestedIp'] as const) {
    if (e[key] !== undefined && t[key] !== e[key]) return false;
  }
  if (e.offers) {
    for (const o of e.offers) if (!t.offers.some((x) => x.server === o.server && (o.yiaddr === undefined || x.yiaddr === o.yiaddr))) return false;
  }
  if (e.relay?.giaddr !== undefined && t.relay?.giaddr !== e.relay.giaddr) return false;
  return true;
}

describe.skipIf(scenarios.length === 0)('lab scenarios', () => {
  for (const file of scenarios) {
    const expected = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Expected;
    describe(expected.scenario ?? file, () => {
      let report: Report;
      const load = async () => {
        report ??= await analyze(path.join(dir, expected.capture), { trustedServers: expected.trustedServers ?? [] });
        return report;
      };

      it('rebuilds the staged transactions in order', async () => {
        const r = await load();
        let from = 0;
        for (const e of expected.transactions ?? []) {
          const i = r.transactions.findIndex((t, idx) => idx >= from && matches(t, e));
          expect(i, `no transaction like ${JSON.stringify(e)} after index ${from} in ${JSON.stringify(r.transactions.map((t) => [t.kind, t.outcome, t.clientMac, t.assignedIp]))}`).toBeGreaterThanOrEqual(0);
          from = i + 1;
        }
        if (expected.exactTransactions) expect(r.transactions.length).toBe(expected.transactions?.length ?? 0);
        if (expected.minTransactions !== undefined) expect(r.transactions.length).toBeGreaterThanOrEqual(expected.minTransactions);
      });

      it('tracks the leases and servers', async () => {
        const r = await load();
        for (const l of expected.leases ?? []) {
          const lease = r.leases.find((x) => x.ip === l.ip && x.mac === l.mac);
          expect(lease, `lease ${l.ip} ${l.mac}`).toBeDefined();
          if (l.state) expect(lease!.state, `state of lease ${l.ip} ${l.mac}`).toBe(l.state);
        }
        if (expected.minLeases !== undefined) expect(r.leases.length).toBeGreaterThanOrEqual(expected.minLeases);
        if (expected.servers) expect(r.servers.map((s) => s.ip).sort()).toEqual([...expected.servers].sort());
      });

      it('raises the expected findings and no false alarms', async () => {
        const r = await load();
        const codes = new Set(r.findings.map((f) => f.code));
        for (const c of expected.findings ?? []) expect(codes, `finding ${c} in ${[...codes].join(',')}`).toContain(c);
        for (const c of expected.absentFindings ?? []) {
          expect(codes.has(c), `${c} must not be raised: ${r.findings.filter((f) => f.code === c).map((f) => f.message).join(' | ')}`).toBe(false);
        }
        for (const f of r.findings) expect(f.frames.length, `${f.code} lists its evidence`).toBeGreaterThan(0);
      });

      if (expected.addressChecks) it('links the servers\' own address checks to the exchanges they were made for', async () => {
        const r = await load();
        for (const e of expected.addressChecks ?? []) {
          const found = r.transactions.some((t) => t.clientMac === e.clientMac && (t.addressChecks ?? []).some((c) => c.server === e.server && c.ip === e.ip && c.answered === e.answered && c.offered === e.offered));
          expect(found, `check ${JSON.stringify(e)} in ${JSON.stringify(r.transactions.map((t) => [t.clientMac, t.addressChecks]))}`).toBe(true);
        }
      });

      // Only the scenarios that staged such details say what they must be.
      if (expected.clients || expected.serverDetails || expected.relayAgentInfo || expected.vlans || expected.arpClaims) it(
        'knows the virtual NICs, hypervisor DHCP services, relay, VLANs and ARP claims staged',
        async () => {
          const r = await load();
          for (const c of expected.clients ?? []) {
            expect(r.clients.find((x) => x.mac === c.mac), `client ${c.mac}`).toMatchObject(c.virtualization ? { virtualization: c.virtualization } : {});
          }
          for (const d of expected.serverDetails ?? []) {
            const s = r.servers.find((x) => x.ip === d.ip);
            expect(s, `server ${d.ip}`).toBeDefined();
            if (d.mac) expect(s!.mac).toBe(d.mac);
            if (d.hypervisor) expect(s!.hypervisor?.kind, `hypervisor of ${d.ip}: ${JSON.stringify(s!.hypervisor)}`).toBe(d.hypervisor);
            if (d.network) expect(s!.network?.kind, `network of ${d.ip}: ${JSON.stringify(s!.network)}`).toBe(d.network);
            if (d.router) expect(s!.options.router).toBe(d.router);
            if (d.dns) expect(s!.options.dns).toEqual(d.dns);
            if (d.domain) expect(s!.options.domain).toBe(d.domain);
          }
          if (expected.relayAgentInfo) {
            const relayed = r.transactions.filter((t) => t.relay);
            expect(relayed.length).toBeGreaterThan(0);
            expect(relayed[0]!.relay).toMatchObject(expected.relayAgentInfo);
          }
          for (const [vlan, v] of Object.entries(expected.vlans ?? {})) {
            const s = r.servers.find((x) => x.ip === v.server);
            expect(s?.subnets, `server of VLAN ${vlan}`).toContain(v.subnet);
            const tx = r.transactions.find((t) => t.server === v.server);
            expect(tx, `an exchange with ${v.server}`).toBeDefined();
            expect(tx!.vlan, `VLAN of the exchange with ${v.server}`).toEqual([Number(vlan)]);
          }
          for (const a of expected.arpClaims ?? []) {
            const b = r.arp.find((x) => x.ip === a.ip);
            expect(b?.claims.map((c) => c.mac).sort()).toEqual([...a.macs].sort());
            expect(b?.conflict).toBe(true);
          }
        },
      );

      it('judges delivery as staged', async () => {
        const r = await load();
        const bad = r.transactions.flatMap((t) => t.steps.filter((s) => !s.deliveryOk).map((s) => `${s.messageType}#${s.frame}: ${s.expectedDelivery}`));
        if (expected.delivery?.allOk) expect(bad).toEqual([]);
        for (const m of expected.delivery?.mismatches ?? []) {
          const steps = r.transactions.flatMap((t) => t.steps).filter((s) => s.messageType === m.messageType);
          expect(steps.some((s) => s.deliveryOk === (m.expectedOk ?? false)), `${m.messageType} delivery ${m.expectedOk ?? false}`).toBe(true);
        }
      });
    });
  }
});
