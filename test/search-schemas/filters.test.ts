/**
 * The extended-data filter compiler over a seeded users table: every query's expected result is
 * computed here in plain JS from the seeded data and compared with what the SQL returns.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../../src/domain/errors.ts';
import {
  loadExtendedDataCompiler,
  setSearchSchema,
  syncSearchIndexes,
  type ExtendedDataCompiler,
  type SchemaScope,
} from '../../src/domain/search-schemas/index.ts';
import type { DbHandle } from '../../src/store/db.ts';
import { openTestDb } from '../support/db.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import { createTestUser } from '../support/users.ts';

type Data = Record<string, unknown>;
interface Seeded {
  id: string;
  data: Record<SchemaScope, Data>;
}

let handle: DbHandle;
let mp: TestMarketplace;
let users: Seeded[] = [];
let compiler: ExtendedDataCompiler;

/** Deterministic pseudo-random numbers (mulberry32). */
const rng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const SCHEMAS = [
  { scope: 'public', key: 'color', type: 'enum', default: 'red' },
  { scope: 'public', key: 'level', type: 'enum' },
  { scope: 'public', key: 'tags', type: 'multi-enum', default: ['x'] },
  { scope: 'metadata', key: 'vip', type: 'boolean', default: false },
  { scope: 'private', key: 'age', type: 'long' },
  { scope: 'protected', key: 'score', type: 'long', default: 50 },
  { scope: 'metadata', key: 'rank', type: 'long' },
] as const;

before(async () => {
  handle = await openTestDb();
  mp = await createTestMarketplace(handle.db);
  const now = new Date();
  for (const s of SCHEMAS) {
    const { schema } = await handle.db.transaction().execute((trx) => setSearchSchema(trx, { marketplaceSlug: mp.marketplace.slug, schemaFor: 'userProfile', now, ...s }));
    await syncSearchIndexes(handle.db, [schema]);
  }
  const rand = rng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const maybe = (p: number, v: () => unknown): unknown => (rand() < p ? v() : undefined);
  const compact = (o: Data): Data => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  for (let i = 0; i < 60; i++) {
    const { user } = await createTestUser(handle.db, mp.marketplace.id);
    const data: Record<SchemaScope, Data> = {
      public: compact({
        color: maybe(0.8, () => pick(['red', 'blue', 'green', 'Red'])),
        level: maybe(0.6, () => pick(['a', 'b', 7])),
        tags: maybe(0.8, () => (rand() < 0.1 ? 'x' : ['x', 'y', 'z', 'w'].filter(() => rand() < 0.5))),
        other: 'ignored',
      }),
      metadata: compact({ vip: maybe(0.7, () => pick([true, false, 'true'])), rank: maybe(0.7, () => Math.floor(rand() * 10) - 3) }),
      private: compact({ age: maybe(0.85, () => (rand() < 0.1 ? String(20 + i) : Math.floor(rand() * 30) + 15)) }),
      protected: compact({ score: maybe(0.7, () => Math.floor(rand() * 100)) }),
    };
    await handle.db
      .updateTable('users')
      .set({
        public_data: JSON.stringify(data.public),
        metadata: JSON.stringify(data.metadata),
        private_data: JSON.stringify(data.private),
        protected_data: JSON.stringify(data.protected),
      })
      .where('id', '=', user.id)
      .execute();
    users.push({ id: user.id, data });
  }
  users = users.sort((a, b) => a.id.localeCompare(b.id));
  compiler = await loadExtendedDataCompiler(handle.db, mp.marketplace.id, { schemaFor: 'userProfile' });
});
after(async () => handle.close());

// ---- the reference semantics, in plain JS ----

const SCOPE_OF: Record<string, SchemaScope> = { pub: 'public', meta: 'metadata', priv: 'private', prot: 'protected' };

function matches(u: Seeded, param: string, raw: string): boolean {
  const [prefix = '', ...rest] = param.split('_');
  const key = rest.join('_');
  const scope = SCOPE_OF[prefix];
  const schema = SCHEMAS.find((s) => s.scope === scope && s.key === key);
  if (!scope || !schema) throw new Error(`test bug: ${param}`);
  const has = Object.hasOwn(u.data[scope], key);
  const value = has ? u.data[scope][key] : 'default' in schema ? schema.default : undefined;
  switch (schema.type) {
    case 'enum':
      return typeof value === 'string' && raw.split(',').includes(value);
    case 'multi-enum': {
      const any = raw.startsWith('has_any:');
      const wanted = raw.replace(/^has_(any|all):/, '').split(',');
      if (!Array.isArray(value)) return false;
      return any ? wanted.some((w) => value.includes(w)) : wanted.every((w) => value.includes(w));
    }
    case 'boolean':
      return value === (raw === 'true');
    case 'long': {
      if (typeof value !== 'number') return false;
      const parts = raw.split(',');
      if (parts.length === 1) return value === Number(parts[0]);
      const [lo = '', hi = ''] = parts;
      return (lo === '' || value >= Number(lo)) && (hi === '' || value < Number(hi));
    }
  }
}

const expected = (filters: Record<string, string>): string[] =>
  users.filter((u) => Object.entries(filters).every(([p, raw]) => matches(u, p, raw))).map((u) => u.id);

const actual = async (filters: Record<string, string>): Promise<string[]> =>
  (
    await handle.db
      .selectFrom('users')
      .select('id')
      .where('marketplace_id', '=', mp.marketplace.id)
      .where(compiler.where(filters))
      .orderBy('id')
      .execute()
  ).map((r) => r.id);

