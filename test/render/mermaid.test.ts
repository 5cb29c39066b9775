import { describe, expect, it } from 'vitest';
import { buildLadder } from '../../src/render/ladder/index.js';
import { markdownText, mermaidAlias, mermaidDiagram, mermaidText, renderMermaid } from '../../src/render/mermaid.js';
import { buildSampleReport } from '../helpers/sample-report.js';

const report = buildSampleReport();
const packets = new Map((report.packets ?? []).map((p) => [p.frame, p]));
const diagramOf = (id: string) => {
  const t = report.transactions.find((x) => x.id === id);
  if (!t) throw new Error(id);
  return mermaidDiagram(buildLadder(t, { packetOf: (f) => packets.get(f), servers: report.servers, clients: report.clients }));
};

/** The statements Mermaid's sequence diagrams take, as this renderer writes them. */
const STATEMENT = /^(sequenceDiagram|    participant P\d+ as [^\n;#]*(#\d+;[^\n;#]*)*|    P\d+(->>|-->>|-x|--x)P\d+: .*|    Note over P\d+(,P\d+)?: .*)$/;

describe('Mermaid sequence diagrams', () => {
  it('writes one fenced block per exchange, each line a statement Mermaid knows', () => {
    const md = renderMermaid(report);
    expect(md.match(/^```mermaid$/gm)).toHaveLength(report.transactions.length);
    expect(md.match(/^### /gm)).toHaveLength(report.transactions.length);
    const blocks = [...md.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1]!);
    for (const block of blocks) for (const line of block.split('\n')) expect(line).toMatch(STATEMENT);
  });

  it('has a participant per ladder column, labelled with role, address, MAC and VM platform', () => {
    const d = diagramOf('t-1');
    expect(d).toContain('    participant P0 as client ubuntu-vm<br/>192.168.136.128<br/>00#58;0c#58;29#58;4f#58;8e#58;35<br/>VMware');
    expect(d.match(/participant/g)).toHaveLength(3);
  });

  it('draws unicast solid, broadcast dotted, and a cross where delivery breaks RFC 2131, with a note saying what was expected', () => {
    const lines = diagramOf('t-1').split('\n');
    expect(lines).toContain('    P0-->>P2: DISCOVER · frame 1');
    const wrong = lines.findIndex((l) => /^ {4}P2-xP0: OFFER/.test(l));
    expect(wrong).toBeGreaterThan(0);
    expect(lines[wrong + 1]).toBe('    Note over P0,P2: ✗ unicast, RFC 2131 expects broadcast (broadcast flag set)');
    // An ARP reply from another host answering the client's probe: a conflict, crossed.
    expect(diagramOf('t-4')).toMatch(/P\d+-xP0: ARP reply · CONFLICT/);
  });

  it('turns Mermaid’s statement characters into entities, keeps colons out of aliases, and escapes Markdown in headings', () => {
    expect(mermaidText('a;b#c<d>e"f%g{h}i')).toBe('a#59;b#35;c#60;d#62;e#34;f#37;g#123;h#125;i');
    expect(mermaidText('line\nbreak')).not.toContain('\n');
    expect(mermaidAlias('x:y,z')).toBe('x#58;y#44;z');
    expect(markdownText('<img src=x> *bold* [l](u)')).toBe('&lt;img src=x&gt; \\*bold\\* \\[l\\]\\(u\\)');
    const hostile = { ...report.transactions[0]!, hostname: 'evil;\nNote over P0: pwned<script>' };
    const md = renderMermaid({ ...report, transactions: [hostile] });
    const block = /```mermaid\n([\s\S]*?)\n```/.exec(md)?.[1] ?? '';
    for (const line of block.split('\n')) expect(line).toMatch(STATEMENT);
    expect(block).not.toContain('<script>');
    // Only the delivery note of t-1 is a statement; the hostname's "Note over" stays inside the alias.
    expect(block.match(/^    Note over/gm)).toHaveLength(1);
  });
});
