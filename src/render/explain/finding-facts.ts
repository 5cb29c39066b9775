/** Facts about a finding read back from the rest of the report: the exchanges, steps and servers it names. */
import type { Finding, Report, Step, Transaction } from '../../report/types.js';
import { and, frames, span } from './words.js';

export function serverMac(report: Report, ip: string): string | null {
  return report.servers.find((s) => s.ip === ip)?.mac ?? null;
}

/** Where each exchange sits in the report, by id and by each of its frames: built once per report. */
interface TxIndex {
  readonly byId: ReadonlyMap<string, number>;
  readonly byFrame: ReadonlyMap<number, readonly number[]>;
}
const indexes = new WeakMap<readonly Transaction[], TxIndex>();

function txIndex(report: Report): TxIndex {
  let index = indexes.get(report.transactions);
  if (!index) {
    const byId = new Map<string, number>();
    const byFrame = new Map<number, number[]>();
    report.transactions.forEach((t, i) => {
      byId.set(t.id, i);
      for (const frame of [...t.steps.map((s) => s.frame), ...t.arpFrames]) {
        const list = byFrame.get(frame);
        if (!list) byFrame.set(frame, [i]);
        else if (list[list.length - 1] !== i) list.push(i);
      }
    });
    indexes.set(report.transactions, (index = { byId, byFrame }));
  }
  return index;
}

/** The report's exchanges at these positions, in report order, each once. */
function inOrder(report: Report, positions: Iterable<number>): Transaction[] {
  return [...new Set(positions)].sort((a, b) => a - b).map((i) => report.transactions[i]!);
}

/** The exchanges a finding names, else those holding one of its frames (in report order). */
export function transactionsOf(report: Report, f: Finding): Transaction[] {
  const { byId, byFrame } = txIndex(report);
  if (f.transactions && f.transactions.length > 0) return inOrder(report, f.transactions.flatMap((id) => byId.get(id) ?? []));
  return inOrder(report, f.frames.flatMap((frame) => byFrame.get(frame) ?? []));
}

/** The steps whose frame the finding quotes (in report order). */
export function stepsOf(report: Report, f: Finding): { tx: Transaction; step: Step }[] {
  const wanted = new Set(f.frames);
  const txs = inOrder(report, f.frames.flatMap((frame) => txIndex(report).byFrame.get(frame) ?? []));
  return txs.flatMap((tx) => tx.steps.filter((s) => wanted.has(s.frame)).map((step) => ({ tx, step })));
}

/**
 * Which offer each client took when several servers answered it: "02:… took 10.70.14.66's offer (frame 2)
 * because it answered first; 10.70.14.1 offered 1.2 s later (frame 7)".
 */
export function raceSentences(report: Report, servers: readonly string[]): { text: string; frames: number[] }[] {
  const set = new Set(servers);
  const races = report.transactions.filter((t) => new Set(t.offers.map((o) => o.server).filter((s) => set.has(s))).size > 1 || (t.server !== undefined && set.has(t.server) && t.offers.length > 1));
  return races.slice(0, 3).map((tx) => {
    const offers = [...tx.offers].sort((a, b) => a.frame - b.frame);
    const first = offers[0]!;
    const took = tx.server ?? tx.selectedServer;
    const chosen = offers.find((o) => o.server === took);
    const at = (frame: number): number => tx.steps.find((s) => s.frame === frame)?.epoch ?? Number.NaN;
    const later = offers.filter((o) => o.server !== first.server).map((o) => `${o.server} offered ${o.yiaddr} ${span((at(o.frame) - at(first.frame)) * 1000)} later (frame ${o.frame})`);
    const head = chosen
      ? `${tx.clientMac} took ${chosen.server}'s offer of ${chosen.yiaddr} (frame ${chosen.frame})${chosen.frame === first.frame ? ' because it answered first' : `, though ${first.server} answered first (frame ${first.frame})`}`
      : `${tx.clientMac} got offers from ${and(offers.map((o) => o.server))} and took none in this capture`;
    return { text: `${head}; ${and(later)}.`, frames: offers.map((o) => o.frame) };
  });
}

/** "the ACK in frame 8 (T1)" for each transaction, to quote where a lease came from. */
export function ackOf(tx: Transaction): Step | undefined {
  return tx.steps.find((s) => s.messageType === 'ACK' && s.direction === 'server');
}

export function quoteFrames(f: Finding): string {
  return frames(f.frames);
}
