import { signUpUser, updateUserPermissions, type UserActor, type UserChange, type UserPermissions } from '../users/index.ts';
import { findUserIdByIdentity, linkIdentity, verifyIdpToken, type IdpDeps } from '../idp/index.ts';
import { badRequest, conflict } from '../errors.ts';
import type { Trx } from '../../store/db.ts';
import { initialAccessOf } from './initial-access.ts';

export interface CreateUserWithIdpInput {
  marketplaceId: string;
  idpId: string;
  idpClientId: string;
  /** Never logged. */
  idpToken: string;
  /** Default: the IdP token's email. */
  email?: string | undefined;
  /** Default: the IdP's given name. */
  firstName?: string | undefined;
  /** Default: the IdP's family name. */
  lastName?: string | undefined;
  displayName?: string | undefined;
  bio?: string | null | undefined;
  publicData?: Record<string, unknown> | undefined;
  protectedData?: Record<string, unknown> | undefined;
  privateData?: Record<string, unknown> | undefined;
  actor: UserActor;
  now: Date;
}

const missing = (key: string, why: string) => badRequest('validation-missing-key', `${key} is required: ${why}.`, { type: 'body', path: [key] });

const sameAddress = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

const allAllowed = (p: UserPermissions): boolean => Object.values(p).every((v) => v === 'permission/allow');

/**
 * `current_user/create_with_idp` (catalogue §2.5, §3.2 M5): verifies the IdP token, creates the
 * user in the marketplace's initial state and permissions, and links the IdP account; the email is
 * verified when the IdP vouches for it and it is the address used. Does not log in. Returns the
 * user and the verification email to send (unverified addresses). Throws bad-request
 * (`idp-not-found`, missing email/names, invalid profile), forbidden `idp-token-invalid`, conflict
 * `idp-identity-taken` / `email-taken`; IdpUnavailableError when the IdP cannot be reached.
 */
export async function createUserWithIdp(trx: Trx, deps: IdpDeps, input: CreateUserWithIdpInput): Promise<UserChange> {
  const { marketplaceId, idpId, idpClientId, idpToken, email, firstName, lastName, actor, now, ...profile } = input;
  const identity = await verifyIdpToken(trx, deps, { marketplaceId, idpId, idpClientId, idpToken });
  if (await findUserIdByIdentity(trx, { marketplaceId, idpId: identity.idpId, subject: identity.subject })) {
    throw conflict('idp-identity-taken', 'This IdP account is already linked to a user; log in with auth_with_idp instead.');
  }
  const address = email ?? identity.email;
  if (address === undefined) throw missing('email', 'the IdP token carries no email address');
  const first = firstName ?? identity.firstName;
  const last = lastName ?? identity.lastName;
  if (first === undefined) throw missing('firstName', 'the IdP token carries no given name');
  if (last === undefined) throw missing('lastName', 'the IdP token carries no family name');
  const emailVerified = identity.emailVerified && identity.email !== undefined && sameAddress(address, identity.email);
  const access = await initialAccessOf(trx, marketplaceId);
  const change = await signUpUser(trx, {
    ...profile,
    marketplaceId,
    email: address,
    firstName: first,
    lastName: last,
    emailVerified,
    state: access.state,
    actor,
    now,
  });
  // SEAM: createUser/signUpUser take no initial permissions yet; until they do, set them right
  // after creation (one more user/updated event, only in marketplaces that restrict posting or
  // transactions). Pass `permissions: access.permissions` to signUpUser once it accepts them.
  const user = allAllowed(access.permissions)
    ? change.user
    : await updateUserPermissions(trx, { marketplaceId, actor, id: change.user.id, permissions: access.permissions, now });
  await linkIdentity(trx, { marketplaceId, userId: user.id, idpId: identity.idpId, subject: identity.subject, email: identity.email });
  return { ...change, user };
}
