import type { FastifyPluginAsync } from 'fastify';
import type { SurfaceDeps } from '../../app.ts';

/** Placeholder: the integration-api surface. */
export const integrationApi =
  (_deps: SurfaceDeps): FastifyPluginAsync =>
  async () => {};
