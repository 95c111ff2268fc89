import type { ColumnType, Generated } from 'kysely';

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type Json<T = unknown> = ColumnType<T, string, string>;

export interface MarketplacesTable {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  /** Marketplace settings (access control, rate limits, payments…), see domain/marketplaces. */
  settings: Json<Record<string, unknown>>;
  created_at: Timestamp;
}

export interface ApplicationsTable {
  id: string;
  marketplace_id: string;
  /** Public client id (a UUID string). */
  client_id: string;
  /** scrypt hash of the client secret. */
  client_secret_hash: string;
  kind: 'marketplace' | 'integration';
  name: string;
  revoked_at: Date | null;
  created_at: Timestamp;
}

export interface AdminKeysTable {
  id: string;
  name: string;
  /** SHA-256 of the key (keys are 256-bit random, so a fast hash is enough). */
  key_hash: string;
  revoked_at: Date | null;
  created_at: Timestamp;
}

export interface InstanceSettingsTable {
  key: string;
  value: Json;
  created_at: Generated<Date>;
}

export interface MarketplaceTables {
  marketplaces: MarketplacesTable;
  applications: ApplicationsTable;
  admin_keys: AdminKeysTable;
  instance_settings: InstanceSettingsTable;
}
