/**
 * The ICMP echoes of a capture, found again for the TUI's packet pane when it opens a server's address check
 * (the echoes are evidence for the analyser, never packets of the report): a plain file's echoes are indexed by
 * offset and decoded again on demand, other inputs' (stdin, gzip) kept as records. Both are bounded: a capture
 * full of pings must not grow memory without end, and only the few echoes of address checks are ever opened.
 */
import type { RawRecord } from './capture/record.js';
import type { IcmpEchoFrame } from './decode/frame.js';
import { PacketIndex } from './packet-index.js';
import { packetRecord } from './report/packet.js';
import type { PacketRecord } from './report/types.js';

const MAX_INDEXED = 200_000;
const MAX_KEPT = 10_000;

export class EchoRecords {
  private readonly index: PacketIndex;
  private readonly kept = new Map<number, PacketRecord>();

  /** `files` as for PacketIndex: the path to read each capture again from, or undefined when it cannot be. */
  constructor(files: (string | undefined)[], private readonly hex: boolean) {
    this.index = new PacketIndex(files);
  }

  add(rec: RawRecord, f: IcmpEchoFrame): void {
    if (this.index.covers(rec.captureIndex)) {
      if (this.index.size < MAX_INDEXED) this.index.add(rec);
    } else if (this.kept.size < MAX_KEPT) {
      const bytes = this.hex ? rec.buf.slice(rec.offset, rec.offset + rec.caplen) : f.bytes;
      this.kept.set(f.frame, packetRecord({ ...f, bytes }, { hex: this.hex }));
    }
  }

  packet(frame: number, opts: { readonly hex?: boolean } = {}): PacketRecord | undefined {
    return this.kept.get(frame) ?? this.index.packet(frame, opts);
  }

  close(): void {
    this.index.close();
  }
}
