/**
 * Exact decimal arithmetic and money (integer minor units + ISO 4217 currency).
 *
 * Prices are multiplied by decimal quantities and percentages (`1.5` hours, `-12.5` %); doing that
 * in binary floating point gives totals one minor unit off (0.1 × 3 ≠ 0.3). Every computation here
 * runs on BigInt-scaled decimals and rounds once, at the end, to an integer minor unit.
 */
import { Money } from './values.ts';

// Bounds on what a decimal may look like, so that a hostile `1e999999999` cannot make BigInt
// arithmetic allocate gigabytes. Generous for money: 40 significant digits, 30 decimal places.
const MAX_DIGITS = 40;
const MAX_SCALE = 30;
const MAX_EXPONENT = 40;

const DECIMAL_RE = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

const pow10 = (n: number): bigint => 10n ** BigInt(n);

/**
 * An exact decimal number, `coefficient × 10^-scale`. Immutable and normalised (no trailing zeros
 * in the fraction), so equal values have equal fields and one canonical string.
 */
export class ExactDecimal {
  private constructor(
    readonly coefficient: bigint,
    readonly scale: number,
  ) {}

  static readonly ZERO = new ExactDecimal(0n, 0);
  static readonly ONE = new ExactDecimal(1n, 0);

  private static normalised(coefficient: bigint, scale: number): ExactDecimal {
    let c = coefficient;
    let s = scale;
    while (s > 0 && c % 10n === 0n) {
      c /= 10n;
      s -= 1;
    }
    if (s < 0) {
      c *= pow10(-s);
      s = 0;
    }
    return new ExactDecimal(c, s);
  }

  /** An integer as a decimal; throws RangeError for a non-integer number. */
  static of(value: number | bigint): ExactDecimal {
    if (typeof value === 'bigint') return new ExactDecimal(value, 0);
    if (!Number.isSafeInteger(value)) throw new RangeError(`not a safe integer: ${value}`);
    return new ExactDecimal(BigInt(value), 0);
  }

  /**
   * Parses a decimal string (`"12"`, `"-0.5"`, `"1.25e2"`, as transit `~f` carries), or undefined
   * when it is not one or is out of bounds.
   */
  static parse(text: string): ExactDecimal | undefined {
    const m = DECIMAL_RE.exec(text.trim());
    if (!m) return undefined;
    const [, sign, intPart = '', fracPart = '', expPart] = m;
    if (intPart === '' && fracPart === '') return undefined;
    const exponent = expPart === undefined ? 0 : Number(expPart);
    if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > MAX_EXPONENT) return undefined;
    const digits = (intPart + fracPart).replace(/^0+(?=\d)/, '');
    if (digits.length > MAX_DIGITS) return undefined;
    const scale = fracPart.length - exponent;
    if (scale > MAX_SCALE) return undefined;
    const coefficient = BigInt(digits === '' ? '0' : digits);
    return ExactDecimal.normalised(sign === '-' ? -coefficient : coefficient, scale);
  }

  /**
   * The decimal a JSON number denotes: the shortest decimal that round-trips to it (`0.1` is 0.1,
   * not 0.1000000000000000055…), which is what a client meant by writing it. Undefined for NaN,
   * infinities and out-of-bounds values.
   */
  static fromNumber(value: number): ExactDecimal | undefined {
    if (!Number.isFinite(value)) return undefined;
    return ExactDecimal.parse(String(value));
  }

  plus(other: ExactDecimal): ExactDecimal {
    const scale = Math.max(this.scale, other.scale);
    return ExactDecimal.normalised(
      this.coefficient * pow10(scale - this.scale) + other.coefficient * pow10(scale - other.scale),
      scale,
    );
  }

  minus(other: ExactDecimal): ExactDecimal {
    return this.plus(other.negate());
  }

  times(other: ExactDecimal): ExactDecimal {
    return ExactDecimal.normalised(this.coefficient * other.coefficient, this.scale + other.scale);
  }

  negate(): ExactDecimal {
    return new ExactDecimal(-this.coefficient, this.scale);
  }

  /** This × 10^-places: `movePointLeft(2)` divides by 100 exactly (a percentage to a fraction). */
  movePointLeft(places: number): ExactDecimal {
    return ExactDecimal.normalised(this.coefficient, this.scale + places);
  }

  /** −1, 0 or 1. */
  sign(): -1 | 0 | 1 {
    return this.coefficient === 0n ? 0 : this.coefficient < 0n ? -1 : 1;
  }

  isInteger(): boolean {
    return this.scale === 0;
  }

  compare(other: ExactDecimal): -1 | 0 | 1 {
    return this.minus(other).sign();
  }

  equals(other: ExactDecimal): boolean {
    return this.coefficient === other.coefficient && this.scale === other.scale;
  }

  /**
   * Rounds to an integer, halves away from zero (decimal.js ROUND_HALF_UP, which the web template
   * uses for its line totals): 2.5 → 3, −2.5 → −3, 2.49 → 2. Symmetric, so a negative commission
   * is exactly the negation of the positive one.
   */
  roundHalfUp(): bigint {
    if (this.scale === 0) return this.coefficient;
    const divisor = pow10(this.scale);
    const magnitude = this.coefficient < 0n ? -this.coefficient : this.coefficient;
    const rounded = (magnitude * 2n + divisor) / (divisor * 2n);
    return this.coefficient < 0n ? -rounded : rounded;
  }

  /** Canonical plain notation: `"2"`, `"-1.5"`, `"0.05"` (never an exponent). */
  toString(): string {
    const negative = this.coefficient < 0n;
    const digits = (negative ? -this.coefficient : this.coefficient).toString();
    if (this.scale === 0) return (negative ? '-' : '') + digits;
    const padded = digits.padStart(this.scale + 1, '0');
    const point = padded.length - this.scale;
    return `${negative ? '-' : ''}${padded.slice(0, point)}.${padded.slice(point)}`;
  }

  /** The nearest JS number (for display only: email contexts, number formatting). */
  toNumber(): number {
    return Number(this.toString());
  }
}

