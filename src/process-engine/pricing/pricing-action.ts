// The shape every pricing action shares: a pure function from what the transaction knows to its
// new line items and totals. The transition runner loads the context, calls the action by name
// (PRICING_ACTIONS) and stores the result; an action throws a DomainError to fail the transition.
import type { ActionConfig } from '../definition/index.ts';
import type { Money } from '../../lib/values.ts';
import type { Totals } from './compute-line-items.ts';
import type { LineItem } from './line-item.ts';

/** The transaction's booking, as pricing sees it (`end` exclusive). */
export interface PricingBooking {
  readonly start: Date;
  readonly end: Date;
  readonly seats: number;
}

/** What a pricing action may read. */
export interface PricingContext {
  /** The transaction's current line items (empty for a new transaction). */
  readonly lineItems: readonly LineItem[];
  /** The listing's price; null when it has none. */
  readonly listingPrice: Money | null;
  /** The booking, when an earlier action (or transition) created one. */
  readonly booking: PricingBooking | null;
  /** The transition's parameters as decoded from the request body (`params`). */
  readonly params: Readonly<Record<string, unknown>>;
  /** The action's `:config` from process.edn. */
  readonly config: ActionConfig | undefined;
}

/** The transaction's new line items and the totals computed from them. */
export interface PricingResult extends Totals {
  readonly lineItems: LineItem[];
}

/** A pricing action; throws DomainError (400 bad params, 409 state/config problems). */
export type PricingAction = (ctx: PricingContext) => PricingResult;
