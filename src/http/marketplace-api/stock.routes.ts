/** Stock on the Marketplace API: the listing's author (see resources/stock.routes.ts). */
import type { SurfaceDeps } from '../../app.ts';
import { authorOf } from '../plugins/authenticate.ts';
import { stockRoutesFor } from '../resources/stock.routes.ts';

export const stockRoutes = (deps: SurfaceDeps) => stockRoutesFor(deps, { callerOf: authorOf, viewer: 'author' });
