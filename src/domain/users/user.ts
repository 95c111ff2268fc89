/**
 * Users: types and pure rules — profile validation, extended-data merging, permissions and what
 * each viewer may see of a user (catalogue §5.2). Use cases (one per file) compose these with the
 * store, the email tokens and the event log.
 */
import { Keyword, type WireValue } from '../../lib/values.ts';
import type { UserState } from '../../store/tables/identity.ts';
import { MAX_EXTENDED_DATA_BYTES, type ExtendedData, type JsonValue } from '../extended-data.ts';

export type { ExtendedData, JsonValue };
export { MAX_EXTENDED_DATA_BYTES };

export type { UserState };

/** A JSON value as stored in extended data. */
/** An extended-data object (`publicData`, `protectedData`, `privateData`, `metadata`). */

export const PERMISSION_VALUES = ['permission/allow', 'permission/deny'] as const;
export type PermissionValue = (typeof PERMISSION_VALUES)[number];
export const PERMISSION_NAMES = ['postListings', 'initiateTransactions', 'read'] as const;
export type PermissionName = (typeof PERMISSION_NAMES)[number];
/** User-level permissions; an unset permission is `permission/allow`. */
export type UserPermissions = Record<PermissionName, PermissionValue>;

/** A marketplace user as the domain sees it. */
export interface User {
  id: string;
  marketplaceId: string;
  /** Empty once the user is deleted (the address is freed). */
  email: string;
  emailVerified: boolean;
  /** A changed address waiting for verification. */
  pendingEmail: string | null;
  state: UserState;
  deleted: boolean;
  firstName: string;
  lastName: string;
  displayName: string;
  bio: string | null;
  publicData: ExtendedData;
  protectedData: ExtendedData;
  privateData: ExtendedData;
  metadata: ExtendedData;
  permissions: UserPermissions;
  profileImageId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Who reads a user: anyone (`user`), the user themself (`currentUser`), or an operator through
 * the Integration API (`user`, everything including metadata).
 */
export type UserViewer = 'public' | 'self' | 'operator';

/** Who changes a user: decides the event source and audit data. */
export type UserActor =
  | { kind: 'user'; userId: string; clientId: string; requestId: string | null }
  | { kind: 'anonymous'; clientId: string; requestId: string | null }
  | { kind: 'operator'; clientId: string; requestId: string | null };

/** Sharetribe's password rules: 8–256 characters. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;
/** Serialized JSON size limit of each extended-data object (catalogue §1.8). */

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A plausible email address (the real check is the verification email). */
export const isValidEmail = (email: string): boolean => email.length <= 254 && EMAIL_RE.test(email);

/** Emails are unique per marketplace regardless of case; stored trimmed, compared lower-cased. */
export const normalizeEmail = (email: string): string => email.trim();

/** The same address, ignoring case. */
export const sameEmail = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** The default display name: first name and the initial of the last name ("Jane D"). */
export const defaultDisplayName = (firstName: string, lastName: string): string =>
  `${firstName} ${lastName.slice(0, 1)}`.trim();

/** Initials of first and last name ("JD"). */
export const abbreviatedName = (u: Pick<User, 'firstName' | 'lastName'>): string =>
  `${u.firstName.slice(0, 1)}${u.lastName.slice(0, 1)}`;

const isPermissionValue = (v: unknown): v is PermissionValue => PERMISSION_VALUES.some((p) => p === v);

/** Stored permissions (a partial map) with defaults filled in. */
export const toPermissions = (stored: Record<string, unknown>): UserPermissions => {
  const get = (name: PermissionName): PermissionValue => {
    const v = Object.hasOwn(stored, name) ? stored[name] : undefined;
    return isPermissionValue(v) ? v : 'permission/allow';
  };
  return { postListings: get('postListings'), initiateTransactions: get('initiateTransactions'), read: get('read') };
};

const permissionsWire = (p: UserPermissions): WireValue => ({
  postListings: new Keyword(p.postListings),
  initiateTransactions: new Keyword(p.initiateTransactions),
  read: new Keyword(p.read),
});

/**
 * The attributes a viewer may see (catalogue §5.2): the public view has names, bio, publicData and
 * metadata; the user and operators see everything. Banned and deleted users show only their flag
 * to others; a deleted user's data is gone for everyone. A user pending approval shows no profile
 * content publicly until approved (domain §9.1).
 */
export function userAttributes(u: User, viewer: UserViewer): Record<string, WireValue> {
  if (u.deleted) return { banned: false, deleted: true };
  const banned = u.state === 'banned';
  if (banned && viewer === 'public') return { banned: true, deleted: false };
  const hidden = viewer === 'public' && u.state === 'pendingApproval';
  const publicProfile: Record<string, WireValue> = {
    displayName: u.displayName,
    abbreviatedName: abbreviatedName(u),
    bio: hidden ? null : u.bio,
    publicData: hidden ? {} : u.publicData,
    metadata: hidden ? {} : u.metadata,
  };
  const base = { banned, deleted: false, createdAt: u.createdAt };
  if (viewer === 'public') return { ...base, profile: publicProfile };
  return {
    ...base,
    state: u.state,
    email: u.email,
    emailVerified: u.emailVerified,
    pendingEmail: u.pendingEmail,
    // Stripe arrives with the payments issue.
    stripeConnected: false,
    stripePayoutsEnabled: false,
    stripeChargesEnabled: false,
    permissions: permissionsWire(u.permissions),
    profile: {
      firstName: u.firstName,
      lastName: u.lastName,
      ...publicProfile,
      protectedData: u.protectedData,
      privateData: u.privateData,
    },
  };
}
