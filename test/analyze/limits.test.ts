/** A flood of made-up clients must not grow memory without bound: the caps hold and the report says so. */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/index.js';
import { scenario } from '../helpers/scenario.js';

function flood(clients: number): Uint8Array {
  const s = scenario();
  for (let i = 0; i < clients; i++) {
    const mac = `02:66:00:00:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`;
    s.at(i * 0.001).discover({ mac, xid: 0x1000 + i });
    s.at(i * 0.001 + 0.0005).offer({ server: '10.0.0.1', mac, xid: 0x1000 + i, yiaddr: `10.0.${(i >> 8) & 255}.${i & 255}`, to: 'unicast' });
  }
  return s.build();
}

describe('limits under a flood', () => {
  it('keeps at most --max-transactions exchanges and clients, and warns about the rest', async () => {
    const r = await analyze(flood(300), { maxTransactions: 100, maxOpenTransactions: 100 });
    expect(r.stats.dhcp).toBe(600);
    expect(r.transactions).toHaveLength(100);
    expect(r.clients).toHaveLength(100);
    const warnings = r.warnings.map((w) => w.message);
    expect(warnings).toContain('200 transactions were not kept: the report holds at most 100 (--max-transactions)');
    expect(warnings).toContain('more than 100 clients: the report lists the first 100 (--max-transactions)');
    // The flood itself is still seen whole.
    expect(r.findings.map((f) => f.code)).toContain('STARVATION');
  });

  it('closes the oldest open exchanges early when too many are open at once, and says so', async () => {
    const r = await analyze(flood(150), { maxOpenTransactions: 50 });
    expect(r.transactions).toHaveLength(150);
    expect(r.warnings.map((w) => w.message)).toContain('100 open transactions were closed early: more than 50 were open at once');
  });

  it('stays bounded when the capture clock stands still: every frame of a flood at one instant', async () => {
    const s = scenario().at(0);
    for (let i = 0; i < 20_000; i++) {
      const mac = `02:67:00:00:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`;
      s.discover({ mac, xid: i + 1 });
      s.arpProbe({ mac, ip: `10.1.${(i >> 8) & 255}.${i & 255}` });
    }
    const r = await analyze(s.build());
    expect(r.stats).toMatchObject({ dhcp: 20_000, arp: 20_000 });
    expect(r.transactions).toHaveLength(20_000);
    expect(r.findings.map((f) => f.code)).toContain('STARVATION');
  });

  it('still sees a storm from a client past the client limit (its record is not kept, its rate is)', async () => {
    const s = scenario();
    const mac = (i: number) => `02:68:00:00:00:${i.toString(16).padStart(2, '0')}`;
    for (let i = 0; i < 3; i++) s.at(i * 0.01).discover({ mac: mac(i), xid: 0x100 + i });
    // The fourth client, past --max-transactions 3, sends 40 DISCOVERs in 4 s, each its own exchange.
    for (let i = 0; i < 40; i++) s.at(1 + i / 10).discover({ mac: mac(9), xid: 0x200 + i });
    const r = await analyze(s.build(), { maxTransactions: 3 });
    expect(r.clients.map((c) => c.mac)).toEqual([mac(0), mac(1), mac(2)]);
    const storm = r.findings.filter((f) => f.code === 'RETRANSMISSION_STORM' && f.macs.includes(mac(9)));
    expect(storm.map((f) => f.frames)).toEqual([Array.from({ length: 40 }, (_, i) => i + 4)]);
  });
});
