import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { openTestDb } from '../support/db.ts';
import { createTestMarketplace } from '../support/factories.ts';
import { appendEvent, queryEvents, type AppendEventInput } from '../../src/domain/events/index.ts';
import type { DbHandle } from '../../src/store/db.ts';
import { Money, Uuid } from '../../src/lib/values.ts';
import { DomainError } from '../../src/domain/errors.ts';

let handle: DbHandle;
before(async () => {
  handle = await openTestDb({ max: 12 });
});
after(async () => handle.close());

const audit = { userId: null, adminId: null, requestId: null, clientId: null };

const listingCreated = (marketplaceId: string, extra: Partial<AppendEventInput> = {}): AppendEventInput => {
  const id = randomUUID();
  return {
    marketplaceId,
    eventType: 'listing/created',
    resourceType: 'listing',
    resourceId: id,
    resource: { id: new Uuid(id), type: 'listing', attributes: { title: 'Bike', price: new Money(1500, 'EUR') } },
    previousValues: null,
    source: 'source/integration-api',
    auditData: audit,
    ...extra,
  };
};

test('concurrent writers: a polling reader sees every committed event once, in order, and no rolled-back one', async () => {
  const { marketplace } = await createTestMarketplace(handle.db);
  const committed = new Set<string>();
  const rolledBack = new Set<string>();
  const WRITERS = 8;
  const PER_WRITER = 12;
  let writing = true;

  const writer = async (w: number) => {
    for (let i = 0; i < PER_WRITER; i++) {
      const rollback = (w + i) % 5 === 0;
      let appended: string[] = [];
      try {
        await handle.db.transaction().execute(async (trx) => {
          await sleep(Math.random() * 3);
          appended = [];
          const count = 1 + ((w + i) % 2);
          for (let k = 0; k < count; k++) appended.push((await appendEvent(trx, listingCreated(marketplace.id))).id);
          // Hold the counter lock a little while: later appenders must wait, not overtake.
          await sleep(Math.random() * 4);
          if (rollback) throw new Error('roll back');
        });
        for (const id of appended) committed.add(id);
      } catch (e) {
        if (!(e instanceof Error) || e.message !== 'roll back') throw e;
        for (const id of appended) rolledBack.add(id);
      }
    }
  };

  const seen: { id: string; sequenceId: number }[] = [];
  const reader = async () => {
    let last = 0;
    for (;;) {
      const done = !writing; // read the flag before the query: a final empty poll after it ends the loop
      const page = await queryEvents(handle.db, marketplace.id, { startAfterSequenceId: last, limit: 7 });
      for (const e of page) {
        seen.push({ id: e.id, sequenceId: e.sequenceId });
        last = e.sequenceId;
      }
      if (done && page.length === 0) return;
      if (page.length === 0) await sleep(1);
    }
  };

  const readerDone = reader();
  await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
  writing = false;
  await readerDone;

  assert.ok(rolledBack.size > 0 && committed.size > 0);
  for (let i = 1; i < seen.length; i++) {
    assert.ok(seen[i]!.sequenceId > seen[i - 1]!.sequenceId, `sequence ids increase at ${i}`);
  }
  const seenIds = seen.map((e) => e.id);
  assert.equal(new Set(seenIds).size, seenIds.length, 'no event seen twice');
  assert.deepEqual(new Set(seenIds), committed, 'every committed event seen');
  for (const id of rolledBack) assert.ok(!seenIds.includes(id), 'no rolled-back event seen');
  // Rolled-back numbers are reused: the committed log has no gaps.
  assert.deepEqual(
    seen.map((e) => e.sequenceId),
    seen.map((_, i) => i + 1),
  );
});

test('snapshots keep wire types, and filters combine', async () => {
  const { marketplace } = await createTestMarketplace(handle.db);
  const other = await createTestMarketplace(handle.db);
  const related = randomUUID();
  const created = listingCreated(marketplace.id, { relatedResourceIds: [related] });
  const [first, second] = await handle.db.transaction().execute(async (trx) => [
    await appendEvent(trx, created),
    await appendEvent(trx, {
      ...created,
      eventType: 'listing/updated',
      previousValues: { attributes: { title: 'Old', '~u': 'escaped' } },
      relatedResourceIds: [],
      source: 'source/marketplace-api',
      auditData: { ...audit, userId: related },
    }),
  ]);
  await handle.db.transaction().execute((trx) => appendEvent(trx, listingCreated(other.marketplace.id)));
  assert.ok(first && second);
  assert.equal(second.sequenceId, first.sequenceId + 1);

  const all = await queryEvents(handle.db, marketplace.id);
  assert.deepEqual(all.map((e) => e.id), [first.id, second.id]);
  const attrs = all[0]?.resource?.attributes;
  assert.ok(attrs && typeof attrs === 'object' && !Array.isArray(attrs));
  assert.ok('price' in attrs && attrs.price instanceof Money);
  assert.ok(all[0]?.resource?.id instanceof Uuid);
  assert.deepEqual(all[1]?.previousValues, { attributes: { title: 'Old', '~u': 'escaped' } });
  assert.equal(all[1]?.auditData.userId, related);
  assert.equal(all[1]?.source, 'source/marketplace-api');

  const ids = async (f: Parameters<typeof queryEvents>[2]) => (await queryEvents(handle.db, marketplace.id, f)).map((e) => e.id);
  assert.deepEqual(await ids({ startAfterSequenceId: first.sequenceId }), [second.id]);
  assert.deepEqual(await ids({ eventTypes: ['listing/updated'] }), [second.id]);
  assert.deepEqual(await ids({ eventTypes: ['user/created'] }), []);
  assert.deepEqual(await ids({ relatedResourceId: related }), [first.id]);
  assert.deepEqual(await ids({ resourceId: created.resourceId }), [first.id, second.id]);
  assert.deepEqual(await ids({ resourceId: randomUUID() }), []);
  assert.deepEqual(await ids({ createdAtStart: new Date(Date.now() + 60_000) }), []);
  assert.deepEqual(await ids({ createdAtStart: new Date(Date.now() - 60_000), limit: 1 }), [first.id]);

  await assert.rejects(queryEvents(handle.db, marketplace.id, { limit: 101 }), (e: unknown) => e instanceof DomainError);
  await assert.rejects(
    handle.db.transaction().execute((trx) => appendEvent(trx, { ...created, resourceType: 'user' })),
    (e: unknown) => e instanceof DomainError && e.kind === 'bad-request',
  );
});
