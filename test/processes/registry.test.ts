/**
 * The process registry on the database: push creates versions (none for unchanged content),
 * versions are immutable and load parsed by number or by alias, aliases move without affecting
 * loaded versions, and Bazaar's default processes install once with alias release-1.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, cpSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError } from '../../src/domain/errors.ts';
import {
  createProcessAlias,
  DEFAULT_PROCESSES_DIR,
  installDefaultProcesses,
  listProcesses,
  listProcessVersions,
  loadProcessByAlias,
  loadProcessVersion,
  pushProcess,
  readProcessDirectory,
  updateProcessAlias,
} from '../../src/process-engine/registry/index.ts';
import type { DbHandle } from '../../src/store/db.ts';
import { openTestDb, testDatabaseUrl } from '../support/db.ts';
import { createTestMarketplace } from '../support/factories.ts';

let handle: DbHandle;
before(async () => {
  handle = await openTestDb({ max: 4 });
});
after(async () => handle.close());

const SOURCE = `{:format :v3
 :transitions [{:name :transition/inquire :actor :actor.role/customer :to :state/inquiry}
               {:name :transition/close :actor :actor.role/provider :from :state/inquiry :to :state/closed}]
 :notifications [{:name :notification/hello :on :transition/inquire :to :actor.role/provider :template :hello}]}`;
const TEMPLATES = {
  hello: { subject: 'Hi {{recipient.first-name}}', html: '<p>{{transaction.listing.title}}</p>' },
};

const newMarketplace = async () =>
  (await createTestMarketplace(handle.db, 'Processes')).marketplace;

describe('pushProcess', () => {
  test('the first push is version 1; unchanged content creates no version; any change does', async () => {
    const m = await newMarketplace();
    const push = (
      source: string,
      templates: Record<string, { subject: string; html: string; text?: string }>,
    ) => pushProcess(handle.db, { marketplaceId: m.id, name: 'chat', source, templates });

    assert.deepEqual(await push(SOURCE, TEMPLATES), { version: 1, created: true, warnings: [] });
    assert.deepEqual(await push(SOURCE, TEMPLATES), { version: 1, created: false, warnings: [] });
    // A template change alone is a new version (templates belong to the version, §10.1).
    const v2 = await push(SOURCE, { hello: { ...TEMPLATES.hello, subject: 'Hello' } });
    assert.deepEqual([v2.version, v2.created], [2, true]);
    const v3 = await push(SOURCE, {
      hello: { ...TEMPLATES.hello, subject: 'Hello', text: 'plain' },
    });
    assert.deepEqual([v3.version, v3.created], [3, true]);
    const v4 = await push(`${SOURCE}\n`, {
      hello: { ...TEMPLATES.hello, subject: 'Hello', text: 'plain' },
    });
    assert.deepEqual([v4.version, v4.created], [4, true]);
    // Pushing version 1's content again is a change relative to the latest: version 5.
    const v5 = await push(SOURCE, TEMPLATES);
    assert.deepEqual([v5.version, v5.created], [5, true]);

    const versions = await listProcessVersions(handle.db, { marketplaceId: m.id, name: 'chat' });
    assert.deepEqual(
      versions.map((v) => v.version),
      [5, 4, 3, 2, 1],
    );
    assert.equal(versions[0]?.checksum, versions[4]?.checksum);
  });

  test('versions are per marketplace and per name', async () => {
    const a = await newMarketplace();
    const b = await newMarketplace();
    await pushProcess(handle.db, {
      marketplaceId: a.id,
      name: 'chat',
      source: SOURCE,
      templates: TEMPLATES,
    });
    const other = await pushProcess(handle.db, {
      marketplaceId: b.id,
      name: 'chat',
      source: SOURCE,
      templates: TEMPLATES,
    });
    const renamed = await pushProcess(handle.db, {
      marketplaceId: a.id,
      name: 'chat-2',
      source: SOURCE,
      templates: TEMPLATES,
    });
    assert.equal(other.version, 1);
    assert.equal(renamed.version, 1);
    assert.deepEqual(
      (await listProcesses(handle.db, { marketplaceId: a.id })).map((p) => p.name),
      ['chat', 'chat-2'],
    );
  });

  test('an invalid process throws process-invalid and stores nothing', async () => {
    const m = await newMarketplace();
    await assert.rejects(
      pushProcess(handle.db, {
        marketplaceId: m.id,
        name: 'chat',
        source: SOURCE.replace(':actor.role/provider', ':actor.role/admin'),
        templates: TEMPLATES,
      }),
      (e: unknown) =>
        e instanceof DomainError &&
        e.code === 'process-invalid' &&
        /transitions\[1\] transition\/close :actor: unknown actor role :actor\.role\/admin/.test(
          e.message,
        ),
    );
    assert.deepEqual(await listProcesses(handle.db, { marketplaceId: m.id }), []);
  });

  test('inside a caller transaction the version exists only if that commits', async () => {
    const m = await newMarketplace();
    await assert.rejects(
      handle.db.transaction().execute(async (trx) => {
        await pushProcess(trx, {
          marketplaceId: m.id,
          name: 'chat',
          source: SOURCE,
          templates: TEMPLATES,
        });
        throw new Error('abort');
      }),
      /abort/,
    );
    assert.deepEqual(await listProcesses(handle.db, { marketplaceId: m.id }), []);
  });

  test(
    'concurrent pushes of one name get distinct versions (PostgreSQL)',
    { skip: !testDatabaseUrl && 'needs TEST_DATABASE_URL' },
    async () => {
      const m = await newMarketplace();
      const results = await Promise.all(
        [1, 2, 3, 4].map((i) =>
          pushProcess(handle.db, {
            marketplaceId: m.id,
            name: 'race',
            source: SOURCE,
            templates: { hello: { ...TEMPLATES.hello, subject: `v${i}` } },
          }),
        ),
      );
      assert.deepEqual(results.map((r) => r.version).sort(), [1, 2, 3, 4]);
      // And identical concurrent pushes store one version.
      const same = await Promise.all(
        [1, 2, 3].map(() =>
          pushProcess(handle.db, {
            marketplaceId: m.id,
            name: 'same',
            source: SOURCE,
            templates: TEMPLATES,
          }),
        ),
      );
      assert.deepEqual(same.map((r) => r.created).sort(), [false, false, true]);
      assert.deepEqual(
        same.map((r) => r.version),
        [1, 1, 1],
      );
    },
  );
});

describe('loading', () => {
  test('loadProcessVersion parses a stored version; unknown versions are undefined', async () => {
    const m = await newMarketplace();
    await pushProcess(handle.db, {
      marketplaceId: m.id,
      name: 'chat',
      source: SOURCE,
      templates: TEMPLATES,
    });
    const loaded = await loadProcessVersion(handle.db, m.id, 'chat', 1);
    assert.ok(loaded);
    assert.equal(loaded.name, 'chat');
    assert.equal(loaded.version, 1);
    assert.deepEqual(loaded.definition.states, ['state/inquiry', 'state/closed']);
    assert.deepEqual(
      loaded.definition.transitions.map((t) => t.name),
      ['transition/inquire', 'transition/close'],
    );
    assert.deepEqual(loaded.templates, TEMPLATES);
    assert.equal(await loadProcessVersion(handle.db, m.id, 'chat', 2), undefined);
    assert.equal(await loadProcessVersion(handle.db, m.id, 'nope', 1), undefined);
    const other = await newMarketplace();
    assert.equal(await loadProcessVersion(handle.db, other.id, 'chat', 1), undefined);
  });

  test('loadProcessByAlias follows the alias; moving it leaves loaded versions as they were', async () => {
    const m = await newMarketplace();
    await pushProcess(handle.db, {
      marketplaceId: m.id,
      name: 'chat',
      source: SOURCE,
      templates: TEMPLATES,
    });
    const source2 = SOURCE.replace(':state/closed', ':state/archived');
    await pushProcess(handle.db, {
      marketplaceId: m.id,
      name: 'chat',
      source: source2,
      templates: TEMPLATES,
    });
    await handle.db
      .transaction()
      .execute((trx) =>
        createProcessAlias(trx, {
          marketplaceId: m.id,
          name: 'chat',
          alias: 'release-1',
          version: 1,
          now: new Date(),
        }),
      );

    const bound = await loadProcessByAlias(handle.db, m.id, 'chat/release-1');
    assert.equal(bound?.version, 1);
    await handle.db
      .transaction()
      .execute((trx) =>
        updateProcessAlias(trx, {
          marketplaceId: m.id,
          name: 'chat',
          alias: 'release-1',
          version: 2,
          now: new Date(),
        }),
      );
    const moved = await loadProcessByAlias(handle.db, m.id, 'chat/release-1');
    assert.equal(moved?.version, 2);
    assert.ok(moved?.definition.states.includes('state/archived'));
    // A transaction bound to version 1 keeps loading version 1.
    const old = await loadProcessVersion(handle.db, m.id, 'chat', 1);
    assert.ok(old?.definition.states.includes('state/closed'));

    for (const ref of [
      'chat/release-2',
      'chat',
      'chat/release-1/x',
      '/release-1',
      'other/release-1',
    ]) {
      assert.equal(await loadProcessByAlias(handle.db, m.id, ref), undefined, ref);
    }
  });
});

describe('default processes', () => {
  test('install once with alias release-1; again installs nothing; operator changes are kept', async () => {
    const m = await newMarketplace();
    const now = new Date();
    const installed = await installDefaultProcesses(handle.db, { marketplaceSlug: m.slug, now });
    assert.deepEqual(installed, ['bazaar-booking', 'bazaar-inquiry', 'bazaar-purchase']);
    for (const name of installed) {
      const loaded = await loadProcessByAlias(handle.db, m.id, `${name}/release-1`);
      assert.equal(loaded?.version, 1, name);
      const files = readProcessDirectory(join(DEFAULT_PROCESSES_DIR, name));
      assert.deepEqual(
        Object.keys(loaded?.templates ?? {}).sort(),
        Object.keys(files.templates).sort(),
      );
    }
    assert.deepEqual(
      await installDefaultProcesses(handle.db, { marketplaceSlug: m.slug, now }),
      [],
    );

    // The operator pushes their own version 2 and moves the alias: a restart changes nothing.
    const booking = readProcessDirectory(join(DEFAULT_PROCESSES_DIR, 'bazaar-booking'));
    const custom = await pushProcess(handle.db, {
      marketplaceId: m.id,
      name: 'bazaar-booking',
      source: `${booking.source}\n;; customised`,
      templates: booking.templates,
    });
    assert.equal(custom.version, 2);
    await handle.db
      .transaction()
      .execute((trx) =>
        updateProcessAlias(trx, {
          marketplaceId: m.id,
          name: 'bazaar-booking',
          alias: 'release-1',
          version: 2,
          now,
        }),
      );
    assert.deepEqual(
      await installDefaultProcesses(handle.db, { marketplaceSlug: m.slug, now }),
      [],
    );
    const versions = await listProcessVersions(handle.db, {
      marketplaceId: m.id,
      name: 'bazaar-booking',
    });
    assert.deepEqual(
      versions.map((v) => [v.version, v.aliases]),
      [
        [2, ['release-1']],
        [1, []],
      ],
    );
  });

  test('a broken process in the defaults directory fails loudly and installs nothing of it', async () => {
    const m = await newMarketplace();
    const dir = mkdtempSync(join(tmpdir(), 'bazaar-defaults-'));
    try {
      cpSync(join(DEFAULT_PROCESSES_DIR, 'bazaar-inquiry'), join(dir, 'broken'), {
        recursive: true,
      });
      writeFileSync(join(dir, 'broken', 'process.edn'), '{:format :v3 :transitions []');
      await assert.rejects(
        installDefaultProcesses(handle.db, { marketplaceSlug: m.slug, now: new Date(), dir }),
        (e: unknown) => e instanceof DomainError && e.code === 'process-invalid',
      );
      assert.deepEqual(await listProcesses(handle.db, { marketplaceId: m.id }), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an unknown marketplace is not-found', async () => {
    await assert.rejects(
      installDefaultProcesses(handle.db, {
        marketplaceSlug: 'no-such-marketplace',
        now: new Date(),
      }),
      (e: unknown) => e instanceof DomainError && e.kind === 'not-found',
    );
  });
});
