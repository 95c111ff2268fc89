/**
 * Every migration, in order. Add new ones at the end with the next number; never edit an applied one.
 */
import type { Migration } from 'kysely';
import * as m0001 from './0001-foundation.ts';
import * as m0002 from './0002-images.ts';
import * as m0003idp from './0003-idp.ts';
import * as m0006listings from './0006-listings.ts';

export const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-images': m0002,
  '0003-idp': m0003idp,
  '0006-listings': m0006listings,
};
