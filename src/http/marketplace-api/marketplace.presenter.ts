/** The `marketplace` resource (catalogue 5.1), shared by the Marketplace and Integration APIs. */
import type { Marketplace } from '../../domain/marketplaces/index.ts';
import { Uuid } from '../../lib/values.ts';
import type { Resource } from '../wire/index.ts';

export const toMarketplaceResource = (m: Marketplace): Resource => ({
  id: new Uuid(m.id),
  type: 'marketplace',
  attributes: { name: m.name, description: m.description },
});
