/** Shared setup of the booking tests: a listing with a plan, and a runner that appends pushed events. */
import { appendEvents, type PendingEvent } from '../../src/domain/events/index.ts';
import { createOwnListing, type Listing } from '../../src/domain/listings/index.ts';
import type { Db, Trx } from '../../src/store/db.ts';
import type { TestMarketplace } from '../support/factories.ts';
import type { TestUser } from '../support/users.ts';

/** A published listing of `author` with the given plan. */
export async function createPlannedListing(
  db: Db,
  m: TestMarketplace,
  author: TestUser,
  availabilityPlan: unknown,
): Promise<Listing> {
  return db.transaction().execute((trx) =>
    createOwnListing(trx, {
      marketplaceId: m.marketplace.id,
      actor: {
        kind: 'user',
        userId: author.user.id,
        clientId: m.marketplaceApp.clientId,
        requestId: null,
      },
      draft: false,
      fields: { title: 'Cabin', availabilityPlan },
      now: new Date('2030-01-01T00:00:00Z'),
    }),
  );
}

/**
 * Runs booking primitives in one DB transaction, as a transition would, and appends the events they
 * pushed last (source/transaction). Returns the primitive's result and the appended event types.
 */
export async function inTransaction<T>(
  db: Db,
  run: (trx: Trx, events: PendingEvent[]) => Promise<T>,
): Promise<{ result: T; eventTypes: string[] }> {
  return db.transaction().execute(async (trx) => {
    const events: PendingEvent[] = [];
    const result = await run(trx, events);
    const appended = await appendEvents(trx, events, {
      source: 'source/transaction',
      auditData: { userId: null, adminId: null, requestId: null, clientId: null },
    });
    return { result, eventTypes: appended.map((e) => e.eventType) };
  });
}

/** `{kind, code}` matcher for assert.rejects. */
export const domainError = (kind: string, code: string) => (e: unknown) => {
  const err = e as { kind?: string; code?: string };
  if (err.kind !== kind || err.code !== code)
    throw new Error(
      `expected ${kind}/${code}, got ${String(err.kind)}/${String(err.code)}: ${String(e)}`,
    );
  return true;
};

/** A day plan with `seats` every day. */
export const everyDay = (seats: number) => ({
  type: 'availability-plan/day',
  entries: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((dayOfWeek) => ({
    dayOfWeek,
    seats,
  })),
});