const CASES: Record<string, string>[] = [
  { pub_color: 'red' },
  { pub_color: 'blue,green' },
  { pub_color: 'Red' },
  { pub_level: 'a' },
  { pub_level: 'a,b' },
  { pub_tags: 'x' },
  { pub_tags: 'x,y' },
  { pub_tags: 'has_all:y,z' },
  { pub_tags: 'has_any:y,z' },
  { pub_tags: 'has_any:x' },
  { pub_tags: 'has_any:w' },
  { meta_vip: 'true' },
  { meta_vip: 'false' },
  { priv_age: '20,30' },
  { priv_age: '20,' },
  { priv_age: ',30' },
  { priv_age: '25' },
  { priv_age: '30,31' },
  { priv_age: '30,30' },
  { prot_score: '40,60' },
  { prot_score: '50' },
  { prot_score: '51,' },
  { prot_score: ',50' },
  { prot_score: ',51' },
  { meta_rank: '-3,0' },
  { pub_color: 'red', meta_vip: 'false' },
  { pub_tags: 'has_any:x,y', priv_age: ',25', prot_score: '0,' },
];

describe('filters over users', () => {
  test('the seed covers defaults, mistyped values and every type', () => {
    assert.ok(users.some((u) => !Object.hasOwn(u.data.public, 'color')));
    assert.ok(users.some((u) => typeof u.data.private.age === 'string'));
    assert.ok(users.some((u) => u.data.metadata.vip === 'true'));
    assert.ok(users.some((u) => u.data.public.tags === 'x'));
  });

  for (const filters of CASES) {
    test(new URLSearchParams(filters).toString(), async () => {
      const want = expected(filters);
      assert.deepEqual(await actual(filters), want);
    });
  }

  test('every case selects something and not everything (the seed is meaningful)', () => {
    const sizes = CASES.filter((c) => !Object.values(c).includes('30,30')).map((c) => expected(c).length);
    assert.ok(sizes.every((n) => n > 0 && n < users.length), JSON.stringify(sizes));
  });

  test('no filters → every user', async () => {
    assert.equal((await actual({})).length, users.length);
  });
});

describe('errors', () => {
  const rejects = (f: () => unknown, code: string, path: string) =>
    assert.throws(f, (e: unknown) => e instanceof DomainError && e.kind === 'bad-request' && e.code === code && e.source?.path[0] === path);

  test('a key without a schema, or a scope the entity cannot index → 400 naming the parameter', async () => {
    rejects(() => compiler.where({ pub_unknown: 'a' }), 'validation-disallowed-key', 'pub_unknown');
    rejects(() => compiler.where({ meta_color: 'red' }), 'validation-disallowed-key', 'meta_color');
    const tx = await loadExtendedDataCompiler(handle.db, mp.marketplace.id, { schemaFor: 'transaction' });
    rejects(() => tx.filter('pub_color', 'red'), 'validation-disallowed-key', 'pub_color');
    const listing = await loadExtendedDataCompiler(handle.db, mp.marketplace.id, { schemaFor: 'listing' });
    rejects(() => listing.filter('priv_age', '1'), 'validation-disallowed-key', 'priv_age');
  });

  test('malformed values → 400 validation-invalid-value', () => {
    for (const [param, raw] of [
      ['priv_age', 'abc'],
      ['priv_age', '1,2,3'],
      ['priv_age', ','],
      ['priv_age', '1.5'],
      ['priv_age', ''],
      ['meta_vip', 'yes'],
      ['pub_tags', 'has_any:'],
      ['pub_color', ','],
    ] as const) {
      rejects(() => compiler.filter(param, raw), 'validation-invalid-value', param);
    }
  });

  test('sorting needs a long schema', () => {
    rejects(() => compiler.sort('pub_color'), 'validation-invalid-value', 'sort');
    rejects(() => compiler.sort('-pub_nope'), 'validation-disallowed-key', 'pub_nope');
  });
});

describe('sort keys', () => {
  const sorted = async (token: string): Promise<string[]> => {
    const key = compiler.sort(token);
    return (
      await handle.db
        .selectFrom('users')
        .select('id')
        .where('marketplace_id', '=', mp.marketplace.id)
        .orderBy(key.orderBy)
        .orderBy('id')
        .execute()
    ).map((r) => r.id);
  };
  const expectedOrder = (scope: SchemaScope, key: string, direction: 'asc' | 'desc', fallback?: number): string[] => {
    const valueOf = (u: Seeded): number | null => {
      const v = Object.hasOwn(u.data[scope], key) ? u.data[scope][key] : fallback;
      return typeof v === 'number' ? v : null;
    };
    return [...users]
      .sort((a, b) => {
        const va = valueOf(a);
        const vb = valueOf(b);
        if (va === null || vb === null) return va === vb ? a.id.localeCompare(b.id) : va === null ? 1 : -1;
        return va === vb ? a.id.localeCompare(b.id) : direction === 'asc' ? va - vb : vb - va;
      })
      .map((u) => u.id);
  };

  test('meta_rank (descending, no default: missing last)', async () => {
    assert.deepEqual(await sorted('meta_rank'), expectedOrder('metadata', 'rank', 'desc'));
  });
  test('-meta_rank (ascending)', async () => {
    assert.equal(compiler.sort('-meta_rank').direction, 'asc');
    assert.deepEqual(await sorted('-meta_rank'), expectedOrder('metadata', 'rank', 'asc'));
  });
  test('-prot_score (default 50 for users without it)', async () => {
    assert.deepEqual(await sorted('-prot_score'), expectedOrder('protected', 'score', 'asc', 50));
  });
});
