/**
 * Factories: each creates what a test needs, with its missing parents, inside a fresh marketplace,
 * so tests never interfere and never wipe tables.
 */
import { randomUUID } from 'node:crypto';
import {
  createApplication,
  createMarketplace,
  type Application,
  type Marketplace,
} from '../../src/domain/marketplaces/index.ts';
import type { Db } from '../../src/store/db.ts';

export interface TestMarketplace {
  marketplace: Marketplace;
  /** Marketplace API application (its secret is needed for token exchange). */
  marketplaceApp: { application: Application; clientId: string; clientSecret: string };
  /** Integration API application. */
  integrationApp: { application: Application; clientId: string; clientSecret: string };
}

/** A fresh marketplace with one Marketplace API app and one Integration API app. */
export async function createTestMarketplace(db: Db, name = 'Test marketplace'): Promise<TestMarketplace> {
  return db.transaction().execute(async (trx) => {
    const slug = `t-${randomUUID().slice(0, 12)}`;
    const marketplace = await createMarketplace(trx, { slug, name });
    const mp = await createApplication(trx, { marketplaceSlug: slug, kind: 'marketplace', name: 'web' });
    const integ = await createApplication(trx, { marketplaceSlug: slug, kind: 'integration', name: 'ops' });
    return {
      marketplace,
      marketplaceApp: { application: mp.application, clientId: mp.application.clientId, clientSecret: mp.clientSecret },
      integrationApp: {
        application: integ.application,
        clientId: integ.application.clientId,
        clientSecret: integ.clientSecret,
      },
    };
  });
}
