// The deprecated calculate-* pricing actions (domain.md §2.2; all "use privileged-set-line-items").
// Old processes still name them, so they work, built on the same line-item arithmetic.
//
// Choices where the reference is silent (UNCONFIRMED there, documented here):
// - Codes: `line-item/night`, `line-item/day`, `line-item/units` (unit total), `line-item/units1` /
//   `line-item/units2` (two-units total); commissions use the documented
//   `line-item/{customer,provider}-commission` and `line-item/{customer,provider}-fixed-commission`.
// - A total-price action sets the base price: it replaces all line items, like set-line-items does.
// - The "total price" commissions are based on is the sum of the items counted for both parties
//   (price items, not commissions), so repeated commissions all use the same base (§2.2 example:
//   100 EUR with two 10 % customer commissions ⇒ 120 EUR payin).
// - A booking with more than one seat is priced per seat (seats × units).
// - calculate-tx-nightly-total / -daily-total / -total ("total + provider commission") take no
//   :config in the action catalogue, so no commission rate is known: they set the total only.
import { conflict } from '../../domain/errors.ts';
import { isKeyword, isMap, type EdnValue } from '../definition/index.ts';
import { ExactDecimal, fromMajorUnits, moneyOf } from '../../lib/money.ts';
import type { Money } from '../../lib/values.ts';
import { daysBetween, nightsBetween } from './booking-units.ts';
import { computeLineItem, pricingConflict, totals } from './compute-line-items.ts';
import { PARTIES, type LineItem, type LineItemBasis, type Party } from './line-item.ts';
import { PARAMS_PATH, invalidParam, missingParam } from './parse-line-items.ts';
import type {
  PricingAction,
  PricingBooking,
  PricingContext,
  PricingResult,
} from './pricing-action.ts';
import { isSharedItem } from './set-line-items.ts';

const result = (lineItems: LineItem[]): PricingResult => ({
  lineItems,
  ...totals(lineItems, pricingConflict),
});

function requireListingPrice(ctx: PricingContext): Money {
  if (ctx.listingPrice === null) {
    throw conflict(
      'transaction-missing-listing-price',
      'The listing has no price to calculate the total from.',
    );
  }
  return ctx.listingPrice;
}

function requireBooking(ctx: PricingContext, action: string): PricingBooking {
  if (ctx.booking === null) {
    throw conflict(
      'transaction-invalid-action-sequence',
      `${action} needs a booking: a booking action must run before it.`,
    );
  }
  return ctx.booking;
}

/** The base price a booking's unit count gives: per seat when the booking has several. */
function bookingBasis(units: number, seats: number): LineItemBasis {
  const u = ExactDecimal.of(units);
  return seats > 1
    ? { kind: 'seats-units', seats: ExactDecimal.of(seats), units: u }
    : { kind: 'quantity', quantity: u };
}

function priceItem(
  code: string,
  unitPrice: Money,
  basis: LineItemBasis,
  includeFor: readonly Party[] = PARTIES,
): LineItem {
  try {
    return computeLineItem({ code, unitPrice, basis, includeFor });
  } catch (err) {
    if (err instanceof RangeError)
      throw conflict('conflict', `The calculated ${code} is too large.`);
    throw err;
  }
}

/** `calculate-tx-nightly-total-price`: listing price × nights of the booking. */
const nightlyTotalPrice: PricingAction = (ctx) => {
  const booking = requireBooking(ctx, 'calculate-tx-nightly-total-price');
  const price = requireListingPrice(ctx);
  const nights = nightsBetween(booking.start, booking.end);
  if (nights < 1)
    throw conflict('conflict', 'A nightly price needs a booking of at least one night.');
  return result([priceItem('line-item/night', price, bookingBasis(nights, booking.seats))]);
};

/** `calculate-tx-daily-total-price`: listing price × days of the booking. */
const dailyTotalPrice: PricingAction = (ctx) => {
  const booking = requireBooking(ctx, 'calculate-tx-daily-total-price');
  const price = requireListingPrice(ctx);
  const days = daysBetween(booking.start, booking.end);
  if (days < 1) throw conflict('conflict', 'A daily price needs a booking of at least one day.');
  return result([priceItem('line-item/day', price, bookingBasis(days, booking.seats))]);
};

/**
 * `calculate-tx-total-daily-booking-exclude-start`: days of the booking minus its first and last
 * date (delivery and pickup days); the booking must touch at least three dates.
 */
