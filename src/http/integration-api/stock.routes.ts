/** Stock on the Integration API: operators, any listing (see resources/stock.routes.ts). */
import type { SurfaceDeps } from '../../app.ts';
import { operatorOf } from '../plugins/authenticate.ts';
import { stockRoutesFor } from '../resources/stock.routes.ts';

export const integrationStockRoutes = (deps: SurfaceDeps) => stockRoutesFor(deps, { callerOf: operatorOf, viewer: 'operator' });
