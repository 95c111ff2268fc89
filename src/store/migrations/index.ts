/**
 * Every migration, in order. Add new ones at the end with the next number; never edit an applied one.
 */
import type { Migration } from 'kysely';
import * as m0001 from './0001-foundation.ts';
import * as m0002 from './0002-images.ts';
import * as m0003idp from './0003-idp.ts';
import * as m0004users from './0004-users.ts';
import * as m0005searchSchemas from './0005-search-schemas.ts';
import * as m0006listings from './0006-listings.ts';
import * as m0007capacity from './0007-capacity.ts';

export const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-images': m0002,
  '0003-idp': m0003idp,
  '0004-users': m0004users,
  '0005-search-schemas': m0005searchSchemas,
  '0006-listings': m0006listings,
  '0007-capacity': m0007capacity,
};
