/**
 * Access control (catalogue §3.12, §5.3; domain §9.1): the marketplace-level settings, the
 * effective permission set they give a user, and the guards that turn a refusal into the
 * catalogue's 403 codes. Pure rules: callers pass the marketplace settings and the user.
 *
 * Enforced on the Marketplace API only; the Integration API is unrestricted.
 */
import { forbidden, type DomainError } from '../errors.ts';
import type { MarketplaceSettings } from '../marketplaces/index.ts';
import type { PermissionName, PermissionValue, User, UserPermissions, UserState } from '../users/index.ts';

/** The access-control settings of a marketplace (top-level keys of its settings; absent = false). */
export interface AccessSettings {
  /** Anonymous callers, users pending approval and users with `read: deny` cannot read marketplace data. */
  privateMarketplace: boolean;
  /** New users start `pendingApproval` until an operator approves them. */
  usersNeedApproval: boolean;
  /** Only users with `postListings: allow` may post; new users start with `deny`. */
  postingNeedsPermission: boolean;
  /** Only users with `initiateTransactions: allow` may initiate; new users start with `deny`. */
  transactionsNeedPermission: boolean;
  /** Posted listings wait in `pendingApproval` (read by the listings module). */
  listingsNeedApproval: boolean;
}

export const ACCESS_SETTING_NAMES = [
  'privateMarketplace',
  'usersNeedApproval',
  'postingNeedsPermission',
  'transactionsNeedPermission',
  'listingsNeedApproval',
] as const satisfies readonly (keyof AccessSettings)[];

export type AccessSettingName = (typeof ACCESS_SETTING_NAMES)[number];

/** The access-control settings within a marketplace's settings; anything but `true` is off. */
export function accessSettingsOf(settings: MarketplaceSettings): AccessSettings {
  const on = (name: AccessSettingName): boolean => Object.hasOwn(settings, name) && settings[name] === true;
  return {
    privateMarketplace: on('privateMarketplace'),
    usersNeedApproval: on('usersNeedApproval'),
    postingNeedsPermission: on('postingNeedsPermission'),
    transactionsNeedPermission: on('transactionsNeedPermission'),
    listingsNeedApproval: on('listingsNeedApproval'),
  };
}

const ALLOW: PermissionValue = 'permission/allow';
const DENY: PermissionValue = 'permission/deny';

/** Which marketplace toggle makes each user-level permission count. */
const TOGGLE: Record<PermissionName, keyof AccessSettings> = {
  postListings: 'postingNeedsPermission',
  initiateTransactions: 'transactionsNeedPermission',
  read: 'privateMarketplace',
};

/**
 * The effective permission set (`effectivePermissionSet`): a user-level value counts only while
 * its marketplace toggle is on; otherwise the permission is allowed and the stored user-level
 * value persists for when the toggle returns (domain §9.1). The user's state (pending approval,
 * banned) is not a permission: the guards check it separately.
 */
export function effectivePermissions(settings: MarketplaceSettings, user: Pick<User, 'permissions'>): UserPermissions {
  const access = accessSettingsOf(settings);
  const effective = (name: PermissionName): PermissionValue => (access[TOGGLE[name]] ? user.permissions[name] : ALLOW);
  return { postListings: effective('postListings'), initiateTransactions: effective('initiateTransactions'), read: effective('read') };
}

/** The state a new user starts in (`current_user/create`, `create_with_idp`, Integration-created users). */
export function initialUserState(settings: MarketplaceSettings): Extract<UserState, 'active' | 'pendingApproval'> {
  return accessSettingsOf(settings).usersNeedApproval ? 'pendingApproval' : 'active';
}

/** The user-level permissions a new user starts with: `deny` where the marketplace requires a permission. */
export function initialPermissions(settings: MarketplaceSettings): UserPermissions {
  const access = accessSettingsOf(settings);
  return {
    postListings: access.postingNeedsPermission ? DENY : ALLOW,
    initiateTransactions: access.transactionsNeedPermission ? DENY : ALLOW,
    read: ALLOW,
  };
}

