/**
 * Explanations for learners, built from the Report alone (a renderer): every exchange, step, lease, server,
 * network and finding in plain sentences that quote this capture. The text timeline (--explain), the JSON
 * (`explanations`), the TUI's `e` pane and the HTML page all show exactly these.
 */
import type { Report } from '../../report/types.js';
import { explainFinding } from './findings.js';
import { explainLease } from './lease.js';
import { explainNetworks, explainServer } from './networks.js';
import { explainStep } from './steps.js';
import { explainTransaction } from './transaction.js';
import type { Explanations } from './types.js';

export type { Explanation, Explanations } from './types.js';
export { explainFinding, explainLease, explainNetworks, explainServer, explainStep, explainTransaction };

/** The whole report explained (the JSON `explanations` section). */
export function explainReport(report: Report): Explanations {
  return {
    networks: explainNetworks(report),
    servers: report.servers.map((s) => ({ ip: s.ip, ...explainServer(report, s) })),
    transactions: report.transactions.map((tx) => ({ id: tx.id, ...explainTransaction(report, tx), steps: tx.steps.map((_, i) => explainStep(report, tx, i)) })),
    leases: report.leases.map((l) => ({ ip: l.ip, mac: l.mac, start: l.start, ...explainLease(report, l) })),
    findings: report.findings.map((f) => ({ id: f.id, ...explainFinding(report, f) })),
  };
}
