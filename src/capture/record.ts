/**
 * One capture record as the reader hands it to the decoder.
 *
 * The reader owns a single instance and refills it for every record, so the hot path (frames that are
 * neither DHCP nor ARP) allocates nothing. `buf[offset .. offset + caplen)` is only valid during the sink
 * call: a consumer that keeps bytes must copy them.
 */
export interface RawRecord {
  /** Read buffer; the frame's bytes start at `offset`. */
  buf: Uint8Array;
  offset: number;
  caplen: number;
  origlen: number;
  /** Link-layer type (LINKTYPE_* number) of the interface this record came from. */
  linkType: number;
  /** pcapng interface id (0 for classic pcap). */
  interfaceId: number;
  /** Whole seconds since 1970. */
  tsSec: number;
  /** Nanoseconds within the second (0..999 999 999). */
  tsNanos: number;
  /** Decimal digits of precision the capture has for this interface (6 for µs, 9 for ns, ...). */
  tsDigits: number;
  /** false for a pcapng Simple Packet Block, which has no timestamp (tsSec and tsNanos are then 0). */
  hasTime?: boolean;
  /** Frame number over the whole run (1-based, continuing across files). */
  frame: number;
  /** Frame number within its own file (what Wireshark shows when that file is opened alone). */
  captureFrame: number;
  /** Index of the capture file in the run (0-based). */
  captureIndex: number;
  /** Byte offset of the record (block) in the (decompressed) capture file. */
  fileOffset: number;
  /** Byte offset of the packet bytes themselves in the (decompressed) capture file: where to read them again. */
  dataOffset: number;
}

/** A reader's one reused record: every field initialised once, in one order, so it keeps a single hidden class. */
export function newRawRecord(captureIndex: number): RawRecord {
  return {
    buf: new Uint8Array(0),
    offset: 0,
    caplen: 0,
    origlen: 0,
    linkType: 0,
    interfaceId: 0,
    tsSec: 0,
    tsNanos: 0,
    tsDigits: 6,
    hasTime: true,
    frame: 0,
    captureFrame: 0,
    captureIndex,
    fileOffset: 0,
    dataOffset: 0,
  };
}

export type CaptureFormat = 'pcap' | 'pcapng';

/** What the reader learned about one capture file; filled in as reading goes on. */
export interface CaptureInfo {
  path: string;
  format: CaptureFormat;
  compressed: boolean;
  linkTypes: number[];
  /** 'microseconds' | 'nanoseconds' | e.g. '10^-4' / '2^-20' for unusual pcapng resolutions. */
  timestampResolution: string;
  packets: number;
  /**
   * Frame numbers this file uses: `packets` plus the pcapng blocks Wireshark also shows as frames (systemd
   * journal entries, custom blocks), which the reader numbers but does not hand on. Absent means `packets`.
   */
  frames?: number;
  /** Bytes of the capture file read so far (compressed size for gzip input). */
  bytes: number;
  /** Run-wide frame number of this file's first record. */
  firstFrame: number;
  /**
   * Earliest and latest record timestamps (capinfos' "first/last packet time"). Not necessarily the first and
   * last record's: capture time can step back. Absent while no timestamped record has been read.
   */
  firstTime?: { sec: number; nanos: number; digits: number };
  lastTime?: { sec: number; nanos: number; digits: number };
  /** false when the file broke off in the middle (truncated record, bad block length...). */
  complete: boolean;
  /** Total size of the input when known (for progress); undefined for stdin. */
  size?: number;
}

export interface CaptureWarning {
  capture: number;
  frame?: number;
  offset?: number;
  message: string;
}
