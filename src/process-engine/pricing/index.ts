// Line items and pricing (domain.md §2.2, §3): pure functions the transition runner calls.
//
// - privileged-set-line-items and friends: `pricingAction(name)(ctx)` → {lineItems, payinTotal,
//   payoutTotal}; throws DomainError (400 bad params, 409 state/config problems).
// - Reading stored items: lineItemsFromJson(json); writing: JSON.stringify(lineItems).
// - API output: lineItemToWire(item) per item (Money and `~f` decimals).
export type { LineItem, LineItemBasis, LineItemInput, Party } from './line-item.ts';
export {
  LINE_ITEM_CODE_PREFIX,
  MAX_LINE_ITEMS,
  MAX_LINE_ITEM_CODE_LENGTH,
  PARTIES,
  lineItemToWire,
  lineItemsFromJson,
} from './line-item.ts';
export { parseLineItems, type ParseLineItemsOptions } from './parse-line-items.ts';
export {
  computeLineItem,
  computeLineItems,
  fullRefund,
  hasReversals,
  lineItemsParamError,
  pricingConflict,
  totals,
  type Totals,
  type TotalsError,
} from './compute-line-items.ts';
export type {
  PricingAction,
  PricingBooking,
  PricingContext,
  PricingResult,
} from './pricing-action.ts';
export { PRICING_ACTIONS, pricingAction } from './pricing-actions.ts';
export { NEGOTIATION_CODE } from './set-line-items.ts';
export { daysBetween, nightsBetween } from './booking-units.ts';
