// The action registry (domain.md §2): every action a process may name, by its process.edn name
// without the colon (`action/accept-booking`), grouped by family in one module each. The
// initializers are not here: initiation itself is the runner's first step.
import type { ActionHandler } from './action.ts';
import { BOOKING_ACTIONS } from './booking-actions.ts';
import { EXTENDED_DATA_ACTIONS } from './extended-data-actions.ts';
import { OTHER_ACTIONS, PAYMENT_ACTION_NAMES } from './other-actions.ts';
import { PRICING_ACTION_HANDLERS } from './pricing-actions.ts';
import { REVIEW_ACTIONS } from './review-actions.ts';
import { STOCK_ACTIONS } from './stock-actions.ts';

export type { ActionContext, ActionHandler, PaymentActionOutcome, TransactionDraft } from './action.ts';
export { PAYMENT_ACTION_NAMES } from './other-actions.ts';

const REGISTRY: Readonly<Record<string, ActionHandler>> = {
  ...PRICING_ACTION_HANDLERS,
  ...BOOKING_ACTIONS,
  ...STOCK_ACTIONS,
  ...REVIEW_ACTIONS,
  ...EXTENDED_DATA_ACTIONS,
  ...OTHER_ACTIONS,
};

/** The handler of an action, if Bazaar knows it. */
export function actionHandler(name: string): ActionHandler | undefined {
  return Object.hasOwn(REGISTRY, name) ? REGISTRY[name] : undefined;
}

/** True for the payment-provider actions, whose provider calls run outside the DB transaction. */
export const isPaymentAction = (name: string): boolean => PAYMENT_ACTION_NAMES.includes(name);

/** Every action name with a handler (a test checks it covers the whole catalogue). */
export const HANDLED_ACTIONS: readonly string[] = Object.keys(REGISTRY);
