import { sha256 } from '../../lib/secrets.ts';
import type { Db } from '../../store/db.ts';
import { assertOutsideTransaction, callProvider, validToken, type PaymentsDeps } from './payments.ts';
import { requirePaymentProvider } from './resolve-provider.ts';
import { requireAccount, type PaymentActor } from './stripe-account.ts';

/** `stripe_persons/create`: adds a person (owner, representative) to the user's account from a person token. Throws bad-request, conflict `stripe-account-not-found`, provider errors. */
export async function createStripePerson(db: Db, deps: PaymentsDeps, actor: PaymentActor, input: { personToken: string }): Promise<{ stripePersonId: string }> {
  assertOutsideTransaction(db);
  const personToken = validToken(input.personToken, 'person', 'personToken');
  const account = await requireAccount(db, actor);
  const provider = await requirePaymentProvider(db, deps, actor);
  const person = await callProvider('account', () =>
    provider.createPerson(account.accountId, personToken, { idempotencyKey: `bazaar:${actor.userId}:create-person:${sha256(personToken).slice(0, 32)}` }),
  );
  return { stripePersonId: person.id };
}
