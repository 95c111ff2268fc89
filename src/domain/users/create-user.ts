import { conflict, badRequest } from '../errors.ts';
import { newId } from '../../lib/ids.ts';
import { hashSecret } from '../../lib/secrets.ts';
import type { Trx } from '../../store/db.ts';
import { isValidEmail, normalizeEmail, type User, type UserActor, type UserPermissions, type UserState } from './user.ts';
import { initialProfile } from './profile.ts';
import { assertPasswordRules } from './user-context.ts';
import { appendUserEvent } from './user-event.ts';
import { accountEmail, emailMarketplace, type UserChange } from './account-email.ts';
import { issueEmailToken } from './email-tokens.ts';
import { findUserRowByEmail, insertUser } from './users.store.ts';

export interface CreateUserInput {
  marketplaceId: string;
  email: string;
  /** Absent for users who sign in only through an identity provider. */
  password?: string;
  firstName: string;
  lastName: string;
  displayName?: string;
  bio?: string | null;
  publicData?: Record<string, unknown>;
  protectedData?: Record<string, unknown>;
  privateData?: Record<string, unknown>;
  /** `pendingApproval` when the marketplace requires approval to join (domain/access decides). */
  state?: Extract<UserState, 'active' | 'pendingApproval'>;
  /** User-level permissions to start with (domain/access decides from the marketplace's settings). */
  permissions?: Partial<UserPermissions>;
  /** True when the address is already proven (e.g. an identity provider verified it). */
  emailVerified?: boolean;
  /** Who creates the user (event source and audit); default: an anonymous Marketplace API caller. */
  actor?: UserActor;
  now?: Date;
}

const UNIQUE_VIOLATION = '23505';

const isUniqueViolation = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && 'code' in e && e.code === UNIQUE_VIOLATION;

const emailTaken = () => conflict('email-taken', 'The email address is already in use.');

const DEFAULT_ACTOR: UserActor = { kind: 'anonymous', clientId: '', requestId: null };

/** Validates and inserts a user; the caller appends the event. */
async function insertNewUser(trx: Trx, input: CreateUserInput): Promise<User> {
  const email = normalizeEmail(input.email);
  if (!isValidEmail(email)) throw badRequest('validation-invalid-value', 'email is not a valid email address.', { type: 'body', path: ['email'] });
  if (input.password !== undefined) assertPasswordRules(input.password, 'password');
  const { email: _e, password: _p, marketplaceId, state, permissions, emailVerified, actor: _a, now, ...fields } = input;
  const profile = initialProfile(fields);
  if (await findUserRowByEmail(trx, marketplaceId, email)) throw emailTaken();
  try {
    return await insertUser(trx, {
      id: newId(),
      marketplaceId,
      email,
      emailVerified: emailVerified ?? false,
      state: state ?? 'active',
      ...(permissions ? { permissions } : {}),
      passwordHash: input.password === undefined ? null : await hashSecret(input.password),
      ...profile,
      ...(now ? { createdAt: now } : {}),
    });
  } catch (e) {
    // A concurrent sign-up with the same email won the race for users_email_idx.
    if (isUniqueViolation(e)) throw emailTaken();
    throw e;
  }
}

/**
 * Creates a user with a scrypt-hashed password and appends `user/created`; sends no email (see
 * signUpUser). Throws bad-request (invalid input) or conflict `email-taken`.
 */
export async function createUser(trx: Trx, input: CreateUserInput): Promise<User> {
  const user = await insertNewUser(trx, input);
  await appendUserEvent(trx, 'created', input.actor ?? DEFAULT_ACTOR, null, user);
  return user;
}

/**
 * `current_user/create`: creates the user and, unless the address is already verified, a 48 h
 * verification token mailed to it. Throws bad-request (invalid input) or conflict `email-taken`.
 */
export async function signUpUser(trx: Trx, input: CreateUserInput & { now: Date }): Promise<UserChange> {
  const user = await insertNewUser(trx, input);
  const emails = [];
  if (!user.emailVerified) {
    const token = await issueEmailToken(trx, { marketplaceId: user.marketplaceId, userId: user.id, purpose: 'verify-email', email: user.email, now: input.now });
    emails.push(accountEmail(await emailMarketplace(trx, user.marketplaceId), user, { name: 'verify-email', verificationToken: token }));
  }
  await appendUserEvent(trx, 'created', input.actor ?? DEFAULT_ACTOR, null, user);
  return { user, emails };
}
