/**
 * pcapng timestamps: a 64-bit count of units (if_tsresol: 10^-n or, with the high bit set, 2^-n seconds) turned
 * into whole seconds and nanoseconds without allocating. The common resolutions (10^-0 .. 10^-9, 2^-0 .. 2^-32)
 * use exact number arithmetic; only exotic ones (finer than 10^-9 or 2^-32) fall back to BigInt.
 */

const TWO32 = 4294967296;
/** Above this the 64-bit value may not be exact as a double (2^52, leaving room for the remainder fix-up). */
const SAFE_HIGH = 0x100000;

const DECIMAL = 0;
const BINARY = 1;
const BIG = 2;

/** One interface's timestamp resolution, with everything the per-record conversion needs precomputed. */
export class TsResolution {
  private readonly kind: number;
  /** Units per second for Decimal (10^n, n <= 9). */
  readonly unitsPerSec: number;
  /** Nanoseconds per unit for Decimal (10^(9-n)). */
  readonly nanosPerUnit: number;
  /** Exponent n of 2^-n for Binary. */
  readonly shift: number;
  /** Decimal digits worth showing for this resolution (max 9). */
  readonly digits: number;
  /** 'microseconds', 'nanoseconds', '10^-n' or '2^-n'. */
  readonly label: string;
  private readonly bigUnits: bigint;
  private readonly bigNanoDiv: bigint;
  private readonly binary: boolean;
  private readonly exponent: number;
  /** if_tsoffset: seconds added to every timestamp. */
  offsetSec = 0;

  /** Results of the last `convert` call. */
  sec = 0;
  nanos = 0;

  constructor(tsresol = 6) {
    this.binary = (tsresol & 0x80) !== 0;
    const n = tsresol & 0x7f;
    this.exponent = n;
    this.unitsPerSec = 1;
    this.nanosPerUnit = 1;
    this.shift = n;
    this.bigUnits = 1n;
    this.bigNanoDiv = 1n;
    if (this.binary) {
      this.kind = n <= 32 ? BINARY : BIG;
      this.bigUnits = 1n << BigInt(n);
      // Wireshark's choice (capinfos "Time precision"): the decimal digits the resolution fully covers,
      // 2^-20 s (1 048 576 ticks per second) -> 6.
      this.digits = Math.min(9, Math.floor(n * Math.log10(2) + 1e-9));
      this.label = `2^-${n}`;
    } else {
      this.kind = n <= 9 ? DECIMAL : BIG;
      if (n <= 9) {
        this.unitsPerSec = 10 ** n;
        this.nanosPerUnit = 10 ** (9 - n);
      }
      this.bigUnits = 10n ** BigInt(n);
      this.bigNanoDiv = n > 9 ? 10n ** BigInt(n - 9) : 1n;
      this.digits = Math.min(9, n);
      this.label = n === 6 ? 'microseconds' : n === 9 ? 'nanoseconds' : `10^-${n}`;
    }
  }

  /** Converts the 64-bit unit count `high:low` into `this.sec` / `this.nanos`. */
  convert(high: number, low: number): void {
    switch (this.kind) {
      case DECIMAL:
        this.decimal(high, low);
        break;
      case BINARY:
        this.binaryShift(high, low);
        break;
      case BIG:
        this.big(high, low);
        break;
    }
    if (this.offsetSec !== 0) this.sec += this.offsetSec;
  }

  private decimal(high: number, low: number): void {
    const ups = this.unitsPerSec;
    let sec: number;
    let rem: number;
    if (high < SAFE_HIGH) {
      const v = high * TWO32 + low;
      sec = Math.floor(v / ups);
      rem = v - sec * ups;
      if (rem < 0) {
        sec -= 1;
        rem += ups;
      } else if (rem >= ups) {
        sec += 1;
        rem -= ups;
      }
    } else {
      // Long division in base 2^16: every intermediate stays below 2^46 (ups <= 10^9 < 2^30), so exact.
      const q1 = Math.floor(high / ups);
      let r = high - q1 * ups;
      let t = r * 65536 + (low >>> 16);
      const q2 = Math.floor(t / ups);
      r = t - q2 * ups;
      t = r * 65536 + (low & 0xffff);
      const q3 = Math.floor(t / ups);
      rem = t - q3 * ups;
      sec = q1 * TWO32 + q2 * 65536 + q3;
    }
    this.sec = sec;
    this.nanos = rem * this.nanosPerUnit;
  }

  private binaryShift(high: number, low: number): void {
    const n = this.shift;
    let frac: number;
    if (n === 32) {
      this.sec = high;
      frac = low;
    } else {
      const unit = 2 ** n;
      this.sec = high * (TWO32 / unit) + Math.floor(low / unit);
      frac = low % unit;
    }
    // frac * 10^9 may pass 2^53; 10^9 = 2^9 * 1953125 and frac * 1953125 < 2^53, so divide the 2^9 out first.
    this.nanos = n >= 9 ? Math.floor((frac * 1953125) / 2 ** (n - 9)) : frac * (1e9 / 2 ** n);
  }

  private big(high: number, low: number): void {
    const v = (BigInt(high) << 32n) | BigInt(low);
    if (this.binary) {
      const shift = BigInt(this.exponent);
      this.sec = Number(v >> shift);
      this.nanos = Number(((v & (this.bigUnits - 1n)) * 1_000_000_000n) >> shift);
    } else {
      this.sec = Number(v / this.bigUnits);
      this.nanos = Number((v % this.bigUnits) / this.bigNanoDiv);
    }
  }
}
