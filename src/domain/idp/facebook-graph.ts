/**
 * Facebook login verification goes through the Graph API, so it sits behind this interface: the
 * use case takes any FacebookGraph, tests pass a fake, production passes the HTTP adapter below.
 *
 * NOT TESTED AGAINST FACEBOOK: no outside network is reachable where Bazaar is developed. The HTTP
 * adapter follows Facebook's documented API (debug_token with an app access token `appId|secret`,
 * then `/me?fields=id,email,first_name,last_name,name` with `appsecret_proof`); the test suite runs
 * it only against a local stand-in server, which checks our side of the exchange, not Facebook's.
 */
import { createHmac } from 'node:crypto';
import { IdpUnavailableError } from './idp.ts';

/** What debug_token says about a user access token. */
export interface FacebookTokenInfo {
  isValid: boolean;
  appId: string | undefined;
  userId: string | undefined;
  /** undefined: the token does not expire (`expires_at: 0`). */
  expiresAt: Date | undefined;
}

export interface FacebookProfile {
  id: string;
  email: string | undefined;
  firstName: string | undefined;
  lastName: string | undefined;
  name: string | undefined;
}

/** The two Graph API calls Facebook login needs. Implementations throw IdpUnavailableError when Facebook cannot answer. */
export interface FacebookGraph {
  /** Inspects a user access token with the app's credentials (GET /debug_token). */
  inspectToken(input: { appId: string; appSecret: string; accessToken: string }): Promise<FacebookTokenInfo>;
  /** The token owner's profile (GET /me); undefined when Facebook refuses the token. */
  fetchProfile(input: { accessToken: string; appSecret: string }): Promise<FacebookProfile | undefined>;
}

/** Graph API version the adapter speaks; versions are supported for about two years. */
export const FACEBOOK_GRAPH_URL = 'https://graph.facebook.com/v21.0';

export interface FacebookGraphHttpOptions {
  /** Graph API root, default FACEBOOK_GRAPH_URL (tests point it at a local server). */
  baseUrl?: string;
  /** Per-request timeout in milliseconds, default 5000. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const optionalText = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** Graph ids arrive as strings, but tolerate numbers. */
const idText = (value: unknown): string | undefined =>
  typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : optionalText(value);

/** Graph error code for an invalid or expired OAuth access token. */
const INVALID_OAUTH_TOKEN = 190;

/** The Graph API over HTTPS. Tokens travel in query parameters as Facebook documents; never log these URLs. */
export function createFacebookGraphHttp(options: FacebookGraphHttpOptions = {}): FacebookGraph {
  const baseUrl = (options.baseUrl ?? FACEBOOK_GRAPH_URL).replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 5000;
  const fetchImpl = options.fetch ?? fetch;

  const get = async (path: string, params: Record<string, string>): Promise<{ status: number; body: unknown }> => {
    const url = `${baseUrl}${path}?${new URLSearchParams(params).toString()}`;
    let response: Response;
    try {
      response = await fetchImpl(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
    } catch (e) {
      // No `cause`: fetch errors may quote the URL, and the URL holds tokens.
      const name = e instanceof Error ? e.name : 'unknown error';
      throw new IdpUnavailableError(`Facebook Graph API ${path} is unreachable (${name}).`);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new IdpUnavailableError(`Facebook Graph API ${path} answered ${response.status} without JSON.`);
    }
    return { status: response.status, body };
  };

  return {
    async inspectToken({ appId, appSecret, accessToken }) {
      const { status, body } = await get('/debug_token', { input_token: accessToken, access_token: `${appId}|${appSecret}` });
      const data = isRecord(body) ? body.data : undefined;
      // A bad *input* token still gets 200 with is_valid false; a non-200 means our app credentials are wrong.
      if (status !== 200 || !isRecord(data)) throw new IdpUnavailableError(`Facebook debug_token answered ${status}; check the app id and secret.`);
      const expiresAt = typeof data.expires_at === 'number' && data.expires_at > 0 ? new Date(data.expires_at * 1000) : undefined;
      return { isValid: data.is_valid === true, appId: idText(data.app_id), userId: idText(data.user_id), expiresAt };
    },

    async fetchProfile({ accessToken, appSecret }) {
      const proof = createHmac('sha256', appSecret).update(accessToken).digest('hex');
      const { status, body } = await get('/me', {
        fields: 'id,email,first_name,last_name,name',
        access_token: accessToken,
        appsecret_proof: proof,
      });
      if (status !== 200) {
        const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
        if (error?.code === INVALID_OAUTH_TOKEN) return undefined;
        throw new IdpUnavailableError(`Facebook /me answered ${status}.`);
      }
      const id = isRecord(body) ? idText(body.id) : undefined;
      if (!isRecord(body) || id === undefined) throw new IdpUnavailableError('Facebook /me answered without an id.');
      return {
        id,
        email: optionalText(body.email),
        firstName: optionalText(body.first_name),
        lastName: optionalText(body.last_name),
        name: optionalText(body.name),
      };
    },
  };
}
