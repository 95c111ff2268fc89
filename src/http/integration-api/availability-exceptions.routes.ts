/** Availability exceptions on the Integration API: operators, any listing (see resources/availability-exception.routes.ts). */
import type { SurfaceDeps } from '../../app.ts';
import { operatorOf } from '../plugins/authenticate.ts';
import { availabilityExceptionRoutesFor } from '../resources/availability-exception.routes.ts';

export const integrationAvailabilityExceptionsRoutes = (deps: SurfaceDeps) =>
  availabilityExceptionRoutesFor(deps, { callerOf: operatorOf, viewer: 'operator' });