const dailyExcludeStart: PricingAction = (ctx) => {
  const booking = requireBooking(ctx, 'calculate-tx-total-daily-booking-exclude-start');
  const price = requireListingPrice(ctx);
  const days = daysBetween(booking.start, booking.end);
  if (days < 3) {
    throw conflict(
      'conflict',
      'The booking must span at least three days when its first and last day are excluded.',
    );
  }
  return result([priceItem('line-item/day', price, bookingBasis(days - 2, booking.seats))]);
};

function nonNegativeIntegerParam(ctx: PricingContext, name: string, min: number): number {
  const path = [...PARAMS_PATH, name];
  const raw = ctx.params[name];
  if (raw === undefined || raw === null) throw missingParam(path);
  if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw < min) {
    throw invalidParam(
      path,
      min === 0 ? 'must be a non-negative integer.' : 'must be a positive integer.',
    );
  }
  return raw;
}

/** `calculate-tx-unit-total-price`: listing price × the `quantity` parameter (positive integer). */
const unitTotalPrice: PricingAction = (ctx) => {
  const quantity = nonNegativeIntegerParam(ctx, 'quantity', 1);
  const price = requireListingPrice(ctx);
  return result([
    priceItem('line-item/units', price, { kind: 'quantity', quantity: ExactDecimal.of(quantity) }),
  ]);
};

function configEntry(ctx: PricingContext, key: string): EdnValue | undefined {
  return ctx.config?.[key];
}

function configDecimal(ctx: PricingContext, key: string): ExactDecimal | undefined {
  const v = configEntry(ctx, key);
  if (v === undefined || v === null) return undefined;
  const d =
    typeof v === 'bigint'
      ? ExactDecimal.of(v)
      : typeof v === 'number'
        ? ExactDecimal.fromNumber(v)
        : undefined;
  if (d === undefined) throw conflict('conflict', `The action's :${key} config must be a number.`);
  return d;
}

/** A `{:amount 2M :currency "EUR"}` config (amount in major units) as Money. */
function configMoney(ctx: PricingContext, key: string): Money | undefined {
  const v = configEntry(ctx, key);
  if (v === undefined || v === null) return undefined;
  let amount: ExactDecimal | undefined;
  let currency: string | undefined;
  if (isMap(v)) {
    for (const [k, value] of v.entries) {
      if (isKeyword(k, 'amount')) {
        amount =
          typeof value === 'bigint'
            ? ExactDecimal.of(value)
            : typeof value === 'number'
              ? ExactDecimal.fromNumber(value)
              : undefined;
      } else if (isKeyword(k, 'currency') && typeof value === 'string') {
        currency = value;
      }
    }
  }
  if (amount === undefined || currency === undefined) {
    throw conflict(
      'conflict',
      `The action's :${key} config must be {:amount <number> :currency "<ISO code>"}.`,
    );
  }
  try {
    return fromMajorUnits(amount, currency);
  } catch {
    throw conflict('conflict', `The action's :${key} config amount is too large.`);
  }
}

/**
 * `calculate-tx-two-units-total-price`: `quantity1 × m1 + quantity2 × m2` listing prices, one item
 * per quantity (multipliers from :config, default 1).
 */
const twoUnitsTotalPrice: PricingAction = (ctx) => {
  const q1 = nonNegativeIntegerParam(ctx, 'quantity1', 0);
  const q2 = nonNegativeIntegerParam(ctx, 'quantity2', 0);
  const price = requireListingPrice(ctx);
  const m1 = configDecimal(ctx, 'quantity1-price-multiplier') ?? ExactDecimal.ONE;
  const m2 = configDecimal(ctx, 'quantity2-price-multiplier') ?? ExactDecimal.ONE;
  return result([
    priceItem('line-item/units1', price, {
      kind: 'quantity',
      quantity: ExactDecimal.of(q1).times(m1),
    }),
    priceItem('line-item/units2', price, {
      kind: 'quantity',
      quantity: ExactDecimal.of(q2).times(m2),
    }),
  ]);
};

/** The transaction's total price: the sum of its items counted for both parties (not commissions). */
function requireTotalPrice(ctx: PricingContext, action: string): Money {
  const shared = ctx.lineItems.filter(isSharedItem);
  const first = shared[0];
  if (first === undefined) {
    throw conflict(
      'transaction-invalid-action-sequence',
      `${action} needs a total price: a pricing action must run before it.`,
    );
  }
  let sum = 0n;
  for (const item of shared) sum += BigInt(item.lineTotal.amount);
  return moneyOf(sum, first.lineTotal.currency);
}

