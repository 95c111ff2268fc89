// Stock reservation actions (domain.md §2.4, §5): adapters to the stock module's primitives, which
// lock the listing, keep the ledger and push `stockReservation/*` and `stockAdjustment/created`.
import { conflict } from '../../domain/errors.ts';
import {
  changeStockReservationState,
  createStockReservation,
  findStockReservationOfTransaction,
} from '../../domain/stock/index.ts';
import type { ActionContext, ActionHandler } from './action.ts';
import { intParam, missingParam } from './params.ts';

const create =
  (state: 'pending' | 'proposed'): ActionHandler =>
  async (ctx) => {
    const quantity = intParam(ctx.params, 'stockReservationQuantity', 1);
    if (quantity === undefined) throw missingParam('stockReservationQuantity', `${ctx.action.name} reserves stock`);
    await createStockReservation(
      ctx.trx,
      { marketplaceId: ctx.draft.marketplaceId, listingId: ctx.draft.listingId, transactionId: ctx.draft.id, quantity, state, now: ctx.now },
      ctx.events,
    );
  };

async function reservationId(ctx: ActionContext): Promise<string> {
  const reservation = await findStockReservationOfTransaction(ctx.trx, ctx.draft.marketplaceId, ctx.draft.id);
  if (!reservation) {
    throw conflict('transaction-invalid-action-sequence', `${ctx.action.name} needs the transaction's stock reservation, and it has none.`);
  }
  return reservation.id;
}

const changeState =
  (to: 'accepted' | 'declined' | 'cancelled'): ActionHandler =>
  async (ctx) => {
    const id = await reservationId(ctx);
    await changeStockReservationState(ctx.trx, { marketplaceId: ctx.draft.marketplaceId, reservationId: id, to, now: ctx.now }, ctx.events);
  };

/** Stock reservation actions by name. Each throws what its primitive throws (see domain/stock). */
export const STOCK_ACTIONS: Readonly<Record<string, ActionHandler>> = {
  'action/create-pending-stock-reservation': create('pending'),
  'action/create-proposed-stock-reservation': create('proposed'),
  'action/accept-stock-reservation': changeState('accepted'),
  'action/decline-stock-reservation': changeState('declined'),
  'action/cancel-stock-reservation': changeState('cancelled'),
};
