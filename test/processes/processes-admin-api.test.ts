/**
 * Admin API transaction processes over HTTP: push (versions, no version for unchanged content),
 * list, versions, pull, aliases; every validation rule of the process checker rejected with
 * 400 process-invalid naming the problem and nothing stored; the three real fixture processes
 * pushed unchanged from ../shared/fixtures/processes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createAdminKey } from '../../src/domain/admin/index.ts';
import { readProcessDirectory } from '../../src/process-engine/registry/index.ts';
import { startTestServer, type TestServer } from '../support/app.ts';
import { createTestMarketplace } from '../support/factories.ts';

const FIXTURES = resolve(import.meta.dirname, '../../../shared/fixtures/processes');

let server: TestServer;
let adminKey: string;

before(async () => {
  server = await startTestServer();
  adminKey = (
    await server.handle.db.transaction().execute((trx) => createAdminKey(trx, { name: 'test' }))
  ).key;
});
after(async () => server.close());

interface Reply {
  status: number;
  body: { data?: unknown; errors?: { status: number; code: string; title: string }[] };
}

async function call(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  key: string | null = adminKey,
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (key !== null) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${server.baseUrl}/v1/admin${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? {} : (JSON.parse(text) as Reply['body']) };
}

const dataOf = <T>(r: Reply): T => {
  assert.ok(r.body.data !== undefined, `no data: ${JSON.stringify(r.body)}`);
  return r.body.data as T;
};
const errorOf = (r: Reply) => {
  const e = r.body.errors?.[0];
  assert.ok(e, `no error: ${JSON.stringify(r.body)}`);
  return e;
};

const newMarketplace = async () =>
  (await createTestMarketplace(server.handle.db, 'Processes API')).marketplace.slug;

const SOURCE = `{:format :v3
 :transitions [{:name :transition/inquire :actor :actor.role/customer :actions [{:name :action/update-protected-data}] :to :state/inquiry}]
 :notifications [{:name :notification/new-inquiry :on :transition/inquire :to :actor.role/provider :template :hello}]}`;
const TEMPLATES = {
  hello: {
    subject: 'New inquiry about {{transaction.listing.title}}',
    html: '<p>{{transaction.customer.display-name}} asked.</p>',
  },
};

interface Pushed {
  name: string;
  version: number;
  created: boolean;
  warnings: { path: string; message: string }[];
}
interface Summary {
  name: string;
  latestVersion: number;
  aliases: { name: string; alias: string; version: number }[];
}
interface VersionView {
  name: string;
  version: number;
  checksum: string;
  createdAt: string;
  aliases: string[];
}
interface Pulled {
  name: string;
  version: number;
  aliases: string[];
  definition: string;
  templates: Record<string, { subject?: string; html?: string; text?: string }>;
}

const push = (
  marketplace: string,
  process: string,
  definition = SOURCE,
  templates: unknown = TEMPLATES,
) => call('POST', '/processes/push', { marketplace, process, definition, templates });

describe('push, list, versions, pull', () => {
  test('push creates version 1 (201); the same content again creates nothing (200); a change creates version 2', async () => {
    const mp = await newMarketplace();
    const first = await push(mp, 'inquiry');
    assert.equal(first.status, 201);
    assert.deepEqual(dataOf<Pushed>(first), {
      name: 'inquiry',
      version: 1,
      created: true,
      warnings: [],
    });

    const again = await push(mp, 'inquiry');
    assert.equal(again.status, 200);
    assert.deepEqual(dataOf<Pushed>(again), {
      name: 'inquiry',
      version: 1,
      created: false,
      warnings: [],
    });

    const changed = await push(mp, 'inquiry', SOURCE, {
      hello: { ...TEMPLATES.hello, text: 'Plain text body' },
    });
    assert.equal(changed.status, 201);
    assert.equal(dataOf<Pushed>(changed).version, 2);

    const versions = dataOf<VersionView[]>(
      await call('GET', `/processes/versions?marketplace=${mp}&process=inquiry`),
    );
    assert.deepEqual(
      versions.map((v) => v.version),
      [2, 1],
    );
    assert.notEqual(versions[0]?.checksum, versions[1]?.checksum);
  });

  test('warnings (unused templates, unknown keys, deprecated actions) are returned, not fatal', async () => {
    const mp = await newMarketplace();
    const source = SOURCE.replace(':to :state/inquiry}', ':to :state/inquiry :colour :red}');
    const r = await push(mp, 'warned', source, {
      ...TEMPLATES,
      spare: { subject: 's', html: 'h' },
    });
    assert.equal(r.status, 201);
    const warnings = dataOf<Pushed>(r).warnings;
    assert.ok(
      warnings.some((w) => w.path === 'templates spare' && /not used/.test(w.message)),
      JSON.stringify(warnings),
    );
    assert.ok(
      warnings.some((w) => /:colour/.test(w.path) && /unknown key/.test(w.message)),
      JSON.stringify(warnings),
    );
  });

  test('list shows each process with its latest version and aliases', async () => {
    const mp = await newMarketplace();
    assert.deepEqual(dataOf<Summary[]>(await call('GET', `/processes?marketplace=${mp}`)), []);
    await push(mp, 'b-proc');
    await push(mp, 'a-proc');
    await push(mp, 'a-proc', `${SOURCE} `);
    assert.equal(
      (
        await call('POST', '/processes/aliases/create', {
          marketplace: mp,
          process: 'a-proc',
          version: 1,
          alias: 'release-1',
        })
      ).status,
      201,
    );
    const list = dataOf<Summary[]>(await call('GET', `/processes?marketplace=${mp}`));
    assert.deepEqual(
      list.map((p) => [
        p.name,
        p.latestVersion,
        p.aliases.map((a) => `${a.name}/${a.alias}→${a.version}`),
      ]),
      [
        ['a-proc', 2, ['a-proc/release-1→1']],
        ['b-proc', 1, []],
      ],
    );
  });

  test('pull by version and by alias returns the pushed files exactly', async () => {
    const mp = await newMarketplace();
    await push(mp, 'inquiry', SOURCE, { hello: { ...TEMPLATES.hello, text: 'Text' } });
    await push(mp, 'inquiry', `${SOURCE}\n`, TEMPLATES);
    await call('POST', '/processes/aliases/create', {
      marketplace: mp,
      process: 'inquiry',
      version: 1,
      alias: 'release-1',
    });

    const byVersion = dataOf<Pulled>(
      await call('GET', `/processes/pull?marketplace=${mp}&process=inquiry&version=2`),
    );
    assert.equal(byVersion.version, 2);
    assert.equal(byVersion.definition, `${SOURCE}\n`);
    assert.deepEqual(byVersion.templates, TEMPLATES);
    assert.deepEqual(byVersion.aliases, []);

    const byAlias = dataOf<Pulled>(
      await call('GET', `/processes/pull?marketplace=${mp}&process=inquiry&alias=release-1`),
    );
    assert.equal(byAlias.version, 1);
    assert.equal(byAlias.definition, SOURCE);
    assert.deepEqual(byAlias.templates, { hello: { ...TEMPLATES.hello, text: 'Text' } });
    assert.deepEqual(byAlias.aliases, ['release-1']);
  });

  test('pull needs exactly one of version and alias; unknown ones are 404', async () => {
    const mp = await newMarketplace();
    await push(mp, 'inquiry');
    const both = await call(
      'GET',
      `/processes/pull?marketplace=${mp}&process=inquiry&version=1&alias=x`,
    );
    assert.equal(both.status, 400);
    assert.equal(errorOf(both).code, 'validation-invalid-params');
    const neither = await call('GET', `/processes/pull?marketplace=${mp}&process=inquiry`);
    assert.equal(neither.status, 400);
    assert.equal(
      (await call('GET', `/processes/pull?marketplace=${mp}&process=inquiry&version=9`)).status,
      404,
    );
    assert.equal(
      (await call('GET', `/processes/pull?marketplace=${mp}&process=inquiry&alias=nope`)).status,
      404,
    );
    assert.equal(
      (await call('GET', `/processes/pull?marketplace=${mp}&process=nope&version=1`)).status,
      404,
    );
    const zero = await call('GET', `/processes/pull?marketplace=${mp}&process=inquiry&version=0`);
    assert.equal(zero.status, 400);
    assert.equal(errorOf(zero).code, 'validation-invalid-value');
  });

  test('versions of an unknown process and an unknown marketplace are 404', async () => {
    const mp = await newMarketplace();
    assert.equal(
      (await call('GET', `/processes/versions?marketplace=${mp}&process=nope`)).status,
      404,
    );
    const r = await push('no-such-marketplace', 'inquiry');
    assert.equal(r.status, 404);
    assert.match(errorOf(r).title, /No marketplace "no-such-marketplace"/);
    assert.equal((await call('GET', '/processes?marketplace=no-such-marketplace')).status, 404);
  });

  test('the admin key is required', async () => {
    const mp = await newMarketplace();
    assert.equal((await call('GET', `/processes?marketplace=${mp}`, undefined, null)).status, 401);
    const r = await call(
      'POST',
      '/processes/push',
      { marketplace: mp, process: 'x', definition: SOURCE, templates: TEMPLATES },
      'bzk_wrong-key-0123456789abcdef',
    );
    assert.equal(r.status, 401);
    assert.deepEqual(dataOf<Summary[]>(await call('GET', `/processes?marketplace=${mp}`)), []);
  });

  test('malformed bodies are 400 with the wire codes; bad names are validation-invalid-value', async () => {
    const mp = await newMarketplace();
    const extra = await call('POST', '/processes/push', {
      marketplace: mp,
      process: 'x',
      definition: SOURCE,
      templates: TEMPLATES,
      colour: 'red',
    });
    assert.equal(extra.status, 400);
    assert.equal(errorOf(extra).code, 'validation-disallowed-key');
    const missing = await call('POST', '/processes/push', { marketplace: mp, process: 'x' });
    assert.equal(missing.status, 400);
    assert.equal(errorOf(missing).code, 'validation-missing-key');
    for (const name of ['has/slash', 'white space', '-leading-dash']) {
      const bad = await push(mp, name);
      assert.equal(bad.status, 400, name);
      assert.equal(errorOf(bad).code, 'validation-invalid-value');
      assert.match(errorOf(bad).title, /Invalid process name/);
    }
    const badAlias = await call('POST', '/processes/aliases/create', {
      marketplace: mp,
      process: 'x',
      version: 1,
      alias: 'a/b',
    });
    assert.equal(badAlias.status, 400);
    assert.deepEqual(dataOf<Summary[]>(await call('GET', `/processes?marketplace=${mp}`)), []);
  });
});

describe('aliases', () => {
  test('create, refuse a duplicate, update, delete', async () => {
    const mp = await newMarketplace();
    await push(mp, 'p');
    await push(mp, 'p', `${SOURCE} `);
    const created = await call('POST', '/processes/aliases/create', {
      marketplace: mp,
      process: 'p',
      version: 1,
      alias: 'release-1',
    });
    assert.equal(created.status, 201);
    assert.deepEqual(
      (({ name, alias, version }) => ({ name, alias, version }))(
        dataOf<{ name: string; alias: string; version: number }>(created),
      ),
      { name: 'p', alias: 'release-1', version: 1 },
    );

    const dup = await call('POST', '/processes/aliases/create', {
      marketplace: mp,
      process: 'p',
      version: 2,
      alias: 'release-1',
    });
    assert.equal(dup.status, 409);
    assert.equal(errorOf(dup).code, 'process-alias-taken');

    const updated = await call('POST', '/processes/aliases/update', {
      marketplace: mp,
      process: 'p',
      version: 2,
      alias: 'release-1',
    });
    assert.equal(updated.status, 200);
    const versions = dataOf<VersionView[]>(
      await call('GET', `/processes/versions?marketplace=${mp}&process=p`),
    );
    assert.deepEqual(
      versions.map((v) => [v.version, v.aliases]),
      [
        [2, ['release-1']],
        [1, []],
      ],
    );

    const removed = await call('POST', '/processes/aliases/delete', {
      marketplace: mp,
      process: 'p',
      alias: 'release-1',
    });
    assert.equal(removed.status, 200);
    assert.equal(
      (
        await call('POST', '/processes/aliases/delete', {
          marketplace: mp,
          process: 'p',
          alias: 'release-1',
        })
      ).status,
      404,
    );
  });

  test('aliases need an existing version; update needs an existing alias', async () => {
    const mp = await newMarketplace();
    await push(mp, 'p');
    const noVersion = await call('POST', '/processes/aliases/create', {
      marketplace: mp,
      process: 'p',
      version: 3,
      alias: 'r',
    });
    assert.equal(noVersion.status, 404);
    assert.match(errorOf(noVersion).title, /No version 3 of process p/);
    const noProcess = await call('POST', '/processes/aliases/create', {
      marketplace: mp,
      process: 'q',
      version: 1,
      alias: 'r',
    });
    assert.equal(noProcess.status, 404);
    const noAlias = await call('POST', '/processes/aliases/update', {
      marketplace: mp,
      process: 'p',
      version: 1,
      alias: 'r',
    });
    assert.equal(noAlias.status, 404);
    assert.match(errorOf(noAlias).title, /No alias p\/r/);
    const summary = dataOf<Summary[]>(await call('GET', `/processes?marketplace=${mp}`));
    assert.deepEqual(summary[0]?.aliases, []);
  });
});

/** A process around extra transitions/notifications, with one valid initial transition first. */
const proc = (transitions: string, notifications = '') => `{:format :v3
 :transitions [{:name :transition/start :actor :actor.role/customer :to :state/started}
               ${transitions}]
 :notifications [${notifications}]}`;
