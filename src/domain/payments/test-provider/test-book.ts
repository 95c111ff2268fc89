/**
 * The test provider's books: typed access to its Stripe-shaped objects inside one database
 * transaction, Stripe-like ids and errors, and the request runner that gives every keyed call
 * Stripe's idempotency (a repeated key answers with the first answer; a key reused with other
 * parameters is refused).
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../lib/clock.ts';
import type { Db, Trx } from '../../../store/db.ts';
import type { PaymentJson, TestProviderObject } from '../../../store/tables/payments.ts';
import { assertOutsideTransaction, fingerprintOf } from '../payments.ts';
import { PaymentProviderError } from '../provider.ts';
import { decodeProviderError, encodeProviderError } from '../provider-codec.ts';
import { answerTestRequest, claimTestRequest, releaseTestRequest, selectTestObject, selectTestResponse, upsertTestObject } from './test-provider.store.ts';

/** Where the test provider keeps its state: one marketplace's rows, and its clock. */
export interface TestProviderContext {
  db: Db;
  marketplaceId: string;
  clock: Clock;
  /** `<publicUrl>/v1/test-payments/<clientId>`: the base of onboarding links; null when unknown. */
  linkBase: string | null;
}

type ObjectName = TestProviderObject['object'];
export type TestObjectOf<K extends ObjectName> = Extract<TestProviderObject, { object: K }>;

const NOUN: Record<ObjectName, string> = {
  account: 'account',
  person: 'person',
  customer: 'customer',
  payment_method: 'PaymentMethod',
  setup_intent: 'setup_intent',
  payment_intent: 'payment_intent',
  refund: 'refund',
  payout: 'payout',
  balance: 'balance',
  token: 'token',
};

/** Stripe's "No such …" answer. */
export const noSuch = (kind: ObjectName, id: string): PaymentProviderError =>
  new PaymentProviderError('not-found', `No such ${NOUN[kind]}: '${id}'`, { code: 'resource_missing' });

export const invalid = (message: string, code = 'parameter_invalid'): PaymentProviderError => new PaymentProviderError('invalid-request', message, { code });

/** A Stripe-like id: `<prefix>_test_<random>`. */
export const testId = (prefix: string): string => `${prefix}_test_${randomBytes(12).toString('base64url').replace(/[-_]/g, '')}`;

const isKind =
  <K extends ObjectName>(kind: K) =>
  (o: TestProviderObject): o is TestObjectOf<K> =>
    o.object === kind;

/** Typed reads and writes of test objects inside one database transaction. */
export class TestBook {
  private readonly dirty = new Map<string, TestProviderObject>();

  constructor(
    readonly trx: Trx,
    readonly ctx: TestProviderContext,
  ) {}

  /** Unix seconds, as Stripe timestamps are. */
  get now(): number {
    return Math.floor(this.ctx.clock.now().getTime() / 1000);
  }

  /** The object `id` of kind `kind` (locked), or undefined. */
  async find<K extends ObjectName>(kind: K, id: string): Promise<TestObjectOf<K> | undefined> {
    const cached = this.dirty.get(id);
    const obj = cached ?? (await selectTestObject(this.trx, this.ctx.marketplaceId, id, true));
    return obj && isKind(kind)(obj) ? obj : undefined;
  }

  /** The object `id` of kind `kind` (locked); Stripe's "No such …" error when absent. */
  async get<K extends ObjectName>(kind: K, id: string): Promise<TestObjectOf<K>> {
    const obj = await this.find(kind, id);
    if (!obj) throw noSuch(kind, id);
    return obj;
  }

  /** Writes an object (insert or replace). */
  async put(obj: TestProviderObject): Promise<void> {
    this.dirty.set(obj.id, obj);
    await upsertTestObject(this.trx, this.ctx.marketplaceId, obj, this.ctx.clock.now());
  }
}

/** What a test-provider operation produced: a result (and how to find it again), or a refusal that still changed state (a decline). */
export type TestOutcome<R> = { ok: R; ref: PaymentJson } | { fail: PaymentProviderError };

/** A claim not answered within this time was abandoned (the process died mid-request). */
const CLAIM_TIMEOUT_MS = 60_000;

const keyInUse = (key: string): PaymentProviderError =>
  new PaymentProviderError('idempotency', `There is currently another in-progress request using this idempotency key: '${key}'. Retry this request later.`, {
    code: 'idempotency_key_in_use',
  });

/**
 * Runs one test-provider request in its own database transaction, with Stripe's idempotency when a
 * key is given: the key is claimed first (a concurrent request with the same key is refused as "in
 * use", as Stripe does); a repeated key with the same parameters answers from the stored answer
 * (`replay` rebuilds the result from its stored reference); with other parameters it is refused.
 * A refusal that changed state (a declined card marks the intent) commits, is stored, and is
 * thrown. Validation errors thrown by `body` roll back, release the key and are not stored.
 */
export async function runTestRequest<R>(
  ctx: TestProviderContext,
  request: { key: string | undefined; params: unknown },
  body: (book: TestBook) => Promise<TestOutcome<R>>,
  replay: (book: TestBook, ref: PaymentJson) => Promise<R>,
): Promise<R> {
  assertOutsideTransaction(ctx.db);
  const { key } = request;
  const fingerprint = fingerprintOf(request.params);
  if (key !== undefined) {
    const now = ctx.clock.now();
    const claimed = await claimTestRequest(ctx.db, ctx.marketplaceId, key, fingerprint, now, new Date(now.getTime() - CLAIM_TIMEOUT_MS));
    if (!claimed) {
      const stored = await selectTestResponse(ctx.db, ctx.marketplaceId, key);
      if (!stored) throw keyInUse(key);
      if (stored.fingerprint !== fingerprint) {
        throw new PaymentProviderError(
          'idempotency',
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
          { code: 'idempotency_error' },
        );
      }
      const { response } = stored;
      if ('pending' in response) throw keyInUse(key);
      if ('error' in response) throw decodeProviderError(response.error);
      return ctx.db.transaction().execute((trx) => replay(new TestBook(trx, ctx), response.ok));
    }
  }
  let outcome: TestOutcome<R>;
  try {
    outcome = await ctx.db.transaction().execute(async (trx) => {
      const result = await body(new TestBook(trx, ctx));
      if (key !== undefined) await answerTestRequest(trx, ctx.marketplaceId, key, 'ok' in result ? { ok: result.ref } : { error: encodeProviderError(result.fail) });
      return result;
    });
  } catch (err) {
    if (key !== undefined) await releaseTestRequest(ctx.db, ctx.marketplaceId, key);
    throw err;
  }
  if ('fail' in outcome) throw outcome.fail;
  return outcome.ok;
}
