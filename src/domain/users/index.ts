/** Users: accounts, profiles, email verification, password reset, visibility, operator actions. */
export type {
  ExtendedData,
  JsonValue,
  PermissionName,
  PermissionValue,
  User,
  UserActor,
  UserPermissions,
  UserState,
  UserViewer,
} from './user.ts';
export {
  MAX_EXTENDED_DATA_BYTES,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  PERMISSION_NAMES,
  PERMISSION_VALUES,
  abbreviatedName,
  userAttributes,
} from './user.ts';
export type { ProfileInput } from './profile.ts';
export { deliverAccountEmails, listingApprovedEmails, type AccountEmail, type UserChange } from './account-email.ts';
export { EMAIL_TOKEN_TTL_MS } from './email-tokens.ts';
export { userEventResource } from './user-event.ts';
export { createUser, signUpUser, type CreateUserInput } from './create-user.ts';
export { verifyUserPassword } from './verify-user-password.ts';
export { findUserById, findUsersByIds } from './users.store.ts';
export { toUser as userFromRow } from './users.store.ts';
export { findUserByEmail } from './find-user.ts';
export { showUser, showCurrentUser, showUserAsOperator, queryUsers, type QueryUsersInput } from './show-user.ts';
export { updateUserProfile, type UpdateUserProfileInput } from './update-profile.ts';
export { changeEmail, changePassword } from './change-credentials.ts';
export { deleteCurrentUser } from './delete-user.ts';
export { verifyEmail, sendVerificationEmail, verifyEmailAsOperator, MAX_ACTIVE_VERIFICATION_TOKENS } from './verify-email.ts';
export { requestPasswordReset, resetPassword, MAX_ACTIVE_RESET_TOKENS } from './password-reset.ts';
export { approveUser, changeUserPermissions, updateUserPermissions } from './operate-user.ts';
