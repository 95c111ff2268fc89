/**
 * The CLI's HTTP client for the Admin API. Every admin command goes through it, so the same CLI
 * manages a local or a remote deployment, and works while the server holds the database.
 */
import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { loadCliConfig, type CliConfig } from '../config.ts';
import { CliError } from './command.ts';

const TIMEOUT_MS = 60_000;

const causeOf = (err: unknown): string => {
  const cause: unknown = err instanceof Error ? err.cause : undefined;
  if (cause instanceof Error) return 'code' in cause && typeof cause.code === 'string' ? cause.code : cause.message;
  return err instanceof Error ? err.message : String(err);
};

const errorTitle = (body: unknown): string | undefined => {
  if (typeof body !== 'object' || body === null || !('errors' in body) || !Array.isArray(body.errors)) return undefined;
  const first: unknown = body.errors[0];
  if (typeof first !== 'object' || first === null) return undefined;
  const title = 'title' in first && typeof first.title === 'string' ? first.title : undefined;
  const code = 'code' in first && typeof first.code === 'string' ? first.code : undefined;
  if (title === undefined) return undefined;
  return code === undefined ? title : `${code}: ${title}`;
};

export class AdminClient {
  constructor(private readonly config: CliConfig) {}

  /** A client from BAZAAR_URL / BAZAAR_ADMIN_KEY; fails with a clear message when the key is missing. */
  static fromEnv(env: NodeJS.ProcessEnv | undefined): AdminClient {
    const config = loadCliConfig(env);
    if (config.adminKey === undefined) {
      throw new CliError(
        'BAZAAR_ADMIN_KEY is not set. Use the admin key printed when the server first started ' +
          '(or the BAZAAR_ADMIN_KEY it was started with).',
      );
    }
    return new AdminClient(config);
  }

  /** Sends a request and returns `data` of the response, checked against `schema`. */
  async request<S extends TSchema>(method: 'GET' | 'POST', path: string, schema: S, body?: unknown): Promise<Static<S>> {
    const url = `${this.config.url}/v1/admin${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${this.config.adminKey ?? ''}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      throw new CliError(
        `Cannot reach Bazaar at ${this.config.url} (${causeOf(err)}). Is the server running? Set BAZAAR_URL to its address.`,
      );
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const title = errorTitle(parsed) ?? (response.statusText || 'request failed');
      const hint = response.status === 401 ? ' Check BAZAAR_ADMIN_KEY.' : '';
      throw new CliError(`Bazaar answered ${response.status} ${title}${hint}`);
    }
    const data: unknown = typeof parsed === 'object' && parsed !== null && 'data' in parsed ? parsed.data : undefined;
    if (!Value.Check(schema, data)) {
      throw new CliError(`Unexpected response from ${url}: is BAZAAR_URL a Bazaar server of the same version?`);
    }
    return data;
  }
}
