/**
 * The outbox of provider calls (docs/architecture.md, "Payments"). One payment action of one
 * transaction is an operation with numbered attempts; each attempt has its own idempotency key
 * `bazaar:<transaction>:<action>:<attempt>`.
 *
 * 1. Before calling, a `pending` row with the key and the request is committed.
 * 2. The provider is called outside any database transaction.
 * 3. Its definitive answer is recorded: `succeeded` with the result, or `failed` with the error.
 *    An unknown outcome (timeout, 5xx, crash before step 3) leaves the row `pending`.
 *
 * A later run of the same action first settles what came before: a `pending` attempt is replayed
 * with its stored request and key (the provider answers with the original outcome, so a retried
 * transition never charges twice); a `succeeded` attempt for the same request is answered from its
 * stored result without calling; after a `failed` attempt (a declined card) a new attempt with a
 * new key is made.
 */
import { conflict } from '../errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Db } from '../../store/db.ts';
import type { PaymentJsonObject } from '../../store/tables/payments.ts';
import { assertOutsideTransaction, fingerprintOf, idempotencyKeyOf } from './payments.ts';
import { PaymentProviderError, type ProviderKind } from './provider.ts';
import { encodeProviderError } from './provider-codec.ts';
import { completeOperation, insertPendingOperation, selectLatestOperation, type PaymentOperation } from './payments.store.ts';

export interface ProviderOperation<R> {
  marketplaceId: string;
  /** The transaction (or user) the operation is for. */
  subjectId: string;
  action: string;
  provider: ProviderKind;
  request: PaymentJsonObject;
  /** Sends a request — this one, or an earlier pending attempt's stored one — with the key. */
  send: (request: PaymentJsonObject, idempotencyKey: string) => Promise<R>;
  encode: (result: R) => PaymentJsonObject;
  decode: (stored: PaymentJsonObject) => R;
}

type Settled<R> = { state: 'succeeded'; result: R } | { state: 'failed'; error: PaymentProviderError };

/** Sends one attempt and records its definitive outcome; an unknown outcome leaves it pending and throws. */
async function sendAttempt<R>(db: Db, clock: Clock, op: ProviderOperation<R>, attempt: PaymentOperation): Promise<Settled<R>> {
  try {
    const result = await op.send(attempt.request, attempt.idempotencyKey);
    await completeOperation(db, attempt.id, { state: 'succeeded', result: op.encode(result) }, clock.now());
    return { state: 'succeeded', result };
  } catch (err) {
    if (err instanceof PaymentProviderError && !err.outcomeUnknown && err.kind !== 'idempotency') {
      await completeOperation(db, attempt.id, { state: 'failed', error: encodeProviderError(err) }, clock.now());
      return { state: 'failed', error: err };
    }
    // Unknown outcome (or a programming error): the row stays pending and the next run replays it.
    throw err;
  }
}

/**
 * Runs a provider call at most once per attempt (see the file comment) and returns its result.
 * Throws the provider's error (PaymentProviderError) for definitive failures and unknown outcomes,
 * and conflict `transaction-locked` when a concurrent request is running the same attempt.
 */
export async function runProviderOperation<R>(db: Db, clock: Clock, op: ProviderOperation<R>): Promise<R> {
  assertOutsideTransaction(db);
  const fingerprint = fingerprintOf(op.request);
  const latest = await selectLatestOperation(db, op.marketplaceId, op.subjectId, op.action);
  let nextAttempt = 1;
  if (latest) {
    nextAttempt = latest.attempt + 1;
    const sameRequest = latest.provider === op.provider && fingerprintOf(latest.request) === fingerprint;
    if (latest.state === 'succeeded' && sameRequest && latest.result) return op.decode(latest.result);
    if (latest.state === 'pending' && latest.provider === op.provider) {
      const settled = await sendAttempt(db, clock, op, latest);
      if (sameRequest) {
        if (settled.state === 'succeeded') return settled.result;
        throw settled.error;
      }
      // The earlier attempt asked for something else: it is settled now; this request gets its own attempt.
    }
  }
  const attempt = await insertPendingOperation(db, {
    id: newId(),
    marketplaceId: op.marketplaceId,
    subjectId: op.subjectId,
    action: op.action,
    attempt: nextAttempt,
    idempotencyKey: idempotencyKeyOf(op.subjectId, op.action, nextAttempt),
    provider: op.provider,
    request: op.request,
    now: clock.now(),
  });
  if (!attempt) throw conflict('transaction-locked', 'Another request is running this payment action; retry shortly.');
  const settled = await sendAttempt(db, clock, op, attempt);
  if (settled.state === 'failed') throw settled.error;
  return settled.result;
}
