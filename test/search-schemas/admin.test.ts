/**
 * Search schemas over the Admin API and the `bazaar search-schema` CLI (spawned against a test
 * server), with the backing indexes built and dropped.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import { createAdminKey } from '../../src/domain/admin/index.ts';
import { searchIndexPlan } from '../../src/domain/search-schemas/index.ts';
import { startTestServer, type TestServer } from '../support/app.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin', 'bazaar.js');

let server: TestServer;
let adminKey: string;
let mp: TestMarketplace;

before(async () => {
  server = await startTestServer();
  adminKey = (await server.handle.db.transaction().execute((trx) => createAdminKey(trx, { name: 'test' }))).key;
  mp = await createTestMarketplace(server.handle.db);
});
after(async () => server.close());

interface Reply {
  status: number;
  body: { data?: unknown; errors?: { code: string; status: number; source?: { path: unknown[] } }[] };
}

async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Reply> {
  const res = await fetch(`${server.baseUrl}/v1/admin${path}`, {
    method,
    headers: { authorization: `Bearer ${adminKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Reply['body'] };
}

const indexExists = async (schema: { schemaFor: 'listing' | 'userProfile' | 'transaction'; scope: 'public' | 'protected' | 'private' | 'metadata'; key: string; type: 'enum' | 'multi-enum' | 'boolean' | 'long' | 'text' }): Promise<boolean> => {
  const plan = searchIndexPlan(schema);
  assert.ok(plan);
  const r = await sql<{ n: number }>`select count(*)::int as n from pg_indexes where indexname = ${plan.name}`.execute(server.handle.db);
  return (r.rows[0]?.n ?? 0) > 0;
};

/** A key no other test file uses, so index assertions are not disturbed by parallel runs. */
const uniqueKey = (base: string): string => `${base}${randomUUID().slice(0, 8).replace(/-/g, '')}`;

