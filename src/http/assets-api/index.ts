import type { FastifyPluginAsync } from 'fastify';
import type { SurfaceDeps } from '../../app.ts';

/** Placeholder: the assets-api surface. */
export const assetsApi =
  (_deps: SurfaceDeps): FastifyPluginAsync =>
  async () => {};
