/**
 * Profile fields a client may write (`current_user/create|update_profile`, Integration
 * `users/update_profile`): validation, extended-data merging (top-level keys, `null` removes a key,
 * each object at most 50 KB) and who may write which scope.
 */
import { badRequest, type DomainError } from '../errors.ts';
import { assertExtendedDataSize, mergeExtendedData, toExtendedData } from '../extended-data.ts';
import { defaultDisplayName, type User, type UserActor } from './user.ts';

/** Shape-checked by the route schema; values are validated here. */
export interface ProfileInput {
  firstName?: string;
  lastName?: string;
  displayName?: string;
  bio?: string | null;
  publicData?: Record<string, unknown>;
  protectedData?: Record<string, unknown>;
  privateData?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  profileImageId?: string | null;
}

export const MAX_NAME_LENGTH = 256;
export const MAX_BIO_LENGTH = 5000;

export type ProfileFields = Pick<
  User,
  'firstName' | 'lastName' | 'displayName' | 'bio' | 'publicData' | 'protectedData' | 'privateData' | 'metadata' | 'profileImageId'
>;

type Path = (string | number)[];
const invalid = (path: Path, message: string): DomainError => badRequest('validation-invalid-value', message, { type: 'body', path });

const name = (value: string, field: string): string => {
  const trimmed = value.trim();
  if (trimmed === '') throw invalid([field], `${field} must not be blank.`);
  if (trimmed.length > MAX_NAME_LENGTH) throw invalid([field], `${field} must be at most ${MAX_NAME_LENGTH} characters.`);
  return trimmed;
};

const SCOPES = ['publicData', 'protectedData', 'privateData', 'metadata'] as const;

/** Refuses metadata from anyone but an operator (users cannot write it). Throws bad-request. */
export function assertMayWriteProfile(actor: UserActor, input: ProfileInput): void {
  if (actor.kind !== 'operator' && input.metadata !== undefined) {
    throw badRequest('validation-disallowed-key', 'metadata is written by operators only (Integration API).', { type: 'body', path: ['metadata'] });
  }
}

/**
 * `current` with the validated input applied (update semantics; `null` bio clears it). A new
 * first/last name does not recompute the display name. Throws bad-request.
 */
export function applyProfile(current: ProfileFields, input: ProfileInput): ProfileFields {
  const next: ProfileFields = { ...current };
  if (input.firstName !== undefined) next.firstName = name(input.firstName, 'firstName');
  if (input.lastName !== undefined) next.lastName = name(input.lastName, 'lastName');
  if (input.displayName !== undefined) next.displayName = name(input.displayName, 'displayName');
  if (input.bio !== undefined) {
    if (input.bio !== null && input.bio.length > MAX_BIO_LENGTH) throw invalid(['bio'], `bio must be at most ${MAX_BIO_LENGTH} characters.`);
    next.bio = input.bio;
  }
  for (const scope of SCOPES) {
    const patch = input[scope];
    if (patch === undefined) continue;
    next[scope] = mergeExtendedData(current[scope], toExtendedData(patch, [scope]));
    assertExtendedDataSize(next[scope], scope);
  }
  if (input.profileImageId !== undefined) next.profileImageId = input.profileImageId === null ? null : input.profileImageId.toLowerCase();
  return next;
}

/** A new user's profile: names (display name defaulted), then the optional fields. Throws bad-request. */
export function initialProfile(input: ProfileInput & { firstName: string; lastName: string }): ProfileFields {
  const firstName = name(input.firstName, 'firstName');
  const lastName = name(input.lastName, 'lastName');
  const blank: ProfileFields = {
    firstName,
    lastName,
    displayName: '',
    bio: null,
    publicData: {},
    protectedData: {},
    privateData: {},
    metadata: {},
    profileImageId: null,
  };
  const { displayName, ...rest } = input;
  const given = displayName?.trim() ? { displayName } : {};
  const applied = applyProfile(blank, { ...rest, ...given, firstName, lastName });
  return { ...applied, displayName: applied.displayName || defaultDisplayName(firstName, lastName) };
}
