/**
 * listings/query runs a fixed number of SQL statements per request, however many listings,
 * authors and images its page has: every include resolver is batched (one query per relationship
 * per include level), and nothing per request is loaded twice.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PostgresQueryCompiler, type KyselyPlugin } from 'kysely';
import { startTestServer, type TestServer } from '../support/app.ts';
import { openTestDb } from '../support/db.ts';
import { anonymousToken, bearer, integrationToken } from '../surfaces/tokens.ts';
import { createImage } from '../listings/helpers.ts';
import { seedListings, type Seeded } from './seed.ts';

const compiler = new PostgresQueryCompiler();
let recording: string[] | undefined;
const recorder: KyselyPlugin = {
  transformQuery: (args) => {
    recording?.push(compiler.compileQuery(args.node, args.queryId).sql);
    return args.node;
  },
  transformResult: async (args) => args.result,
};

let server: TestServer;
let s: Seeded;
let anon: string;
let integ: string;

before(async () => {
  const handle = await openTestDb();
  server = await startTestServer({ listen: false, handle: { kind: handle.kind, close: () => handle.close(), db: handle.db.withPlugin(recorder) } });
  s = await seedListings(server.handle.db, 60);
  const images = [];
  for (let i = 0; i < 3; i++) images.push((await createImage(server, s.m, s.authors[i % s.authors.length] ?? null)).id);
  await server.handle.db.updateTable('listings').set({ image_ids: images }).where('marketplace_id', '=', s.m.marketplace.id).execute();
  for (const [i, id] of s.authors.entries()) {
    await server.handle.db.updateTable('users').set({ profile_image_id: images[i % images.length] ?? null }).where('id', '=', id).execute();
  }
  anon = await anonymousToken(server, s.m);
  integ = await integrationToken(server, s.m);
});
after(async () => server.close());

const IMAGE_FIELDS = 'include=author,author.profileImage,images&fields.image=variants.landscape-crop,variants.listing-card&imageVariant.listing-card=w%3A400%3Bh%3A400%3Bfit%3Acrop';

async function statementsOf(url: string, token: string): Promise<string[]> {
  recording = [];
  const res = await server.app.inject({ method: 'GET', url, headers: bearer(token) });
  const sqls = recording;
  recording = undefined;
  assert.equal(res.statusCode, 200, res.body);
  return sqls;
}

/** The table each statement reads first (the search statement reads `listings`). */
const tablesOf = (sqls: string[]): string[] => sqls.map((q) => /\bfrom "?(\w+)"?/.exec(q)?.[1] ?? q).sort();

test('listings/query: the same few statements for a page of 1 or 20 (authors, images, profile images batched)', async () => {
  await statementsOf(`/v1/api/listings/query?perPage=1`, anon); // the surface loads its signing key once
  for (const perPage of [1, 20]) {
    const sqls = await statementsOf(`/v1/api/listings/query?perPage=${perPage}&${IMAGE_FIELDS}`, anon);
    // token check with the read guard's marketplace settings (one statement), the search, then one
    // statement per include level: authors and images together (from users … union all … images),
    // then author.profileImage
    assert.deepEqual(tablesOf(sqls), ['applications', 'images', 'listings', 'users'], sqls.join('\n'));
    assert.match(sqls.find((q) => /^select 'user'/.test(q.trim())) ?? '', /union all[\s\S]*from images/);
    assert.match(sqls.find((q) => q.includes('"applications"')) ?? '', /"marketplaces"/);
  }
});

test('listings/query: keywords take the search language from the token check, extended-data keys load the schemas; the Integration API has no read guard', async () => {
  await statementsOf(`/v1/integration_api/listings/query?perPage=1`, integ);
  const search = await statementsOf(`/v1/api/listings/query?perPage=20&keywords=sauna&pub_category=a,b&${IMAGE_FIELDS}`, anon);
  // the search language comes from the marketplace settings read with the token check
  assert.deepEqual(tablesOf(search), ['applications', 'images', 'listings', 'search_schemas', 'users'], search.join('\n'));
  const sqls = await statementsOf(`/v1/integration_api/listings/query?perPage=20&sort=meta_rating&${IMAGE_FIELDS}`, integ);
  assert.deepEqual(tablesOf(sqls), ['applications', 'images', 'listings', 'search_schemas', 'users'], sqls.join('\n'));
});
