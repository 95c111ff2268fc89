export type { Application, ApplicationKind, Marketplace, MarketplaceSettings } from './marketplace.ts';
export { createMarketplace } from './create-marketplace.ts';
export { createApplication } from './create-application.ts';
export { authenticateClient } from './authenticate-client.ts';
export { changeMarketplaceSettings, marketplaceBySlug } from './change-settings.ts';
export {
  findMarketplaceById,
  findMarketplaceBySlug,
  listMarketplaces,
  listApplications,
  findApplicationById,
  revokeApplication,
  updateMarketplaceSettings,
} from './marketplaces.store.ts';
