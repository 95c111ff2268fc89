import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDb } from '../support/db.ts';
import { createTestMarketplace } from '../support/factories.ts';
import { DomainError } from '../../src/domain/errors.ts';
import {
  GOOGLE_ISSUER,
  GOOGLE_JWKS_URL,
  addIdentityProvider,
  listIdentityProviders,
  removeIdentityProvider,
  type AddIdentityProviderInput,
} from '../../src/domain/idp/index.ts';
import type { DbHandle } from '../../src/store/db.ts';

let handle: DbHandle;
before(async () => {
  handle = await openTestDb();
});
after(async () => handle.close());

const add = (input: AddIdentityProviderInput) => handle.db.transaction().execute((trx) => addIdentityProvider(trx, input));
const remove = (marketplaceId: string, idpId: string) => handle.db.transaction().execute((trx) => removeIdentityProvider(trx, { marketplaceId, idpId }));

const oidc = (marketplaceId: string, over: Partial<AddIdentityProviderInput> = {}): AddIdentityProviderInput => ({
  marketplaceId,
  idpId: 'acme-sso',
  type: 'oidc',
  issuer: 'https://login.acme.example',
  jwksUrl: 'https://login.acme.example/.well-known/jwks.json',
  clientIds: ['web'],
  ...over,
});

const rejectsWith = (promise: Promise<unknown>, code: string, kind: string, path?: string) =>
  assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof DomainError, `expected a DomainError, got ${String(e)}`);
    assert.equal(e.code, code);
    assert.equal(e.kind, kind);
    if (path !== undefined) assert.deepEqual(e.source, { type: 'body', path: [path] });
    return true;
  });

test('add, list and remove providers; google is a preset; client ids are trimmed and de-duplicated', async () => {
  const { marketplace } = await createTestMarketplace(handle.db);
  const m = marketplace.id;
  const acme = await add(oidc(m, { clientIds: [' web ', 'mobile', 'web'] }));
  assert.equal(acme.type, 'oidc');
  assert.deepEqual(acme.clientIds, ['web', 'mobile']);
  const google = await add({ marketplaceId: m, idpId: 'google', type: 'google', clientIds: ['123.apps.googleusercontent.com'] });
  assert.ok(google.type === 'google');
  assert.equal(google.issuer, GOOGLE_ISSUER);
  assert.equal(google.jwksUrl, GOOGLE_JWKS_URL);
  await add({ marketplaceId: m, idpId: 'facebook', type: 'facebook', clientIds: ['1234'], appSecret: 'app-secret' });

  const listed = await listIdentityProviders(handle.db, m);
  assert.deepEqual(listed.map((p) => p.idpId), ['acme-sso', 'facebook', 'google']);
  assert.ok(!JSON.stringify(listed).includes('app-secret'), 'the Facebook app secret never leaves the module');
  assert.deepEqual(await listIdentityProviders(handle.db, (await createTestMarketplace(handle.db)).marketplace.id), []);

  await remove(m, 'acme-sso');
  assert.deepEqual((await listIdentityProviders(handle.db, m)).map((p) => p.idpId), ['facebook', 'google']);
  await rejectsWith(remove(m, 'acme-sso'), 'idp-not-found', 'bad-request');
});

test('the same idp id twice: conflict idp-already-exists; another marketplace may reuse it', async () => {
  const a = (await createTestMarketplace(handle.db)).marketplace.id;
  const b = (await createTestMarketplace(handle.db)).marketplace.id;
  await add(oidc(a));
  await rejectsWith(add(oidc(a)), 'idp-already-exists', 'conflict');
  await add(oidc(b));
});

test('provider configuration is validated', async () => {
  const m = (await createTestMarketplace(handle.db)).marketplace.id;
  const cases: [Partial<AddIdentityProviderInput>, string, string][] = [
    [{ idpId: 'Acme_SSO' }, 'validation-invalid-value', 'idpId'],
    [{ idpId: '' }, 'validation-invalid-value', 'idpId'],
    [{ idpId: 'a'.repeat(65) }, 'validation-invalid-value', 'idpId'],
    [{ idpId: 'google' }, 'validation-invalid-value', 'idpId'],
    [{ idpId: 'facebook' }, 'validation-invalid-value', 'idpId'],
    [{ issuer: 'ftp://login.acme.example' }, 'validation-invalid-value', 'issuer'],
    [{ issuer: 'login.acme.example' }, 'validation-invalid-value', 'issuer'],
    [{ jwksUrl: 'javascript:alert(1)' }, 'validation-invalid-value', 'jwksUrl'],
    [{ jwksUrl: 'https://user:pw@login.acme.example/jwks' }, 'validation-invalid-value', 'jwksUrl'],
    [{ issuer: undefined }, 'validation-missing-key', 'issuer'],
    [{ jwksUrl: undefined }, 'validation-missing-key', 'jwksUrl'],
    [{ clientIds: [] }, 'validation-invalid-value', 'clientIds'],
    [{ clientIds: ['  '] }, 'validation-invalid-value', 'clientIds'],
    [{ clientIds: Array.from({ length: 21 }, (_, i) => `c${i}`) }, 'validation-invalid-value', 'clientIds'],
    [{ appSecret: 'x' }, 'validation-disallowed-key', 'appSecret'],
    [{ idpId: 'gmail', type: 'google', issuer: undefined, jwksUrl: undefined }, 'validation-invalid-value', 'idpId'],
    [{ idpId: 'google', type: 'google', jwksUrl: undefined }, 'validation-disallowed-key', 'issuer'],
    [{ idpId: 'google', type: 'google', issuer: undefined }, 'validation-disallowed-key', 'jwksUrl'],
    [{ idpId: 'facebook', type: 'facebook', issuer: undefined, jwksUrl: undefined }, 'validation-missing-key', 'appSecret'],
    [{ idpId: 'facebook', type: 'facebook', issuer: undefined, jwksUrl: undefined, appSecret: ' ' }, 'validation-missing-key', 'appSecret'],
    [{ idpId: 'facebook', type: 'facebook', issuer: undefined, jwksUrl: undefined, appSecret: 's', clientIds: ['1', '2'] }, 'validation-invalid-value', 'clientIds'],
  ];
  for (const [over, code, path] of cases) await rejectsWith(add(oidc(m, over)), code, 'bad-request', path);
  assert.deepEqual(await listIdentityProviders(handle.db, m), []);
  // http is accepted (local IdPs in development)
  await add(oidc(m, { idpId: 'local', issuer: 'http://127.0.0.1:8080', jwksUrl: 'http://127.0.0.1:8080/jwks' }));
});
