import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from '../support/app.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import { anonymousToken, bearer, integrationToken } from '../surfaces/tokens.ts';
import { appendEvent, type EventType } from '../../src/domain/events/index.ts';
import { Money, Uuid } from '../../src/lib/values.ts';

let server: TestServer;
before(async () => {
  server = await startTestServer({ listen: false });
});
after(async () => server.close());

const append = (m: TestMarketplace, eventType: EventType, resourceId = randomUUID(), related: string[] = []) =>
  server.handle.db.transaction().execute((trx) =>
    appendEvent(trx, {
      marketplaceId: m.marketplace.id,
      eventType,
      resourceType: 'listing',
      resourceId,
      resource: eventType === 'listing/deleted' ? null : { id: new Uuid(resourceId), type: 'listing', attributes: { price: new Money(100, 'USD') } },
      previousValues: null,
      relatedResourceIds: related,
      source: 'source/integration-api',
      auditData: { userId: null, adminId: null, requestId: randomUUID(), clientId: m.integrationApp.clientId },
    }),
  );

interface EventJson {
  id: string;
  type: string;
  attributes: Record<string, unknown> & { sequenceId: number; eventType: string };
}
interface QueryJson {
  data: EventJson[];
  meta: { perPage: number };
  errors?: { code: string; status: number }[];
}

const query = async (token: string, qs: string) => {
  const res = await server.app.inject({ method: 'GET', url: `/v1/integration_api/events/query${qs}`, headers: bearer(token) });
  const body: QueryJson = res.json();
  return { status: res.statusCode, body };
};

test('events/query returns events ascending with the event resource shape, and filters', async () => {
  const m = await createTestMarketplace(server.handle.db);
  const token = await integrationToken(server, m);
  const listing = randomUUID();
  const related = randomUUID();
  const e1 = await append(m, 'listing/created', listing, [related]);
  const e2 = await append(m, 'listing/updated', listing);
  const e3 = await append(m, 'listing/deleted');

  const all = await query(token, '');
  assert.equal(all.status, 200);
  assert.deepEqual(all.body.data.map((e) => e.id), [e1.id, e2.id, e3.id]);
  assert.equal(all.body.meta.perPage, 100);
  const first = all.body.data[0]!;
  assert.equal(first.type, 'event');
  assert.deepEqual(Object.keys(first.attributes).sort(), [
    'auditData', 'createdAt', 'eventType', 'marketplaceId', 'previousValues', 'resource', 'resourceId', 'resourceType', 'sequenceId', 'source',
  ]);
  assert.equal(first.attributes.marketplaceId, m.marketplace.id);
  assert.equal(first.attributes.resourceId, listing);
  assert.equal(first.attributes.source, 'source/integration-api');
  assert.deepEqual(first.attributes.resource, {
    id: listing,
    type: 'listing',
    attributes: { price: { amount: 100, currency: 'USD' } },
  });
  assert.equal(all.body.data[2]?.attributes.resource, null);

  const ids = async (qs: string) => (await query(token, qs)).body.data.map((e) => e.id);
  assert.deepEqual(await ids(`?startAfterSequenceId=${e1.sequenceId}`), [e2.id, e3.id]);
  assert.deepEqual(await ids('?eventTypes=listing/created,listing/deleted'), [e1.id, e3.id]);
  assert.deepEqual(await ids(`?resourceId=${listing}`), [e1.id, e2.id]);
  assert.deepEqual(await ids(`?relatedResourceId=${related}`), [e1.id]);
  assert.deepEqual(await ids(`?createdAtStart=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`), []);
  const page = await query(token, '?perPage=2');
  assert.deepEqual(page.body.data.map((e) => e.id), [e1.id, e2.id]);
  assert.equal(page.body.meta.perPage, 2);
  assert.deepEqual(await ids('?fields.event=sequenceId'), [e1.id, e2.id, e3.id]);
  assert.deepEqual(Object.keys((await query(token, '?fields.event=sequenceId')).body.data[0]!.attributes), ['sequenceId']);
});

test('events/query rejects bad parameters with validation codes', async () => {
  const m = await createTestMarketplace(server.handle.db);
  const token = await integrationToken(server, m);
  const cases: [string, string][] = [
    ['?foo=1', 'validation-disallowed-key'],
    ['?page=2', 'validation-disallowed-key'],
    ['?perPage=101', 'validation-invalid-value'],
    ['?perPage=0', 'validation-invalid-value'],
    ['?resourceId=not-a-uuid', 'validation-invalid-value'],
    ['?relatedResourceId=123', 'validation-invalid-value'],
    ['?startAfterSequenceId=abc', 'validation-invalid-value'],
    ['?createdAtStart=yesterday', 'validation-invalid-value'],
    ['?eventTypes=listing', 'validation-invalid-value'],
    ['?eventTypes=listing/created,/x', 'validation-invalid-value'],
  ];
  for (const [qs, code] of cases) {
    const res = await query(token, qs);
    assert.equal(res.status, 400, qs);
    assert.equal(res.body.errors?.[0]?.code, code, qs);
  }
});

test('events/query needs an integration token, and sees only its own marketplace', async () => {
  const a = await createTestMarketplace(server.handle.db);
  const b = await createTestMarketplace(server.handle.db);
  const eventA = await append(a, 'listing/created');
  await append(b, 'listing/created');

  const none = await server.app.inject({ method: 'GET', url: '/v1/integration_api/events/query', headers: { accept: 'application/json' } });
  assert.equal(none.statusCode, 401);
  const anon = await query(await anonymousToken(server, a), '');
  assert.equal(anon.status, 403);
  assert.equal(anon.body.errors?.[0]?.code, 'forbidden');

  const seen = await query(await integrationToken(server, a), '');
  assert.deepEqual(seen.body.data.map((e) => e.id), [eventA.id]);
});

test('errors come back in transit when the client accepts transit', async () => {
  const m = await createTestMarketplace(server.handle.db);
  const res = await server.app.inject({
    method: 'GET',
    url: '/v1/integration_api/events/query?perPage=500',
    headers: bearer(await integrationToken(server, m), 'application/transit+json'),
  });
  assert.equal(res.statusCode, 400);
  assert.match(String(res.headers['content-type']), /^application\/transit\+json/);
});
