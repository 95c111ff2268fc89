/** Contract: the real `sharetribe-flex-integration-sdk` against a listening Bazaar. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from '../support/app.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import { integrationToken } from '../surfaces/tokens.ts';
import { appendEvent, type EventType } from '../../src/domain/events/index.ts';
import { Money, Uuid } from '../../src/lib/values.ts';

interface SdkResponse<T> {
  status: number;
  data: T;
}
interface EventData {
  id: unknown;
  type: string;
  attributes: {
    sequenceId: number;
    eventType: string;
    createdAt: unknown;
    marketplaceId: unknown;
    resourceId: unknown;
    resource: { id: unknown; attributes: { price: unknown } } | null;
    auditData: { clientId: unknown };
  };
}
interface IntegrationSdk {
  marketplace: { show(): Promise<SdkResponse<{ data: { id: unknown; attributes: Record<string, unknown> } }>> };
  events: { query(params?: Record<string, unknown>): Promise<SdkResponse<{ data: EventData[]; meta: { perPage: number } }>> };
}
interface SdkModule {
  createInstance(config: Record<string, unknown>): IntegrationSdk;
  tokenStore: { memoryStore(): { setToken(token: unknown): void } };
  types: { UUID: new (uuid: string) => { uuid: string }; Money: new (amount: number, currency: string) => unknown };
}
const sdkModule: SdkModule = createRequire(import.meta.url)('sharetribe-flex-integration-sdk');

let server: TestServer;
let m: TestMarketplace;
let sdk: IntegrationSdk;

const append = (eventType: EventType) => {
  const id = randomUUID();
  return server.handle.db.transaction().execute((trx) =>
    appendEvent(trx, {
      marketplaceId: m.marketplace.id,
      eventType,
      resourceType: 'listing',
      resourceId: id,
      resource: { id: new Uuid(id), type: 'listing', attributes: { price: new Money(2500, 'EUR') } },
      previousValues: null,
      source: 'source/integration-api',
      auditData: { userId: null, adminId: null, requestId: null, clientId: m.integrationApp.clientId },
    }),
  );
};

before(async () => {
  server = await startTestServer();
  m = await createTestMarketplace(server.handle.db, 'Integration contract');
  const tokenStore = sdkModule.tokenStore.memoryStore();
  tokenStore.setToken({ access_token: await integrationToken(server, m), token_type: 'bearer', expires_in: 3600, scope: 'integ' });
  sdk = sdkModule.createInstance({
    clientId: m.integrationApp.clientId,
    clientSecret: m.integrationApp.clientSecret,
    baseUrl: server.baseUrl,
    tokenStore,
  });
});
after(async () => server.close());

test('marketplace.show', async () => {
  const res = await sdk.marketplace.show();
  assert.ok(res.data.data.id instanceof sdkModule.types.UUID);
  assert.equal(res.data.data.attributes.name, 'Integration contract');
});

test('events.query polls with startAfterSequenceId and filters by eventTypes', async () => {
  const created = await append('listing/created');
  const updated = await append('listing/updated');
  const deleted = await append('listing/deleted');

  const all = await sdk.events.query();
  assert.deepEqual(all.data.data.map((e) => e.attributes.sequenceId), [created.sequenceId, updated.sequenceId, deleted.sequenceId]);
  const first = all.data.data[0]!;
  assert.equal(first.type, 'event');
  assert.ok(first.id instanceof sdkModule.types.UUID);
  assert.ok(first.attributes.createdAt instanceof Date);
  assert.ok(first.attributes.marketplaceId instanceof sdkModule.types.UUID);
  assert.ok(first.attributes.resourceId instanceof sdkModule.types.UUID);
  assert.ok(first.attributes.resource?.id instanceof sdkModule.types.UUID);
  assert.ok(first.attributes.resource?.attributes.price instanceof sdkModule.types.Money);
  assert.ok(first.attributes.auditData.clientId instanceof sdkModule.types.UUID);
  assert.equal(all.data.meta.perPage, 100);

  const after1 = await sdk.events.query({ startAfterSequenceId: created.sequenceId });
  assert.deepEqual(after1.data.data.map((e) => e.attributes.eventType), ['listing/updated', 'listing/deleted']);
  const typed = await sdk.events.query({ eventTypes: ['listing/created', 'listing/deleted'] });
  assert.deepEqual(typed.data.data.map((e) => e.attributes.eventType), ['listing/created', 'listing/deleted']);
  const page = await sdk.events.query({ startAfterSequenceId: 0, perPage: 2 });
  assert.equal(page.data.data.length, page.data.meta.perPage);
  const rest = await sdk.events.query({ startAfterSequenceId: page.data.data[1]!.attributes.sequenceId, perPage: 2 });
  assert.ok(rest.data.data.length < rest.data.meta.perPage);
});

test('bad parameters reject with 400 and a decoded error envelope', async () => {
  await assert.rejects(sdk.events.query({ perPage: 101 }), (e: unknown) => {
    const err = e as { status?: number; data?: { errors?: { code: string }[] } };
    return err.status === 400 && err.data?.errors?.[0]?.code === 'validation-invalid-value';
  });
});
