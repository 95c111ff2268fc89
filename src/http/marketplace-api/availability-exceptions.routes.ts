/** Availability exceptions on the Marketplace API: the listing's author (see resources/availability-exception.routes.ts). */
import type { SurfaceDeps } from '../../app.ts';
import { authorOf } from '../plugins/authenticate.ts';
import { availabilityExceptionRoutesFor } from '../resources/availability-exception.routes.ts';

export const availabilityExceptionsRoutes = (deps: SurfaceDeps) =>
  availabilityExceptionRoutesFor(deps, { callerOf: authorOf, viewer: 'author' });
