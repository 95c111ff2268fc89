/** Integration API `POST images/upload` (catalogue §4.5 I20): as the Marketplace API's, with no owning user. */
import type { FastifyPluginAsync } from 'fastify';
import type { SurfaceDeps } from '../../app.ts';
import { imageUploadRoute } from '../marketplace-api/images.routes.ts';

export const integrationImagesRoutes = (deps: SurfaceDeps): FastifyPluginAsync => imageUploadRoute(deps, () => null);
