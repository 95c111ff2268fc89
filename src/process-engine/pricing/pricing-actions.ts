// The pricing family of the action registry (domain.md §2.2): action name → pure function. The
// transition runner dispatches `ActionDef.name` here when `actionSpec(name).family === 'pricing'`.
import { LEGACY_PRICING_ACTIONS } from './legacy-pricing.ts';
import type { PricingAction } from './pricing-action.ts';
import {
  calculateFullRefund,
  privilegedSetLineItems,
  setLineItemsAndTotal,
  setNegotiatedTotalPrice,
} from './set-line-items.ts';

/** Every pricing action by its process.edn name without the colon (`action/calculate-full-refund`). */
export const PRICING_ACTIONS: Readonly<Record<string, PricingAction>> = {
  'action/privileged-set-line-items': privilegedSetLineItems,
  'action/calculate-full-refund': calculateFullRefund,
  'action/set-negotiated-total-price': setNegotiatedTotalPrice,
  'action/set-line-items-and-total': setLineItemsAndTotal,
  ...LEGACY_PRICING_ACTIONS,
};

/** The pricing action with this name, if it is one. */
export function pricingAction(name: string): PricingAction | undefined {
  return Object.hasOwn(PRICING_ACTIONS, name) ? PRICING_ACTIONS[name] : undefined;
}
