// Pricing actions (domain.md §2.2, §3): the pricing module computes; this adapter gives it what the
// transaction knows (current line items, listing price, booking, params, config) and stores the
// result in the draft.
import { findBookingOfTransaction } from '../../domain/bookings/index.ts';
import { Money } from '../../lib/values.ts';
import { PRICING_ACTIONS, type PricingAction } from '../pricing/index.ts';
import type { ActionHandler } from './action.ts';

const adapt =
  (action: PricingAction): ActionHandler =>
  async (ctx) => {
    const booking = await findBookingOfTransaction(ctx.trx, ctx.draft.marketplaceId, ctx.draft.id);
    const price = ctx.listing.price;
    const result = action({
      lineItems: ctx.draft.lineItems,
      listingPrice: price ? new Money(price.amount, price.currency) : null,
      booking: booking ? { start: booking.start, end: booking.end, seats: booking.seats } : null,
      params: ctx.params,
      config: ctx.action.config,
    });
    ctx.draft.lineItems = result.lineItems;
    ctx.draft.payinTotal = result.payinTotal;
    ctx.draft.payoutTotal = result.payoutTotal;
  };

/** Every pricing action by name. They throw what the pricing module throws (400 params, 409 state). */
export const PRICING_ACTION_HANDLERS: Readonly<Record<string, ActionHandler>> = Object.fromEntries(
  Object.entries(PRICING_ACTIONS).map(([name, action]) => [name, adapt(action)]),
);
