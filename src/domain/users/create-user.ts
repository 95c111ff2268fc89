import { badRequest, conflict } from '../errors.ts';
import { newId } from '../../lib/ids.ts';
import { hashSecret } from '../../lib/secrets.ts';
import type { Trx } from '../../store/db.ts';
import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  defaultDisplayName,
  isValidEmail,
  normalizeEmail,
  type User,
} from './user.ts';
import { findUserRowByEmail, insertUser } from './users.store.ts';

export interface CreateUserInput {
  marketplaceId: string;
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  displayName?: string;
}

const UNIQUE_VIOLATION = '23505';

const isUniqueViolation = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && 'code' in e && e.code === UNIQUE_VIOLATION;

const emailTaken = () => conflict('email-taken', 'The email address is already in use.');

/** Creates a user with a scrypt-hashed password. Throws bad-request (invalid input) or conflict `email-taken`. */
export async function createUser(trx: Trx, input: CreateUserInput): Promise<User> {
  const email = normalizeEmail(input.email);
  if (!isValidEmail(email)) throw badRequest('validation-invalid-value', 'email is not a valid email address.', { type: 'body', path: ['email'] });
  if (input.password.length < PASSWORD_MIN_LENGTH || input.password.length > PASSWORD_MAX_LENGTH) {
    throw badRequest(
      'validation-invalid-value',
      `password must be ${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} characters.`,
      { type: 'body', path: ['password'] },
    );
  }
  const firstName = input.firstName.trim();
  const lastName = input.lastName.trim();
  if (firstName === '') throw badRequest('validation-invalid-value', 'firstName must not be blank.', { type: 'body', path: ['firstName'] });
  if (lastName === '') throw badRequest('validation-invalid-value', 'lastName must not be blank.', { type: 'body', path: ['lastName'] });
  const displayName = input.displayName?.trim() || defaultDisplayName(firstName, lastName);
  if (await findUserRowByEmail(trx, input.marketplaceId, email)) throw emailTaken();
  try {
    return await insertUser(trx, {
      id: newId(),
      marketplaceId: input.marketplaceId,
      email,
      passwordHash: await hashSecret(input.password),
      firstName,
      lastName,
      displayName,
    });
  } catch (e) {
    // A concurrent sign-up with the same email won the race for users_email_idx.
    if (isUniqueViolation(e)) throw emailTaken();
    throw e;
  }
}
