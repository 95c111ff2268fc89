/**
 * The operators' Admin API (`/v1/admin/*`): plain JSON, authenticated by an admin key
 * (`Authorization: Bearer <admin key>`), no CORS — it is meant for the `bazaar` CLI and scripts,
 * never for browsers.
 */
import type { FastifyPluginAsync } from 'fastify';
import { adminValidatorCompiler } from './validation.ts';
import type { SurfaceDeps } from '../../app.ts';
import { requireAdminKey } from './admin-key-auth.ts';
import { sendAdminError, sendAdminNotFound } from './errors.ts';
import { marketplacesRoutes } from './marketplaces.routes.ts';
import { appsRoutes } from './apps.routes.ts';
import { loginAsRoutes } from './login-as.routes.ts';
import { assetsRoutes } from './assets.routes.ts';
import { searchSchemasRoutes } from './search-schemas.routes.ts';
import { marketplaceConfigRoutes } from './marketplace-config.routes.ts';
import { idpRoutes } from './idp.routes.ts';
import { processesRoutes } from './processes.routes.ts';

export const adminApi =
  (deps: SurfaceDeps): FastifyPluginAsync =>
  async (app) => {
    // Unknown keys are rejected (Fastify's default Ajv would drop them silently); see validation.ts.
    app.setValidatorCompiler(adminValidatorCompiler);
    app.setErrorHandler(sendAdminError);
    app.setNotFoundHandler(sendAdminNotFound);
    app.addHook('onRequest', requireAdminKey(deps.db));
    await app.register(marketplacesRoutes(deps));
    await app.register(appsRoutes(deps));
    await app.register(loginAsRoutes(deps));
    await app.register(assetsRoutes(deps));
    await app.register(searchSchemasRoutes(deps));
    await app.register(marketplaceConfigRoutes(deps));
    await app.register(idpRoutes(deps));
    await app.register(processesRoutes(deps));
  };