/** What the guards need of a user. */
export type AccessUser = Pick<User, 'state' | 'deleted' | 'permissions'>;

// ---- the catalogue's 403s (§1.10, §3.12) ----

export const permissionDeniedRead = (): DomainError =>
  forbidden('permission-denied-read', 'This marketplace is private: a user with permission to read is required.');
export const userPendingApproval = (): DomainError =>
  forbidden('user-pending-approval', 'The user is pending approval and cannot read this private marketplace yet.');
export const permissionDeniedPendingApproval = (): DomainError =>
  forbidden('permission-denied-pending-approval', 'The user is pending approval and may not do this yet.');
export const permissionDeniedPostListings = (): DomainError =>
  forbidden('permission-denied-post-listings', 'The user does not have permission to post listings.');
export const permissionDeniedInitiateTransactions = (): DomainError =>
  forbidden('permission-denied-initiate-transactions', 'The user does not have permission to initiate transactions.');
const inactiveUser = (): DomainError => forbidden('forbidden', 'The user is banned or deleted.');

/**
 * Marketplace-wide read access (users/show, listings/query|show, reviews, time slots, sitemap):
 * always on a public marketplace; on a private one only an active user with `read: allow`.
 * `user` is undefined for an anonymous caller. Throws forbidden `permission-denied-read`
 * (anonymous, `read: deny`, banned or deleted) or `user-pending-approval`.
 */
export function assertCanRead(settings: MarketplaceSettings, user: AccessUser | undefined): void {
  if (!accessSettingsOf(settings).privateMarketplace) return;
  if (user === undefined || user.deleted || user.state === 'banned') throw permissionDeniedRead();
  if (user.state === 'pendingApproval') throw userPendingApproval();
  if (effectivePermissions(settings, user).read === DENY) throw permissionDeniedRead();
}

/**
 * A user acting at all (managing own listings, transitions, availability, stock): not pending
 * approval. Throws forbidden `permission-denied-pending-approval`, or `forbidden` for a banned or
 * deleted user.
 */
export function assertApprovedUser(user: AccessUser): void {
  if (user.deleted || user.state === 'banned') throw inactiveUser();
  if (user.state === 'pendingApproval') throw permissionDeniedPendingApproval();
}

/**
 * Posting listings (own_listings create, create_draft, publish_draft, open). Throws forbidden
 * `permission-denied-pending-approval`, `permission-denied-post-listings` or `forbidden`.
 */
export function assertCanPostListings(settings: MarketplaceSettings, user: AccessUser): void {
  assertApprovedUser(user);
  if (effectivePermissions(settings, user).postListings === DENY) throw permissionDeniedPostListings();
}

/**
 * Initiating transactions (transactions/initiate, initiate_speculative). Throws forbidden
 * `permission-denied-pending-approval`, `permission-denied-initiate-transactions` or `forbidden`.
 */
export function assertCanInitiateTransactions(settings: MarketplaceSettings, user: AccessUser): void {
  assertApprovedUser(user);
  if (effectivePermissions(settings, user).initiateTransactions === DENY) throw permissionDeniedInitiateTransactions();
}

/**
 * What a user is about to do, as the loaded guard (authorizeUser) takes it:
 * - `postListings`: own_listings create, create_draft, publish_draft, open;
 * - `manageListings`: own_listings discard_draft, close, update, add_image, availability
 *   exceptions, stock adjustments and compare-and-set;
 * - `initiateTransactions`: transactions/initiate, initiate_speculative;
 * - `transitionTransactions`: transactions/transition, transition_speculative.
 */
export type UserAction = 'postListings' | 'manageListings' | 'initiateTransactions' | 'transitionTransactions';

/** Throws what the action's guard throws (see the assert* functions). */
export function assertUserMay(settings: MarketplaceSettings, user: AccessUser, action: UserAction): void {
  switch (action) {
    case 'postListings':
      return assertCanPostListings(settings, user);
    case 'initiateTransactions':
      return assertCanInitiateTransactions(settings, user);
    case 'manageListings':
    case 'transitionTransactions':
      return assertApprovedUser(user);
  }
}
