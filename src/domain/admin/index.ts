export type { AdminKey, BootstrapApp, BootstrapAdminKey, BootstrapResult } from './admin.ts';
export { ADMIN_KEY_PREFIX, DEV_MARKETPLACE, MIN_ADMIN_KEY_LENGTH } from './admin.ts';
export { authenticateAdminKey } from './authenticate-admin-key.ts';
export { createAdminKey } from './create-admin-key.ts';
export { bootstrapInstance } from './bootstrap.ts';
export { listApps, type AppListing } from './list-apps.ts';
export { revokeApp } from './revoke-app.ts';
export { issueLoginAs } from './login-as.ts';
export { pushAssets } from './push-assets.ts';
