import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenSigner } from './token-signer.ts';

const SECRET = Buffer.alloc(32, 7).toString('base64url');
const claims = { marketplaceId: 'mp', applicationId: 'app', clientId: 'cid', scope: 'public-read' as const, familyId: undefined, userId: undefined, loginAs: false };

test('a remembered token expires at the same instant as a freshly verified one (jose: exp <= now)', async () => {
  const issuedAt = new Date('2026-01-01T00:00:00.000Z');
  const token = await new TokenSigner(SECRET).sign(claims, issuedAt, 60);
  const remembering = new TokenSigner(SECRET);
  const at = (ms: number) => new Date(issuedAt.getTime() + ms);
  assert.ok(await remembering.verify(token, at(0)));
  for (const ms of [1_000, 59_999, 60_000, 61_000, 59_000]) {
    const fresh = await new TokenSigner(SECRET).verify(token, at(ms));
    const cached = await remembering.verify(token, at(ms));
    assert.deepEqual(cached, fresh, `at +${ms} ms`);
  }
  assert.equal(await remembering.verify(token, at(60_000)), undefined);
});

test('a token signed with another key is never accepted, before or after a good one', async () => {
  const now = new Date('2026-01-01T00:00:00.000Z');
  const good = await new TokenSigner(SECRET).sign(claims, now, 60);
  const forged = await new TokenSigner(Buffer.alloc(32, 9).toString('base64url')).sign(claims, now, 60);
  const signer = new TokenSigner(SECRET);
  assert.equal(await signer.verify(forged, now), undefined);
  assert.ok(await signer.verify(good, now));
  assert.equal(await signer.verify(forged, now), undefined);
});
