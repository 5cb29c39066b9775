/** Reads a whole capture into plain objects (copies of every record) for assertions. */
import { readCapture, type CaptureInput, type ReadOptions } from '../../src/capture/reader.js';
import type { CaptureInfo, CaptureWarning, RawRecord } from '../../src/capture/record.js';

export interface ReadRecord {
  frame: number;
  captureFrame: number;
  captureIndex: number;
  interfaceId: number;
  linkType: number;
  tsSec: number;
  tsNanos: number;
  tsDigits: number;
  hasTime: boolean;
  caplen: number;
  origlen: number;
  fileOffset: number;
  dataOffset: number;
  data: Uint8Array;
}

export interface ReadResult {
  info: CaptureInfo;
  records: ReadRecord[];
  warnings: CaptureWarning[];
  started: number;
}

export function copyRecord(r: RawRecord): ReadRecord {
  return {
    frame: r.frame,
    captureFrame: r.captureFrame,
    captureIndex: r.captureIndex,
    interfaceId: r.interfaceId,
    linkType: r.linkType,
    tsSec: r.tsSec,
    tsNanos: r.tsNanos,
    tsDigits: r.tsDigits,
    hasTime: r.hasTime !== false,
    caplen: r.caplen,
    origlen: r.origlen,
    fileOffset: r.fileOffset,
    dataOffset: r.dataOffset,
    data: r.buf.slice(r.offset, r.offset + r.caplen),
  };
}

export async function readAll(input: CaptureInput, opts: Partial<ReadOptions> = {}): Promise<ReadResult> {
  const records: ReadRecord[] = [];
  const warnings: CaptureWarning[] = [];
  let started = 0;
  const info = await readCapture(
    input,
    { captureIndex: 0, firstFrame: 1, ...opts },
    {
      onRecord: (r) => records.push(copyRecord(r)),
      onWarning: (w) => warnings.push(w),
      onCaptureStart: () => started++,
    },
  );
  return { info, records, warnings, started };
}

/** A record with its bytes as base64: cheap to compare with toEqual even for 256 KiB frames. */
export function summary(r: ReadRecord): Omit<ReadRecord, 'data'> & { data: string } {
  return { ...r, data: Buffer.from(r.data).toString('base64') };
}