describe('Admin API', () => {
  test('set, list, redefine and unset; indexes follow', async () => {
    const slug = mp.marketplace.slug;
    const key = uniqueKey('age');
    const set = await call('POST', '/search-schemas', { marketplace: slug, schemaFor: 'userProfile', scope: 'public', key, type: 'long', default: 30, doc: 'Age' });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.deepEqual({ ...(set.body.data as object), createdAt: undefined, updatedAt: undefined }, {
      marketplace: slug, schemaFor: 'userProfile', scope: 'public', key, type: 'long', default: 30, doc: 'Age', createdAt: undefined, updatedAt: undefined,
    });
    assert.equal(await indexExists({ schemaFor: 'userProfile', scope: 'public', key, type: 'long' }), true);

    const tags = uniqueKey('tags');
    assert.equal((await call('POST', '/search-schemas', { marketplace: slug, schemaFor: 'listing', scope: 'public', key: tags, type: 'multi-enum', default: ['a', 'b'] })).status, 200);
    assert.equal(await indexExists({ schemaFor: 'listing', scope: 'public', key: tags, type: 'multi-enum' }), true);

    const list = await call('GET', `/search-schemas?marketplace=${slug}`);
    assert.equal(list.status, 200);
    assert.deepEqual((list.body.data as { key: string }[]).map((s) => s.key).sort(), [key, tags].sort());
    const only = await call('GET', `/search-schemas?marketplace=${slug}&schemaFor=listing`);
    assert.deepEqual((only.body.data as { key: string; default: unknown }[]).map((s) => [s.key, s.default]), [[tags, ['a', 'b']]]);

    // Redefining as enum replaces the long index with an enum one.
    const redefined = await call('POST', '/search-schemas', { marketplace: slug, schemaFor: 'userProfile', scope: 'public', key, type: 'enum' });
    assert.equal(redefined.status, 200);
    assert.equal((redefined.body.data as { default: unknown }).default, null);
    assert.equal(await indexExists({ schemaFor: 'userProfile', scope: 'public', key, type: 'long' }), false);
    assert.equal(await indexExists({ schemaFor: 'userProfile', scope: 'public', key, type: 'enum' }), true);

    const unset = await call('POST', '/search-schemas/unset', { marketplace: slug, schemaFor: 'userProfile', scope: 'public', key });
    assert.equal(unset.status, 200);
    assert.equal(await indexExists({ schemaFor: 'userProfile', scope: 'public', key, type: 'enum' }), false);
    const again = await call('POST', '/search-schemas/unset', { marketplace: slug, schemaFor: 'userProfile', scope: 'public', key });
    assert.equal(again.status, 404);
  });

  test('an index shared by two marketplaces stays until the last one unsets', async () => {
    const other = await createTestMarketplace(server.handle.db);
    const key = uniqueKey('vip');
    const schema = { schemaFor: 'userProfile', scope: 'metadata', key, type: 'boolean' } as const;
    for (const m of [mp, other]) assert.equal((await call('POST', '/search-schemas', { marketplace: m.marketplace.slug, ...schema })).status, 200);
    await call('POST', '/search-schemas/unset', { marketplace: mp.marketplace.slug, schemaFor: 'userProfile', scope: 'metadata', key });
    assert.equal(await indexExists(schema), true);
    await call('POST', '/search-schemas/unset', { marketplace: other.marketplace.slug, schemaFor: 'userProfile', scope: 'metadata', key });
    assert.equal(await indexExists(schema), false);
  });

  test('validation', async () => {
    const slug = mp.marketplace.slug;
    const cases: [Record<string, unknown>, number, string][] = [
      [{ schemaFor: 'listing', scope: 'private', key: 'k', type: 'enum' }, 400, 'validation-invalid-value'],
      [{ schemaFor: 'transaction', scope: 'public', key: 'k', type: 'enum' }, 400, 'validation-invalid-value'],
      [{ schemaFor: 'userProfile', scope: 'public', key: 'k', type: 'text' }, 400, 'validation-invalid-value'],
      [{ schemaFor: 'listing', scope: 'public', key: 'a.b', type: 'enum' }, 400, 'validation-invalid-value'],
      [{ schemaFor: 'listing', scope: 'public', key: 'k', type: 'long', default: 'x' }, 400, 'validation-invalid-value'],
      [{ schemaFor: 'listing', scope: 'public', key: 'k', type: 'long', default: 1.5 }, 400, 'validation-invalid-value'],
      [{ schemaFor: 'listing', scope: 'public', key: 'k', type: 'boolean', default: 'true' }, 400, 'validation-invalid-value'],
      [{ schemaFor: 'listing', scope: 'public', key: 'k', type: 'multi-enum', default: 'a' }, 400, 'validation-invalid-value'],
      [{ schemaFor: 'listing', scope: 'public', key: 'k', type: 'text', default: 'a' }, 400, 'validation-invalid-value'],
      [{ schemaFor: 'listing', scope: 'public', key: 'k', type: 'float' }, 400, 'validation-invalid-value'],
      [{ schemaFor: 'listing', scope: 'public', key: 'k', type: 'enum', extra: 1 }, 400, 'validation-disallowed-key'],
      [{ schemaFor: 'listing', scope: 'public', type: 'enum' }, 400, 'validation-missing-key'],
    ];
    for (const [body, status, code] of cases) {
      const r = await call('POST', '/search-schemas', { marketplace: slug, ...body });
      assert.equal(r.status, status, JSON.stringify(body));
      assert.equal(r.body.errors?.[0]?.code, code, JSON.stringify(body));
    }
    const unknown = await call('POST', '/search-schemas', { marketplace: 'no-such-mp', schemaFor: 'listing', scope: 'public', key: 'k', type: 'enum' });
    assert.equal(unknown.status, 404);
    assert.equal((await call('GET', '/search-schemas?marketplace=no-such-mp')).status, 404);
    assert.equal((await call('GET', `/search-schemas?marketplace=${slug}`)).body.data instanceof Array, true);
  });
});

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, BAZAAR_URL: server.baseUrl, BAZAAR_ADMIN_KEY: adminKey, LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
    delete env.BAZAAR_DATA_DIR;
    const child = spawn(process.execPath, [BIN, 'search-schema', ...args], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('CLI', () => {
  test('bazaar search-schema set | list | unset with the platform CLI flags', async () => {
    const m = await createTestMarketplace(server.handle.db);
    const slug = m.marketplace.slug;
    const set = await cli(['set', '--marketplace', slug, '--schema-for', 'userProfile', '--scope', 'protected', '--key', 'skills', '--type', 'multi-enum', '--default', 'a,b', '--doc', 'Skills']);
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /userProfile protected key "skills" \(multi-enum\)/);
    const listing = await cli(['set', '--marketplace', slug, '--scope', 'public', '--key', 'promoted', '--type', 'boolean', '--default', 'false']);
    assert.equal(listing.code, 0, listing.stderr);
    const long = await cli(['set', '--marketplace', slug, '--scope', 'metadata', '--key', 'rank', '--type', 'long', '--default', '5']);
    assert.equal(long.code, 0, long.stderr);

    const json = await cli(['list', '--marketplace', slug, '--json']);
    assert.equal(json.code, 0, json.stderr);
    const schemas = JSON.parse(json.stdout) as { schemaFor: string; scope: string; key: string; type: string; default: unknown; doc: string | null }[];
    assert.deepEqual(
      schemas.map((s) => [s.schemaFor, s.scope, s.key, s.type, s.default, s.doc]),
      [
        ['listing', 'metadata', 'rank', 'long', 5, null],
        ['listing', 'public', 'promoted', 'boolean', false, null],
        ['userProfile', 'protected', 'skills', 'multi-enum', ['a', 'b'], 'Skills'],
      ],
    );
    const table = await cli(['list', '--marketplace', slug, '--schema-for', 'listing']);
    assert.match(table.stdout, /promoted/);
    assert.doesNotMatch(table.stdout, /skills/);

    const unset = await cli(['unset', '--marketplace', slug, '--scope', 'public', '--key', 'promoted']);
    assert.equal(unset.code, 0, unset.stderr);
    const after = JSON.parse((await cli(['list', '--marketplace', slug, '--json'])).stdout) as { key: string }[];
    assert.deepEqual(after.map((s) => s.key), ['rank', 'skills']);

    const bad = await cli(['set', '--marketplace', slug, '--scope', 'public', '--key', 'x', '--type', 'long', '--default', 'abc']);
    assert.equal(bad.code, 2);
    const refused = await cli(['set', '--marketplace', slug, '--schema-for', 'userProfile', '--scope', 'public', '--key', 'bio', '--type', 'text']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /400/);
    const badChoice = await cli(['set', '--marketplace', slug, '--scope', 'public', '--key', 'x', '--type', 'float']);
    assert.equal(badChoice.code, 2);
  });
});
