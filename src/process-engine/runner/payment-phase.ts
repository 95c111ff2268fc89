// The payment phase of a transition (domain §2.8): runs the transition's payment-provider actions
// through the payments module, outside any DB transaction, in process order, and hands their
// protected-data changes to the real run (actions/other-actions.ts writes them).
//
// Every provider call carries an idempotency key derived from the transaction and the action, so a
// transition retried after a timeout or a crash between the provider's answer and the commit
// charges, captures, refunds and pays out at most once.
import { conflict } from '../../domain/errors.ts';
import {
  capturePaymentIntent,
  confirmPaymentIntent,
  createPaymentIntentForTransaction,
  createPayout,
  refundPayment,
  type PaymentActionContext,
  type PaymentsDeps,
} from '../../domain/payments/index.ts';
import type { Db } from '../../store/db.ts';
import { isPaymentAction, type PaymentActionOutcome } from '../actions/index.ts';
import type { ActionDef } from '../definition/index.ts';
import type { PaymentPhase, PaymentPhaseInput } from './run-transition.ts';

type Run = (ctx: PaymentActionContext, input: PaymentPhaseInput, action: ActionDef) => Promise<{ protectedData: Readonly<Record<string, unknown>> }>;

const stringParam = (params: PaymentPhaseInput['params'], key: string): string | null => (typeof params[key] === 'string' ? params[key] : null);

/** The payment-intent variant an action name stands for (the legacy charge actions create intents too). */
const intentAction = (name: string): 'stripe-create-payment-intent' | 'stripe-create-payment-intent-push' =>
  name === 'action/stripe-create-payment-intent-push' ? 'stripe-create-payment-intent-push' : 'stripe-create-payment-intent';

/** The payment actions by name, each as a call of the payments module. */
function actionsOf(db: Db, deps: PaymentsDeps): Readonly<Record<string, Run>> {
  const createIntent: Run = (ctx, input, action) => {
    const { payinTotal, payoutTotal } = input.preview;
    if (!payinTotal) throw conflict('transaction-charge-zero-payin', 'The transaction has no payin total to charge: price it (line items) before creating the payment.');
    const types = input.params.paymentMethodTypes;
    return createPaymentIntentForTransaction(db, deps, {
      ...ctx,
      action: intentAction(action.name),
      customerId: input.preview.customerId,
      providerId: input.preview.providerId,
      payinTotal,
      payoutTotal: payoutTotal ?? { amount: 0, currency: payinTotal.currency },
      paymentMethod: stringParam(input.params, 'paymentMethod'),
      setupPaymentMethodForSaving: input.params.setupPaymentMethodForSaving === true,
      useCustomerDefaultPaymentMethod: action.config?.['use-customer-default-payment-method?'] === true,
      ...(Array.isArray(types) ? { paymentMethodTypes: types.filter((t): t is string => typeof t === 'string') } : {}),
    });
  };
  const capture: Run = (ctx, input) => capturePaymentIntent(db, deps, { ...ctx, providerId: input.preview.providerId });
  return {
    'action/stripe-create-payment-intent': createIntent,
    'action/stripe-create-payment-intent-push': createIntent,
    'action/stripe-create-charge': createIntent,
    'action/stripe-create-charge-pi': createIntent,
    'action/stripe-confirm-payment-intent': (ctx) => confirmPaymentIntent(db, deps, ctx),
    'action/stripe-capture-payment-intent': capture,
    'action/stripe-capture-charge': capture,
    'action/stripe-capture-charge-pi': capture,
    'action/stripe-refund-payment': (ctx) => refundPayment(db, deps, { ...ctx, action: 'stripe-refund-payment' }),
    'action/stripe-refund-charge': (ctx) => refundPayment(db, deps, { ...ctx, action: 'stripe-refund-charge' }),
    'action/stripe-create-payout': (ctx, input) => createPayout(db, deps, { ...ctx, providerId: input.preview.providerId }),
  };
}

/**
 * The payment phase backed by the payments module and the marketplace's configured provider
 * (`none` gives 409 `payments-not-configured`). A failing action stops the phase: earlier actions
 * of the same transition already happened at the provider, and a retry of the transition finds
 * them done by their idempotency keys.
 */
export function paymentPhaseOf(db: Db, deps: PaymentsDeps): PaymentPhase {
  const actions = actionsOf(db, deps);
  return {
    async run(input) {
      const ctx: PaymentActionContext = { marketplaceId: input.marketplaceId, transactionId: input.transactionId };
      const outcomes = new Map<number, PaymentActionOutcome>();
      for (const [index, action] of input.transition.actions.entries()) {
        if (!isPaymentAction(action.name)) continue;
        const run = actions[action.name];
        if (!run) throw new Error(`no payment call for ${action.name}`);
        const result = await run(ctx, input, action);
        outcomes.set(index, { protectedData: result.protectedData });
      }
      return outcomes;
    },
  };
}
