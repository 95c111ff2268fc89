// Actions without a module of their own: files, testing, and the payment-provider family, whose
// provider calls run outside the DB transaction (runner/payment-phase.ts) and only leave their
// protected-data changes to write here.
import { DomainError, conflict } from '../../domain/errors.ts';
import { mergeExtendedData, toExtendedData } from '../../domain/extended-data.ts';
import type { ActionHandler } from './action.ts';

/**
 * `:action/reveal-listing-protected-files`: copies the listing's protected file attachments to the
 * transaction. Bazaar has no file attachments yet (the files issue), so a listing has none to
 * copy and the action changes nothing — exactly what it does for a listing without files.
 */
const revealListingProtectedFiles: ActionHandler = async () => {};

/** `:action/fail`: always fails (for testing processes, domain §2.9). */
const fail: ActionHandler = async (ctx) => {
  throw conflict('transaction-action-failed', `${ctx.action.name} always fails (a testing action).`);
};

/**
 * A payment action (`:action/stripe-*`). The provider call happened before the DB transaction;
 * here its protected-data changes are merged in. Speculative calls never reach a provider (§1.10),
 * so they skip it. Without an outcome the runner had no payment phase: 409.
 */
const payment: ActionHandler = async (ctx) => {
  if (ctx.speculative) return;
  const outcome = ctx.payments.get(ctx.index);
  if (!outcome) {
    throw new DomainError(
      'conflict',
      'transaction-payment-actions-unavailable',
      `${ctx.action.name} calls a payment provider, and this server runs no payment actions (payments are not set up for transactions yet).`,
    );
  }
  ctx.draft.protectedData = mergeExtendedData(ctx.draft.protectedData, toExtendedData(outcome.protectedData, ['protectedData']));
};

/** The names of the payment-provider family (domain §2.8), including the legacy charge actions. */
export const PAYMENT_ACTION_NAMES: readonly string[] = [
  'action/stripe-create-payment-intent',
  'action/stripe-create-payment-intent-push',
  'action/stripe-confirm-payment-intent',
  'action/stripe-capture-payment-intent',
  'action/stripe-refund-payment',
  'action/stripe-refund-charge',
  'action/stripe-create-payout',
  'action/stripe-create-charge',
  'action/stripe-create-charge-pi',
  'action/stripe-capture-charge',
  'action/stripe-capture-charge-pi',
];

/** Files, testing and payment actions by name. */
export const OTHER_ACTIONS: Readonly<Record<string, ActionHandler>> = {
  'action/reveal-listing-protected-files': revealListingProtectedFiles,
  'action/fail': fail,
  ...Object.fromEntries(PAYMENT_ACTION_NAMES.map((name) => [name, payment])),
};
