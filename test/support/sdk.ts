/**
 * The real SDK packages, loaded from npm (they ship CommonJS without types), behind the small typed
 * surface the contract tests use. Tests call them exactly as a front end or integration script would.
 */
import { createRequire } from 'node:module';

export interface SdkResponse<T = SdkDocument> {
  status: number;
  data: T;
}
export interface SdkResource {
  id: { uuid: string };
  type: string;
  attributes: Record<string, unknown>;
  relationships?: Record<string, unknown>;
}
export interface SdkDocument {
  data: SdkResource | SdkResource[];
  included?: SdkResource[];
  meta?: Record<string, unknown>;
}
export interface SdkError extends Error {
  status?: number;
  data?: { errors?: { code: string; status: number; title: string }[] };
}
export interface TokenStore {
  getToken(): unknown;
  setToken(token: unknown): void;
  removeToken(): void;
}
export interface AuthInfo {
  scopes?: string[];
  isAnonymous?: boolean;
  grantType?: string;
  isLoggedInAs?: boolean;
}
type Call = (params?: Record<string, unknown>, queryParams?: Record<string, unknown>) => Promise<SdkResponse>;
/** Endpoint groups (`sdk.currentUser.show`, …) are dynamic: index them by name. */
export type EndpointGroup = Record<string, Call>;

export interface MarketplaceSdk {
  [group: string]: unknown;
  login(p: { username: string; password: string }): Promise<SdkResponse<unknown>>;
  loginAs(p: { code: string; redirect_uri: string; code_verifier: string }): Promise<SdkResponse<unknown>>;
  loginWithIdp(p: { idpId: string; idpClientId: string; idpToken: string }): Promise<SdkResponse<unknown>>;
  logout(): Promise<SdkResponse<unknown>>;
  authInfo(): Promise<AuthInfo>;
  exchangeToken(): Promise<SdkResponse<{ access_token: string; scope: string; refresh_token?: string; token_type: string }>>;
}
export interface IntegrationSdk {
  [group: string]: unknown;
  authInfo(): Promise<AuthInfo>;
}

interface SdkModule {
  createInstance(config: Record<string, unknown>): MarketplaceSdk;
  tokenStore: { memoryStore(): TokenStore };
  types: {
    UUID: new (uuid: string) => { uuid: string };
    Money: new (amount: number, currency: string) => { amount: number; currency: string };
    BigDecimal: new (value: string) => { value: string };
  };
  util: { objectQueryString(o: Record<string, unknown>): string };
}
interface IntegrationSdkModule {
  createInstance(config: Record<string, unknown>): IntegrationSdk;
  tokenStore: { memoryStore(): TokenStore };
  types: { UUID: new (uuid: string) => { uuid: string } };
}

const requireCjs = createRequire(import.meta.url);
export const sharetribeSdk: SdkModule = requireCjs('sharetribe-flex-sdk');
export const integrationSdkModule: IntegrationSdkModule = requireCjs('sharetribe-flex-integration-sdk');

/** A Marketplace SDK instance pointed at a test server, with an in-memory token store. */
export function marketplaceSdk(baseUrl: string, clientId: string, opts: { clientSecret?: string; tokenStore?: TokenStore } = {}): MarketplaceSdk {
  return sharetribeSdk.createInstance({
    clientId,
    ...(opts.clientSecret ? { clientSecret: opts.clientSecret } : {}),
    baseUrl,
    assetCdnBaseUrl: baseUrl,
    tokenStore: opts.tokenStore ?? sharetribeSdk.tokenStore.memoryStore(),
  });
}

/**
 * A Marketplace SDK logged in as the user (password grant); `trusted` exchanges the token with the
 * client secret for a trusted one (privileged transitions) and returns an SDK holding that token.
 */
export async function loggedInSdk(
  baseUrl: string,
  app: { clientId: string; clientSecret: string },
  user: { email: string; password: string },
  opts: { trusted?: boolean } = {},
): Promise<MarketplaceSdk> {
  const sdk = marketplaceSdk(baseUrl, app.clientId, { clientSecret: app.clientSecret });
  await sdk.login({ username: user.email, password: user.password });
  if (!opts.trusted) return sdk;
  const exchanged = await sdk.exchangeToken();
  const store = sharetribeSdk.tokenStore.memoryStore();
  store.setToken(exchanged.data);
  return marketplaceSdk(baseUrl, app.clientId, { tokenStore: store });
}

/** An Integration SDK instance pointed at a test server. */
export function integrationSdk(baseUrl: string, clientId: string, clientSecret: string, tokenStore?: TokenStore): IntegrationSdk {
  return integrationSdkModule.createInstance({
    clientId,
    clientSecret,
    baseUrl,
    tokenStore: tokenStore ?? integrationSdkModule.tokenStore.memoryStore(),
  });
}

/** `sdk.<group>` as a typed endpoint group. */
export function group(sdk: MarketplaceSdk | IntegrationSdk, name: string): EndpointGroup {
  const g = sdk[name];
  if (typeof g !== 'object' || g === null) throw new Error(`the SDK has no endpoint group ${name}`);
  const out: EndpointGroup = {};
  for (const [k, v] of Object.entries(g)) if (typeof v === 'function') out[k] = (p, q) => v.call(g, p, q);
  return out;
}
