/** A marketplace: the tenant that every other row belongs to. */
export interface Marketplace {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  settings: MarketplaceSettings;
  createdAt: Date;
}

/** Operator settings of a marketplace; later issues add access control, payments, … */
export interface MarketplaceSettings {
  [key: string]: unknown;
}

export type ApplicationKind = 'marketplace' | 'integration';

/** A client application of a marketplace (Marketplace API or Integration API). */
export interface Application {
  id: string;
  marketplaceId: string;
  clientId: string;
  kind: ApplicationKind;
  name: string;
  revokedAt: Date | null;
  createdAt: Date;
}

export const SLUG_RE = /^[a-z0-9][a-z0-9-]{0,62}$/;