const tr = (fields: string) =>
  `{:name :transition/t :actor :actor.role/provider :from :state/started :to :state/done ${fields}}`;
const fromStarted = (fields: string) => `{:from :state/started ${fields}}`;
const note = (fields: string) =>
  `{:name :notification/n :on :transition/start :to :actor.role/provider :template :hello ${fields}}`;

interface InvalidCase {
  rule: string;
  source: string;
  templates?: unknown;
  /** The problem line of the error title: `<path>: <message>`. */
  problem: RegExp;
}

// One case per validation rule of the checker (src/process-engine/definition) and of push itself.
const INVALID: InvalidCase[] = [
  {
    rule: 'EDN syntax',
    source: '{:format :v3',
    problem: /^ {2}\.: .*(unbalanced|unterminated|EOF|end)/im,
  },
  {
    rule: 'one EDN value',
    source: '{:format :v3} {:x 1}',
    problem: /^ {2}\.: .*exactly one EDN value/m,
  },
  {
    rule: 'top level is a map',
    source: '[:format :v3]',
    problem: /^ {2}\.: process\.edn must be a map/m,
  },
  {
    rule: 'format is :v3',
    source: proc('').replace(':v3', ':v2'),
    problem: /^ {2}:format: unknown format :v2/m,
  },
  {
    rule: 'format is required',
    source: proc('').replace(':format :v3', ''),
    problem: /^ {2}:format: missing :format/m,
  },
  {
    rule: 'transitions are required',
    source: '{:format :v3}',
    problem: /^ {2}:transitions: missing :transitions/m,
  },
  {
    rule: 'transitions is a vector',
    source: '{:format :v3 :transitions {}}',
    problem: /^ {2}:transitions: must be a vector/m,
  },
  {
    rule: 'a transition is a map',
    source: proc(':oops'),
    problem: /^ {2}transitions\[1\]: a transition must be a map/m,
  },
  {
    rule: 'transition name is required',
    source: proc(fromStarted(':actor :actor.role/provider :to :state/done')),
    problem: /^ {2}transitions\[1\]: missing :name/m,
  },
  {
    rule: 'transition :to is required',
    source: proc('{:name :transition/t :actor :actor.role/provider :from :state/started}'),
    problem: /^ {2}transitions\[1\] transition\/t: missing :to/m,
  },
  {
    rule: 'exactly one of :actor/:at (neither)',
    source: proc('{:name :transition/t :from :state/started :to :state/done}'),
    problem: /transition\/t: you must specify exactly one of :actor or :at \(neither is given\)/,
  },
  {
    rule: 'exactly one of :actor/:at (both)',
    source: proc(tr(':at {:fn/timepoint [:time/tx-initiated]}')),
    problem: /transition\/t: you must specify exactly one of :actor or :at \(both are given\)/,
  },
  {
    rule: 'names are keywords',
    source: proc(
      '{:name :transition/t :actor :actor.role/provider :from :state/started :to "state/done"}',
    ),
    problem: /transition\/t :to: must be a keyword, got "state\/done"/,
  },
  {
    rule: 'known actor role',
    source: proc(tr('').replace(':actor.role/provider', ':actor.role/admin')),
    problem: /transition\/t :actor: unknown actor role :actor\.role\/admin/,
  },
  {
    rule: 'time expression grammar',
    source: proc(
      '{:name :transition/t :at {:fn/plus [{:fn/timepoint [:time/tx-initiated]}]} :from :state/started :to :state/done}',
    ),
    problem: /transition\/t :at.*: bad time expression/,
  },
  {
    rule: 'no :fn/max',
    source: proc(
      '{:name :transition/t :at {:fn/max [{:fn/timepoint [:time/tx-initiated]}]} :from :state/started :to :state/done}',
    ),
    problem: /transition\/t :at.*: bad time expression/,
  },
  ...(
    [
      [
        'a time expression is a one-key map',
        '[:time/tx-initiated]',
        /a time expression must be a map/,
      ],
      [
        'known time functions',
        '{:fn/later [{:fn/timepoint [:time/tx-initiated]}]}',
        /unknown time function :fn\/later/,
      ],
      [':fn/min needs an expression', '{:fn/min []}', /:fn\/min needs at least one expression/],
      [
        ':fn/ignore-if-past takes one expression',
        '{:fn/ignore-if-past [{:fn/timepoint [:time/tx-initiated]} {:fn/timepoint [:time/booking-end]}]}',
        /:fn\/ignore-if-past takes exactly one expression/,
      ],
      [
        ':fn/period only inside plus/minus',
        '{:fn/period ["P1D"]}',
        /:fn\/period is only valid as a later argument/,
      ],
      [
        'periods are ISO-8601 durations',
        '{:fn/plus [{:fn/timepoint [:time/tx-initiated]} {:fn/period ["one day"]}]}',
        /"one day" is not an ISO-8601 duration/,
      ],
      ['known timepoints', '{:fn/timepoint [:time/tomorrow]}', /unknown timepoint :time\/tomorrow/],
      [
        'timepoint arguments',
        '{:fn/timepoint [:time/first-entered-state]}',
        /:time\/first-entered-state takes exactly one state keyword/,
      ],
    ] as const
  ).map(([rule, at, problem]) => ({
    rule: `time expressions: ${rule}`,
    source: proc(`{:name :transition/t :at ${at} :from :state/started :to :state/done}`),
    problem: new RegExp(`transition\\/t :at.*: bad time expression: .*${problem.source}`),
  })),
  {
    rule: ':privileged? is a boolean',
    source: proc(tr(':privileged? "yes"')),
    problem: /transition\/t :privileged\?: must be true or false/,
  },
  {
    rule: 'privileged actions need a privileged or operator transition',
    source: proc(tr(':actions [{:name :action/privileged-set-line-items}]')),
    problem: /transition\/t: action :action\/privileged-set-line-items is privileged/,
  },
  {
    rule: ':state/initial is reserved',
    source: proc(tr('').replace(':to :state/done', ':to :state/initial')),
    problem: /transition\/t :to: :state\/initial is reserved/,
  },
  {
    rule: 'an initial transition cannot be delayed',
    source: proc(
      '{:name :transition/auto :at {:fn/timepoint [:time/tx-initiated]} :to :state/done}',
    ),
    problem: /transition\/auto: an initial transition \(no :from\) cannot be delayed/,
  },
  {
    rule: 'an operator cannot initiate',
    source: proc('{:name :transition/op :actor :actor.role/operator :to :state/done}'),
    problem:
      /transition\/op: an initial transition \(no :from\) must have actor customer or provider/,
  },
  {
    rule: ':actions is a vector',
    source: proc(tr(':actions {:name :action/accept-booking}')),
    problem: /transition\/t :actions: must be a vector of action maps/,
  },
  {
    rule: 'an action is a map',
    source: proc(tr(':actions [:action/accept-booking]')),
    problem: /transition\/t :actions\[0\]: an action must be a map/,
  },
  {
    rule: 'an action has a name',
    source: proc(tr(':actions [{:config {}}]')),
    problem: /transition\/t :actions\[0\]: missing :name/,
  },
  {
    rule: 'known action',
    source: proc(tr(':actions [{:name :action/launch-rocket}]')),
    problem: /transition\/t :actions\[0\]: unknown action :action\/launch-rocket/,
  },
  {
    rule: 'implicit initializers are not written',
    source: proc(tr(':actions [{:name :action.initializer/init-listing-tx}]')),
    problem: /transition\/t :actions\[0\]: :action\.initializer\/init-listing-tx runs implicitly/,
  },
  {
    rule: 'action config values',
    source: proc(tr(':actions [{:name :action/create-pending-booking :config {:type :hour}}]')),
    problem: /transition\/t :actions\[0\] :config :type: must be one of :day, :time, got :hour/,
  },
  {
    rule: 'required action config',
    source: proc(tr(':actions [{:name :action/calculate-tx-customer-fixed-commission}]')),
    problem:
      /transition\/t :actions\[0\] :config: :action\/calculate-tx-customer-fixed-commission needs :config with :commission/,
  },
  {
    rule: 'action config is a map',
    source: proc(tr(':actions [{:name :action/create-pending-booking :config [:type :time]}]')),
    problem: /:config: :config must be a map/,
  },
  {
    rule: 'unique transition names',
    source: proc(`${tr('')} ${tr('').replace(':state/done', ':state/other')}`),
    problem: /transitions\[2\] transition\/t: duplicate transition name :transition\/t/,
  },
  {
    rule: 'unique notification names',
    source: proc('', `${note('')} ${note('')}`),
    problem: /notifications\[1\] notification\/n: duplicate notification name :notification\/n/,
  },
  {
    rule: 'every state reachable',
    source: proc(
      '{:name :transition/t :actor :actor.role/provider :from :state/orphan :to :state/done}',
    ),
    problem:
      /states state\/orphan: state :state\/orphan is not reachable from any initial transition/,
  },
  {
    rule: 'time expressions name existing states',
    source: proc(
      '{:name :transition/t :at {:fn/timepoint [:time/first-entered-state :state/nowhere]} :from :state/started :to :state/done}',
    ),
    problem: /transition\/t :at: time expression refers to unknown state :state\/nowhere/,
  },
  {
    rule: 'time expressions name existing transitions',
    source: proc(
      '{:name :transition/t :at {:fn/timepoint [:time/first-transitioned :transition/never]} :from :state/started :to :state/done}',
    ),
    problem: /transition\/t :at: time expression refers to unknown transition :transition\/never/,
  },
  {
    rule: 'notifications is a vector',
    source:
      '{:format :v3 :transitions [{:name :transition/s :actor :actor.role/customer :to :state/s}] :notifications {}}',
    problem: /:notifications: must be a vector/,
  },
  {
    rule: 'a notification is a map',
    source: proc('', '"hello"'),
    problem: /notifications\[0\]: a notification must be a map/,
  },
  {
    rule: 'notification keys are required',
    source: proc('', '{:name :notification/n :on :transition/start :to :actor.role/provider}'),
    problem: /notifications\[0\] notification\/n: missing :template/,
  },
  {
    rule: 'notification recipients are customer or provider',
    source: proc('', note('').replace(':to :actor.role/provider', ':to :actor.role/operator')),
    problem: /notification\/n :to: unknown recipient role :actor\.role\/operator/,
  },
  {
    rule: 'notification template is an unqualified keyword',
    source: proc('', note('').replace(':template :hello', ':template :templates/hello')),
    problem: /notification\/n :template: must be an unqualified keyword/,
  },
  {
    rule: 'notification on an existing transition',
    source: proc('', note('').replace(':on :transition/start', ':on :transition/nope')),
    problem: /notification\/n :on: notification on unknown transition :transition\/nope/,
  },
  {
    rule: 'notification at: time expression grammar and references',
    source: proc('', note(':at {:fn/timepoint [:time/first-entered-state :state/nowhere]}')),
    problem: /notification\/n :at: time expression refers to unknown state :state\/nowhere/,
  },
  {
    rule: 'notification templates exist',
    source: proc('', note('').replace(':template :hello', ':template :missing')),
    problem: /notification\/n :template: missing template :missing/,
  },
  {
    rule: 'no duplicate keys',
    source: proc(tr(':to :state/again')),
    problem: /transitions\[1\] transition\/t: duplicate key :to/,
  },
  {
    rule: 'keys are keywords',
    source: proc(tr('"actions" []')),
    problem: /transitions\[1\] transition\/t: keys must be keywords/,
  },
  // Push rules: templates complete and parseable.
  {
    rule: 'a template has a subject',
    source: proc(''),
    templates: { hello: { html: '<p>x</p>' } },
    problem: /templates\/hello: missing hello-subject\.txt/,
  },
  {
    rule: 'a template has an HTML body',
    source: proc(''),
    templates: { hello: { subject: 'x' } },
    problem: /templates\/hello: missing hello-html\.html/,
  },
  {
    rule: 'templates are valid Handlebars',
    source: proc(''),
    templates: { hello: { subject: 'x', html: '<p>{{#with transaction}}{{listing.title}}</p>' } },
    problem:
      /templates\/hello\/hello-html\.html: invalid Handlebars template: Parse error on line 1/,
  },
  {
    rule: 'text bodies are valid Handlebars too',
    source: proc(''),
    templates: { hello: { subject: 'x', html: 'y', text: '{{#if}}' } },
    problem: /templates\/hello\/hello-text\.txt: invalid Handlebars template/,
  },
  {
    rule: 'template directory names',
    source: proc(''),
    templates: { 'bad name': { subject: 'x', html: 'y' } },
    problem: /templates\/bad name: template directory names use letters/,
  },
];