const CURRENCY_RE = /^[A-Z]{3}$/;

/** An ISO 4217-shaped currency code (three upper-case letters). */
export function isCurrencyCode(value: unknown): value is string {
  return typeof value === 'string' && CURRENCY_RE.test(value);
}

const minorDigitsCache = new Map<string, number>();

/**
 * Digits of the currency's minor unit (EUR 2, JPY 0, KWD 3), from the platform's ICU data; 2 when
 * the code is unknown to it.
 */
export function currencyMinorDigits(currency: string): number {
  let digits = minorDigitsCache.get(currency);
  if (digits === undefined) {
    try {
      digits =
        new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
          .maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    minorDigitsCache.set(currency, digits);
  }
  return digits;
}

/** Money from an integer number of minor units; RangeError beyond ±2^53 (the wire's integers). */
export function moneyOf(amount: bigint, currency: string): Money {
  if (amount > BigInt(Number.MAX_SAFE_INTEGER) || amount < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`money amount out of range: ${amount}`);
  }
  // Number(0n) is +0, so a negated zero never becomes -0.
  return new Money(Number(amount), currency);
}

/** A money amount (minor units) as an exact decimal. */
export function amountOf(money: Money): ExactDecimal {
  return ExactDecimal.of(money.amount);
}

/** `money × factor`, rounded half away from zero to a minor unit. */
export function multiplyMoney(money: Money, factor: ExactDecimal): Money {
  return moneyOf(amountOf(money).times(factor).roundHalfUp(), money.currency);
}

/** −money. */
export function negateMoney(money: Money): Money {
  return moneyOf(-BigInt(money.amount), money.currency);
}

/** Sum of amounts in one currency; throws RangeError when a currency differs. */
export function sumMoney(items: readonly Money[], currency: string): Money {
  let total = 0n;
  for (const m of items) {
    if (m.currency !== currency) throw new RangeError(`currency ${m.currency} is not ${currency}`);
    total += BigInt(m.amount);
  }
  return moneyOf(total, currency);
}

/** Same amount and currency. */
export function moneyEquals(a: Money, b: Money): boolean {
  return a.amount === b.amount && a.currency === b.currency;
}

/** The amount in major units (`{amount: 3213, currency: 'EUR'}` → 32.13), exactly. */
export function toMajorUnits(money: Money): ExactDecimal {
  return amountOf(money).movePointLeft(currencyMinorDigits(money.currency));
}

/** Money from an amount in major units (`2.5` EUR → 250), rounded half away from zero. */
export function fromMajorUnits(amount: ExactDecimal, currency: string): Money {
  return moneyOf(amount.movePointLeft(-currencyMinorDigits(currency)).roundHalfUp(), currency);
}
