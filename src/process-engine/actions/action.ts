// The contract between the transition runner and the actions of a process (domain.md §2): each
// action is a small named async function over one ActionContext, run in process order inside the
// transition's DB transaction. Actions change the transaction draft (line items, totals, extended
// data) in memory — the runner writes it once at the end — and call the capacity, review and stock
// primitives of the domain, which write their own rows and push their events into `events`.
import type { EventSink } from '../../domain/events/index.ts';
import type { ExtendedData } from '../../domain/extended-data.ts';
import type { Listing } from '../../domain/listings/index.ts';
import type { Money } from '../../lib/values.ts';
import type { Trx } from '../../store/db.ts';
import type { ActionDef } from '../definition/index.ts';
import type { LineItem } from '../pricing/index.ts';

/** The parts of a transaction a transition's actions may change, as they change them. */
export interface TransactionDraft {
  readonly id: string;
  readonly marketplaceId: string;
  readonly listingId: string;
  readonly customerId: string;
  readonly providerId: string;
  lineItems: LineItem[];
  payinTotal: Money | null;
  payoutTotal: Money | null;
  protectedData: ExtendedData;
  metadata: ExtendedData;
}

/**
 * What a payment action computed outside the DB transaction (see runner/payment-phase.ts): the
 * protected data keys it sets (null removes a key).
 */
export interface PaymentActionOutcome {
  readonly protectedData: Readonly<Record<string, unknown>>;
}

/** Everything one action may read and change. */
export interface ActionContext {
  readonly trx: Trx;
  /** The transition's time (the engine's clock): every row it writes carries it. */
  readonly now: Date;
  readonly draft: TransactionDraft;
  /** The transition's `params`, as decoded from the request body (empty for timers). */
  readonly params: Readonly<Record<string, unknown>>;
  readonly action: ActionDef;
  /** The action's position in the transition (payment outcomes are matched by it). */
  readonly index: number;
  readonly listing: Listing;
  readonly events: EventSink;
  /** True for `*_speculative` calls: nothing outside the database may happen. */
  readonly speculative: boolean;
  /** Outcomes of the transition's payment actions by action index, when they ran. */
  readonly payments: ReadonlyMap<number, PaymentActionOutcome>;
}

/** One action; throws a DomainError to fail (and roll back) the whole transition. */
export type ActionHandler = (ctx: ActionContext) => Promise<void>;
