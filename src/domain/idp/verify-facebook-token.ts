import { idpTokenInvalid, type IdpDeps, type IdpIdentity } from './idp.ts';

export interface FacebookVerification {
  idpId: string;
  appId: string;
  appSecret: string;
  accessToken: string;
}

/**
 * Verifies a Facebook user access token: debug_token must call it valid, issued to this app, not
 * expired, and /me must answer for the same user. Facebook's `/me` email is treated as verified:
 * the Graph API returns only the account's confirmed primary address and has no email_verified
 * field. Throws forbidden `idp-token-invalid`, or IdpUnavailableError when Facebook cannot answer.
 */
export async function verifyFacebookToken(deps: IdpDeps, v: FacebookVerification): Promise<IdpIdentity> {
  const info = await deps.facebook.inspectToken({ appId: v.appId, appSecret: v.appSecret, accessToken: v.accessToken });
  if (!info.isValid) throw idpTokenInvalid('Facebook reports the token invalid');
  if (info.appId !== v.appId) throw idpTokenInvalid('the token was issued to another Facebook app');
  if (info.expiresAt !== undefined && info.expiresAt.getTime() <= deps.clock.now().getTime()) throw idpTokenInvalid('expired');
  if (info.userId === undefined) throw idpTokenInvalid('not a user access token');
  const profile = await deps.facebook.fetchProfile({ accessToken: v.accessToken, appSecret: v.appSecret });
  if (!profile) throw idpTokenInvalid('Facebook refused the token');
  if (profile.id !== info.userId) throw idpTokenInvalid('the token owner does not match');
  const identity: IdpIdentity = { idpId: v.idpId, subject: profile.id, email: profile.email, emailVerified: profile.email !== undefined };
  if (profile.firstName !== undefined) identity.firstName = profile.firstName;
  if (profile.lastName !== undefined) identity.lastName = profile.lastName;
  if (profile.name !== undefined) identity.displayName = profile.name;
  return identity;
}
