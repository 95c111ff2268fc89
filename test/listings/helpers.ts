/** Shared setup of the listings tests: tokens, JSON requests through app.inject, images. */
import sharp from 'sharp';
import { grantToken, identityContextLoader } from '../../src/domain/identity/index.ts';
import { createLocalBlobStore, uploadImage, type Image } from '../../src/domain/images/index.ts';
import { findMarketplaceById, updateMarketplaceSettings } from '../../src/domain/marketplaces/index.ts';
import type { TestServer } from '../support/app.ts';
import type { TestMarketplace } from '../support/factories.ts';
import type { TestUser } from '../support/users.ts';

type TokenRequest = Parameters<typeof grantToken>[2];

async function token(server: TestServer, req: TokenRequest): Promise<string> {
  const ctx = await identityContextLoader({ db: server.handle.db, config: server.config, clock: server.clock })();
  const result = await server.handle.db.transaction().execute((trx) => grantToken(trx, ctx, req));
  if (!result.ok) throw result.error;
  return result.token.accessToken;
}

/** A `user` token for the test user. */
export const userToken = (server: TestServer, m: TestMarketplace, u: TestUser): Promise<string> =>
  token(server, { grantType: 'password', clientId: m.marketplaceApp.clientId, clientSecret: undefined, scope: 'user', username: u.email, password: u.password });

/** An anonymous token. */
export const anonToken = (server: TestServer, m: TestMarketplace): Promise<string> =>
  token(server, { grantType: 'client_credentials', clientId: m.marketplaceApp.clientId, clientSecret: undefined, scope: undefined });

/** An Integration API token. */
export const integToken = (server: TestServer, m: TestMarketplace): Promise<string> =>
  token(server, { grantType: 'client_credentials', clientId: m.integrationApp.clientId, clientSecret: m.integrationApp.clientSecret, scope: undefined });

export interface ApiResource {
  id: string;
  type: string;
  attributes?: Record<string, unknown>;
  relationships?: Record<string, { data: unknown }>;
}
export interface JsonResponse {
  status: number;
  body: Record<string, unknown> & {
    /** One resource or a list: typed as both so tests index either way without casts. */
    data?: ApiResource & ApiResource[];
    errors?: { code: string; status: number; title: string; source?: { path: (string | number)[] } }[];
    included?: { id: string; type: string; attributes?: Record<string, unknown>; relationships?: Record<string, { data: unknown }> }[];
    meta?: Record<string, unknown>;
  };
}

/** An API caller bound to a surface and a token. */
export function api(server: TestServer, surface: 'api' | 'integration_api', accessToken: string) {
  const call = async (method: 'GET' | 'POST', path: string, payload?: unknown): Promise<JsonResponse> => {
    const res = await server.app.inject({
      method,
      url: `/v1/${surface}/${path}`,
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json', ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}),
    });
    return { status: res.statusCode, body: res.json() };
  };
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body: unknown) => call('POST', path, body),
  };
}

/** Merges settings into the marketplace's settings. */
export async function setMarketplaceSettings(server: TestServer, m: TestMarketplace, settings: Record<string, unknown>): Promise<void> {
  const current = await findMarketplaceById(server.handle.db, m.marketplace.id);
  await updateMarketplaceSettings(server.handle.db, m.marketplace.id, { ...current?.settings, ...settings });
}

/** An uploaded image owned by `ownerUserId` (null: an Integration API upload). */
export async function createImage(server: TestServer, m: TestMarketplace, ownerUserId: string | null): Promise<Image> {
  const bytes = await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 200, g: 100, b: 50 } } }).png().toBuffer();
  return server.handle.db.transaction().execute((trx) =>
    uploadImage(trx, { blobs: createLocalBlobStore(server.config.blobDir) }, { marketplaceId: m.marketplace.id, applicationId: m.marketplaceApp.application.id, ownerUserId, bytes }),
  );
}
