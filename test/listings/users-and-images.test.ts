/**
 * `findUsersAndImages` (a listing page's authors and images in one statement) returns exactly what
 * `findUsersByIds` and `findImagesByIds` return: same objects field by field (timestamps included),
 * same marketplace scoping, deleted users included, unknown and malformed image ids skipped.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { findImagesByIds } from '../../src/domain/images/index.ts';
import { findUsersAndImages } from '../../src/domain/listings/index.ts';
import { findUsersByIds } from '../../src/domain/users/index.ts';
import { startTestServer, type TestServer } from '../support/app.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import { createTestUser } from '../support/users.ts';
import { createImage } from './helpers.ts';

let server: TestServer;
let m: TestMarketplace;
let other: TestMarketplace;
const userIds: string[] = [];
const imageIds: string[] = [];

before(async () => {
  server = await startTestServer({ listen: false });
  m = await createTestMarketplace(server.handle.db);
  other = await createTestMarketplace(server.handle.db, 'Other');
  for (let i = 0; i < 3; i++) {
    const u = await createTestUser(server.handle.db, m.marketplace.id, { firstName: `F${i}`, lastName: 'L', displayName: `F${i} L`, bio: 'hi', publicData: { n: i }, privateData: { secret: i } });
    userIds.push(u.user.id);
    imageIds.push((await createImage(server, m, u.user.id)).id);
  }
  await server.handle.db.updateTable('users').set({ deleted: true }).where('id', '=', userIds[2] ?? '').execute();
  const stranger = await createTestUser(server.handle.db, other.marketplace.id);
  userIds.push(stranger.user.id);
  imageIds.push((await createImage(server, other, stranger.user.id)).id);
});
after(async () => server.close());

const byId = <T extends { id: string }>(rows: T[]): T[] => [...rows].sort((a, b) => a.id.localeCompare(b.id));

test('one statement returns what the two single-table reads return', async () => {
  const db = server.handle.db;
  const asked = { users: [...userIds, randomUUID()], images: [...imageIds, randomUUID(), 'not-a-uuid'] };
  const together = await findUsersAndImages(db, m.marketplace.id, asked.users, asked.images);
  const users = await findUsersByIds(db, m.marketplace.id, asked.users);
  const images = await findImagesByIds(db, m.marketplace.id, asked.images);
  assert.equal(users.length, 3);
  assert.equal(images.length, 3);
  assert.deepEqual(byId(together.users), byId(users));
  assert.deepEqual(byId(together.images), byId(images));
  assert.ok(together.users.every((u) => u.createdAt instanceof Date && u.updatedAt instanceof Date));
});

test('either list may be empty', async () => {
  const db = server.handle.db;
  assert.deepEqual(await findUsersAndImages(db, m.marketplace.id, [], []), { users: [], images: [] });
  const onlyUsers = await findUsersAndImages(db, m.marketplace.id, userIds, []);
  assert.deepEqual(byId(onlyUsers.users), byId(await findUsersByIds(db, m.marketplace.id, userIds)));
  assert.deepEqual(onlyUsers.images, []);
  const onlyImages = await findUsersAndImages(db, m.marketplace.id, [], imageIds);
  assert.deepEqual(byId(onlyImages.images), byId(await findImagesByIds(db, m.marketplace.id, imageIds)));
  assert.deepEqual(onlyImages.users, []);
});
