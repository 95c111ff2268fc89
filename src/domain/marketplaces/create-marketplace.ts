import { badRequest, conflict } from '../errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Trx } from '../../store/db.ts';
import { SLUG_RE, type Marketplace } from './marketplace.ts';
import { findMarketplaceBySlug, insertMarketplace } from './marketplaces.store.ts';

/** Creates a marketplace. Throws bad-request (invalid slug/name) or conflict `marketplace-slug-taken`. */
export async function createMarketplace(trx: Trx, input: { slug: string; name: string }): Promise<Marketplace> {
  if (!SLUG_RE.test(input.slug)) {
    throw badRequest('validation-invalid-value', 'slug must be 1–63 lowercase letters, digits or dashes, starting with a letter or digit.');
  }
  const name = input.name.trim();
  if (name.length === 0 || name.length > 200) {
    throw badRequest('validation-invalid-value', 'name must be 1–200 characters.');
  }
  if (await findMarketplaceBySlug(trx, input.slug)) {
    throw conflict('marketplace-slug-taken', `A marketplace with slug "${input.slug}" already exists.`);
  }
  return insertMarketplace(trx, { id: newId(), slug: input.slug, name, description: null, settings: {} });
}
