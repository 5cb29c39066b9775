/**
 * The text timeline's lease table. A capture can hold a quarter of a million leases: the table goes over them
 * twice, once for the column widths and whether any lease is off the plain LAN, once for the rows, each lease
 * filled into one reused LeaseRow (report/timeline.ts) and its row written as bytes; no list of rows or of
 * leases, and no Lease object, is made. With lease databases (--leases) each row says what the database holds
 * for the address.
 */
import { Bytes } from '../report/json-bytes.js';
import { LeaseRow } from '../report/timeline.js';
import { sanitize } from './sanitize.js';

/** The leases of the table: how many, and lease `i` filled into `into` (which is returned). */
export interface LeaseRows {
  readonly length: number;
  row(into: LeaseRow, i: number): LeaseRow;
}

const HEAD = ['IP', 'segment', 'MAC', 'hostname', 'server', 'start', 'end', 'state', 'renewals'] as const;
const SEGMENT = 1;
/** Rows gathered before they are handed on. */
const PIECE_BYTES = 1 << 16;
const NL = 0x0a;
const INDENT = Buffer.from('  ');

/** The table (its title, head and rows, then a blank line), in pieces; pieces that are bytes are lent. */
export function* leaseTable(rows: LeaseRows, db: boolean, title: string): Generator<string | Uint8Array> {
  const head: readonly string[] = db ? [...HEAD, 'database'] : HEAD;
  const widths = head.map((h) => h.length);
  const row = new LeaseRow();
  const cells: string[] = [];
  // One address leased in two VLANs or overlays is two leases: say where, when any lease is off the plain LAN.
  let seg = false;
  for (let i = 0; i < rows.length; i++) {
    const r = rows.row(row, i);
    seg ||= r.segment !== undefined;
    cellsOf(r, db, cells);
    for (let k = 0; k < cells.length; k++) if (cells[k]!.length > widths[k]!) widths[k] = cells[k]!.length;
  }
  // Without a segment column, its cells are left out of every row.
  const columns = head.map((_, k) => k).filter((k) => seg || k !== SEGMENT);
  yield `${title}\n${rowText(head, widths, columns)}\n`;
  const out = new Bytes(PIECE_BYTES + (PIECE_BYTES >> 2));
  for (let i = 0; i < rows.length; i++) {
    cellsOf(rows.row(row, i), db, cells);
    writeRow(out, cells, widths, columns);
    out.byte(NL);
    if (out.pos >= PIECE_BYTES) {
      yield out.bytes();
      out.reset();
    }
  }
  out.byte(NL);
  yield out.bytes();
}

/** A lease's cells, the segment column included, into `cells`. */
function cellsOf(l: LeaseRow, db: boolean, cells: string[]): void {
  cells[0] = l.ip;
  cells[1] = l.segment ?? '';
  cells[2] = l.mac;
  cells[3] = l.hostname === undefined ? '' : safe(l.hostname);
  cells[4] = l.server;
  cells[5] = shortTime(l.start);
  cells[6] = l.end ? shortTime(l.end) : 'infinite';
  cells[7] = l.state;
  cells[8] = String(l.renewals);
  if (db) cells[9] = databaseCell(l);
  cells.length = db ? 10 : 9;
}

/**
 * A row: two spaces, then the cells padded to their columns' widths two spaces apart, trailing blanks cut
 * (rowText). The last cell is never padded and, when it ends in a character that is not blank (always, as
 * a number of renewals or a database cell ends), nothing else is cut either.
 */
function writeRow(out: Bytes, cells: readonly string[], widths: readonly number[], columns: readonly number[]): void {
  const last = cells[columns[columns.length - 1]!]!;
  if (last.length === 0 || last.trimEnd().length !== last.length) {
    out.utf8(rowText(cells, widths, columns));
    return;
  }
  out.raw(INDENT);
  for (let k = 0; k < columns.length - 1; k++) {
    const c = columns[k]!;
    const cell = cells[c]!;
    out.text(cell);
    out.spaces(widths[c]! - cell.length + 2);
  }
  out.text(last);
}

/** A row as text (rowFormat's). */
function rowText(cells: readonly string[], widths: readonly number[], columns: readonly number[]): string {
  return `  ${columns.map((c) => cells[c]!.padEnd(widths[c]!)).join('  ')}`.trimEnd();
}

/** The database column of a wire lease: the record's state, its MAC when another, and where it is. */
function databaseCell(l: LeaseRow): string {
  const d = l.database;
  if (!d) return '-';
  const other = d.mac !== null && d.mac !== l.mac ? ` for ${d.mac}` : '';
  return `${d.state}${other}${d.agrees ? '' : ' ≠'} (${sanitize(basename(d.file))}:${d.line})`;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Packet text, sanitized for the terminal (printable ASCII needs nothing done). */
function safe(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return sanitize(s);
  }
  return s;
}

/** An ISO time to the millisecond, without its T and Z: `2026-12-05 03:04:05.123`. */
export function shortTime(iso: string): string {
  // isoTime's own text with three or more fractional digits (nearly every time): cut without a regular expression.
  if (iso.length >= 24 && iso.indexOf('T') === 10 && iso.charCodeAt(19) === DOT && iso.charCodeAt(iso.length - 1) === Z && digitsOnly(iso, 20, iso.length - 1)) {
    return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
  }
  return iso.replace('T', ' ').replace(/(\.\d{3})\d*Z$/, '$1');
}

const DOT = 0x2e;
const Z = 0x5a;

function digitsOnly(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}
