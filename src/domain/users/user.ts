import type { UserState } from '../../store/tables/identity.ts';

export type { UserState };

/** A marketplace user as the domain sees it (profile data beyond names comes with the users issue). */
export interface User {
  id: string;
  marketplaceId: string;
  email: string;
  emailVerified: boolean;
  state: UserState;
  firstName: string;
  lastName: string;
  displayName: string;
  createdAt: Date;
}

/** Sharetribe's password rules: 8–256 characters. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A plausible email address (the real check is the verification email). */
export const isValidEmail = (email: string): boolean => email.length <= 254 && EMAIL_RE.test(email);

/** Emails are unique per marketplace regardless of case; stored trimmed, compared lower-cased. */
export const normalizeEmail = (email: string): string => email.trim();

/** The default display name: first name and the initial of the last name ("Jane D"). */
export const defaultDisplayName = (firstName: string, lastName: string): string =>
  `${firstName} ${lastName.slice(0, 1)}`.trim();
