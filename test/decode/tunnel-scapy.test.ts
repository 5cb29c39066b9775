/**
 * Overlay frames from a third builder, scapy (test/helpers/tunnels-scapy.py): our decoder finds the same inner
 * DHCP message and the tunnel identifiers scapy was given. Skipped, saying why, without python3 and scapy.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Decoder } from '../../src/decode/decoder.js';
import { record } from '../helpers/frames.js';
import { readAll } from '../helpers/read-all.js';

const script = path.resolve(import.meta.dirname, '../helpers/tunnels-scapy.py');
const python = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import scapy.all, scapy.contrib.erspan, scapy.contrib.geneve'], { encoding: 'utf8' }).status === 0);
if (!python) console.warn('tunnel-scapy: no python3 with scapy; the scapy-built overlay frames are not checked');

describe.skipIf(!python)('overlay frames built by scapy', () => {
  it('decode to the inner DHCP DISCOVER with the tunnel identifiers scapy was given', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dorascope-scapy-'));
    try {
      const file = path.join(dir, 'tunnels.pcap');
      const run = spawnSync(python!, [script, file], { encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      const { records } = await readAll(file);
      const d = new Decoder();
      const got = records.map((r) => {
        const f = d.decode(record(r.data, r.linkType));
        return f?.kind === 'dhcp' ? [f.dhcp.xid, f.vlan, f.srcMac, f.tunnel?.map((t) => [t.type, t.vni ?? t.key ?? t.session ?? null])] : f?.kind;
      });
      const client = '02:00:00:00:0c:01';
      expect(got).toEqual([
        [1, [30], client, [['vxlan', 5001]]],
        [2, [30], client, [['geneve', 0xabcdef]]],
        [3, [30], client, [['gre', 77]]],
        [4, [30], client, [['erspan', null]]],
        [5, [30], client, [['erspan', 513]]],
        [6, [30], client, [['erspan', 1023]]],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
