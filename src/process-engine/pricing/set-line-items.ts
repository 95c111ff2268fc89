// The current pricing actions (domain.md §2.2): privileged-set-line-items, calculate-full-refund,
// set-negotiated-total-price, and the deprecated non-privileged set-line-items-and-total.
import { ExactDecimal, moneyOf } from '../../lib/money.ts';
import {
  computeLineItem,
  computeLineItems,
  fullRefund,
  lineItemsParamError,
  pricingConflict,
  totals,
} from './compute-line-items.ts';
import { PARTIES, type LineItem } from './line-item.ts';
import {
  PARAMS_PATH,
  invalidParam,
  parseLineItems,
  parseMoneyParam,
  missingParam,
} from './parse-line-items.ts';
import type { PricingContext, PricingResult } from './pricing-action.ts';

const LINE_ITEMS_PATH = [...PARAMS_PATH, 'lineItems'];

/**
 * `:action/privileged-set-line-items`: replaces all line items with the validated `lineItems`
 * parameter and computes totals. Throws 400 for invalid items, a mismatching `lineTotal`, mixed
 * currencies or a negative payin/payout.
 */
export function privilegedSetLineItems(ctx: PricingContext): PricingResult {
  const lineItems = computeLineItems(parseLineItems(ctx.params.lineItems));
  return { lineItems, ...totals(lineItems, lineItemsParamError(LINE_ITEMS_PATH)) };
}

/**
 * `:action/set-line-items-and-total` (deprecated): like privileged-set-line-items without
 * `lineTotal`/`includeFor`; every item counts for both parties. Throws 400 like it.
 */
export function setLineItemsAndTotal(ctx: PricingContext): PricingResult {
  const lineItems = computeLineItems(parseLineItems(ctx.params.lineItems, { legacy: true }));
  return { lineItems, ...totals(lineItems, lineItemsParamError(LINE_ITEMS_PATH)) };
}

/**
 * `:action/calculate-full-refund`: appends reversal items so payin and payout become zero. Throws
 * 409 `transaction-invalid-action-sequence` when run a second time.
 */
export function calculateFullRefund(ctx: PricingContext): PricingResult {
  const lineItems = fullRefund(ctx.lineItems);
  return { lineItems, ...totals(lineItems, pricingConflict) };
}

/** The code of the item set-negotiated-total-price adds (the reference leaves it UNCONFIRMED). */
export const NEGOTIATION_CODE = 'line-item/negotiation';

/** True for an item counted for both parties: part of the price, not a commission. */
export const isSharedItem = (item: LineItem): boolean =>
  !item.reversal && PARTIES.every((p) => item.includeFor.includes(p));

/**
 * `:action/set-negotiated-total-price`: makes the transaction total (the sum of the items counted
 * for both parties, i.e. the price before commissions) equal `negotiatedTotal`. The first run adds a
 * `line-item/negotiation` item carrying the difference; later runs replace that same item. Throws
 * 400 for a missing/invalid/negative offer, a currency other than the line items', or an offer
 * that leaves a total negative.
 */
export function setNegotiatedTotalPrice(ctx: PricingContext): PricingResult {
  const path = [...PARAMS_PATH, 'negotiatedTotal'];
  if (ctx.params.negotiatedTotal === undefined || ctx.params.negotiatedTotal === null) {
    throw missingParam(path);
  }
  const offer = parseMoneyParam(ctx.params.negotiatedTotal, path);
  if (offer.amount < 0) throw invalidParam(path, 'must not be negative.');
  const others = ctx.lineItems.filter((i) => i.code !== NEGOTIATION_CODE);
  const mismatched = others.find((i) => i.lineTotal.currency !== offer.currency);
  if (mismatched !== undefined) {
    throw invalidParam(
      [...path, 'currency'],
      `must be ${mismatched.lineTotal.currency}, the transaction's currency.`,
    );
  }
  let current = 0n;
  for (const item of others) if (isSharedItem(item)) current += BigInt(item.lineTotal.amount);
  const difference = moneyOf(BigInt(offer.amount) - current, offer.currency);
  const negotiation = computeLineItem({
    code: NEGOTIATION_CODE,
    unitPrice: difference,
    basis: { kind: 'quantity', quantity: ExactDecimal.ONE },
    includeFor: PARTIES,
  });
  const index = ctx.lineItems.findIndex((i) => i.code === NEGOTIATION_CODE && !i.reversal);
  const lineItems =
    index === -1
      ? [...ctx.lineItems, negotiation]
      : ctx.lineItems.map((item, i) => (i === index ? negotiation : item));
  return { lineItems, ...totals(lineItems, lineItemsParamError(path)) };
}
