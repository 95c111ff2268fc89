/**
 * Request body shapes of the user commands (both APIs). Shape only: value rules (email format,
 * password length, blank names, extended-data size, image ownership) live in the users module,
 * which answers with the precise body path. Unknown keys → 400 `validation-disallowed-key`.
 */
import { Type, type TSchema } from '@fastify/type-provider-typebox';
import { Id, closed } from './body-schemas.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const JsonMap = Type.Record(Type.String(), Type.Unknown());
const Permission = Type.Union([Type.Literal('permission/allow'), Type.Literal('permission/deny')]);

/** Profile fields a user writes (`current_user/update_profile`). */
const userProfileFields = {
  firstName: Type.Optional(Type.String()),
  lastName: Type.Optional(Type.String()),
  displayName: Type.Optional(Type.String()),
  bio: Type.Optional(Nullable(Type.String())),
  publicData: Type.Optional(JsonMap),
  protectedData: Type.Optional(JsonMap),
  privateData: Type.Optional(JsonMap),
  profileImageId: Type.Optional(Nullable(Id)),
};

export const CreateCurrentUserBody = Type.Object(
  {
    email: Type.String(),
    password: Type.String(),
    firstName: Type.String(),
    lastName: Type.String(),
    displayName: Type.Optional(Type.String()),
    bio: Type.Optional(Nullable(Type.String())),
    publicData: Type.Optional(JsonMap),
    protectedData: Type.Optional(JsonMap),
    privateData: Type.Optional(JsonMap),
  },
  closed,
);
export const UpdateCurrentUserProfileBody = Type.Object(userProfileFields, closed);
export const ChangeEmailBody = Type.Object({ currentPassword: Type.String(), email: Type.String() }, closed);
export const ChangePasswordBody = Type.Object({ currentPassword: Type.String(), newPassword: Type.String() }, closed);
export const DeleteCurrentUserBody = Type.Object({ currentPassword: Type.String(), deleteFromStripe: Type.Optional(Type.Boolean()) }, closed);
export const VerifyEmailBody = Type.Object({ verificationToken: Type.String() }, closed);
export const EmptyBody = Type.Object({}, closed);
export const PasswordResetRequestBody = Type.Object({ email: Type.String() }, closed);
export const PasswordResetBody = Type.Object({ email: Type.String(), passwordResetToken: Type.String(), newPassword: Type.String() }, closed);

export const UpdateUserProfileBody = Type.Object({ id: Id, ...userProfileFields, metadata: Type.Optional(JsonMap) }, closed);
export const UserIdBody = Type.Object({ id: Id }, closed);
export const UpdateUserPermissionsBody = Type.Object(
  { id: Id, postListings: Type.Optional(Permission), initiateTransactions: Type.Optional(Permission), read: Type.Optional(Permission) },
  closed,
);
export const VerifyUserEmailBody = Type.Object({ id: Id, email: Type.String() }, closed);
