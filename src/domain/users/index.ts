export type { User, UserState } from './user.ts';
export { createUser, type CreateUserInput } from './create-user.ts';
export { verifyUserPassword } from './verify-user-password.ts';
export { findUserById } from './users.store.ts';
export { findUserByEmail } from './find-user.ts';
