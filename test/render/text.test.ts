/** The plain text timeline: a block per transaction, a line per step with ✓/✗, and no terminal escapes from packets. */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/index.js';
import { renderText } from '../../src/render/text.js';
import { scenario } from '../helpers/scenario.js';
import { A, B, S1, IP, IP2 } from '../helpers/hosts.js';

const EVIL = '\u001b[31mevil\u0007';

function lab() {
  return scenario()
    .at(0).dora({ mac: A, xid: 0x11, server: S1, yiaddr: IP, lease: 3600, hostname: 'alpha' })
    // B sets the broadcast flag, the server unicasts its OFFER anyway: a ✗.
    .at(1).discover({ mac: B, xid: 0x22, broadcastFlag: true })
    .at(1.01).offer({ server: S1, mac: B, xid: 0x22, yiaddr: IP2, lease: 3600, to: 'unicast', broadcastFlag: true })
    .at(1.02).request({ mac: B, xid: 0x22, server: S1, requested: IP2, broadcastFlag: true })
    .at(1.03).ack({ server: S1, mac: B, xid: 0x22, yiaddr: IP2, lease: 3600, to: 'broadcast', broadcastFlag: true });
}

describe('timeline', () => {
  it('has one block per transaction and one line per step', async () => {
    const r = await analyze(lab().build());
    const lines = renderText(r).split('\n');
    const headers = lines.filter((l) => /^T\d+ /.test(l));
    expect(headers).toEqual([
      `T1 DORA  ${A} (alpha)  xid 0x00000011  → ACK ${IP} from ${S1} lease 3600 s`,
      `T5 DORA  ${B}  xid 0x00000022  → ACK ${IP2} from ${S1} lease 3600 s`,
    ]);
    for (const [i, tx] of r.transactions.entries()) {
      const at = lines.indexOf(headers[i]!);
      const block = lines.slice(at + 1, at + 1 + tx.steps.length);
      expect(block.map((l) => l.match(/#(\d+)$/)?.[1])).toEqual(tx.steps.map((s) => String(s.frame)));
      expect(lines[at + 1 + tx.steps.length]).toBe('');
    }
  });

  it('marks each step ✓ when delivered as RFC 2131 expects and ✗ with the expectation when not', async () => {
    const r = await analyze(lab().build());
    const steps = renderText(r).split('\n').filter((l) => /#\d+$/.test(l));
    expect(steps.map((l) => (l.includes('✓') ? '✓' : l.includes('✗') ? '✗' : '?'))).toEqual(['✓', '✓', '✓', '✓', '✓', '✗', '✓', '✓']);
    const bad = steps[5]!;
    expect(bad).toContain('OFFER');
    expect(bad).toContain('ucast ✗ expected broadcast (broadcast flag set)');
    expect(bad).toContain(`${S1} → ${IP2}`);
    expect(steps[0]).toContain('    0.000 s  00:0c:29:4f:8e:35  0.0.0.0 → 255.255.255.255');
    expect(steps[0]).toContain('DISCOVER  bcast ✓');
  });

  it('says so when there are no transactions', async () => {
    const r = await analyze(scenario().at(0).arpAnnounce({ mac: A, ip: IP }).build());
    expect(renderText(r)).toContain('No DHCP transactions.');
    expect(renderText(r)).toContain('Findings (0)\n  none');
  });
});

describe('untrusted packet text', () => {
  function evilLab() {
    return scenario()
      .at(0).dora({ mac: A, xid: 0x11, server: S1, yiaddr: IP, lease: 3600, hostname: EVIL })
      .at(10).request({ mac: B, xid: 0x33, requested: '10.9.9.9', hostname: `x\u202egnp.exe${EVIL}` })
      .at(10.01).nak({ server: S1, mac: B, xid: 0x33, message: `no \u001b]0;pwned\u0007 way\u009b` })
      .at(20).request({ mac: B, xid: 0x44, server: S1, requested: IP2, hostname: EVIL })
      .at(30).arpRequest({ mac: '02:00:c0:a8:01:01', ip: S1, target: '192.168.1.9' });
  }

  it('never lets control characters from a hostname or NAK message reach the output', async () => {
    const r = await analyze(evilLab().build());
    expect(r.transactions[0]!.hostname).toBe(EVIL);
    for (const color of [false, true]) {
      const out = renderText(r, { color });
      const withoutOurColours = out.replace(/\x1b\[(?:\d+)m/g, '');
      expect(withoutOurColours).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
      expect(out).not.toContain('\u001b[31mevil');
      expect(out).toContain('\uFFFD[31mevil\uFFFD');
    }
  });

  it('shows the sanitised hostname in the transaction header, the lease table and the finding', async () => {
    const out = renderText(await analyze(evilLab().build()));
    const safe = '\uFFFD[31mevil\uFFFD';
    expect(out).toContain(`T1 DORA  ${A} (${safe})`);
    expect(out.split('\n').some((l) => l.startsWith(`  ${IP}`) && l.includes(safe))).toBe(true);
    expect(out).toContain(`"no \uFFFD]0;pwned\uFFFD way`);
    expect(out).toMatch(/NO_ACK .*\uFFFD\[31mevil\uFFFD/);
  });
});
