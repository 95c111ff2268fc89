import type { FastifyPluginAsync } from 'fastify';
import type { SurfaceDeps } from '../../app.ts';

/** Placeholder: the admin-api surface. */
export const adminApi =
  (_deps: SurfaceDeps): FastifyPluginAsync =>
  async () => {};
