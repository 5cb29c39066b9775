/**
 * How the test builder encodes each DHCP option's value, written here from the RFCs (2132, 3004, 3011, 3442,
 * 3679, 4702, 6011, 8910 …), not taken from src/decode/dhcp/options.ts: a wrong row there must fail a round trip,
 * not be echoed by the builder. Options with structure (53, 61, 81, 82, 119, 121 …) have their own encoders in
 * dhcp-builder.ts. A code that is in neither place cannot be built by value: use rawOpt().
 */
export type Encoding =
  | 'ip' // one IPv4 address
  | 'ips' // IPv4 addresses, 4 bytes each
  | 'u8'
  | 'bool' // one byte, 0 or 1
  | 'u16'
  | 'u32'
  | 'i32' // signed 32-bit (option 2: seconds east of UTC)
  | 'string' // NVT ASCII / UTF-8 text
  | 'u8s' // a list of bytes
  | 'u16s' // a list of 16-bit numbers
  | 'flag' // no value at all, present or not (Rapid Commit)
  | 'hex'; // opaque bytes, given as hex

const ROWS: readonly (readonly [Encoding, readonly number[]])[] = [
  ['ip', [1, 16, 28, 32, 50, 54, 118]],
  ['ips', [3, 4, 5, 6, 7, 8, 9, 10, 11, 41, 42, 44, 45, 48, 49, 65, 68, 69, 70, 71, 72, 73, 74, 75, 76, 85, 89, 92, 112, 136, 138, 142, 148, 150]],
  ['u8', [23, 37, 46, 52, 116, 156, 157]],
  ['bool', [19, 20, 27, 29, 30, 31, 34, 36, 39]],
  ['u16', [13, 22, 26, 57]],
  ['u32', [24, 35, 38, 51, 58, 59, 91, 108, 152, 153, 154, 155, 211]],
  ['i32', [2]],
  ['string', [12, 14, 15, 17, 18, 40, 47, 56, 60, 62, 64, 66, 67, 86, 87, 98, 100, 101, 113, 114, 160, 161, 209, 210, 252]],
  ['u8s', [55, 145]],
  ['u16s', [25, 117]],
  ['flag', [80]],
  ['hex', [43, 63, 83, 90, 95, 99, 109, 122, 123, 143, 144, 146, 147, 158, 159, 162, 208, 212, 220, 221]],
];

/** Option code → how its value is encoded on the wire (the plainly typed options). */
export const OPTION_ENCODINGS: ReadonlyMap<number, Encoding> = new Map(ROWS.flatMap(([enc, codes]) => codes.map((c) => [c, enc] as const)));

/** A value of each encoding, as the decoder gives it back, different from the zero bytes a wrong length reads. */
export const SAMPLE_VALUES: Readonly<Record<Encoding, string | number | boolean | readonly (string | number)[]>> = {
  ip: '192.0.2.77',
  ips: ['192.0.2.1', '198.51.100.2'],
  u8: 200,
  bool: true,
  u16: 1472,
  u32: 3_000_000_000, // above 2^31: a signed read would differ
  i32: -3600,
  string: 'lab-host.example',
  u8s: [1, 3, 6, 15, 252],
  u16s: [68, 1500, 9000],
  flag: true,
  hex: '01deadbeef',
};
