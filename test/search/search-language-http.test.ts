/**
 * `listings/query?keywords=` uses the marketplace's `searchLanguage` for the query as the writers
 * used it for the listing's vector. On the Marketplace API the settings come with the token check
 * (one statement for both); this checks that the language still reaches the search, and that a
 * change of language applies to the very next request.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../support/app.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import { createTestUser } from '../support/users.ts';
import { anonToken, api, setMarketplaceSettings, userToken } from '../listings/helpers.ts';

let server: TestServer;
let m: TestMarketplace;

before(async () => {
  server = await startTestServer({ listen: false });
  m = await createTestMarketplace(server.handle.db);
  await setMarketplaceSettings(server, m, { searchLanguage: 'finnish' });
  const author = await createTestUser(server.handle.db, m.marketplace.id);
  const asAuthor = api(server, 'api', await userToken(server, m, author));
  // Finnish stems "saunassa" (in the sauna) to "sauna"; English leaves it "saunassa".
  const created = await asAuthor.post('own_listings/create', { title: 'Mökki saunassa', description: 'Järven rannalla' });
  assert.equal(created.status, 200, JSON.stringify(created.body));
});
after(async () => server.close());

const titles = async (keywords: string): Promise<string[]> => {
  const res = await api(server, 'api', await anonToken(server, m)).get(`listings/query?keywords=${encodeURIComponent(keywords)}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return (res.body.data ?? []).map((l) => String(l.attributes?.title));
};

test('keywords are stemmed with the marketplace language (Finnish: saunassa finds sauna)', async () => {
  assert.deepEqual(await titles('saunassa'), ['Mökki saunassa']);
});

test('a language change applies to the next request (no stale settings)', async () => {
  await setMarketplaceSettings(server, m, { searchLanguage: 'english' });
  // The stored vector is Finnish ("sauna"); an English query keeps "saunassa" and misses it.
  assert.deepEqual(await titles('saunassa'), []);
  await setMarketplaceSettings(server, m, { searchLanguage: 'finnish' });
  assert.deepEqual(await titles('saunassa'), ['Mökki saunassa']);
});
