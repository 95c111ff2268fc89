/**
 * Helpers for the Auth API tests: form posts against a listening server, and a probe — a
 * test-only Fastify app whose routes sit behind the real authenticate hook — to see what a token
 * resolves to (the API surfaces' routes are built elsewhere).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { authenticate, type AuthenticateDeps, principalOf, requireTrustedUser, requireUser } from '../../src/http/plugins/authenticate.ts';
import { apiErrorHandler } from '../../src/http/wire/index.ts';

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : {};

/** POSTs a form-urlencoded body, as the SDKs do. */
export async function postForm(
  baseUrl: string,
  path: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<JsonResponse> {
  const res = await fetch(`${baseUrl}/v1/auth/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers },
    body: new URLSearchParams(form),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: asRecord(text === '' ? {} : JSON.parse(text)) };
}

export const tokenRequest = (baseUrl: string, form: Record<string, string>): Promise<JsonResponse> => postForm(baseUrl, 'token', form);

/** The JSON body of a fetch response as a record. */
export const jsonOf = async (res: Response): Promise<Record<string, unknown>> => asRecord(await res.json());

/** A string field of a response body (fails loudly when absent). */
export function field(res: JsonResponse, name: string): string {
  const value = res.body[name];
  if (typeof value !== 'string') throw new Error(`response ${res.status} has no string ${name}: ${JSON.stringify(res.body)}`);
  return value;
}

export interface Probe {
  app: FastifyInstance;
  /** GET a probe route with a bearer token (or a raw Authorization header). */
  call(
    route: 'marketplace/whoami' | 'marketplace/me' | 'marketplace/trusted' | 'integration/whoami',
    auth: { token: string } | { header: string } | null,
  ): Promise<{ status: number; body: Record<string, unknown>; code: unknown }>;
}

/** Builds the probe app on the same database, config and clock as the server under test. */
export async function buildProbe(deps: AuthenticateDeps): Promise<Probe> {
  const app = Fastify({ logger: false });
  await app.register(
    async (scope) => {
      scope.setErrorHandler(apiErrorHandler);
      scope.addHook('onRequest', authenticate(deps, 'marketplace'));
      scope.get('/whoami', async (request) => ({ principal: principalOf(request) }));
      scope.get('/me', async (request) => ({ principal: requireUser(request) }));
      scope.get('/trusted', async (request) => ({ principal: requireTrustedUser(request) }));
    },
    { prefix: '/marketplace' },
  );
  await app.register(
    async (scope) => {
      scope.setErrorHandler(apiErrorHandler);
      scope.addHook('onRequest', authenticate(deps, 'integration'));
      scope.get('/whoami', async (request) => ({ principal: principalOf(request) }));
    },
    { prefix: '/integration' },
  );
  await app.ready();
  return {
    app,
    async call(route, auth) {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (auth && 'token' in auth) headers.authorization = `Bearer ${auth.token}`;
      if (auth && 'header' in auth) headers.authorization = auth.header;
      const res = await app.inject({ method: 'GET', url: `/${route}`, headers });
      const body = asRecord(res.json());
      const errors = body.errors;
      const code = Array.isArray(errors) ? asRecord(errors[0]).code : undefined;
      return { status: res.statusCode, body, code };
    },
  };
}

/** The principal a probe response carries. */
export const principalIn = (body: Record<string, unknown>): Record<string, unknown> => asRecord(body.principal);
