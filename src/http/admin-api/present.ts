/** Admin API presenters: domain values → the shapes declared in schemas.ts. */
import type { AppListing } from '../../domain/admin/index.ts';
import type { Marketplace } from '../../domain/marketplaces/index.ts';

export const presentMarketplace = (m: Marketplace) => ({
  id: m.id,
  slug: m.slug,
  name: m.name,
  createdAt: m.createdAt.toISOString(),
});

export const presentApp = ({ application: a, marketplaceSlug }: AppListing) => ({
  clientId: a.clientId,
  marketplace: marketplaceSlug,
  kind: a.kind,
  name: a.name,
  revokedAt: a.revokedAt === null ? null : a.revokedAt.toISOString(),
  createdAt: a.createdAt.toISOString(),
});