describe('invalid processes: 400 process-invalid naming the problem, nothing stored', () => {
  let mp: string;
  before(async () => {
    mp = await newMarketplace();
  });

  INVALID.forEach((c, i) => {
    test(`rule: ${c.rule}`, async () => {
      const name = `bad-${i}`;
      const r = await push(mp, name, c.source, c.templates ?? { hello: TEMPLATES.hello });
      assert.equal(r.status, 400, JSON.stringify(r.body));
      const e = errorOf(r);
      assert.equal(e.code, 'process-invalid');
      assert.match(
        e.title,
        new RegExp(`^Process ${name} is invalid \\(\\d+ problems?\\); nothing was stored:`),
      );
      assert.match(e.title, c.problem, e.title);
      assert.equal(
        (await call('GET', `/processes/versions?marketplace=${mp}&process=${name}`)).status,
        404,
      );
    });
  });

  test('a valid process with the same template is accepted (the cases above fail for their rule only)', async () => {
    const r = await push(mp, 'control', proc(tr(''), note('')), { hello: TEMPLATES.hello });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  });

  test('all problems are listed at once', async () => {
    const r = await push(
      mp,
      'many',
      proc(
        `${tr(':actions [{:name :action/nope}]')} {:name :transition/u :actor :actor.role/admin :from :state/started :to :state/x}`,
      ),
      {},
    );
    const title = errorOf(r).title;
    assert.match(title, /\(\d+ problems\)/);
    assert.match(title, /unknown action :action\/nope/);
    assert.match(title, /unknown actor role :actor\.role\/admin/);
  });
});

describe('the fixture processes (real processes by marketplace builders)', () => {
  const names = readdirSync(FIXTURES).sort();

  test('are the three expected ones', () => {
    assert.deepEqual(names, ['default-booking', 'default-inquiry', 'default-purchase']);
  });

  for (const name of names) {
    test(`${name} pushes unchanged from its directory and pulls back byte for byte`, async () => {
      const mp = await newMarketplace();
      const files = readProcessDirectory(join(FIXTURES, name));
      const r = await push(mp, name, files.source, files.templates);
      assert.equal(r.status, 201, JSON.stringify(r.body).slice(0, 2000));
      assert.deepEqual(dataOf<Pushed>(r).warnings, []);
      const pulled = dataOf<Pulled>(
        await call('GET', `/processes/pull?marketplace=${mp}&process=${name}&version=1`),
      );
      assert.equal(pulled.definition, files.source);
      assert.deepEqual(pulled.templates, files.templates);
      assert.equal(
        dataOf<Pushed>(await push(mp, name, files.source, files.templates)).created,
        false,
      );
    });
  }
});
