/** The `permissionSet` resource and the `effectivePermissionSet` include resolver. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { configureAccessSettings } from '../../src/domain/access/index.ts';
import { createUser, updateUserPermissions, userAttributes, type User } from '../../src/domain/users/index.ts';
import { effectivePermissionSetResolver } from '../../src/http/marketplace-api/permission-set.presenter.ts';
import { buildDocument, documentToWire, encodeJson, type Resource } from '../../src/http/wire/index.ts';
import { Uuid } from '../../src/lib/values.ts';
import { openTestDb } from '../support/db.ts';
import { createTestMarketplace } from '../support/factories.ts';
import type { DbHandle } from '../../src/store/db.ts';

let handle: DbHandle;
before(async () => {
  handle = await openTestDb();
});
after(async () => handle.close());

test('effective values as keywords, null for hidden users, marketplace toggles applied', async () => {
  const mp = await createTestMarketplace(handle.db);
  const marketplaceId = mp.marketplace.id;
  const make = (name: string) =>
    handle.db.transaction().execute((trx) => createUser(trx, { marketplaceId, email: `${name}-${randomUUID().slice(0, 8)}@example.com`, firstName: name, lastName: 'X' }));
  const alice = await make('alice');
  const bob = await make('bob');
  const denied = await handle.db
    .transaction()
    .execute((trx) =>
      updateUserPermissions(trx, { marketplaceId, actor: { kind: 'operator', clientId: '', requestId: null }, id: alice.id, permissions: { postListings: 'permission/deny', read: 'permission/deny' }, now: new Date() }),
    );
  const users = new Map<string, User>([[alice.id, denied]]);
  const resolver = effectivePermissionSetResolver({ db: handle.db, marketplaceId }, (parent) => users.get(parent.id.uuid));
  const resources = (list: User[]): Resource[] => list.map((u) => ({ id: new Uuid(u.id), type: 'currentUser', attributes: userAttributes(u, 'self') }));
  const doc = async () => {
    const built = await buildDocument({ data: resources([denied, bob]), type: 'currentUser', include: [['effectivePermissionSet']], fields: {}, limits: {}, graph: { currentUser: { effectivePermissionSet: resolver } } });
    return JSON.parse(encodeJson(documentToWire(built))) as { data: { id: string; relationships: { effectivePermissionSet: { data: unknown } } }[]; included: { id: string; type: string; attributes: Record<string, string> }[] };
  };

  let json = await doc();
  assert.deepEqual(json.included, [
    { id: alice.id, type: 'permissionSet', attributes: { postListings: 'permission/allow', initiateTransactions: 'permission/allow', read: 'permission/allow' } },
  ]);
  assert.deepEqual(json.data[0]?.relationships.effectivePermissionSet.data, { id: alice.id, type: 'permissionSet' });
  assert.equal(json.data[1]?.relationships.effectivePermissionSet.data, null, 'a user the resolver does not know stays null');

  await handle.db.transaction().execute((trx) => configureAccessSettings(trx, { marketplaceSlug: mp.marketplace.slug, changes: { postingNeedsPermission: true, privateMarketplace: true } }));
  json = await doc();
  assert.deepEqual(json.included[0]?.attributes, { postListings: 'permission/deny', initiateTransactions: 'permission/allow', read: 'permission/deny' });
});
