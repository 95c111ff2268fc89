import type { FastifyPluginAsync } from 'fastify';
import type { SurfaceDeps } from '../../app.ts';

/** Placeholder: the auth-api surface. */
export const authApi =
  (_deps: SurfaceDeps): FastifyPluginAsync =>
  async () => {};
