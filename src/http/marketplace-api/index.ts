import type { FastifyPluginAsync } from 'fastify';
import type { SurfaceDeps } from '../../app.ts';

/** Placeholder: the marketplace-api surface. */
export const marketplaceApi =
  (_deps: SurfaceDeps): FastifyPluginAsync =>
  async () => {};
