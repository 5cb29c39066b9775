/**
 * What a DHCP server's lease database says, as plain records: the second input beside capture/. Parsed from
 * the file alone (no capture needed); analyze/leasedb.ts compares them with the wire.
 */

/** The database formats read, found from the file's content (never from its name). 'empty': no content at all. */
export type DbFormat = 'isc' | 'dnsmasq' | 'kea' | 'virtualbox' | 'libvirt' | 'empty';

/**
 * A lease's state in the database's own words: ISC's binding states (free active expired released abandoned
 * reset backup), Kea's declined, VirtualBox's offered. dnsmasq and libvirt only list active leases.
 */
export type DbState = 'active' | 'free' | 'expired' | 'released' | 'abandoned' | 'reset' | 'backup' | 'declined' | 'offered';

export interface DbLease {
  readonly ip: string;
  /** Lowercase aa:bb:cc:dd:ee:ff; null when the database names no Ethernet address (a freed Kea row, a free ISC lease). */
  readonly mac: string | null;
  /** The client identifier as lowercase colon-separated hex. */
  readonly clientId?: string;
  /** As the file has it (untrusted: sanitize before printing). */
  readonly hostname?: string;
  readonly state: DbState;
  /** Epoch seconds: when the lease was granted or last renewed, null when the format does not keep it (dnsmasq). */
  readonly start: number | null;
  /** Epoch seconds the lease ends (or ended); null when it never ends. */
  readonly end: number | null;
  /** The file and the line where the record begins (1-based): what proves it. */
  readonly file: string;
  readonly line: number;
}

/** A record as a parser makes it; the collector adds the file. */
export type DbRecord = Omit<DbLease, 'file'>;

export interface DbWarning {
  readonly line: number;
  readonly message: string;
}

/** One database file read whole: the latest record of each address, in the order they were last written. */
export interface LeaseDatabase {
  readonly file: string;
  readonly format: DbFormat;
  /** Records read, superseded ones included. */
  readonly records: number;
  readonly leases: readonly DbLease[];
  /** Earliest and latest time the file mentions (epoch seconds), null when it mentions none. */
  readonly firstTime: number | null;
  readonly lastTime: number | null;
  readonly warnings: readonly DbWarning[];
}

/** A lease file that cannot be read, or is no lease database at all: one line, exit code 3. */
export class LeaseDbError extends Error {
  override readonly name = 'LeaseDbError';
}
