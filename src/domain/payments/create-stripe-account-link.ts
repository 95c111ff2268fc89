import { badRequest, type ErrorSource } from '../errors.ts';
import type { Db } from '../../store/db.ts';
import { assertOutsideTransaction, callProvider, validUrl, type PaymentsDeps } from './payments.ts';
import type { AccountLink } from './provider.ts';
import { requirePaymentProvider } from './resolve-provider.ts';
import { requireAccount, type PaymentActor } from './stripe-account.ts';

export interface CreateAccountLinkInput {
  failureURL: string;
  successURL: string;
  type: string;
  collectionOptions?: { fields?: string | undefined; future_requirements?: string | undefined; futureRequirements?: string | undefined } | undefined;
  collect?: string | undefined;
}

const LINK_TYPES: Record<string, 'onboarding' | 'update'> = { custom_account_verification: 'onboarding', custom_account_update: 'update' };

const bodyPath = (...path: string[]): ErrorSource => ({ type: 'body', path });

/**
 * `stripe_account_links/create`: a single-use provider-hosted onboarding (`custom_account_verification`)
 * or update (`custom_account_update`) link for the user's account. Throws bad-request (URLs, type,
 * collect), conflict `stripe-account-not-found`, provider errors.
 */
export async function createStripeAccountLink(db: Db, deps: PaymentsDeps, actor: PaymentActor, input: CreateAccountLinkInput): Promise<AccountLink> {
  assertOutsideTransaction(db);
  const refreshUrl = validUrl(input.failureURL, 'failureURL');
  const returnUrl = validUrl(input.successURL, 'successURL');
  const type = Object.hasOwn(LINK_TYPES, input.type) ? LINK_TYPES[input.type] : undefined;
  if (!type) throw badRequest('validation-invalid-value', 'type must be custom_account_verification or custom_account_update.', bodyPath('type'));
  const collect = input.collectionOptions?.fields ?? input.collect ?? 'currently_due';
  if (collect !== 'currently_due' && collect !== 'eventually_due') {
    throw badRequest('validation-invalid-value', 'collectionOptions.fields must be currently_due or eventually_due.', bodyPath(input.collectionOptions?.fields !== undefined ? 'collectionOptions' : 'collect'));
  }
  const future = input.collectionOptions?.future_requirements ?? input.collectionOptions?.futureRequirements ?? null;
  if (future !== null && future !== 'include' && future !== 'omit') {
    throw badRequest('validation-invalid-value', 'collectionOptions.future_requirements must be include or omit.', bodyPath('collectionOptions'));
  }
  const account = await requireAccount(db, actor);
  const provider = await requirePaymentProvider(db, deps, actor);
  return callProvider('account', () => provider.createAccountLink(account.accountId, { type, refreshUrl, returnUrl, collect, futureRequirements: future }));
}
