/**
 * Access control (catalogue §3.12, §5.3; domain §9.1, §9.3): marketplace-level settings, effective
 * permissions, the 403 guards, new users' initial state and permissions, and the identity-provider
 * sign-up and login flows (they combine idp, users and identity, which do not import this module).
 *
 * Where to call what (Marketplace API only; the Integration API is unrestricted):
 * - read endpoints on a private marketplace: `authorizeRead(db, principal)` (the surface applies it
 *   to the catalogue's list through src/http/plugins/access.ts);
 * - own listings, transactions, availability, stock: `authorizeUser(db, {marketplaceId, userId,
 *   action})`, or the pure `assertCanPostListings` / `assertCanInitiateTransactions` /
 *   `assertApprovedUser` with a loaded user and the marketplace settings;
 * - sign-up: `initialAccessOf(trx, marketplaceId)` (or the pure `initialUserState` /
 *   `initialPermissions` of the settings) → `state` and `permissions` of the new user;
 * - `effectivePermissionSet`: `effectivePermissions(settings, user)`.
 */
export {
  ACCESS_SETTING_NAMES,
  accessSettingsOf,
  assertApprovedUser,
  assertCanInitiateTransactions,
  assertCanPostListings,
  assertCanRead,
  assertUserMay,
  effectivePermissions,
  initialPermissions,
  initialUserState,
  type AccessSettingName,
  type AccessSettings,
  type AccessUser,
  type UserAction,
} from './access.ts';
export { authorizeRead } from './authorize-read.ts';
export { authorizeUser } from './authorize-user.ts';
export { configureAccessSettings, showAccessSettings, type AccessSettingsChange } from './configure-access.ts';
export { createUserWithIdp, type CreateUserWithIdpInput } from './create-user-with-idp.ts';
export { initialAccessOf } from './initial-access.ts';
export { loginWithIdp, type LoginWithIdpRequest } from './login-with-idp.ts';
