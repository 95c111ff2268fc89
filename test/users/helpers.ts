/** Shared setup of the users tests: a server with an in-memory mailer, tokens, JSON calls. */
import { createMemoryMailer, type OutgoingEmail } from '../../src/domain/email/index.ts';
import { grantToken, identityContextLoader } from '../../src/domain/identity/index.ts';
import { FakeClock } from '../../src/lib/clock.ts';
import { startTestServer, type TestServer } from '../support/app.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import { createTestUser, type TestUser } from '../support/users.ts';

export interface UsersWorld {
  server: TestServer;
  mailer: ReturnType<typeof createMemoryMailer>;
  clock: FakeClock;
}

export async function startUsersServer(): Promise<UsersWorld> {
  const mailer = createMemoryMailer();
  const clock = new FakeClock(new Date());
  const server = await startTestServer({ mailer, clock, listen: false });
  return { server, mailer, clock };
}

type TokenRequest = Parameters<typeof grantToken>[2];

async function token(server: TestServer, req: TokenRequest): Promise<{ accessToken: string }> {
  const ctx = await identityContextLoader({ db: server.handle.db, config: server.config, clock: server.clock })();
  const result = await server.handle.db.transaction().execute((trx) => grantToken(trx, ctx, req));
  if (!result.ok) throw result.error;
  return result.token;
}

export const userToken = async (server: TestServer, m: TestMarketplace, u: { email: string; password: string }): Promise<string> =>
  (await token(server, { grantType: 'password', clientId: m.marketplaceApp.clientId, clientSecret: undefined, scope: 'user', username: u.email, password: u.password })).accessToken;

export const trustedToken = async (server: TestServer, m: TestMarketplace, u: { email: string; password: string }): Promise<string> =>
  (
    await token(server, {
      grantType: 'token_exchange',
      clientId: m.marketplaceApp.clientId,
      clientSecret: m.marketplaceApp.clientSecret,
      subjectToken: await userToken(server, m, u),
      scope: 'trusted:user',
    })
  ).accessToken;

export const anonToken = async (server: TestServer, m: TestMarketplace): Promise<string> =>
  (await token(server, { grantType: 'client_credentials', clientId: m.marketplaceApp.clientId, clientSecret: undefined, scope: undefined })).accessToken;

export const integToken = async (server: TestServer, m: TestMarketplace): Promise<string> =>
  (await token(server, { grantType: 'client_credentials', clientId: m.integrationApp.clientId, clientSecret: m.integrationApp.clientSecret, scope: undefined })).accessToken;

export interface ApiResource {
  id: string;
  type: string;
  attributes?: Record<string, unknown> & { profile?: Record<string, unknown> };
  relationships?: Record<string, { data: unknown }>;
}
export interface JsonResponse {
  status: number;
  body: {
    data?: ApiResource & ApiResource[];
    errors?: { code: string; status: number; title: string; source?: { path: (string | number)[] } }[];
    included?: ApiResource[];
    meta?: Record<string, unknown>;
  };
}

/** An API caller bound to a surface and a token (no token: no Authorization header). */
export function api(server: TestServer, surface: 'api' | 'integration_api', accessToken?: string) {
  const call = async (method: 'GET' | 'POST', path: string, payload?: unknown): Promise<JsonResponse> => {
    const res = await server.app.inject({
      method,
      url: `/v1/${surface}/${path}`,
      headers: {
        accept: 'application/json',
        ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
        ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}),
    });
    return { status: res.statusCode, body: res.json() };
  };
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body: unknown = {}) => call('POST', path, body),
  };
}

/** The token in the last email to `to` (the `?t=` of its link). */
export function tokenFromMail(mails: OutgoingEmail[], to: string): string {
  const mail = [...mails].reverse().find((m) => m.to.toLowerCase() === to.toLowerCase());
  const match = mail && /[?&]t=([^&"\s]+)/.exec(mail.html);
  if (!match?.[1]) throw new Error(`no token mailed to ${to}`);
  return decodeURIComponent(match[1]);
}

export async function freshMarketplace(world: UsersWorld): Promise<TestMarketplace> {
  return createTestMarketplace(world.server.handle.db);
}

export async function freshUser(world: UsersWorld, m: TestMarketplace, overrides: Parameters<typeof createTestUser>[2] = {}): Promise<TestUser> {
  return createTestUser(world.server.handle.db, m.marketplace.id, overrides);
}

export const uniqueEmail = (prefix = 'u'): string => `${prefix}-${Math.random().toString(36).slice(2, 10)}@example.com`;
