/**
 * What the explanation pane (`e`) explains: the selected exchange, or the step under the ladder cursor, the
 * selected lease or finding, an ARP address's conflict or lease, and on the Overview every DHCP service.
 */
import type { Explanation, Report, Transaction } from '../../report/types.js';
import { explainFinding, explainLease, explainNetworks, explainStep, explainTransaction } from '../explain/index.js';
import type { State } from './state.js';
import type { Derived } from './use-derived.js';

/** Several explanations shown one after another (the Overview's networks). */
function joined(list: readonly Explanation[], title: string): Explanation | null {
  if (list.length === 0) return null;
  if (list.length === 1) return list[0]!;
  return {
    title,
    sentences: list.flatMap((e) => [`▸ ${e.title}`, ...e.sentences]),
    frames: [...new Set(list.flatMap((e) => e.frames))].sort((a, b) => a - b),
  };
}

/**
 * A step's explanation quotes its packet's options (the lease an OFFER names): the TUI keeps no records of a
 * plain file's packets, so the step's record is read again and handed over with the report.
 */
function stepExplained(d: Derived, tx: Transaction, index: number): Explanation {
  const report = d.model.report;
  const record = d.model.rowPacket(tx.steps[index]!.frame);
  const withRecord: Report = record ? { ...report, packets: [record] } : report;
  return explainStep(withRecord, tx, index);
}

export function explainSelection(state: State, d: Derived): Explanation | null {
  const { model } = d;
  const report = model.report;
  switch (state.view) {
    case 'overview':
      return joined(explainNetworks(report), 'The DHCP services and their networks');
    case 'handshakes': {
      const tx = d.transaction;
      if (!tx) return null;
      if (state.focus === 'steps') {
        const row = d.ladder?.rows[state.step];
        const index = row?.step ? tx.steps.indexOf(row.step) : -1;
        if (index >= 0) return stepExplained(d, tx, index);
      }
      return explainTransaction(report, tx);
    }
    case 'leases': {
      const row = model.leases[d.index('leases')];
      return row ? explainLease(report, row.lease) : null;
    }
    case 'findings': {
      const f = model.findings[d.index('findings')];
      return f ? explainFinding(report, f) : null;
    }
    case 'arp': {
      const b = model.arp[d.index('arp')];
      if (!b) return null;
      const finding = report.findings.find((f) => f.ips.includes(b.ip) && (f.code === 'ARP_CONFLICT' || f.code === 'PROBE_ANSWERED'));
      if (finding) return explainFinding(report, finding);
      const lease = report.leases.find((l) => l.ip === b.ip);
      return lease ? explainLease(report, lease) : null;
    }
    case 'packets': {
      // A packet: its step in its exchange, else the exchange, else the finding that cites it.
      const rows = model.packets;
      if (rows.length === 0) return null;
      const frame = rows.frameAt(d.index('packets'));
      const tx = model.exchangeOf(frame);
      const step = tx ? tx.steps.findIndex((s) => s.frame === frame) : -1;
      if (tx) return step >= 0 ? stepExplained(d, tx, step) : explainTransaction(report, tx);
      const finding = model.findingsOfFrame(frame)[0];
      return finding ? explainFinding(report, finding) : null;
    }
  }
}