/** §2.2 precondition: "all currencies must match the listing currency". */
function requireCurrency(money: Money, currency: string, what: string): void {
  if (money.currency !== currency) {
    throw conflict(
      'conflict',
      `The ${what} currency ${money.currency} is not the listing's currency ${currency}.`,
    );
  }
}

function appendCommission(ctx: PricingContext, item: LineItem): PricingResult {
  return result([...ctx.lineItems, item]);
}

/**
 * A percentage commission on the total price, clamped to optional min/max. The customer pays it
 * on top (positive, customer only); the provider has it deducted (negative, provider only). Clamped
 * amounts become a `quantity: ±1` item of the min/max (the web template's shape).
 */
function percentageCommission(party: Party): PricingAction {
  const code = `line-item/${party}-commission`;
  const action = `calculate-tx-${party}-commission`;
  const sign = party === 'customer' ? ExactDecimal.ONE : ExactDecimal.ONE.negate();
  return (ctx) => {
    const base = requireTotalPrice(ctx, action);
    const rate = configDecimal(ctx, 'commission');
    if (rate === undefined)
      throw conflict('conflict', `${action} needs :commission in its :config.`);
    const currency = ctx.listingPrice?.currency ?? base.currency;
    requireCurrency(base, currency, 'total price');
    const min = configMoney(ctx, 'min');
    const max = configMoney(ctx, 'max');
    if (min) requireCurrency(min, currency, ':min commission');
    if (max) requireCurrency(max, currency, ':max commission');
    if (min && max && min.amount >= max.amount) {
      throw conflict('conflict', `${action}: the :min commission must be smaller than the :max.`);
    }
    const item = priceItem(
      code,
      base,
      { kind: 'percentage', percentage: rate.movePointLeft(-2).times(sign) },
      [party],
    );
    const amount = Math.abs(item.lineTotal.amount);
    const clamp = min && amount < min.amount ? min : max && amount > max.amount ? max : undefined;
    if (clamp === undefined) return appendCommission(ctx, item);
    return appendCommission(
      ctx,
      priceItem(code, clamp, { kind: 'quantity', quantity: sign }, [party]),
    );
  };
}

/** A fixed commission (:commission {:amount :currency}): +amount for the customer, −amount for the provider. */
function fixedCommission(party: Party): PricingAction {
  const code = `line-item/${party}-fixed-commission`;
  const action = `calculate-tx-${party}-fixed-commission`;
  const sign = party === 'customer' ? ExactDecimal.ONE : ExactDecimal.ONE.negate();
  return (ctx) => {
    const base = requireTotalPrice(ctx, action);
    const commission = configMoney(ctx, 'commission');
    if (commission === undefined)
      throw conflict('conflict', `${action} needs :commission in its :config.`);
    const currency = ctx.listingPrice?.currency ?? base.currency;
    requireCurrency(base, currency, 'total price');
    requireCurrency(commission, currency, ':commission');
    return appendCommission(
      ctx,
      priceItem(code, commission, { kind: 'quantity', quantity: sign }, [party]),
    );
  };
}

/** The deprecated pricing actions, by action name. */
export const LEGACY_PRICING_ACTIONS: Readonly<Record<string, PricingAction>> = {
  'action/calculate-tx-customer-commission': percentageCommission('customer'),
  'action/calculate-tx-provider-commission': percentageCommission('provider'),
  'action/calculate-tx-customer-fixed-commission': fixedCommission('customer'),
  'action/calculate-tx-provider-fixed-commission': fixedCommission('provider'),
  'action/calculate-tx-nightly-total-price': nightlyTotalPrice,
  'action/calculate-tx-daily-total-price': dailyTotalPrice,
  'action/calculate-tx-nightly-total': nightlyTotalPrice,
  'action/calculate-tx-total': nightlyTotalPrice,
  'action/calculate-tx-daily-total': dailyTotalPrice,
  'action/calculate-tx-total-daily-booking-exclude-start': dailyExcludeStart,
  'action/calculate-tx-two-units-total-price': twoUnitsTotalPrice,
  'action/calculate-tx-unit-total-price': unitTotalPrice,
};
