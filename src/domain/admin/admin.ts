/** Operator-level types: admin keys and what the first start of an instance creates. */

/** An operator credential for the Admin API. Only its SHA-256 is stored. */
export interface AdminKey {
  id: string;
  name: string;
  revokedAt: Date | null;
  createdAt: Date;
}

/** Admin keys are long random strings with a recognisable prefix (so leaked keys are easy to grep for). */
export const ADMIN_KEY_PREFIX = 'bzk_';
/** An operator-chosen key (BAZAAR_ADMIN_KEY) must be at least this long. */
export const MIN_ADMIN_KEY_LENGTH = 16;

/** The slug and name of the marketplace created on an empty database. */
export const DEV_MARKETPLACE = { slug: 'dev', name: 'Dev marketplace' } as const;

/** Stored in instance_settings under BOOTSTRAP_SETTING: which apps the first start created. */
export interface BootstrapRecord {
  marketplaceSlug: string;
  marketplaceClientId: string;
  integrationClientId: string;
  createdAt: string;
}

export const BOOTSTRAP_SETTING = 'bootstrap';

/** A client application created at first start, as printed at every start. */
export interface BootstrapApp {
  kind: 'marketplace' | 'integration';
  clientId: string;
  /** Only at the first start: secrets are stored hashed and cannot be shown again. */
  clientSecret: string | undefined;
  /** The app no longer exists or was revoked since. */
  revoked: boolean;
}

/** How this start got its admin key. */
export type BootstrapAdminKey =
  /** Generated now; shown once. */
  | { kind: 'generated'; key: string }
  /** Taken from BAZAAR_ADMIN_KEY now. */
  | { kind: 'from-env' }
  /** Keys existed already; envKeyKnown says whether BAZAAR_ADMIN_KEY (when set) is one of them. */
  | { kind: 'existing'; envKeyKnown: boolean | undefined };

export interface BootstrapResult {
  /** True when this call created the instance's first data. */
  firstStart: boolean;
  adminKey: BootstrapAdminKey;
  marketplace: { slug: string; name: string } | undefined;
  apps: BootstrapApp[];
}
