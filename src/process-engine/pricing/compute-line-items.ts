// Line-item arithmetic (domain.md §3.2–§3.4, §3.6).
//
// Rounding (§3.4 is UNCONFIRMED for Flex): each line total is computed exactly in decimal and then
// rounded ONCE, half away from zero, to an integer minor unit; totals are sums of the rounded line
// totals. This is what the web template computes with decimal.js ROUND_HALF_UP, so the `lineTotal`
// it sends validates here. Example: 15 % of 3.33 EUR = 49.95 cents → 50; −15 % → −50.
import { badRequest, conflict, type DomainError } from '../../domain/errors.ts';
import { ExactDecimal, moneyEquals, moneyOf, multiplyMoney, negateMoney } from '../../lib/money.ts';
import type { Money } from '../../lib/values.ts';
import type { LineItem, LineItemInput, Party } from './line-item.ts';
import { PARAMS_PATH, invalidParam, type ParamPath } from './parse-line-items.ts';

/** The factor a basis multiplies the unit price by, and the decimals the stored item shows. */
function basisFactor(input: LineItemInput): {
  factor: ExactDecimal;
  fields: Pick<LineItem, 'quantity' | 'units' | 'seats' | 'percentage'>;
} {
  const b = input.basis;
  switch (b.kind) {
    case 'quantity':
      return { factor: b.quantity, fields: { quantity: b.quantity.toString() } };
    case 'percentage':
      return {
        factor: b.percentage.movePointLeft(2),
        fields: { percentage: b.percentage.toString() },
      };
    case 'seats-units': {
      // §3.2: the stored item carries quantity = units × seats alongside both.
      const quantity = b.units.times(b.seats);
      return {
        factor: quantity,
        fields: {
          quantity: quantity.toString(),
          units: b.units.toString(),
          seats: b.seats.toString(),
        },
      };
    }
  }
}

/**
 * One line item's total: `unitPrice × quantity`, `unitPrice × percentage / 100`, or
 * `unitPrice × units × seats`, exact then rounded half away from zero. Throws RangeError when the
 * total does not fit the wire's integers.
 */
export function computeLineItem(input: LineItemInput): LineItem {
  const { factor, fields } = basisFactor(input);
  return {
    code: input.code,
    unitPrice: input.unitPrice,
    ...fields,
    lineTotal: multiplyMoney(input.unitPrice, factor),
    reversal: false,
    includeFor: [...input.includeFor],
  };
}

/**
 * Computes every item's total and checks any `lineTotal` the client sent against it (§3.2: "will
 * be validated against calculated line total"). Throws 400 naming the item whose total differs or
 * overflows.
 */
export function computeLineItems(
  inputs: readonly LineItemInput[],
  path: ParamPath = [...PARAMS_PATH, 'lineItems'],
): LineItem[] {
  return inputs.map((input, i) => {
    let item: LineItem;
    try {
      item = computeLineItem(input);
    } catch (err) {
      if (err instanceof RangeError)
        throw invalidParam([...path, i], 'the line total is too large.');
      throw err;
    }
    if (input.lineTotal !== undefined && !moneyEquals(input.lineTotal, item.lineTotal)) {
      throw invalidParam(
        [...path, i, 'lineTotal'],
        `does not match the computed line total ${item.lineTotal.amount} ${item.lineTotal.currency}.`,
      );
    }
    return item;
  });
}

/** A transaction's totals; null when it has no line items (an inquiry). */
export interface Totals {
  readonly payinTotal: Money | null;
  readonly payoutTotal: Money | null;
}

/** Builds the error for a negative total or mixed currencies. */
export type TotalsError = (message: string) => DomainError;

/** For totals of client-sent line items: 400 on the `lineItems` parameter. */
export const lineItemsParamError =
  (path: ParamPath = [...PARAMS_PATH, 'lineItems']): TotalsError =>
  (message) =>
    badRequest('validation-invalid-params', `${path.join('.')}: ${message}`, {
      type: 'body',
      path: [...path],
    });

/** For totals a process action derived (commissions, refunds): 409, the transaction's state. */
export const pricingConflict: TotalsError = (message) => conflict('conflict', message);

function sumFor(items: readonly LineItem[], party: Party): bigint {
  let total = 0n;
  for (const item of items) {
    if (item.includeFor.includes(party)) total += BigInt(item.lineTotal.amount);
  }
  return total;
}

/**
 * `payinTotal` = Σ line totals included for the customer; `payoutTotal` = Σ those included for the
 * provider (§3.3). Both must be ≥ 0 and all items share one currency, else `error` (default: a 400
 * on the `lineItems` parameter). No items ⇒ both null.
 */
export function totals(
  lineItems: readonly LineItem[],
  error: TotalsError = lineItemsParamError(),
): Totals {
  const first = lineItems[0];
  if (first === undefined) return { payinTotal: null, payoutTotal: null };
  const currency = first.lineTotal.currency;
  const other = lineItems.find(
    (i) => i.lineTotal.currency !== currency || i.unitPrice.currency !== currency,
  );
  if (other !== undefined) {
    throw error(`all line items must use one currency (${currency}), ${other.code} does not.`);
  }
  const payin = sumFor(lineItems, 'customer');
  const payout = sumFor(lineItems, 'provider');
  if (payin < 0n) throw error(`the payin total would be negative (${payin} ${currency}).`);
  if (payout < 0n) throw error(`the payout total would be negative (${payout} ${currency}).`);
  try {
    return { payinTotal: moneyOf(payin, currency), payoutTotal: moneyOf(payout, currency) };
  } catch (err) {
    if (err instanceof RangeError) throw error('the totals are too large.');
    throw err;
  }
}

/** True when the line items already contain refund reversals. */
export function hasReversals(lineItems: readonly LineItem[]): boolean {
  return lineItems.some((i) => i.reversal);
}

/** The reversal of one item: same code, unit price and parties; negated total (and basis). */
function reversalOf(item: LineItem): LineItem {
  // §3.6 leaves the sign of quantity/percentage open; negating them keeps
  // lineTotal = unitPrice × quantity (or × percentage / 100) true for the reversal too. units and
  // seats stay as they were: they describe what is being reversed.
  const neg = (v: string | undefined): string | undefined =>
    v === undefined ? undefined : (ExactDecimal.parse(v)?.negate().toString() ?? v);
  const quantity = neg(item.quantity);
  const percentage = neg(item.percentage);
  return {
    code: item.code,
    unitPrice: item.unitPrice,
    ...(quantity !== undefined ? { quantity } : {}),
    ...(item.units !== undefined ? { units: item.units } : {}),
    ...(item.seats !== undefined ? { seats: item.seats } : {}),
    ...(percentage !== undefined ? { percentage } : {}),
    lineTotal: negateMoney(item.lineTotal),
    reversal: true,
    includeFor: [...item.includeFor],
  };
}

/**
 * `calculate-full-refund` (§3.6): the items plus, for each of them, a reversal item that undoes
 * it, so payin and payout become zero. Allowed once per transaction: with reversals already
 * present it throws 409 `transaction-invalid-action-sequence`.
 */
export function fullRefund(lineItems: readonly LineItem[]): LineItem[] {
  if (hasReversals(lineItems)) {
    throw conflict(
      'transaction-invalid-action-sequence',
      'calculate-full-refund has already run for this transaction.',
    );
  }
  return [...lineItems, ...lineItems.map(reversalOf)];
}
