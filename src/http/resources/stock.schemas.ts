/**
 * Request shapes of the stock endpoints (both APIs). Shape only: value rules (non-zero quantity,
 * `newTotal` ≥ 0, query windows) live in the stock module, which answers with the precise path.
 * Unknown keys → 400 `validation-disallowed-key`; missing keys → `validation-missing-key`.
 */
import { Type } from '@fastify/type-provider-typebox';
import { p } from '../wire/index.ts';
import { Id, closed } from './body-schemas.ts';


/** `stock/compare_and_set`: `oldTotal` is required but may be null (no stock defined yet). */
export const CompareAndSetStockBody = Type.Object(
  { listingId: Id, oldTotal: Type.Union([Type.Integer(), Type.Null()]), newTotal: Type.Integer() },
  closed,
);

/** `stock_adjustments/create`. */
export const CreateStockAdjustmentBody = Type.Object(
  { listingId: Id, quantity: Type.Integer() },
  closed,
);

/** `stock_adjustments/query`: the adjustments of one listing with `at` in `[start, end)`. */
export const QueryStockAdjustmentsQuery = {
  listingId: p.uuid({ required: true }),
  start: p.instant({ required: true }),
  end: p.instant({ required: true }),
};

/** `stock_reservations/show`. */
export const ShowStockReservationQuery = { id: p.uuid({ required: true }) };
